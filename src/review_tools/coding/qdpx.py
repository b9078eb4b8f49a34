"""REFI-QDA exchange: codebooks as ``.qdc`` and whole projects as ``.qdpx``.

``.qdc`` is a ``CodeBook`` document (namespace ``urn:QDA-XML:codebook:1.0``); ``.qdpx`` is a zip
holding ``project.qde`` (a ``Project`` document, namespace ``urn:QDA-XML:project:1.0``, schema
``Project-mrt2019.xsd``) and ``sources/<guid>.txt`` for each text source. NVivo, ATLAS.ti,
MAXQDA, QualCoder and Taguette read and write both.

Mapping
-------
- A code's name is ``"<id> <label>"`` (our stable id first, so an import restores it); its
  Description carries the definition and the keywords per language; the hierarchy is nested
  ``Code`` elements. GUIDs are derived from the code id (UUID 5), so repeated exports agree.
- Each coder is a ``User``; each transcript (document) and each coded literature record is a
  ``TextSource`` whose plain text is the document text of
  :func:`review_tools.readers.transcripts.document_text` (turns joined by newlines);
- each coding is a ``PlainTextSelection`` over the turn's character range (or the span coded
  within it) with one ``Coding``/``CodeRef``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from pathlib import Path

import pandas as pd
import yaml
from lxml import etree
from pydantic import ValidationError

from ..config import Codebook
from ..errors import ConfigError, CorpusFormatError, StageInputError

__all__ = [
    "QDC_NS",
    "QDE_NS",
    "load_codebook",
    "codebook_to_qdc",
    "codebook_from_qdc",
    "export_qdpx",
    "import_qdpx",
    "validate_xml",
]

QDC_NS = "urn:QDA-XML:codebook:1.0"
QDE_NS = "urn:QDA-XML:project:1.0"
_NS_UUID = uuid.UUID("4f1d8a52-6c1e-4d51-9a3b-2f7b7f0c5e11")
_ID = re.compile(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*$")
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def _guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NS_UUID, f"{kind}:{key}"))


def load_codebook(path: str | Path) -> Codebook:
    """Load a codebook from ``codebook.yaml`` (our format) or a REFI-QDA ``.qdc`` file.

    Raises
    ------
    ConfigError
        Listing the problems, each as ``file: key.path: message``.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError([f"{path}: codebook file not found"])
    if path.suffix.lower() == ".qdc":
        return codebook_from_qdc(path.read_bytes(), source=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path.name}: not a readable YAML codebook ({exc})"]) from exc
    try:
        cb = Codebook.model_validate(data)
    except ValidationError as exc:
        raise ConfigError([f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from exc
    ids = [c.id for c in cb.codes]
    problems = [f"{path.name}: codes: duplicate code id '{i}'" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"{path.name}: codes: unknown parent '{c.parent}' of '{c.id}'" for c in cb.codes
                 if c.parent and c.parent not in ids]
    if problems:
        raise ConfigError(problems)
    return cb


def _description(code) -> str:
    lines = []
    if code.definition is not None:
        for lang in ("en", "fi", "sv"):
            text = getattr(code.definition, lang)
            if text:
                lines.append(f"definition ({lang}): {text}")
    for lang in ("fi", "sv", "en"):
        if code.label and getattr(code.label, lang):
            lines.append(f"label ({lang}): {getattr(code.label, lang)}")
    for lang, kws in code.keywords.items():
        if kws:
            lines.append(f"keywords ({lang}): " + "; ".join(kws))
    if code.case_sensitive:
        lines.append("case-sensitive keywords: " + "; ".join(code.case_sensitive))
    return "\n".join(lines)


def _code_elements(parent_el, codebook: Codebook, ns: str, parent: str | None, language: str) -> None:
    for i, code in enumerate(c for c in codebook.codes if c.parent == parent):
        el = etree.SubElement(parent_el, f"{{{ns}}}Code", guid=_guid("code", code.id),
                              name=f"{code.id} {code.label.get(language)}", isCodable="true",
                              color=_COLORS[i % len(_COLORS)])
        desc = _description(code)
        if desc:
            etree.SubElement(el, f"{{{ns}}}Description").text = desc
        _code_elements(el, codebook, ns, code.id, language)


def codebook_to_qdc(codebook: Codebook, *, language: str = "en") -> bytes:
    """Serialise a codebook as a REFI-QDA ``.qdc`` document (UTF-8 XML bytes)."""
    root = etree.Element(f"{{{QDC_NS}}}CodeBook", nsmap={None: QDC_NS}, origin="review-tools")
    codes = etree.SubElement(root, f"{{{QDC_NS}}}Codes")
    _code_elements(codes, codebook, QDC_NS, None, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _parse_description(text: str) -> dict:
    out: dict = {"definition": {}, "label": {}, "keywords": {}, "case_sensitive": []}
    free = []
    last_definition = None
    for line in (text or "").splitlines():
        m = re.match(r"^(definition|label|keywords) \((fi|sv|en)\): (.*)$", line)
        if m:
            kind, lang, value = m.groups()
            out[kind][lang] = [k.strip() for k in value.split(";") if k.strip()] if kind == "keywords" else value
            last_definition = lang if kind == "definition" else None
        elif line.startswith("case-sensitive keywords: "):
            out["case_sensitive"] = [k.strip() for k in line.split(": ", 1)[1].split(";") if k.strip()]
            last_definition = None
        elif last_definition is not None:  # a multi-line definition continues
            out["definition"][last_definition] += "\n" + line
        elif line.strip():
            free.append(line.strip())
    if free and not out["definition"]:
        out["definition"]["en"] = " ".join(free)
    return out


def _codes_from_xml(codes_el, ns: str, source: str) -> list[dict]:
    out: list[dict] = []
    used: set[str] = set()

    def walk(el, parent):
        for c in el.findall(f"{{{ns}}}Code"):
            name = c.get("name", "").strip()
            first, _, rest = name.partition(" ")
            if _ID.match(first):
                cid, label = first, rest.strip() or first
            else:  # a code made in another tool: derive an id from its name
                base = re.sub(r"[^A-Za-z0-9]", "", name.title()) or "Code"
                cid = base[0].upper() + base[1:] if base[0].isalpha() else "C" + base
                cid = (f"{parent}.{cid}" if parent else cid)
                label = name
            n, unique = 2, cid
            while unique in used:
                unique, n = f"{cid}{n}", n + 1
            used.add(unique)
            desc_el = c.find(f"{{{ns}}}Description")
            info = _parse_description(desc_el.text if desc_el is not None else "")
            labels = info["label"] or {"en": label}
            out.append({"id": unique, "parent": parent, "label": labels,
                        **({"definition": info["definition"]} if info["definition"] else {}),
                        "keywords": info["keywords"], "case_sensitive": info["case_sensitive"],
                        "_guid": c.get("guid")})
            walk(c, unique)

    walk(codes_el, None)
    return out


def codebook_from_qdc(data: bytes, *, source: str = "codebook.qdc") -> Codebook:
    """Read a REFI-QDA ``.qdc`` document into a :class:`Codebook`.

    Codes exported by review-tools keep their ids, labels, definitions and keywords; codes from
    other tools get ids derived from their names (dots for the hierarchy).
    """
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise CorpusFormatError(source, f"not valid XML ({exc.msg})", line=exc.lineno) from exc
    ns = etree.QName(root).namespace or ""
    codes_el = root.find(f"{{{ns}}}Codes") if ns else root.find("Codes")
    if etree.QName(root).localname != "CodeBook" or codes_el is None:
        raise CorpusFormatError(source, "not a REFI-QDA codebook (root element CodeBook with Codes expected)")
    codes = _codes_from_xml(codes_el, ns, source)
    try:
        return Codebook.model_validate({"schema_version": 1, "name": Path(source).stem,
                                        "codes": [{k: v for k, v in c.items() if k != "_guid"} for c in codes]})
    except ValidationError as exc:
        raise CorpusFormatError(source, f"codebook does not validate: {exc.errors()[0]['msg']}") from exc


def validate_xml(data: bytes, xsd_path: str | Path) -> list[str]:
    """Validate XML bytes against an XSD file; return the error messages (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    doc = etree.fromstring(data)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def export_qdpx(path: str | Path, codebook: Codebook, codings: pd.DataFrame, segments: pd.DataFrame | None = None,
                records: pd.DataFrame | None = None, *, project_name: str = "review-tools project",
                language: str = "en") -> Path:
    """Write a REFI-QDA project (``.qdpx``) with codebook, users, text sources and codings.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file to write (the folder must exist). Only pseudonymised text goes in.
    codebook : Codebook
    codings : DataFrame
        ``unit_id, code, coder`` and optionally ``unit_type``, ``char_start``, ``char_end`` (a
        span within the unit) and ``memo``.
    segments : DataFrame, optional
        Pseudonymised transcript segments (``document_id, segment_id, char_start, char_end, text``).
    records : DataFrame, optional
        Literature records coded on their abstracts (``record_id, title, abstract``).
    project_name : str
    language : str
        Language of code labels in the names.

    Returns
    -------
    Path

    Raises
    ------
    StageInputError
        A coding whose unit is in neither ``segments`` nor ``records``, or whose code is not in
        the codebook.
    """
    path = Path(path)
    codes = {c.id for c in codebook.codes}
    cod = codings.copy()
    cod["code"] = cod["code"].fillna("").astype(str)
    cod = cod[cod["code"] != ""]
    unknown = sorted(set(cod["code"]) - codes)
    if unknown:
        raise StageInputError(f"export_qdpx: codes not in the codebook: {unknown}")
    # unit -> (source key, offset of the unit in the source text)
    sources: dict[str, dict] = {}
    where: dict[str, tuple[str, int, int]] = {}
    if segments is not None and len(segments):
        for doc, rows in segments.groupby("document_id", sort=False):
            text = "\n".join(rows["text"].astype(str))
            sources[str(doc)] = {"text": text, "kind": "transcript"}
            for sid, a, b in zip(rows["segment_id"], rows["char_start"], rows["char_end"], strict=True):
                where[str(sid)] = (str(doc), int(a), int(b))
    if records is not None and len(records):
        for rid, title, abstract in zip(records["record_id"], records.get("title", ""), records.get("abstract", ""),
                                        strict=True):
            text = str(abstract if isinstance(abstract, str) else "")
            sources[f"record:{rid}"] = {"text": text, "kind": "record", "title": str(title)}
            where[str(rid)] = (f"record:{rid}", 0, len(text))
    missing = sorted(set(cod["unit_id"].astype(str)) - set(where))
    if missing:
        raise StageInputError(f"export_qdpx: {len(missing)} coded unit(s) have no text to export, e.g. {missing[:3]}")
    users = sorted(set(cod["coder"].astype(str)))
    now = _now()
    E = lambda tag, parent=None, **attrs: (etree.SubElement(parent, f"{{{QDE_NS}}}{tag}", **attrs)  # noqa: E731
                                           if parent is not None else etree.Element(f"{{{QDE_NS}}}{tag}", nsmap={None: QDE_NS}, **attrs))
    root = E("Project", name=project_name, origin="review-tools", creationDateTime=now)
    users_el = E("Users", root)
    for u in users:
        E("User", users_el, guid=_guid("user", u), name=u, id=u)
    cb_el = E("CodeBook", root)
    codes_el = E("Codes", cb_el)
    _code_elements(codes_el, codebook, QDE_NS, None, language)
    src_el = E("Sources", root)
    files: dict[str, str] = {}
    by_source: dict[str, list] = {}
    has_span = {"char_start", "char_end"} <= set(cod.columns)
    for r in cod.itertuples(index=False):
        src, a, b = where[str(r.unit_id)]
        if has_span and pd.notna(r.char_start) and pd.notna(r.char_end):
            a, b = a + int(r.char_start), a + int(r.char_end)
        by_source.setdefault(src, []).append((a, b, str(r.code), str(r.coder),
                                              getattr(r, "memo", None) if hasattr(r, "memo") else None,
                                              str(r.unit_id)))
    for key, info in sources.items():
        if key not in by_source:
            continue
        guid = _guid("source", key)
        name = key
        ts = E("TextSource", src_el, guid=guid, name=name, plainTextPath=f"internal://{guid}.txt", creationDateTime=now)
        if info["kind"] == "record" and info.get("title"):
            E("Description", ts).text = info["title"]
        files[f"sources/{guid}.txt"] = info["text"]
        for k, (a, b, code, coder, memo, unit) in enumerate(sorted(by_source[key], key=lambda x: x[:4])):
            sel = E("PlainTextSelection", ts, guid=_guid("selection", f"{key}:{a}:{b}:{code}:{coder}:{k}"),
                    name=unit, startPosition=str(a), endPosition=str(b),
                    creatingUser=_guid("user", coder), creationDateTime=now)
            if isinstance(memo, str) and memo.strip():
                E("Description", sel).text = memo
            coding = E("Coding", sel, guid=_guid("coding", f"{key}:{a}:{b}:{code}:{coder}:{k}"),
                       creatingUser=_guid("user", coder), creationDateTime=now)
            E("CodeRef", coding, targetGUID=_guid("code", code))
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", xml)
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return path


def import_qdpx(path: str | Path) -> dict:
    """Read a REFI-QDA project (``.qdpx``).

    Returns
    -------
    dict
        ``codebook`` (:class:`Codebook`), ``users`` (DataFrame ``guid, name``), ``sources``
        (DataFrame ``source, text``) and ``codings`` (DataFrame ``source, start, end, code,
        coder, unit_id, unit_type, char_start, char_end``). For sources written by review-tools,
        ``unit_id`` is the segment id (``<document_id>:<turn>``) or the record id and
        ``char_start``/``char_end`` the span within the unit (empty when the whole unit is coded).
    """
    path = Path(path)
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorpusFormatError(path, f"not a .qdpx (zip) file ({exc})") from exc
    with z:
        names = z.namelist()
        qde = next((n for n in names if n.lower().endswith(".qde")), None)
        if qde is None:
            raise CorpusFormatError(path, "no project.qde inside the .qdpx")
        try:
            root = etree.fromstring(z.read(qde))
        except etree.XMLSyntaxError as exc:
            raise CorpusFormatError(f"{path}!{qde}", f"not valid XML ({exc.msg})", line=exc.lineno) from exc
        ns = etree.QName(root).namespace or ""
        q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
        cb_el = root.find(q("CodeBook"))
        codes = _codes_from_xml(cb_el.find(q("Codes")), ns, str(path)) if cb_el is not None else []
        guid_to_code = {c["_guid"]: c["id"] for c in codes}
        codebook = Codebook.model_validate({"schema_version": 1, "name": path.stem,
                                            "codes": [{k: v for k, v in c.items() if k != "_guid"} for c in codes]})
        users = {u.get("guid"): (u.get("name") or u.get("id") or u.get("guid")) for u in root.iter(q("User"))}
        src_rows, rows = [], []
        for ts in root.iter(q("TextSource")):
            text = None
            content = ts.find(q("PlainTextContent"))
            if content is not None and content.text is not None:
                text = content.text
            else:
                ptp = ts.get("plainTextPath", "")
                member = ptp.replace("internal://", "sources/") if ptp.startswith("internal://") else ptp
                if member in names:
                    text = z.read(member).decode("utf-8")
            if text is None:
                raise CorpusFormatError(path, f"text source '{ts.get('name')}' has no plain text in the archive")
            sname = ts.get("name") or ts.get("guid")
            src_rows.append({"source": sname, "text": text})
            for sel in ts.findall(q("PlainTextSelection")):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                for coding in sel.findall(q("Coding")):
                    ref = coding.find(q("CodeRef"))
                    code = guid_to_code.get(ref.get("targetGUID") if ref is not None else None)
                    if code is None:
                        raise CorpusFormatError(path, f"a coding in '{sname}' refers to an unknown code")
                    coder = users.get(coding.get("creatingUser") or sel.get("creatingUser"), "unknown")
                    rows.append({"source": sname, "start": a, "end": b, "code": code, "coder": coder,
                                 **_unit_of(sname, text, a, b, sel.get("name"))})
    return {
        "codebook": codebook,
        "users": pd.DataFrame(sorted(users.items()), columns=["guid", "name"]),
        "sources": pd.DataFrame(src_rows, columns=["source", "text"]),
        "codings": pd.DataFrame(rows, columns=["source", "start", "end", "code", "coder", "unit_id", "unit_type",
                                               "char_start", "char_end"]),
    }


def _unit_of(source: str, text: str, a: int, b: int, name: str | None = None) -> dict:
    """Map a selection back to our unit: a record, or the transcript turn containing it.

    Selections written by review-tools carry the segment id as their name; for others the turn
    is the line of the source text that holds the selection's start (1-based).
    """
    if source.startswith("record:"):
        rid = source.split(":", 1)[1]
        whole = a == 0 and b == len(text)
        return {"unit_id": rid, "unit_type": "record", "char_start": None if whole else a,
                "char_end": None if whole else b}
    turn = text.count("\n", 0, a) + 1
    start = text.rfind("\n", 0, a) + 1
    end = text.find("\n", a)
    end = len(text) if end < 0 else end
    whole = a == start and b == end
    if name and re.fullmatch(re.escape(source) + r":\d+", name):
        return {"unit_id": name, "unit_type": "segment", "char_start": None if whole else a - start,
                "char_end": None if whole else b - start}
    return {"unit_id": f"{source}:{turn}", "unit_type": "segment",
            "char_start": None if whole else a - start, "char_end": None if whole else b - start}
