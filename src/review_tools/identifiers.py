"""Identifiers shared by the stages: one DOI normaliser and one splitter of code lists.

Both are used wherever records, study links, codings, reports and indicator themes are compared,
so a DOI or a code list is read the same way in ingest, deduplication, coding and the synthesis.
"""

from __future__ import annotations

import math
import re
import unicodedata
from urllib.parse import unquote

__all__ = ["DOI_RE", "normalise_doi", "split_codes"]

#: A DOI anywhere in a text (``10.`` + registrant + ``/`` + suffix).
DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)


def normalise_doi(value) -> str:
    """Return a DOI in lower case without ``https://doi.org/``/``doi:`` prefixes, or ``""``.

    The DOI is found anywhere in the text (URL-encoded DOIs are decoded; trailing punctuation and
    ``[doi]`` tags are dropped); a text without a DOI (``None``, NaN, a record id) gives ``""``.

    Examples
    --------
    >>> normalise_doi("https://doi.org/10.1016/J.CHILDYOUTH.2019.01.002 [doi]")
    '10.1016/j.childyouth.2019.01.002'
    >>> normalise_doi("prince_effects_2019")
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    if "%" in text:
        text = unquote(text)
    m = DOI_RE.search(text)
    if not m:
        return ""
    return m.group(0).rstrip(".,;)]}>\"'").lower()


def split_codes(value) -> list[str]:
    """Split a ``"; "``-joined code cell (``,`` also separates) into its codes.

    Code ids never contain ``;`` or ``,`` (the codebook's id pattern), so both separate.
    A list, tuple or set is returned as a list of its non-empty items; empty, None and NaN give ``[]``.

    Examples
    --------
    >>> split_codes("SW.SOC; SW.SOC.COM,X.GP")
    ['SW.SOC', 'SW.SOC.COM', 'X.GP']
    """
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if str(v).strip()]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [c.strip() for c in re.split(r"[;,]", str(value)) if c.strip()]
