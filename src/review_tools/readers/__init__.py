"""Readers: the only code that opens corpus files.

``records`` reads literature exports; ``read_text`` decodes a text file of unknown encoding and
is shared by the transcript and indicator readers.

The names below are imported on first use (PEP 562), so that importing one small reader (the run parameters'
``key_records``, which must answer within two seconds) does not load the literature parsers (bibtexparser and
pyparsing take about half a second).
"""

from __future__ import annotations

import importlib

_LAZY = {
    "ENCODINGS": "._encoding",
    "decode_bytes": "._encoding",
    "read_text": "._encoding",
    "FORMATS": ".records",
    "RecordFile": ".records",
    "Skip": ".records",
    "detect_format": ".records",
    "parse_records_text": ".records",
    "read_record_file": ".records",
}

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "RecordFile",
    "Skip",
    "decode_bytes",
    "detect_format",
    "parse_records_text",
    "read_record_file",
    "read_text",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
