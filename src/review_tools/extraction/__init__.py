"""Data extraction and quality appraisal of the included studies.

The form is the review's ``extraction.yaml`` and the checklist the protocol's ``appraisal`` (shipped
checklists: CASP qualitative, MMAT 2018); both are loaded by :mod:`review_tools.config`. Values are stored
as events in the review database (:mod:`.events`), checked and tabled per study here (:mod:`.tables`),
exported as a REFI-QDA project (:mod:`.refi`) and filled in the coding notebook's form (:mod:`.widget`).
"""

from .events import add_assessment_events, assessment_events, current_values, import_assessments
from .tables import (
    APPRAISAL_COLUMNS,
    SUMMARY_COLUMNS,
    appraisal_concern,
    appraisal_summary,
    appraisal_table,
    check_appraisal,
    check_value,
    extraction_table,
    split_multi,
)

__all__ = ["APPRAISAL_COLUMNS", "SUMMARY_COLUMNS", "add_assessment_events", "appraisal_concern", "appraisal_summary",
           "appraisal_table", "assessment_events", "check_appraisal", "check_value", "current_values",
           "extraction_table", "import_assessments", "split_multi"]
