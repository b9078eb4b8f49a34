"""Codebooks as researchers keep them: spreadsheet tables <-> :class:`~review_tools.config.Codebook`.

Two layouts, as pandas DataFrames (reading and writing files is :mod:`review_tools.codebook_files`'s job):

Taguette
    One of the columns ``tag``, ``name`` or ``path`` (exactly one, as Taguette requires) holding
    the tag path with the hierarchy as dotted names (``housing.costs`` under ``housing``), an
    optional ``description`` and an optional ``parent`` (the parent's path, newer Taguette
    versions). Taguette 1.5.2 imports codebooks only in this form. review-tools writes ``tag`` and
    ``description``; the description carries the id, the other languages, definitions and
    keywords (see :mod:`.refi_codes`), so a codebook survives a trip through Taguette. Ids of tags
    made in Taguette are generated from Taguette's own tag GUID (UUID 5 of the path), so the CSV
    and the ``.qdc`` Taguette writes for one project give the same ids.
Plain table
    ``id``, ``parent`` (an id), ``label`` and ``definition`` in one language, or per language
    ``label_fi``/``label_sv``/``label_en``, ``definition_<lang>``, ``keywords_<lang>`` (``;``-separated),
    plus optional ``codable`` (``false`` for a category) and ``case_sensitive``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from ..config import Codebook
from ..errors import CorpusFormatError
from .refi_codes import ID_PATTERN, LANGS, describe, generated_id, parents_first, parse_description

__all__ = ["TAGUETTE_NAMESPACE", "codebook_to_taguette", "codebook_from_taguette", "codebook_to_table",
           "codebook_from_table", "is_taguette_table"]

#: the namespace Taguette derives its tag GUIDs from (``uuid5(namespace, path)``)
TAGUETTE_NAMESPACE = uuid.UUID("51B2B2B7-27EB-4ECB-9D56-E75B0A0496C2")
_DOT = "\u2024"  # ONE DOT LEADER stands for a '.' inside a label where the dot would make a false parent
_TRUE, _FALSE = {"true", "yes", "1", "y", "x", ""}, {"false", "no", "0", "n"}


def _cols(df: pd.DataFrame) -> dict[str, str]:
    return {str(c).strip().lower(): c for c in df.columns}


def is_taguette_table(df: pd.DataFrame) -> bool:
    """True when the table has a Taguette path column (``tag``, ``name`` or ``path``) and no ``id``."""
    cols = _cols(df)
    return "id" not in cols and any(k in cols for k in ("tag", "name", "path"))


def _validate(codes: list[dict], name: str, source: str) -> Codebook:
    parent = {c["id"]: c["parent"] for c in codes}
    for cid in parent:
        seen, cur = {cid}, parent[cid]
        while cur is not None:
            if cur in seen:
                raise CorpusFormatError(source, f"parent cycle: '{cid}' is its own ancestor (through '{cur}')",
                                        field="parent")
            seen.add(cur)
            cur = parent.get(cur)
    try:
        return Codebook.model_validate({"schema_version": 1, "name": name, "codes": codes})
    except ValidationError as exc:
        e = exc.errors()[0]
        loc = e["loc"]
        row = f"row {loc[1] + 2}: " if len(loc) > 1 and isinstance(loc[1], int) else ""
        raise CorpusFormatError(source, f"{row}{'.'.join(map(str, loc[2:]))}: {e['msg']}") from exc


def _paths(codebook: Codebook, language: str) -> dict[str, str]:
    """Dotted tag paths; a dot inside a label becomes U+2024 only where it would make a false parent."""
    by_id = {c.id: c for c in codebook.codes}
    out: dict[str, str] = {}
    raw: set[str] = set()

    def raw_path(c) -> str:
        own = c.label.get(language)
        return own if c.parent is None else f"{raw_path(by_id[c.parent])}.{own}"

    for c in codebook.codes:
        raw.add(raw_path(c))

    def path(cid: str) -> str:
        if cid not in out:
            c = by_id[cid]
            own = c.label.get(language)
            head = "" if c.parent is None else path(c.parent) + "."
            if any(head + own[:k] in raw for k, ch in enumerate(own) if ch == "."):
                own = own.replace(".", _DOT)
            out[cid] = head + own
        return out[cid]

    for c in codebook.codes:
        path(c.id)
    seen: dict[str, int] = {}
    for p in out.values():  # Taguette needs unique paths: a duplicate label gets its id appended
        seen[p] = seen.get(p, 0) + 1
    return {cid: (p if seen[p] == 1 else f"{p} ({cid})") for cid, p in out.items()}


def codebook_to_taguette(codebook: Codebook, *, language: str = "en") -> pd.DataFrame:
    """A ``tag, description`` table Taguette imports (parents before children)."""
    paths = _paths(codebook, language)
    rows = [{"tag": paths[c.id], "description": describe(c, language)} for c in codebook.codes]
    return pd.DataFrame(rows, columns=["tag", "description"])


def _cell(row, col) -> str:
    if col is None:
        return ""
    v = row[col]
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()


def codebook_from_taguette(df: pd.DataFrame, *, language: str = "en", source: str = "codebook.csv",
                           report: list[str] | None = None) -> Codebook:
    """Read a Taguette codebook table (hierarchy from ``parent`` or from dotted paths).

    Raises
    ------
    CorpusFormatError
        No path column or more than one (``tag``, ``name``, ``path``), an empty or repeated path,
        an unknown parent; naming the file and row.
    """
    report = report if report is not None else []
    cols = _cols(df)
    found = [k for k in ("tag", "name", "path") if k in cols]
    if len(found) != 1:
        raise CorpusFormatError(source, f"a Taguette codebook needs exactly one of the columns tag, name, path; "
                                f"the header has {list(df.columns)}", line=1)
    pcol, dcol, parcol = cols[found[0]], cols.get("description"), cols.get("parent")
    entries, by_path, taken = [], {}, set()
    for i, row in enumerate(df.to_dict("records")):
        line = i + 2
        path = _cell(row, pcol)
        if not path:
            if any(_cell(row, c) for c in row):
                raise CorpusFormatError(source, "empty tag path", line=line, field=str(pcol))
            continue
        if path in by_path:
            raise CorpusFormatError(source, f"tag '{path}' appears twice (first on line {by_path[path]['_line']})",
                                    line=line, field=str(pcol))
        info = parse_description(_cell(row, dcol))
        cid = info["id"] if info["id"] and ID_PATTERN.match(info["id"]) and info["id"] not in taken else None
        cid = cid or generated_id(str(uuid.uuid5(TAGUETTE_NAMESPACE, path)), taken)
        taken.add(cid)
        definition = dict(info["definition"])
        if info["free"]:
            definition[language] = "\n".join(info["free"])
        e = {"id": cid, "parent": None, "_path": path, "_line": line, "_parent": _cell(row, parcol),
             "_labels": dict(info["label"]), "_lang": info["name_language"] or language,
             **({"definition": definition} if definition else {}), "keywords": info["keywords"],
             "case_sensitive": info["case_sensitive"], "codable": not info["category"]}
        entries.append(e)
        by_path[path] = e
    codes = []
    for e in entries:
        path, label = e["_path"], e["_path"]
        if e["_parent"]:
            if e["_parent"] not in by_path:
                raise CorpusFormatError(source, f"parent '{e['_parent']}' is not a tag of this codebook", line=e["_line"],
                                        field="parent")
            e["parent"] = by_path[e["_parent"]]["id"]
            if path.startswith(e["_parent"] + "."):
                label = path[len(e["_parent"]) + 1:]
        else:
            parts = path.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                head = ".".join(parts[:cut])
                if head in by_path:
                    e["parent"], label = by_path[head]["id"], ".".join(parts[cut:])
                    break
        e["_labels"][e["_lang"]] = label.replace(_DOT, ".")
        codes.append({"id": e["id"], "parent": e["parent"], "label": e["_labels"],
                      **({"definition": e["definition"]} if "definition" in e else {}),
                      "keywords": e["keywords"], "case_sensitive": e["case_sensitive"], "codable": e["codable"]})
    extra = [c for c in df.columns if str(c).strip().lower() not in (found[0], "description", "parent",
                                                                     "number of highlights")]
    if extra:
        report.append(f"{source}: column(s) {extra} not imported")
    return _validate(parents_first(codes), _stem(source), source)


def _stem(source: str) -> str:
    return Path(source).stem or "codebook"


def codebook_to_table(codebook: Codebook) -> pd.DataFrame:
    """The plain table: ``id, parent, codable``, then label, definition and keywords per language."""
    rows = []
    for c in codebook.codes:
        row = {"id": c.id, "parent": c.parent or "", "codable": "true" if c.codable else "false"}
        for lang in LANGS:
            row[f"label_{lang}"] = getattr(c.label, lang) or ""
        for lang in LANGS:
            row[f"definition_{lang}"] = (getattr(c.definition, lang) or "") if c.definition else ""
        for lang in LANGS:
            row[f"keywords_{lang}"] = "; ".join(c.keywords.get(lang, []))
        row["case_sensitive"] = "; ".join(c.case_sensitive)
        rows.append(row)
    cols = ["id", "parent", "codable", *[f"{k}_{lang}" for k in ("label", "definition", "keywords") for lang in LANGS],
            "case_sensitive"]
    return pd.DataFrame(rows, columns=cols)


def _getter(row: dict, cols: dict):
    return lambda key: _cell(row, cols.get(key))


def _per_lang(get, kind: str, language: str) -> dict:
    out = {x: get(f"{kind}_{x}") for x in LANGS if get(f"{kind}_{x}")}
    if get(kind):
        out.setdefault(language, get(kind))
    return out


def codebook_from_table(df: pd.DataFrame, *, language: str = "en", source: str = "codebook.csv",
                        report: list[str] | None = None) -> Codebook:
    """Read the plain table (``id`` and ``label`` or ``label_<lang>`` required).

    Raises
    ------
    CorpusFormatError
        A missing column, an invalid, empty or repeated id, an unknown parent, a ``codable`` value
        that is not true/false, naming the file, row and column.
    """
    report = report if report is not None else []
    cols = _cols(df)
    if "id" not in cols or not ({"label"} | {f"label_{x}" for x in LANGS}) & set(cols):
        raise CorpusFormatError(source, "a codebook table needs the columns id and label (or label_fi, label_sv, "
                                f"label_en); the header has {list(df.columns)}", line=1)
    known = {"id", "parent", "codable", "case_sensitive", "label", "definition", "keywords",
             *[f"{k}_{x}" for k in ("label", "definition", "keywords") for x in LANGS]}
    extra = [cols[k] for k in cols if k not in known]
    if extra:
        report.append(f"{source}: column(s) {extra} not imported")
    codes, lines = [], {}
    for i, row in enumerate(df.to_dict("records")):
        line = i + 2
        get = _getter(row, cols)
        cid = get("id")
        if not cid:
            if any(_cell(row, c) for c in row):
                raise CorpusFormatError(source, "empty id", line=line, field=str(cols["id"]))
            continue
        if not ID_PATTERN.match(cid):
            raise CorpusFormatError(source, f"'{cid}' is not a valid code id (letters and digits starting with a "
                                    "capital letter, parts joined by dots, e.g. SW.HEA)", line=line, field="id")
        if cid in lines:
            raise CorpusFormatError(source, f"id '{cid}' appears twice (first on line {lines[cid]})", line=line,
                                    field="id")
        lines[cid] = line
        codable = get("codable").lower()
        if codable not in _TRUE | _FALSE:
            raise CorpusFormatError(source, f"codable must be true or false, not '{codable}'", line=line,
                                    field="codable")

        label, definition = _per_lang(get, "label", language), _per_lang(get, "definition", language)
        if not label:
            raise CorpusFormatError(source, "no label in any language", line=line, field="label")
        keywords = {x: [k.strip() for k in v.split(";") if k.strip()] for x, v in _per_lang(get, "keywords", language).items()}
        codes.append({"id": cid, "parent": get("parent") or None, "label": label,
                      **({"definition": definition} if definition else {}), "keywords": keywords,
                      "case_sensitive": [k.strip() for k in get("case_sensitive").split(";") if k.strip()],
                      "codable": codable not in _FALSE})
    for c in codes:
        if c["parent"] is not None and c["parent"] not in lines:
            raise CorpusFormatError(source, f"parent '{c['parent']}' is not an id of this codebook",
                                    line=lines[c["id"]], field="parent")
    return _validate(codes, _stem(source), source)
