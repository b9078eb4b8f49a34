"""Read literature exports: RIS, BibTeX, PubMed MEDLINE, Web of Science plain text, CSV/TSV/XLSX.

The only code that opens literature files. Each reader returns a :class:`RecordFile`: the raw
fields of every record exactly as the export gave them (tag or column -> value), with its
position in the file and its first line, plus the entries that could not be read. Mapping raw
fields to the normalised record schema is :mod:`review_tools.ingest`'s job.

Nothing is dropped silently: every record marker found in a file (``TY  -`` for RIS, ``@type{``
for BibTeX, ``PMID-`` for MEDLINE, ``PT `` for Web of Science, a data row for CSV) becomes either
a record or a :class:`Skip` with its line, and a :class:`~review_tools.errors.ReviewToolsWarning`.
"""

from __future__ import annotations

import bisect
import csv
import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.bparser import BibTexParser
from rispy import RisParser

from ..errors import CorpusFormatError, ReviewToolsWarning
from ._encoding import decode_bytes, read_bytes

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

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_RIS_START = re.compile(r"^\s*TY {1,2}-")
_RIS_END = re.compile(r"^ER {1,2}-")
_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")
_MEDLINE_START = re.compile(r"^PMID ?- ")
_MEDLINE_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}- ")
_REFER_TAG = re.compile(r"^%(\S) ?(.*)$")
_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_WOS_START = re.compile(r"^PT ")
_BIB_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_BIB_NON_ENTRIES = {"comment", "string", "preamble"}


@dataclass(frozen=True)
class Skip:
    """An entry of a file that could not be read.

    Attributes
    ----------
    position : int
        1-based position of the entry among the file's record markers.
    line : int
        1-based line where the entry starts.
    reason : str
        What is wrong with it.
    """

    position: int
    line: int
    reason: str


@dataclass
class RecordFile:
    """The raw content of one literature export.

    Attributes
    ----------
    path : str
        The file read.
    format : str
        One of :data:`FORMATS`.
    encoding : str
        The text encoding used (``"binary"`` for xlsx).
    records : list of dict
        One dict per record with keys ``position`` (1-based, counting every record marker),
        ``line`` (1-based first line) and ``fields`` (raw tag or column name -> str or list of str).
    skipped : list of Skip
        Entries that could not be read; ``len(records) + len(skipped) == markers``.
    markers : int
        Number of record markers counted independently of the parser.
    notes : list of str
        Things the researcher may want to know (e.g. truncated records that were kept).
    """

    path: str
    format: str
    encoding: str
    records: list[dict] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    markers: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# tagged formats (RIS, MEDLINE, WoS) through rispy's parser classes


class _KeepTag(dict):
    """A rispy mapping that keeps every tag under its own name."""

    def __missing__(self, key):
        return key


class _AllTags:
    """A rispy list-tag set that treats every tag as repeatable."""

    def __contains__(self, item) -> bool:
        return True


class _TaggedParser(RisParser):
    """rispy parser that keeps raw tags; continuation lines extend the previous value."""

    START_TAG = "TY"
    END_TAG = "ER"
    TAG_RE = _RIS_TAG
    CONTINUATION_INDENT = 0

    def __init__(self):
        super().__init__(mapping=_KeepTag(), list_tags=_AllTags(), delimiter_tags_mapping={})

    def parse_line(self, line: str):
        """Return ``(tag, content)`` or ``(None, content)`` for a continuation line."""
        m = self.TAG_RE.match(line)
        if m and not (self.CONTINUATION_INDENT and line.startswith(" ")):
            return m.group(1), (m.group(2) or "").strip()
        return None, line.strip()

    def _iter_till_start(self, lines) -> dict:
        while True:
            line = next(lines)
            tag, content = self.parse_line(line.lstrip())
            if tag == self.START_TAG:
                return {tag: [content]}

    def _add_tag(self, record: dict, tag, content: str, extend_multiline: bool = False) -> None:
        if tag is None or not content and extend_multiline:
            return
        values = record.setdefault(tag, [])
        if extend_multiline and values:
            values[-1] = f"{values[-1]} {content}".strip()
        else:
            values.append(content)


