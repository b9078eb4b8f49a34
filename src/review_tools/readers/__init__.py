"""Readers: the only code that opens corpus files.

``records`` reads literature exports; ``read_text`` decodes a text file of unknown encoding and
is shared by the transcript and indicator readers. The names below are imported on first use
(PEP 562), so a module that needs one small reader (e.g. ``readers.labelled_sets`` for
``review-tools screen simulate``) does not pay for the export parsers (bibtexparser, pyparsing).
"""

from importlib import import_module

_WHERE = {
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

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        from importlib.util import find_spec

        if not name.startswith("__") and find_spec(f"{__name__}.{name}") is not None:
            return import_module(f".{name}", __name__)  # a submodule, as an eager import made it
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
