"""Coded spans of a REFI-QDA source <-> review-tools units (transcript turns and records), and its codings.

A transcript source is its turns' texts joined by newlines (:func:`review_tools.readers.
transcripts.document_text`), so positions in the source's own character space map onto turns
exactly. A literature record's source is its abstract (the record is the unit).
"""

from __future__ import annotations

import bisect

import pandas as pd

from ..errors import CorpusFormatError

__all__ = ["turns_of", "unit_of", "position", "element_codings"]


def _line_turns(source: str, text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for k, line in enumerate(text.split("\n"), start=1):
        end = pos + len(line)
        out.append((f"{source}:{k}", pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return out


def turns_of(source: str, text: str, segments: pd.DataFrame | None, report: list[str]) -> list[tuple[str, int, int]]:
    """The turns of one source as ``(unit_id, start, end)`` in the source's character space.

    With ``segments`` (the run's pseudonymised segments) the turns are the segments of the
    document named ``source`` when the source text is exactly their document text; otherwise the
    lines of the text, numbered from 1 (reported, since a transcript with a title line numbers its
    turns from 0).
    """
    if segments is not None and len(segments):
        rows = segments[segments["document_id"].astype(str) == source]
        if len(rows):
            texts = rows["text"].astype(str).tolist()
            starts = rows["char_start"].astype(int).tolist()
            ends = rows["char_end"].astype(int).tolist()
            if "\n".join(texts) == text and all(text[a:b] == t for a, b, t in zip(starts, ends, texts, strict=True)):
                return list(zip(rows["segment_id"].astype(str), starts, ends, strict=True))
            report.append(f"source '{source}': its text differs from the run's segments of {source}; "
                          "turns taken from its lines")
            return _line_turns(source, text)
    report.append(f"source '{source}': no segments given for it; unit ids are '{source}:<line number>'")
    return _line_turns(source, text)


def unit_of(source: str, text: str, a: int, b: int, turns: list[tuple[str, int, int]] | None) -> dict:
    """Map the selection ``[a, b)`` of ``source`` onto a unit, never moving it.

    Returns ``unit_id, unit_type, char_start, char_end, turns``: ``char_start``/``char_end`` are
    relative to the unit and empty when the whole unit is coded. A selection that crosses turns is
    kept whole as ``unit_type`` ``span`` (``unit_id`` ``<source>@<a>-<b>``) listing the turns it
    touches.
    """
    if source.startswith("record:"):
        whole = a == 0 and b == len(text)
        return {"unit_id": source.split(":", 1)[1], "unit_type": "record", "char_start": None if whole else a,
                "char_end": None if whole else b, "turns": ""}
    turns = turns or []
    starts = [t[1] for t in turns]
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    if turns:
        uid, ts, te = turns[i]
        if ts <= a and b <= te:
            whole = a == ts and b == te
            return {"unit_id": uid, "unit_type": "segment", "char_start": None if whole else a - ts,
                    "char_end": None if whole else b - ts, "turns": uid}
    touched = [t[0] for t in turns if t[1] < b and t[2] > a] or [t[0] for t in turns if t[1] <= a <= t[2]]
    return {"unit_id": f"{source}@{a}-{b}", "unit_type": "span", "char_start": None, "char_end": None,
            "turns": ";".join(touched)}


def position(sel, attr: str, where: str, sname: str) -> int:
    """A selection's ``startPosition``/``endPosition`` as an int, or a clear error naming the element."""
    value = sel.get(attr)
    what = f"PlainTextSelection {sel.get('guid') or '(no guid)'} in TextSource '{sname}'"
    if value is None or not value.strip().lstrip("-").isdigit():
        shown = "missing" if value is None else f"'{value[:20]}' is not a whole number"
        raise CorpusFormatError(where, f"{what}: {attr} {shown}; positions are character offsets (0, 1, 2, ...)",
                                line=sel.sourceline)
    return int(value)


def element_codings(el, sel, sname, text, a, b, guid_to_code, users, report, q, turns, qde) -> list[dict]:
    """The ``Coding`` children of ``el`` (a selection, or a source coded whole) as rows; problems go to ``report``."""
    out = []
    for coding in el.findall(q("Coding")):
        ref = coding.find(q("CodeRef"))
        target = ref.get("targetGUID") if ref is not None else None
        entry = guid_to_code.get(target)
        if entry is None:
            report.append(f"source '{sname}': coding {coding.get('guid')} at {a}-{b} refers to "
                          f"{'no code' if target is None else 'unknown code ' + target}; not imported")
            continue
        if not entry["codable"]:
            report.append(f"source '{sname}': coding {coding.get('guid')} at {a}-{b} applies the category "
                          f"'{entry['name']}'; imported as coded, but the category cannot be applied here")
        ug = coding.get("creatingUser") or (sel.get("creatingUser") if sel is not None else None)
        if ug is None:
            report.append(f"source '{sname}': coding at {a}-{b} has no creatingUser; coder 'unknown'")
        elif ug not in users:
            report.append(f"source '{sname}': coding at {a}-{b} by user {ug}, who is not among the Users")
        memo_el = sel.find(q("Description")) if sel is not None else None
        unit = unit_of(sname, text, a, b, turns) if sel is not None else {
            "unit_id": sname, "unit_type": "document", "char_start": None, "char_end": None, "turns": ""}
        if unit["unit_type"] == "span":
            report.append(f"source '{sname}': selection {a}-{b} crosses turns ({unit['turns']}); kept whole as "
                          f"unit '{unit['unit_id']}'")
        elif unit["unit_type"] == "document":
            report.append(f"source '{sname}': a coding of the whole source (no selection); unit '{sname}'")
        out.append({"source": sname, "start": a, "end": b, "code": entry["id"], "code_label": entry["name"],
                    "coder": users.get(ug, ug or "unknown"), "coder_guid": ug or "",
                    "memo": memo_el.text if memo_el is not None else None,
                    "created": coding.get("creationDateTime") or (sel.get("creationDateTime") if sel is not None
                                                                 else None), **unit})
    return out