class _MedlineParser(_TaggedParser):
    START_TAG = "PMID"
    END_TAG = "ER"
    TAG_RE = _MEDLINE_TAG
    CONTINUATION_INDENT = 1


class _ReferParser(_TaggedParser):
    START_TAG = "\x00START"
    END_TAG = "\x00END"
    TAG_RE = _REFER_TAG

    def parse_lines(self, lines) -> list[dict]:
        """Parse one EndNote/Refer block (``%X value`` lines); it has no start or end tag."""
        record: dict = {}
        last = None
        for line in lines:
            tag, content = self.parse_line(line)
            if tag is None:
                if last is not None:
                    self._add_tag(record, last, content, extend_multiline=True)
                continue
            self._add_tag(record, tag, content)
            last = tag
        return [record] if record else []


class _WosParser(_TaggedParser):
    START_TAG = "PT"
    END_TAG = "ER"
    TAG_RE = _WOS_TAG
    CONTINUATION_INDENT = 1


_TAGGED = {
    "ris": (_RIS_START, _RIS_END, _TaggedParser),
    "medline": (None, None, _MedlineParser),
    "refer": (None, None, _ReferParser),
    "wos": (_WOS_START, re.compile(r"^ER\s*$"), _WosParser),
}


def _block_starts(lines: list[str], tag_re) -> list[int]:
    """Start lines of blank-line separated blocks that contain a tag line (MEDLINE, Refer)."""
    starts, in_block = [], False
    for i, ln in enumerate(lines):
        if not ln.strip():
            in_block = False
        elif not in_block:
            in_block = True
            starts.append(i)
    return [i for i in starts if tag_re.match(lines[i])]


def _read_tagged(text: str, path: str, fmt: str, result: RecordFile) -> None:
    start_re, end_re, parser_cls = _TAGGED[fmt]
    lines = text.splitlines()
    if start_re is None:
        starts = _block_starts(lines, _REFER_TAG if fmt == "refer" else _MEDLINE_LINE)
    else:
        starts = [i for i, ln in enumerate(lines) if start_re.match(ln)]
    result.markers = len(starts)
    if not starts:
        raise CorpusFormatError(
            path, f"no {fmt.upper()} record found (no line starts with the record tag "
            f"'{parser_cls.START_TAG}')", line=1,
        )
    parser = parser_cls()
    for pos, (a, b) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=False), start=1):
        chunk = lines[a:b]
        has_end = end_re is None or any(end_re.match(ln) for ln in chunk)
        if not has_end:
            msg = (f"record {pos} starting at line {a + 1} has no '{parser_cls.END_TAG}  -' end tag "
                   "(truncated?); it was read up to the next record or the end of the file")
            result.notes.append(msg)
            warnings.warn(f"{path}, line {a + 1}: {msg}", ReviewToolsWarning, stacklevel=3)
            chunk = [*chunk, f"{parser_cls.END_TAG}  - "]
        if end_re is None and fmt == "medline":
            chunk = [ln for ln in chunk if ln.strip()]
            if not _MEDLINE_START.match(chunk[0]):
                chunk = [f"{parser_cls.START_TAG}- ", *chunk]
            chunk = [*chunk, f"{parser_cls.END_TAG} - "]
        try:
            parsed = parser.parse_lines(iter(chunk))
        except Exception as exc:  # rispy raises plain exceptions on odd input
            parsed = []
            reason = f"cannot be parsed ({type(exc).__name__}: {exc})"
        else:
            reason = "contains no tags"
        fields_ = parsed[0] if parsed else {}
        filled = [k for k, v in fields_.items()
                  if k != parser_cls.START_TAG and any(x.strip() for x in v)]
        if fields_ and not filled:
            msg = f"record {pos} at line {a + 1} has no field other than its type"
            result.notes.append(msg)
            warnings.warn(f"{path}, line {a + 1}: {msg}; kept as an empty record",
                          ReviewToolsWarning, stacklevel=3)
        elif not fields_:
            result.skipped.append(Skip(pos, a + 1, reason))
            warnings.warn(f"{path}, line {a + 1}: record {pos} {reason}; skipped",
                          ReviewToolsWarning, stacklevel=3)
            continue
        if fields_.get("PMID") == [""]:
            del fields_["PMID"]
        result.records.append({"position": pos, "line": a + 1, "fields": fields_})


