"""Tagged literature exports (RIS, PubMed MEDLINE, Web of Science, EndNote Refer) through rispy's parser."""

from __future__ import annotations

import re
import warnings

from rispy import RisParser

from ..errors import CorpusFormatError, ReviewToolsWarning
from .records_types import RecordFile, Skip

__all__ = ["TAGGED_FORMATS", "read_tagged"]

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_RIS_START = re.compile(r"^\s*TY {1,2}-")
_RIS_END = re.compile(r"^ER {1,2}-")
_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")
_MEDLINE_START = re.compile(r"^PMID ?- ")
_MEDLINE_LINE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}- ")
_MEDLINE_ONLY = re.compile(r"^(?:PMID|[A-Z][A-Z0-9]{2,3}) ?- ")
_REFER_TAG = re.compile(r"^%(\S) ?(.*)$")
_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_WOS_START = re.compile(r"^PT ")




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


def read_tagged(text: str, path: str, fmt: str, result: RecordFile) -> None:
    start_re, end_re, parser_cls = _TAGGED[fmt]
    lines = text.splitlines()
    untyped: set[int] = set()
    if start_re is None:
        starts = _block_starts(lines, _REFER_TAG if fmt == "refer" else _MEDLINE_LINE)
    else:
        starts = [i for i, ln in enumerate(lines) if start_re.match(ln)]
        if fmt == "ris":  # a record closed by ER but opened by no TY is a record too (type unknown)
            untyped = set(_untyped_ris_starts(lines, starts))
            starts = sorted([*starts, *untyped])
            stray = _stray_ris_tags(lines, starts)
            if stray:  # e.g. Ovid's 'NL  -' after ER: reported, never dropped silently
                shown = ", ".join(map(str, stray[:10])) + (" ..." if len(stray) > 10 else "")
                result.notes.append(f"{len(stray)} tag line(s) outside any TY...ER record were not read (lines {shown})")
    result.markers = len(starts)
    if not starts:
        raise CorpusFormatError(
            path, f"no {fmt.upper()} record found (no line starts with the record tag "
            f"'{parser_cls.START_TAG}')", line=1,
        )
    parser = parser_cls()
    for pos, (a, b) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=False), start=1):
        chunk = lines[a:b]
        if a in untyped:
            msg = f"record {pos} at line {a + 1} has no 'TY' (type) tag; it was read with type unknown"
            result.notes.append(msg)
            warnings.warn(f"{path}, line {a + 1}: {msg}", ReviewToolsWarning, stacklevel=3)
            chunk = ["TY  - ", *chunk]
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




def _untyped_ris_starts(lines: list[str], starts: list[int]) -> list[int]:
    """First tag lines of ER-terminated RIS blocks that contain no ``TY`` line."""
    out, block_start = [], 0
    typed = set(starts)
    for i, ln in enumerate(lines):
        if _RIS_END.match(ln):
            block = range(block_start, i)
            if not any(j in typed for j in block):
                first = next((j for j in block if _RIS_TAG.match(lines[j])), None)
                if first is not None:
                    out.append(first)
            block_start = i + 1
    return out


def _stray_ris_tags(lines: list[str], starts: list[int]) -> list[int]:
    """Lines of tags that lie outside every record (after an ``ER`` and before the next record)."""
    stray, inside, first = [], False, set(starts)
    for i, ln in enumerate(lines):
        if i in first:
            inside = True
        elif _RIS_END.match(ln):
            inside = False
        elif not inside and _RIS_TAG.match(ln):
            stray.append(i + 1)
    return stray


TAGGED_FORMATS = tuple(_TAGGED)
