"""REFI-QDA ``Code`` elements <-> codebook codes (shared by ``.qdc`` and ``.qdpx``).

Mapping
-------
- A code's ``name`` is its label in the chosen language, nothing else (names stay names). Its
  ``Description`` starts with ``review-tools id: <id>`` and ``name language: <lang>``, then the
  labels in the other languages, the definitions and the keywords, one ``kind (lang): value``
  line each. Peers keep descriptions, so ids and translations survive a round trip through them.
- GUIDs are UUID 5 of the code id, so repeated exports agree.
- A category (``codable: false``) is a ``Code`` with ``isCodable="false"``; the hierarchy is nested
  ``Code`` elements.

On import a code keeps the id its description names. A code made in another tool gets an id
generated from its GUID (``C`` and 8 hex digits, stable across imports of the same file), never
carved out of its name; the name becomes the label in the import language. Names written by
review-tools before this scheme (``"<id> <label>"`` with the labels in the description) are
recognised only when the rest of the name equals a label the description records.
"""

from __future__ import annotations

import re
import uuid

from lxml import etree
from pydantic import ValidationError

from ..config import Codebook
from ..errors import CorpusFormatError

__all__ = ["LANGS", "ID_PATTERN", "guid", "code_guid", "describe", "parse_description", "code_elements",
           "codes_from_xml", "generated_id", "name_language", "parents_first", "to_codebook"]

LANGS = ("fi", "sv", "en")
ID_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*$")
_NS_UUID = uuid.UUID("4f1d8a52-6c1e-4d51-9a3b-2f7b7f0c5e11")
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]
_LINE = re.compile(r"^(definition|label|keywords) \((fi|sv|en)\): (.*)$")


def guid(kind: str, key: str) -> str:
    """A stable GUID (UUID 5) for ``kind:key``."""
    return str(uuid.uuid5(_NS_UUID, f"{kind}:{key}"))


def code_guid(code_id: str) -> str:
    """The GUID review-tools gives the code ``code_id``."""
    return guid("code", code_id)


def generated_id(key: str, taken: set[str]) -> str:
    """An id for a code from another tool: ``C`` + hex digits of its GUID (or of ``key``), unique in ``taken``."""
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", key).upper()
    if len(hexdigits) < 8:
        hexdigits = uuid.uuid5(_NS_UUID, f"name:{key}").hex.upper()
    n = 8
    cid = "C" + hexdigits[:n]
    while cid in taken:
        n += 1
        cid = "C" + hexdigits[:n] if n <= len(hexdigits) else f"C{hexdigits}{n}"
    return cid


def name_language(code, language: str) -> str:
    """The language a code's name is written in: ``language`` when it has a label in it, else the fallback."""
    return next(x for x in (language, "en", "fi", "sv") if getattr(code.label, x))


def describe(code, language: str) -> str:
    """The ``Description`` text of a code exported with its name in ``language`` (or its fallback)."""
    language = name_language(code, language)
    lines = [f"review-tools id: {code.id}", f"name language: {language}"]
    if not code.codable:  # for tools without categories (Taguette); REFI-QDA's isCodable says it too
        lines.append("category: cannot be applied")
    for lang in LANGS:
        value = getattr(code.label, lang)
        if value and lang != language:
            lines.append(f"label ({lang}): {value}")
    if code.definition is not None:
        for lang in (language, *[x for x in LANGS if x != language]):
            text = getattr(code.definition, lang)
            if text:
                lines.append(f"definition ({lang}): {text}")
    for lang, kws in code.keywords.items():
        if kws:
            lines.append(f"keywords ({lang}): " + "; ".join(kws))
    if code.case_sensitive:
        lines.append("case-sensitive keywords: " + "; ".join(code.case_sensitive))
    return "\n".join(lines)


def parse_description(text: str | None) -> dict:
    """Split a description into the structured lines review-tools writes and free text."""
    out: dict = {"id": None, "name_language": None, "category": False, "definition": {}, "label": {}, "keywords": {},
                 "case_sensitive": [], "free": []}
    last_definition = None
    for line in (text or "").splitlines():
        m = _LINE.match(line)
        if m:
            kind, lang, value = m.groups()
            out[kind][lang] = [k.strip() for k in value.split(";") if k.strip()] if kind == "keywords" else value
            last_definition = lang if kind == "definition" else None
        elif line.startswith("review-tools id: "):
            out["id"], last_definition = line.split(": ", 1)[1].strip(), None
        elif line == "category: cannot be applied":
            out["category"], last_definition = True, None
        elif line.startswith("name language: ") and line.split(": ", 1)[1].strip() in LANGS:
            out["name_language"], last_definition = line.split(": ", 1)[1].strip(), None
        elif line.startswith("case-sensitive keywords: "):
            out["case_sensitive"] = [k.strip() for k in line.split(": ", 1)[1].split(";") if k.strip()]
            last_definition = None
        elif last_definition is not None:  # a multi-line definition continues
            out["definition"][last_definition] += "\n" + line
        elif line.strip():
            out["free"].append(line.rstrip())
    return out


def code_elements(parent_el, codebook: Codebook, ns: str, language: str, parent: str | None = None) -> None:
    """Append the ``Code`` elements of ``codebook`` (children of ``parent``) under ``parent_el``."""
    for i, code in enumerate(c for c in codebook.codes if c.parent == parent):
        el = etree.SubElement(parent_el, f"{{{ns}}}Code", guid=code_guid(code.id), name=code.label.get(language),
                              isCodable="true" if code.codable else "false", color=_COLORS[i % len(_COLORS)])
        etree.SubElement(el, f"{{{ns}}}Description").text = describe(code, language)
        code_elements(el, codebook, ns, language, code.id)


