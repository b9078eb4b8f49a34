"""Read literature exports: RIS, BibTeX, PubMed MEDLINE, Web of Science plain text, CSV/TSV/XLSX.

The only code that opens literature files. Each reader returns a :class:`RecordFile`: the raw
fields of every record exactly as the export gave them (tag or column -> value), with its
position in the file and its first line, plus the entries that could not be read. Mapping raw
fields to the normalised record schema is :mod:`review_tools.ingest`'s job. The formats live in
:mod:`.records_tagged`, :mod:`.records_bibtex` and :mod:`.records_delimited`.

Nothing is dropped silently: every record marker found in a file (``TY  -`` or an ``ER  -``
closed block for RIS, ``@type{`` for BibTeX, ``PMID-`` for MEDLINE, ``PT `` for Web of Science,
a data row for CSV, a row of any sheet with a header for XLSX) becomes either a record or a
:class:`Skip` with its line, and a :class:`~review_tools.errors.ReviewToolsWarning`:
``len(records) + len(skipped) == markers``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..errors import CorpusFormatError
from ._encoding import decode_bytes, read_bytes
from .limits import limits
from .records_bibtex import BIB_ENTRY as _BIB_ENTRY
from .records_bibtex import read_bibtex
from .records_delimited import read_delimited, read_xlsx
from .records_tagged import (
    _MEDLINE_LINE,
    _MEDLINE_ONLY,
    _MEDLINE_START,
    _RIS_END,
    _RIS_START,
    _RIS_TAG,
    _WOS_START,
    TAGGED_FORMATS,
    read_tagged,
)
from .records_types import RecordFile, Skip

__all__ = [
    "FORMATS",
    "RecordFile",
    "Skip",
    "detect_format",
    "read_record_file",
    "parse_records_text",
]

log = logging.getLogger(__name__)

#: Formats understood by :func:`read_record_file`.
FORMATS = ("ris", "bibtex", "medline", "wos", "refer", "delimited", "xlsx")




def detect_format(text: str, path: str | Path = "") -> str:
    """Guess the export format of ``text`` from its content (the file name only breaks ties).

    Parameters
    ----------
    text : str
        Decoded file content.
    path : str or Path
        File name, used for ``.tsv``/``.csv`` hints and error messages.

    Returns
    -------
    str
        One of ``ris``, ``bibtex``, ``medline``, ``wos``, ``delimited``.

    Raises
    ------
    CorpusFormatError
        When the text is empty or matches no known format.
    """
    name = str(path)
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise CorpusFormatError(name, "empty file: it holds no records", line=1)
    head_lines = stripped.splitlines()[:60]
    first = head_lines[0]
    if _BIB_ENTRY.search(text[:20000]) and first.lstrip().startswith(("@", "%")):
        return "bibtex"
    if any(_RIS_START.match(ln) for ln in head_lines):
        return "ris"
    if first.startswith(("FN ", "VR ")) or _WOS_START.match(first):
        return "wos"
    # MEDLINE needs its own evidence (a PMID line or its 3-4 letter tags such as FAU, DCOM, STAT);
    # tag lines closed by 'ER  -' without any are RIS records that lack their TY line
    all_lines = stripped.splitlines()
    if any(_MEDLINE_START.match(ln) for ln in head_lines) or (
        sum(bool(_MEDLINE_LINE.match(ln)) for ln in head_lines) >= max(2, len(head_lines) // 3)
        and any(_MEDLINE_ONLY.match(ln) for ln in head_lines)
    ):
        return "medline"
    if any(_RIS_END.match(ln) for ln in all_lines) and \
            sum(bool(_RIS_TAG.match(ln)) for ln in head_lines) >= max(2, len(head_lines) // 3):
        return "ris"
    if sum(bool(re.match(r"^%[0-9A-Z@] ", ln)) for ln in head_lines) >= max(2, len(head_lines) // 3):
        return "refer"
    if _BIB_ENTRY.search(text[:20000]):
        return "bibtex"
    if any(_RIS_START.match(ln) for ln in stripped.splitlines()):
        return "ris"
    if name.lower().endswith((".csv", ".tsv", ".tab", ".txt")) or any(d in first for d in ",;\t|"):
        if any(d in first for d in ",;\t|") or len(head_lines) > 1:
            return "delimited"
    raise CorpusFormatError(
        name,
        "unknown export format; expected RIS (TY  - ...), BibTeX (@article{...), PubMed MEDLINE "
        "(PMID- ...), Web of Science plain text (FN/PT ...), CSV/TSV with a header row, or .xlsx",
        line=1,
    )


def parse_records_text(text: str, path: str | Path = "<text>", *, format: str | None = None,
                       encoding: str = "utf-8") -> RecordFile:
    """Parse already decoded export text (used by :func:`read_record_file` and in tests).

    Parameters
    ----------
    text : str
        The decoded content.
    path : str or Path
        Name used in messages and provenance.
    format : str, optional
        One of :data:`FORMATS` except ``xlsx``; detected from the content when None.
    encoding : str
        Recorded in the result.

    Returns
    -------
    RecordFile

    Raises
    ------
    CorpusFormatError
        When nothing in the text can be read as records of the format.
    """
    name = str(path)
    text = text.lstrip("\ufeff")
    fmt = format or detect_format(text, name)
    if fmt not in FORMATS or fmt == "xlsx":
        raise CorpusFormatError(name, f"format {fmt!r} is invalid; must be one of {list(FORMATS[:-1])}")
    if "\x00" in text:
        raise CorpusFormatError(name, "the text contains NUL characters: a binary file, not an export")
    result = RecordFile(path=name, format=fmt, encoding=encoding)
    if not text.strip():
        raise CorpusFormatError(name, "empty file: it holds no records", line=1)
    if fmt in TAGGED_FORMATS:
        read_tagged(text, name, fmt, result)
    elif fmt == "bibtex":
        read_bibtex(text, name, result)
    else:
        read_delimited(text, name, result)
    log.debug("%s: %s, %d records, %d skipped", name, fmt, len(result.records), len(result.skipped))
    return result


def read_record_file(path: str | Path, *, format: str | None = None) -> RecordFile:
    """Read one literature export file.

    Parameters
    ----------
    path : str or Path
        RIS (``.ris``, ``.txt``), BibTeX (``.bib``), PubMed MEDLINE (``.nbib``, ``.txt``),
        Web of Science plain text (``.txt``, ``.ciw``), CSV/TSV or ``.xlsx``.
    format : str, optional
        Force a format (one of :data:`FORMATS`); detected from the content when None.

    Returns
    -------
    RecordFile
        Raw records with positions and lines, skipped entries, the encoding used.

    Raises
    ------
    CorpusFormatError
        When the file is missing, empty, binary or of no known format.
    """
    p = Path(path)
    if p.is_file() and p.stat().st_size > limits().max_unzipped_bytes:
        raise CorpusFormatError(p, f"is {p.stat().st_size / 1024 / 1024:,.0f} MB; larger than the size limit "
                                   "(REVIEW_TOOLS_MAX_UNZIPPED_MB raises it)")
    data = read_bytes(p)
    if not data.strip():
        raise CorpusFormatError(p, "empty file: it holds no records", line=1)
    if format == "xlsx" or (format is None and data[:4] == b"PK\x03\x04"):
        result = RecordFile(path=str(p), format="xlsx", encoding="binary")
        read_xlsx(data, str(p), result)
        return result
    text, enc = decode_bytes(data, p)
    return parse_records_text(text, p, format=format, encoding=enc)
