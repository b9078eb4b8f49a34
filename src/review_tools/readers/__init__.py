"""Readers: the only code that opens corpus files.

``records`` reads literature exports; ``read_text`` decodes a text file of unknown encoding and
is shared by the transcript and indicator readers.
"""

from ._encoding import ENCODINGS, decode_bytes, read_text
from .records import FORMATS, RecordFile, Skip, detect_format, parse_records_text, read_record_file

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