# ---------------------------------------------------------------------------------------------
# BibTeX through bibtexparser 1.x


def _bib_parser() -> BibTexParser:
    p = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    p.homogenise_fields = False
    return p


def _balanced(chunk: str) -> str | None:
    """Return None when braces balance in ``chunk``, else a description of the problem."""
    depth = 0
    for ch in chunk:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return "has a closing brace '}' without an opening one"
    if depth > 0:
        return f"has {depth} unclosed brace{'s' if depth > 1 else ''} '{{'"
    return None


def _read_bibtex(text: str, path: str, result: RecordFile) -> None:
    matches = [m for m in _BIB_ENTRY.finditer(text)]
    entries = [m for m in matches if m.group(1).lower() not in _BIB_NON_ENTRIES]
    result.markers = len(entries)
    if not entries:
        raise CorpusFormatError(path, "no BibTeX entry found (no line starts with '@type{')", line=1)
    # @string definitions are read first so entries can use them
    following = {m.start(): nxt.start() for m, nxt in zip(matches, matches[1:], strict=False)}
    prelude = "\n".join(
        text[m.start(): following.get(m.start(), len(text))]
        for m in matches if m.group(1).lower() == "string"
    )
    line_of = _line_index(text)
    if _read_bibtex_whole(text, entries, line_of, result):
        return
    ends = {m.start(): nxt.start() for m, nxt in zip(matches, matches[1:], strict=False)}
    for pos, m in enumerate(entries, start=1):
        end = ends.get(m.start(), len(text))
        chunk = text[m.start():end]
        line = line_of(m.start())
        problem = _balanced(chunk)
        if problem is not None:
            _bib_skip(result, path, pos, line, f"{problem} (unbalanced braces)")
            continue
        entry = _parse_bib_chunk(prelude, chunk)
        if entry is None:
            # exports put spaces in keys and field names ("key words", "funding_text 1"); retry
            entry = _parse_bib_chunk(prelude, _repair_bib_names(chunk))
            if entry is not None:
                result.notes.append(f"entry {pos} at line {line}: spaces in its key or field names "
                                    "were replaced by underscores to read it")
        if entry is None:
            _bib_skip(result, path, pos, line, "cannot be parsed (no 'key,' or malformed fields)")
            continue
        result.records.append({"position": pos, "line": line, "fields": entry})


def _read_bibtex_whole(text: str, entries: list, line_of, result: RecordFile) -> bool:
    """Parse the whole file at once (fast path); False when it does not account for every entry."""
    try:
        db = bibtexparser.loads(text, parser=_bib_parser())
    except Exception:  # pyparsing errors are not a stable API
        return False
    keys = [_BIB_KEY_LINE.match(text, m.start()) for m in entries]
    if len(db.entries) != len(entries) or any(k is None for k in keys):
        return False
    if [k.group(2).strip() for k in keys] != [e.get("ID", "") for e in db.entries]:
        return False
    for pos, (m, e) in enumerate(zip(entries, db.entries, strict=False), start=1):
        result.records.append({"position": pos, "line": line_of(m.start()), "fields": dict(e)})
    return True


def _parse_bib_chunk(prelude: str, chunk: str) -> dict | None:
    try:
        db = bibtexparser.loads(prelude + "\n" + chunk, parser=_bib_parser())
    except Exception:  # pyparsing errors are not a stable API
        return None
    return dict(db.entries[0]) if len(db.entries) == 1 else None


_BIB_KEY_LINE = re.compile(r"(\s*@\s*\w+\s*[{(])([^,\n]*),")
_BIB_FIELD_NAME = re.compile(r"^(\s*)([A-Za-z][\w\-]*(?:[ \xa0][\w\-]+)+)(\s*=)", re.MULTILINE)


def _repair_bib_names(chunk: str) -> str:
    chunk = _BIB_KEY_LINE.sub(lambda m: m.group(1) + m.group(2).strip().replace(" ", "_") + ",", chunk, count=1)
    return _BIB_FIELD_NAME.sub(lambda m: m.group(1) + re.sub(r"[ \xa0]", "_", m.group(2)) + m.group(3), chunk)


