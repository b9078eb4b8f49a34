"""REFI-QDA exchange: codebooks as ``.qdc`` and whole projects as ``.qdpx``.

``.qdc`` is a ``CodeBook`` document (namespace ``urn:QDA-XML:codebook:1.0``); ``.qdpx`` is a zip
holding ``project.qde`` (a ``Project`` document, namespace ``urn:QDA-XML:project:1.0``, schema
``Project-mrt2019.xsd``) and ``sources/<guid>.txt`` for each text source. NVivo, ATLAS.ti, MAXQDA
and QualCoder read and write both; Taguette writes ``.qdc`` (hierarchy as dotted names, read with
``dotted=True``) but imports codebooks only as CSV (see :mod:`review_tools.codebook_files`).

Mapping
-------
- Codes: see :mod:`review_tools.coding.refi_codes` (names stay names, ids in the description,
  categories as ``isCodable="false"``).
- Each coder is a ``User`` (GUIDs kept from an import, else UUID 5 of the name); each transcript
  and each coded literature record is a ``TextSource`` whose text is the document text (turns
  joined by newlines) or the abstract; each coding is a ``PlainTextSelection`` with one
  ``Coding``. ``creatingUser`` and dates are written on every element the schema allows them on
  (``Project``, ``TextSource``, ``PlainTextSelection``, ``Coding``).
- Import decodes source texts honouring a byte-order mark, keeps positions in the source's own
  characters and maps them onto turns exactly (:mod:`review_tools.coding.refi_spans`); what it
  cannot represent is listed in ``result["report"]``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from lxml import etree

from ..config import Codebook
from ..errors import CorpusFormatError, StageInputError
from ..readers.refi_archive import (
    DEFAULT_MAX_MEMBER_BYTES,
    DEFAULT_MAX_TOTAL_BYTES,
    Archive,
    decode_text,
    parse_xml,
    write_archive,
)
from .refi_codes import code_elements, code_guid, codes_from_xml, guid, to_codebook
from .refi_spans import element_codings, position, turns_of

__all__ = ["QDC_NS", "QDE_NS", "codebook_to_qdc", "codebook_from_qdc", "export_qdpx", "import_qdpx", "validate_xml",
           "CODING_COLUMNS"]

QDC_NS = "urn:QDA-XML:codebook:1.0"
QDE_NS = "urn:QDA-XML:project:1.0"
CODING_COLUMNS = ["source", "start", "end", "code", "code_label", "coder", "coder_guid", "unit_id", "unit_type",
                  "char_start", "char_end", "turns", "memo", "created"]
_UNSUPPORTED = ["Variables", "Cases", "Notes", "Links", "Sets", "Graphs"]


def codebook_to_qdc(codebook: Codebook, *, language: str = "en") -> bytes:
    """Serialise a codebook as a REFI-QDA ``.qdc`` document (UTF-8 XML bytes), names in ``language``."""
    root = etree.Element(f"{{{QDC_NS}}}CodeBook", nsmap={None: QDC_NS}, origin="review-tools")
    codes = etree.SubElement(root, f"{{{QDC_NS}}}Codes")
    code_elements(codes, codebook, QDC_NS, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def codebook_from_qdc(data: bytes, *, source: str = "codebook.qdc", language: str = "en",
                      dotted: bool | None = None, report: list[str] | None = None) -> Codebook:
    """Read a REFI-QDA ``.qdc`` document into a :class:`Codebook`.

    Parameters
    ----------
    data : bytes
    source : str
        File name for messages and the codebook's name.
    language : str
        Language of the names of codes made in other tools.
    dotted : bool, optional
        Read the hierarchy from dotted names; by default when Taguette wrote the file.
    report : list of str, optional
        Receives what could not be represented (colours, notes, sets).
    """
    report = report if report is not None else []
    root = parse_xml(data, source)
    ns = etree.QName(root).namespace or ""
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    codes_el = root.find(q("Codes"))
    if etree.QName(root).localname != "CodeBook" or codes_el is None:
        raise CorpusFormatError(source, "not a REFI-QDA codebook (root element CodeBook with Codes expected)")
    if dotted is None:
        dotted = (root.get("origin") or "").lower().startswith("taguette")
    sets = root.find(q("Sets"))
    if sets is not None and len(sets):
        report.append(f"{source}: {len(sets)} code set(s) not imported (the codebook has no sets)")
    entries = codes_from_xml(codes_el, ns, language=language, dotted=dotted, report=report, where=source)
    return to_codebook(entries, Path(source).stem, source)


def validate_xml(data: bytes, xsd_path: str | Path) -> list[str]:
    """Validate XML bytes against an XSD file; return the error messages (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    doc = etree.fromstring(data)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _iso(t) -> str:
    t = pd.Timestamp(t)
    t = t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
    return t.floor("s").strftime("%Y-%m-%dT%H:%M:%SZ")


def _sources(segments, records) -> tuple[dict, dict]:
    sources: dict[str, dict] = {}
    where: dict[str, tuple[str, int, int]] = {}
    if segments is not None and len(segments):
        for doc, rows in segments.groupby("document_id", sort=False):
            sources[str(doc)] = {"text": "\n".join(rows["text"].astype(str)), "kind": "transcript"}
            for sid, a, b in zip(rows["segment_id"], rows["char_start"], rows["char_end"], strict=True):
                where[str(sid)] = (str(doc), int(a), int(b))
    if records is not None and len(records):
        titles = records["title"] if "title" in records else [""] * len(records)
        for rid, title, abstract in zip(records["record_id"], titles, records.get("abstract", ""), strict=True):
            text = str(abstract if isinstance(abstract, str) else "")
            sources[f"record:{rid}"] = {"text": text, "kind": "record", "title": str(title)}
            where[str(rid)] = (f"record:{rid}", 0, len(text))
    return sources, where


def export_qdpx(path: str | Path, codebook: Codebook, codings: pd.DataFrame, segments: pd.DataFrame | None = None,
                records: pd.DataFrame | None = None, *, project_name: str = "review-tools project",
                language: str = "en", owner: str | None = None, users: dict[str, str] | None = None,
                created: dt.datetime | None = None) -> Path:
    """Write a REFI-QDA project (``.qdpx``) with codebook, users, text sources and codings.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file to write (the folder must exist). Only pseudonymised text goes in.
    codebook : Codebook
    codings : DataFrame
        ``unit_id, code, coder`` and optionally ``char_start``, ``char_end`` (a span within the
        unit), ``memo`` and ``created`` (when the coding was made; else ``created``).
    segments : DataFrame, optional
        Pseudonymised transcript segments (``document_id, segment_id, char_start, char_end, text``).
    records : DataFrame, optional
        Literature records coded on their abstracts (``record_id, title, abstract``).
    project_name : str
    language : str
        Language of the code names; the other languages go into the descriptions.
    owner : str, optional
        The user who creates the project and its sources (default: the first coder).
    users : dict, optional
        Coder name -> GUID to keep (e.g. from an import); others get UUID 5 of their name.
    created : datetime, optional
        Creation time of the project and of codings without ``created`` (default: now).

    Returns
    -------
    Path

    Raises
    ------
    StageInputError
        A coding whose unit is in neither ``segments`` nor ``records``, whose code is not in the
        codebook, or which applies a category.
    """
    path = Path(path)
    cod = codings.copy()
    cod["code"] = cod["code"].fillna("").astype(str)
    cod = cod[cod["code"] != ""]
    by_id = {c.id: c for c in codebook.codes}
    unknown = sorted(set(cod["code"]) - set(by_id))
    if unknown:
        raise StageInputError(f"export_qdpx: codes not in the codebook: {unknown}")
    categories = sorted({c for c in cod["code"] if not by_id[c].codable})
    if categories:
        raise StageInputError(f"export_qdpx: codings apply categories, which cannot be applied: {categories}")
    sources, where = _sources(segments, records)
    missing = sorted(set(cod["unit_id"].astype(str)) - set(where))
    if missing:
        raise StageInputError(f"export_qdpx: {len(missing)} coded unit(s) have no text to export, e.g. {missing[:3]}")
    now = _iso(created or dt.datetime.now(dt.UTC))
    coders = sorted(set(cod["coder"].astype(str)))
    owner = owner or (coders[0] if coders else "review-tools")
    guids = {u: (users or {}).get(u) or guid("user", u) for u in dict.fromkeys([*coders, owner])}

    def E(tag, parent=None, **attrs):
        if parent is None:
            return etree.Element(f"{{{QDE_NS}}}{tag}", nsmap={None: QDE_NS}, **attrs)
        return etree.SubElement(parent, f"{{{QDE_NS}}}{tag}", **attrs)

    root = E("Project", name=project_name, origin="review-tools", creatingUserGUID=guids[owner],
             creationDateTime=now, modifyingUserGUID=guids[owner], modifiedDateTime=now)
    users_el = E("Users", root)
    for u, g in guids.items():
        E("User", users_el, guid=g, name=u, id=u)
    codes_el = E("Codes", E("CodeBook", root))
    code_elements(codes_el, codebook, QDE_NS, language)
    src_el = E("Sources", root)
    files: dict[str, str] = {}
    by_source: dict[str, list] = {}
    has_span = {"char_start", "char_end"} <= set(cod.columns)
    for r in cod.to_dict("records"):
        src, a, b = where[str(r["unit_id"])]
        if has_span and pd.notna(r["char_start"]) and pd.notna(r["char_end"]) and str(r["char_start"]) != "":
            a, b = a + int(float(r["char_start"])), a + int(float(r["char_end"]))
        when = r.get("created")
        stamp = _iso(when) if isinstance(when, (str, dt.datetime, pd.Timestamp)) and str(when).strip() else now
        memo = r.get("memo")
        by_source.setdefault(src, []).append((a, b, str(r["code"]), str(r["coder"]), stamp,
                                              memo if isinstance(memo, str) and memo.strip() else None,
                                              str(r["unit_id"])))
    for key, info in sources.items():
        if key not in by_source:
            continue
        sguid = guid("source", key)
        stamps = [x[4] for x in by_source[key]]
        ts = E("TextSource", src_el, guid=sguid, name=key, plainTextPath=f"internal://{sguid}.txt",
               creatingUser=guids[owner], creationDateTime=now, modifyingUser=guids[owner],
               modifiedDateTime=max([now, *stamps]))
        if info["kind"] == "record" and info.get("title"):
            E("Description", ts).text = info["title"]
        files[f"sources/{sguid}.txt"] = info["text"]
        for k, (a, b, code, coder, stamp, memo, unit) in enumerate(sorted(by_source[key], key=lambda x: x[:4])):
            key_k = f"{key}:{a}:{b}:{code}:{coder}:{k}"
            sel = E("PlainTextSelection", ts, guid=guid("selection", key_k), name=unit, startPosition=str(a),
                    endPosition=str(b), creatingUser=guids[coder], creationDateTime=stamp,
                    modifyingUser=guids[coder], modifiedDateTime=stamp)
            if memo:
                E("Description", sel).text = memo
            coding = E("Coding", sel, guid=guid("coding", key_k), creatingUser=guids[coder], creationDateTime=stamp)
            E("CodeRef", coding, targetGUID=code_guid(code))
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return write_archive(path, {"project.qde": xml, **{name: text.encode("utf-8") for name, text in files.items()}})


def _source_text(ts, q, archive: Archive, qde: str, sname: str) -> tuple[str | None, str, str]:
    """Return ``(text, encoding, member)`` of a TextSource; text None for a file outside the archive."""
    element = f"TextSource '{sname}'"
    content = ts.find(q("PlainTextContent"))
    if content is not None and content.text is not None:
        return content.text, "xml", qde
    ptp = ts.get("plainTextPath") or ""
    if not ptp.startswith("internal://"):
        return None, "", ptp
    wanted = "sources/" + ptp[len("internal://"):]
    member = archive.find(wanted)
    if member is None:
        raise CorpusFormatError(archive.where(wanted), f"{element} (line {ts.sourceline} of {qde}): its text "
                                "is not in the archive")
    text, enc = decode_text(archive.read(member, element=element), archive.where(member), element)
    return text, enc, member


def import_qdpx(path: str | Path, *, segments: pd.DataFrame | None = None, language: str = "en",
                max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES,
                max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES) -> dict:
    """Read a REFI-QDA project (``.qdpx``).

    Parameters
    ----------
    path : str or Path
    segments : DataFrame, optional
        The run's segments (``document_id, segment_id, char_start, char_end, text``): selections
        in a source named after a document map onto its segments exactly. Without them turns are
        the lines of each source.
    language : str
        Language of the names of codes made in other tools.
    max_member_bytes, max_total_bytes : int
        Decompression limits (a member over the limit is refused without being read).

    Returns
    -------
    dict
        ``codebook`` (:class:`Codebook`, categories with ``codable=False``), ``users``
        (DataFrame ``guid, name, codings``), ``sources`` (DataFrame ``source, guid, member,
        encoding, text``), ``codings`` (DataFrame of :data:`CODING_COLUMNS`; ``start``/``end``
        are positions in the source's own characters) and ``report`` (list of what could not be
        represented, crossing selections, encodings).

    Raises
    ------
    CorpusFormatError
        Naming the archive member and element: unsafe or oversized members, invalid XML, missing
        or non-numeric positions, a source text that is not UTF-8 or is missing.
    """
    path = Path(path)
    report: list[str] = []
    with Archive(path, max_member_bytes=max_member_bytes, max_total_bytes=max_total_bytes) as archive:
        qde = next((n for n in archive.names if n.lower().endswith(".qde") and "/" not in n.strip("/")), None)
        qde = qde or next((n for n in archive.names if n.lower().endswith(".qde")), None)
        if qde is None:
            raise CorpusFormatError(path, "no project.qde inside the .qdpx")
        where = archive.where(qde)
        root = parse_xml(archive.read(qde, element="the project"), where)
        ns = etree.QName(root).namespace or ""
        q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
        if etree.QName(root).localname != "Project":
            raise CorpusFormatError(where, f"root element is {etree.QName(root).localname}, not a REFI-QDA Project")
        cb_el = root.find(q("CodeBook"))
        codes_el = cb_el.find(q("Codes")) if cb_el is not None else None
        entries = codes_from_xml(codes_el, ns, language=language, report=report, where=qde)
        if not entries:
            report.append(f"{qde}: the project has no codes (empty or missing CodeBook)")
        guid_to_code = {e["_guid"]: e for e in entries}
        if len(guid_to_code) < len(entries):
            report.append(f"{qde}: {len(entries) - len(guid_to_code)} code(s) share a GUID with another; codings "
                          "refer to the last of them")
        codebook = to_codebook(entries, path.stem, where)
        users = {u.get("guid"): (u.get("name") or u.get("id") or u.get("guid")) for u in root.iter(q("User"))}
        for tag in _UNSUPPORTED:
            el = root.find(q(tag))
            if el is not None and len(el):
                report.append(f"{qde}: {len(el)} {tag[:-1].lower()} element(s) in <{tag}> not imported")
        src_rows, rows = [], []
        sources_el = root.find(q("Sources"))
        for el in (sources_el if sources_el is not None else []):
            if not isinstance(el.tag, str):
                continue
            kind = etree.QName(el).localname
            sname = el.get("name") or el.get("guid") or "(unnamed)"
            if kind != "TextSource":
                report.append(f"{qde}: {kind} '{sname}' not imported (only text sources are supported)")
                continue
            text, enc, member = _source_text(el, q, archive, qde, sname)
            if text is None:
                report.append(f"{qde}: TextSource '{sname}' refers to a file outside the archive ({member}); "
                              "not read, its codings not imported")
                continue
            if enc != "utf-8":
                report.append(f"source '{sname}': text encoded as {enc}"
                              + (" (byte-order mark removed; positions count the characters after it)"
                                 if enc != "xml" else " (inline PlainTextContent)"))
            src_rows.append({"source": sname, "guid": el.get("guid"), "member": member, "encoding": enc, "text": text})
            lost = [f"{t} elements" for t in ("NoteRef", "VariableValue") if el.find(q(t)) is not None]
            desc = el.find(q("Description"))
            if desc is not None and (desc.text or "").strip() and not sname.startswith("record:"):
                lost.insert(0, "description")  # a record's description is its title, written by review-tools
            if lost:
                report.append(f"source '{sname}': its {' and '.join(lost)} not imported")
            turns = None if sname.startswith("record:") else turns_of(sname, text, segments, report)
            for c in el.findall(q("Coding")):
                rows += element_codings(c, None, sname, text, 0, len(text), guid_to_code, users, report, q, turns, qde)
            for sel in el.findall(q("PlainTextSelection")):
                a, b = position(sel, "startPosition", where, sname), position(sel, "endPosition", where, sname)
                if not 0 <= a <= b <= len(text):
                    raise CorpusFormatError(where, f"PlainTextSelection {sel.get('guid')} in TextSource '{sname}': "
                                            f"positions {a}-{b} are outside its text of {len(text)} characters",
                                            line=sel.sourceline)
                got = element_codings(sel, sel, sname, text, a, b, guid_to_code, users, report, q, turns, qde)
                if not got:
                    report.append(f"source '{sname}': selection {a}-{b} has no coding; not imported")
                rows += got
                for extra in ("NoteRef",):
                    if sel.findall(q(extra)):
                        report.append(f"source '{sname}': note references on selection {a}-{b} not imported")
    codings = pd.DataFrame(rows, columns=CODING_COLUMNS)
    for col in ("start", "end", "char_start", "char_end"):
        codings[col] = codings[col].astype("Int64")
    counts = codings["coder_guid"].value_counts().to_dict() if len(codings) else {}
    user_df = pd.DataFrame([{"guid": g, "name": n, "codings": int(counts.get(g, 0))} for g, n in users.items()],
                           columns=["guid", "name", "codings"])
    return {"codebook": codebook, "users": user_df,
            "sources": pd.DataFrame(src_rows, columns=["source", "guid", "member", "encoding", "text"]),
            "codings": codings, "report": report}