def _entry(el, ns: str, parent: str | None, language: str, taken: set[str], report: list[str], where: str) -> dict:
    name = (el.get("name") or "").strip()
    gid = el.get("guid") or ""
    desc_el = el.find(f"{{{ns}}}Description")
    info = parse_description(desc_el.text if desc_el is not None else "")
    labels = dict(info["label"])
    cid = None
    if info["id"] and ID_PATTERN.match(info["id"]) and info["id"] not in taken:
        cid = info["id"]
        labels[info["name_language"] or language] = name
    elif info["id"]:
        report.append(f"{where}: code '{name}': id '{info['id']}' in its description is "
                      f"{'already used' if info['id'] in taken else 'not a valid id'}; a new id is generated")
    if cid is None and info["name_language"] is None and labels:  # written by review-tools before 2026-12
        first, _, rest = name.partition(" ")
        if ID_PATTERN.match(first) and first not in taken and rest.strip() in labels.values():
            cid = first
    if cid is None:
        cid = generated_id(gid or "/".join(filter(None, [parent, name])), taken)
        if info["name_language"] or not labels or name not in labels.values():
            labels[info["name_language"] or language] = name
    if not name:
        report.append(f"{where}: a code (guid {gid or 'missing'}) has no name; kept as '{cid}'")
        labels = {k: v for k, v in labels.items() if v} or {language: cid}
    taken.add(cid)
    definition = dict(info["definition"])
    if info["free"]:
        free = "\n".join(info["free"])
        definition[language] = (definition[language] + "\n" + free) if language in definition else free
    codable = (el.get("isCodable") or "true").strip().lower() not in ("false", "0")
    if el.get("isCodable") is None:
        report.append(f"{where}: code '{name}' has no isCodable attribute; taken as codable")
    notes = len(el.findall(f"{{{ns}}}NoteRef"))
    if notes:
        report.append(f"{where}: code '{name}': {notes} note reference(s) not imported (notes are not kept)")
    return {"id": cid, "parent": parent, "label": labels, "name": name, "_guid": gid, "codable": codable,
            "_colour": bool(el.get("color")) and not info["id"],
            **({"definition": definition} if definition else {}), "keywords": info["keywords"],
            "case_sensitive": info["case_sensitive"]}


def codes_from_xml(codes_el, ns: str, *, language: str = "en", dotted: bool = False, report: list[str] | None = None,
                   where: str = "codebook") -> list[dict]:
    """Read the ``Code`` tree under ``codes_el`` into codebook entries (with ``_guid`` and ``name``).

    Parameters
    ----------
    dotted : bool
        Read the hierarchy from dotted names, as Taguette writes it (``housing.costs`` under
        ``housing``): a code whose name, cut at a dot, names another code becomes its child and
        keeps the rest of the name as its label. Names without such a parent stay whole.
    report : list of str, optional
        Collects what could not be represented.
    """
    report = report if report is not None else []
    out: list[dict] = []
    taken: set[str] = set()

    def walk(el, parent):
        for c in el.findall(f"{{{ns}}}Code"):
            entry = _entry(c, ns, parent, language, taken, report, where)
            out.append(entry)
            walk(c, entry["id"])

    if codes_el is not None:
        walk(codes_el, None)
    if dotted:
        by_name = {e["name"]: e for e in out if e["parent"] is None}
        for e in out:
            if e["parent"] is not None:
                continue
            parts = e["name"].split(".")
            for cut in range(len(parts) - 1, 0, -1):
                head = ".".join(parts[:cut])
                if head in by_name and by_name[head] is not e:
                    e["parent"] = by_name[head]["id"]
                    e["label"] = {k: (".".join(parts[cut:]) if v == e["name"] else v) for k, v in e["label"].items()}
                    break
        out = parents_first(out)
    colours = sum(e.pop("_colour") for e in out)
    if colours:  # review-tools' own colours are not worth a line
        report.append(f"{where}: colours of {colours} code(s) not kept (the codebook has no colours)")
    return out


def parents_first(entries: list[dict]) -> list[dict]:
    """Order entries so that each parent precedes its children, otherwise keeping file order."""
    children: dict = {}
    for e in entries:
        children.setdefault(e["parent"], []).append(e)
    ordered: list[dict] = []

    def add(parent):
        for e in children.get(parent, []):
            ordered.append(e)
            add(e["id"])

    add(None)
    placed = {id(e) for e in ordered}
    return ordered + [e for e in entries if id(e) not in placed]  # a parent cycle: left for validation to report


def to_codebook(entries: list[dict], name: str, where: str = "codebook") -> Codebook:
    """Build a :class:`Codebook` from entries of :func:`codes_from_xml` (private keys dropped)."""
    codes = [{k: v for k, v in e.items() if not k.startswith("_") and k != "name"} for e in entries]
    try:
        return Codebook.model_validate({"schema_version": 1, "name": name, "codes": codes})
    except ValidationError as exc:
        e = exc.errors()[0]
        i = e["loc"][1] if len(e["loc"]) > 1 and isinstance(e["loc"][1], int) else None
        what = f"code '{entries[i]['name']}'" if i is not None else "the codebook"
        raise CorpusFormatError(where, f"{what}: {'.'.join(map(str, e['loc'][2:]))}: {e['msg']}") from exc