def _line_index(text: str):
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) + 1

    return line_of


def _bib_skip(result: RecordFile, path: str, pos: int, line: int, reason: str) -> None:
    result.skipped.append(Skip(pos, line, reason))
    warnings.warn(f"{path}, line {line}: BibTeX entry {pos} {reason}; skipped",
                  ReviewToolsWarning, stacklevel=4)


# ---------------------------------------------------------------------------------------------
# delimited text and Excel


def _sniff_delimiter(text: str, path: str) -> str:
    head = text.split("\n", 1)[0]
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _read_delimited(text: str, path: str, result: RecordFile) -> None:
    delim = _sniff_delimiter(text, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusFormatError(path, "empty file: no header row", line=1) from None
    except csv.Error as exc:
        raise CorpusFormatError(path, f"not a valid delimited file ({exc})", line=1) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise CorpusFormatError(path, "the first row (header) is empty; the first row must name the columns", line=1)
    pos = 0
    long_rows: list[int] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            pos += 1
            result.skipped.append(Skip(pos, line, f"is not valid CSV ({exc})"))
            warnings.warn(f"{path}, line {line}: row {pos} is not valid CSV ({exc}); skipped",
                          ReviewToolsWarning, stacklevel=3)
            line = reader.line_num + 1
            continue
        if not any(c.strip() for c in row):
            line = reader.line_num + 1
            continue
        pos += 1
        extra = row[len(header):]
        if any(c.strip() for c in extra):
            long_rows.append(line)
        row = row[: len(header)] + [""] * (len(header) - len(row))
        fields_ = {h: v for h, v in zip(header, row, strict=False) if h and v.strip() != ""}
        for k, v in enumerate(extra, start=1):
            if v.strip():
                fields_[f"_extra_{k}"] = v
        result.records.append({"position": pos, "line": line, "fields": fields_})
        line = reader.line_num + 1
    result.markers = pos
    if long_rows:
        shown = ", ".join(map(str, long_rows[:10])) + (" ..." if len(long_rows) > 10 else "")
        msg = (f"{len(long_rows)} row(s) have more fields than the header's {len(header)} columns "
               f"(lines {shown}); they were kept, values past the header are in '_extra_N' "
               "fields and columns near the end of those rows may be shifted")
        result.notes.append(msg)
        warnings.warn(f"{path}: {msg}", ReviewToolsWarning, stacklevel=3)


def _read_xlsx(data: bytes, path: str, result: RecordFile) -> None:
    import pandas as pd

    try:
        df = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types on a corrupt workbook
        raise CorpusFormatError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    header = [str(c).strip() for c in df.columns]
    pos = 0
    for i, row in enumerate(df.itertuples(index=False), start=2):
        values = ["" if v is None else str(v) for v in row]
        if not any(v.strip() for v in values):
            continue
        pos += 1
        result.records.append({
            "position": pos, "line": i,
            "fields": {h: v for h, v in zip(header, values, strict=False) if h and v.strip() != ""},
        })
    result.markers = pos


# ---------------------------------------------------------------------------------------------
# format detection and the entry points


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
    if any(_MEDLINE_START.match(ln) for ln in head_lines) or (
        sum(bool(_MEDLINE_LINE.match(ln)) for ln in head_lines) >= max(2, len(head_lines) // 3)
    ):
        return "medline"
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
    if fmt in _TAGGED:
        _read_tagged(text, name, fmt, result)
    elif fmt == "bibtex":
        _read_bibtex(text, name, result)
    else:
        _read_delimited(text, name, result)
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
    data = read_bytes(p)
    if not data.strip():
        raise CorpusFormatError(p, "empty file: it holds no records", line=1)
    if format == "xlsx" or (format is None and data[:4] == b"PK\x03\x04"):
        result = RecordFile(path=str(p), format="xlsx", encoding="binary")
        _read_xlsx(data, str(p), result)
        return result
    text, enc = decode_bytes(data, p)
    return parse_records_text(text, p, format=format, encoding=enc)
