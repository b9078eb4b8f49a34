"""Constants of the review database's schema (importable without SQLAlchemy, so a kernel that only
opens an existing SQLite database does not pay for importing it)."""

#: Current schema version (SQLite: ``PRAGMA user_version``; PostgreSQL: ``review_tools_meta``).
SCHEMA_VERSION = 2
#: Marks a SQLite file as a review-tools database (``PRAGMA application_id``; "RvTl"); also the
#: PostgreSQL advisory-lock key that serialises the review's writers.
APPLICATION_ID = 0x5276546C

SCREENING_STAGES = ("title_abstract", "full_text")
SCREENING_DECISIONS = ("include", "exclude", "maybe", "not_retrieved")
#: ``decision``: a reviewer's decision; ``undo``: withdraws that reviewer's latest standing decision
#: (the event's ``decision`` repeats the one withdrawn); ``consensus`` / ``third_reviewer``: the
#: resolution of a conflict between reviewers; ``import``: a decision imported from a file.
SCREENING_KINDS = ("decision", "undo", "consensus", "third_reviewer", "import")
CODING_ACTIONS = ("add", "remove", "accept", "reject")
#: What an assessment event records (schema version 2): a data-extraction field or a quality-appraisal
#: item of an included study, or a component of the team's GRADE-CERQual assessment of a finding.
ASSESSMENT_KINDS = ("extraction", "appraisal", "cerqual")

REQUIRED_TABLES = ("records", "screening_events", "coding_events")
#: The append-only event tables (no UPDATE, DELETE or TRUNCATE in either engine).
EVENT_TABLES = ("screening_events", "coding_events", "assessment_events")
#: PostgreSQL only: where the schema version and the application marker live.
META_TABLE = "review_tools_meta"
