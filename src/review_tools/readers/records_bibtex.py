"""BibTeX exports through bibtexparser 1.x, entry by entry when the whole file does not parse."""

from __future__ import annotations

import bisect
import re
import warnings

import bibtexparser
from bibtexparser.bparser import BibTexParser

from ..errors import CorpusFormatError, ReviewToolsWarning
from .records_types import RecordFile, Skip

__all__ = ["BIB_ENTRY", "read_bibtex"]

_BIB_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_BIB_NON_ENTRIES = {"comment", "string", "preamble"}
BIB_ENTRY = _BIB_ENTRY




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


_FIELD_AFTER_COMMA = re.compile(r"\s*([A-Za-z][^\s=,{}\"#]*)\s*=")
_DUP = "__dup"


def _field_names(chunk: str) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of the field names of one entry (at brace depth 1, outside quotes)."""
    out, depth, quoted = [], 0, False
    for i, ch in enumerate(chunk):
        if ch == "{" and not quoted:
            depth += 1
        elif ch == "}" and not quoted:
            depth -= 1
        elif ch == '"' and depth == 1:
            quoted = not quoted
        elif ch == "," and depth == 1 and not quoted:
            m = _FIELD_AFTER_COMMA.match(chunk, i + 1)
            if m:
                out.append((m.group(1), m.start(1), m.end(1)))
    return out


def _rename_duplicates(text: str, entries: list) -> tuple[str, dict[int, list[str]]]:
    """Rename repeated field names of an entry (``author`` twice -> ``author``, ``author__dup2``) so the
    parser keeps every value; returns the new text and, per entry position, the repeated names."""
    bounds = [m.start() for m in entries] + [len(text)]
    pieces, repeated, last = [], {}, 0
    for pos, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        seen: dict[str, int] = {}
        edits = []
        for name, s, e in _field_names(text[a:b]):
            key = name.lower()
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                edits.append((a + s, a + e, f"{name}{_DUP}{seen[key]}"))
                repeated.setdefault(pos, []).append(name)
        for s, e, new in edits:
            pieces.append(text[last:s])
            pieces.append(new)
            last = e
    pieces.append(text[last:])
    return "".join(pieces), repeated


def _join_duplicates(fields_: dict) -> dict:
    """Join ``name__dupN`` fields into ``name`` (authors and editors with ' and ', others with '; ')."""
    out = {k: v for k, v in fields_.items() if _DUP not in k}
    for k, v in fields_.items():
        if _DUP in k:
            base = k.split(_DUP)[0]
            target = next((x for x in out if x.lower() == base.lower()), base)
            sep = " and " if base.lower() in ("author", "editor") else "; "
            out[target] = f"{out[target]}{sep}{v}" if out.get(target) else v
    return out


def read_bibtex(text: str, path: str, result: RecordFile) -> None:
    """Read BibTeX entries into ``result``; every ``@type{`` entry becomes a record or a :class:`Skip`."""
    matches = [m for m in _BIB_ENTRY.finditer(text)]
    renamed, repeated = _rename_duplicates(text, [m for m in matches if m.group(1).lower() not in _BIB_NON_ENTRIES])
    if repeated:
        for pos, names in sorted(repeated.items()):
            msg = f"entry {pos} repeats field(s) {sorted(set(names))}; the values were joined"
            result.notes.append(msg)
            warnings.warn(f"{path}: {msg}", ReviewToolsWarning, stacklevel=3)
        text = renamed
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
        result.records.append({"position": pos, "line": line, "fields": _join_duplicates(entry)})


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
        result.records.append({"position": pos, "line": line_of(m.start()), "fields": _join_duplicates(dict(e))})
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
