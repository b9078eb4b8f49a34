"""Stage records and messages shown on the stage pages as a reader reads them (issue 13 part 7).

A stage's record (``StageResult.manifest``) is a dict of counts, settings and lists; printed as it is, a stage
page shows raw JSON-like text with keys and absolute paths. :func:`summary` shows it as a two-column table
(keys written out as words, nested counts as "name: count" lists, file paths by their name only);
:func:`messages` shows warnings and notes as a list, with paths by file name; :func:`file_name` shortens one path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from .html import esc, num, table
from .pages import render

__all__ = ["Summary", "summary", "messages", "file_name", "words"]

_PATH = re.compile(r"(?<![\w.:/~%-])(?:/[^\s/:;,'\"()\[\]]+)+/([^\s/:;,'\"()\[\]]+)|\b[A-Za-z]:\\(?:[^\s\\:;,'\"]+\\)*([^\s\\:;,'\"]+)")


def file_name(value) -> str:
    """A file path as its name (``/home/x/corpus/literature/a.ris`` -> ``a.ris``); other text unchanged."""
    text = "" if value is None else str(value)
    if "/" in text or "\\" in text:
        return PurePath(text.replace("\\", "/")).name or text
    return text


def _paths_to_names(text: str) -> str:
    return _PATH.sub(lambda m: m.group(1) or m.group(2), str(text))


def words(key) -> str:
    """A record key written out: ``unique_after_dedup`` -> ``Unique after dedup``; ``ta``/``ft`` spelled out."""
    text = str(key).replace("_ta", " title/abstract").replace("_ft", " full text")
    text = re.sub(r"_s$", " (seconds)", text)
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _value(value) -> str:
    """A record value as readable HTML text."""
    if isinstance(value, Mapping):
        return "; ".join(f"{esc(_paths_to_names(k))}: {_value(v)}" for k, v in value.items()) or "–"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_value(v) for v in value) or "–"
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, (int, float)):
        return num(round(value, 3) if isinstance(value, float) else value)
    if value is None:
        return "–"
    return esc(_paths_to_names(value))


@dataclass(frozen=True)
class Summary:
    """HTML shown by a notebook (``_repr_html_``) and text for a terminal (``__str__``)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text


def summary(record: Mapping, keys: Iterable[str] | None = None, *, header=("Item", "Value")) -> Summary:
    """A stage record (or part of it, ``keys``) as a readable two-column table."""
    items = [(k, record[k]) for k in keys if k in record] if keys is not None else list(record.items())
    rows = [[esc(words(k)), _value(v)] for k, v in items]
    text = "\n".join(f"{words(k)}: {_paths_to_names(v)}" for k, v in items)
    return Summary(table(list(header), rows, cards=True), text)


def messages(*groups: Iterable) -> Summary:
    """Warnings, notes or skipped entries (lists of text) as one list, file paths by their name; "none" when empty."""
    lines = [_paths_to_names(m if isinstance(m, str) else "; ".join(f"{words(k)}: {v}" for k, v in dict(m).items())
                             if isinstance(m, Mapping) else m)
             for group in groups for m in (group or [])]
    return Summary(render("messages", lines=lines), "\n".join(lines) or "–")
