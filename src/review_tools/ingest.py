"""Literature ingest: raw export records -> one normalised record table.

:func:`harmonise` maps the raw fields of one :class:`~review_tools.readers.RecordFile` to the
record schema (:data:`RECORD_COLUMNS`); :func:`ingest_files` and :func:`ingest_sources` read
several files (through :mod:`review_tools.readers`) and give every record a run-unique id.
Provenance is kept per record: source id and name, file, position in the file; the raw fields
are kept as JSON in ``original_fields``.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from ._ingest_fields import _ALIAS_LOOKUP, _COLUMN_ALIASES, _TAGGED_MAP, _TITLE_ALIASES
from .errors import CorpusFormatError, ReviewToolsWarning, StageInputError
from .identifiers import normalise_doi
from .readers import RecordFile, read_record_file

__all__ = [
    "RECORD_COLUMNS",
    "IngestResult",
    "harmonise",
    "ingest_files",
    "ingest_sources",
    "normalise_doi",
    "parse_year",
    "split_authors",
]

log = logging.getLogger(__name__)

#: Columns of ``records.csv`` (the raw fields follow as JSON in ``original_fields``).
RECORD_COLUMNS = [
    "record_id", "source_id", "source_name", "source_file", "position", "title", "abstract",
    "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "isbn", "issn", "url",
    "keywords", "language", "publication_type",
]

_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_ISSN_RE = re.compile(r"^\s*(\d{4})-?(\d{3}[\dXx])\s*$")
_TAG_RE = re.compile(r"<[^>]{1,40}>")
# inline markup inside a word ("<sup>99m</sup>Tc", "H<sub>2</sub>O") goes without a space
_INLINE_TAG_RE = re.compile(r"</?(?:sup|sub|i|b|em|strong|u|span)\b[^>]{0,30}>", re.IGNORECASE)



@dataclass
class IngestResult:
    """Records of several files plus a report on how each file was read.

    Attributes
    ----------
    records : pandas.DataFrame
        One row per record read, columns :data:`RECORD_COLUMNS` + ``original_fields``.
    files : pandas.DataFrame
        One row per file: ``source_id, source_name, file, format, encoding, markers, records,
        skipped, notes``.
    skipped : list of dict
        Every entry that could not be read: ``source_id, file, position, line, reason``.
    renamed_ids : dict
        Original id -> run-unique id, for ids that had to be prefixed.
    """

    records: pd.DataFrame
    files: pd.DataFrame
    skipped: list[dict] = field(default_factory=list)
    renamed_ids: dict = field(default_factory=dict)

    def manifest(self) -> dict:
        """Return the counts per file, encodings and skips as a JSON-ready dict."""
        return {
            "records": int(len(self.records)),
            "skipped": len(self.skipped),
            "files": self.files.to_dict(orient="records"),
            "skips": self.skipped,
            "renamed_ids": self.renamed_ids,
        }


# ---------------------------------------------------------------------------------------------
# value normalisers


def parse_year(value) -> int | None:
    """Return the first plausible four-digit year (1500-2099) in ``value``, else None."""
    if value is None:
        return None
    m = _YEAR_RE.search(str(value))
    return int(m.group(1)) if m else None


def split_authors(value: str) -> list[str]:
    """Split a ``"; "``-joined author string from ``records.csv`` into a list."""
    if not isinstance(value, str) or not value.strip():
        return []
    return [a.strip() for a in value.split(";") if a.strip()]


def strip_markup(text: str) -> str:
    """Remove HTML/XML tags that databases leave in titles and abstracts.

    Inline tags inside a word are dropped without a space, so ``<sup>99m</sup>Tc`` reads ``99mTc``
    and ``H<sub>2</sub>O`` reads ``H2O``, as the same title exported as plain text; other tags
    (``<br>``, ``<p>``) become a space.
    """
    return _TAG_RE.sub(" ", _INLINE_TAG_RE.sub("", text)) if "<" in text else text


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", strip_markup(value)).strip()


def _first(fields: dict, tags: list[str]) -> str:
    for t in tags:
        v = fields.get(t)
        if isinstance(v, list):
            v = next((x for x in v if x and str(x).strip()), "")
        if v is not None and str(v).strip():
            return _clean(str(v))
    return ""


def _all(fields: dict, tags: list[str]) -> list[str]:
    for t in tags:
        v = fields.get(t)
        if v is None:
            continue
        vals = v if isinstance(v, list) else [v]
        vals = [_clean(str(x)) for x in vals if x is not None and str(x).strip()]
        if vals:
            return vals
    return []


def _bib_text(value: str) -> str:
    """Remove BibTeX braces and common LaTeX accents/escapes."""
    if not value:
        return value
    if "\\" in value:
        try:
            from bibtexparser.latexenc import latex_to_unicode

            value = latex_to_unicode(value)
        except Exception:  # pragma: no cover - best effort
            pass
    return _clean(value.replace("{", "").replace("}", "").replace("\\&", "&"))


def _split_list(values: list[str], fmt: str) -> list[str]:
    out: list[str] = []
    for v in values:
        if fmt == "bibtex":
            parts = re.split(r"\s+and\s+", v)
        elif fmt in ("delimited", "xlsx"):
            if re.search(r"[;|]", v):
                parts = re.split(r"\s*[;|]\s*", v)
            elif " and " in v and "," in v:
                parts = re.split(r"\s+and\s+", v)
            else:
                parts = [v]
        else:
            parts = [v]
        out.extend(p.strip() for p in parts if p.strip())
    return out


def _split_keywords(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        parts = re.split(r"\s*[;|]\s*", v) if re.search(r"[;|]", v) else re.split(r"\s*,\s*", v) if len(values) == 1 else [v]
        out.extend(p.strip() for p in parts if p.strip())
    return out


def _pages(fields: dict, fmt: str, mapping: dict) -> str:
    if fmt in ("ris",):
        sp, ep = _first(fields, ["SP"]), _first(fields, ["EP"])
        if not sp and not ep:
            sp = _first(fields, ["C7"])  # Scopus puts an article number in C7
    elif fmt == "wos":
        sp, ep = _first(fields, ["BP"]), _first(fields, ["EP"])
        if not sp:
            sp = re.sub(r"^UNSP\s+", "", _first(fields, ["AR"]))  # WoS: article number
    elif fmt in ("delimited", "xlsx"):
        pages = fields.get("pages", "")
        if pages:
            return _clean(pages)
        sp, ep = fields.get("start_page", ""), fields.get("end_page", "")
    else:
        return _first(fields, mapping.get("pages", []))
    sp, ep = sp.strip(), ep.strip()
    if sp and ep and sp != ep and "-" not in sp:
        return f"{sp}-{ep}"
    return sp or ep


def _isbn_issn(values: list[str]) -> tuple[str, str]:
    isbn, issn = [], []
    for v in values:
        for part in re.split(r"\s*[;,]\s*|\s+(?=\d{4}-?\d{3}[\dXx])", v):
            part = re.sub(r"^(ISSN|ISBN)[-:\s]*", "", part.strip(), flags=re.IGNORECASE)
            part = re.sub(r"\s*\(.*?\)\s*$", "", part)
            if not part:
                continue
            if _ISSN_RE.match(part):
                m = _ISSN_RE.match(part)
                issn.append(f"{m.group(1)}-{m.group(2).upper()}")
            elif len(re.sub(r"[^\dXx]", "", part)) in (10, 13):
                isbn.append(part)
    return "; ".join(dict.fromkeys(isbn)), "; ".join(dict.fromkeys(issn))


def _column_fields(raw: dict) -> dict:
    """Map delimited/xlsx column names to schema fields through :data:`_COLUMN_ALIASES`."""
    out: dict = {}
    for col, value in raw.items():
        key = re.sub(r"[\s_.]+", " ", col.strip().lower()).strip()
        target = _ALIAS_LOOKUP.get(key)
        if target and target not in out:
            out[target] = value
    return out


# ---------------------------------------------------------------------------------------------
# harmonise one file


def harmonise(raw: RecordFile, source_id: str, source_name: str | None = None) -> pd.DataFrame:
    """Map the raw records of one export file to the record schema.

    Parameters
    ----------
    raw : RecordFile
        What :func:`review_tools.readers.read_record_file` returned.
    source_id : str
        The source (database) id from the protocol, e.g. ``"scopus"``.
    source_name : str, optional
        Human-readable database name; defaults to ``source_id``.

    Returns
    -------
    pandas.DataFrame
        One row per raw record (same order), columns :data:`RECORD_COLUMNS` + ``original_fields``.
        ``record_id`` is the file's own id (citation key, RIS ``ID``, CSV ``id`` column) or
        ``<source_id>-<position>``; it is made unique across files by :func:`ingest_files`.

    Raises
    ------
    CorpusFormatError
        For a delimited file without a title column (naming the columns found and valid names).
    """
    fmt = raw.format
    rows = []
    if fmt in ("delimited", "xlsx") and raw.records:
        columns = {c for r in raw.records for c in r["fields"]}
        norm = {re.sub(r"[\s_.]+", " ", c.strip().lower()).strip() for c in columns}
        if not norm & set(_TITLE_ALIASES):
            raise CorpusFormatError(
                raw.path,
                f"no title column; columns found: {sorted(columns)[:12]}; a title column must be "
                f"named one of {_TITLE_ALIASES[:6]} (case-insensitive)",
                line=1, field="title",
            )
    for rec in raw.records:
        f = rec["fields"]
        if fmt in ("delimited", "xlsx"):
            mapping = {k: [k] for k in _COLUMN_ALIASES}
            f_src = _column_fields(f)
        else:
            mapping = _TAGGED_MAP[fmt]
            f_src = f
        get = (lambda key, _f=f_src, _m=mapping: _first(_f, _m.get(key, [])))  # noqa: E731
        if fmt == "bibtex":
            get = (lambda key, _f=f_src, _m=mapping: _bib_text(_first(_f, _m.get(key, []))))  # noqa: E731
        authors = _split_list(_all(f_src, mapping.get("authors", [])), fmt)
        if fmt == "bibtex":
            authors = [_bib_text(a) for a in authors]
        keywords = _split_keywords(_all(f_src, mapping.get("keywords", [])))
        if fmt == "bibtex":
            keywords = [_bib_text(k) for k in keywords]
        doi = normalise_doi(get("doi"))
        if not doi and fmt in ("ris", "medline"):
            for tag in ("AID", "LID", "M3", "N1", "UR", "L3", "DO"):
                doi = next((normalise_doi(v) for v in _all(f, [tag]) if normalise_doi(v) and
                            (fmt != "medline" or "[doi]" in v or "doi" in v.lower())), "")
                if doi:
                    break
        isbn, issn = (get("isbn"), get("issn")) if fmt in ("bibtex", "delimited", "xlsx") else ("", "")
        if "isbn_issn" in mapping:
            isbn, issn = _isbn_issn(_all(f_src, mapping["isbn_issn"]))
        elif issn or isbn:
            isbn2, issn2 = _isbn_issn([issn, isbn])
            isbn, issn = isbn2 or isbn, issn2 or issn
        pmid = get("pmid")
        if fmt == "ris" and not pmid:
            db = " ".join(_all(f, ["DB", "DP"])).lower()
            rid = _first(f, ["ID", "AN"])
            if ("medline" in db or "pubmed" in db) and rid.isdigit():
                pmid = rid
        pmid = re.sub(r"\D", "", pmid.split()[0]) if pmid else ""
        year = parse_year(get("year"))
        rows.append({
            "record_id": get("record_id").strip() if get("record_id") else "",
            "source_id": source_id,
            "source_name": source_name or source_id,
            "source_file": raw.path,
            "position": rec["position"],
            "title": _strip_period(get("title")),
            "abstract": " ".join(_all(f_src, mapping.get("abstract", [])[:1])) if fmt != "bibtex" else get("abstract"),
            "authors": "; ".join(authors),
            "year": year,
            "journal": get("journal"),
            "volume": get("volume"),
            "issue": get("issue"),
            "pages": _pages(f_src, fmt, mapping),
            "doi": doi,
            "pmid": pmid,
            "isbn": isbn,
            "issn": issn,
            "url": get("url"),
            "keywords": "; ".join(dict.fromkeys(keywords)),
            "language": get("language"),
            "publication_type": get("publication_type"),
            "original_fields": json.dumps(f, ensure_ascii=False, default=str),
        })
    df = pd.DataFrame(rows, columns=[*RECORD_COLUMNS, "original_fields"])
    df["year"] = df["year"].astype("Int64")
    df["position"] = df["position"].astype(int)
    if fmt in ("ris", "medline", "wos", "refer"):
        df["abstract"] = [_abstract(r["fields"], fmt) for r in raw.records]
    return df


def _strip_period(title: str) -> str:
    return title[:-1].rstrip() if title.endswith(".") and not title.endswith("..") else title


def _abstract(fields: dict, fmt: str) -> str:
    tags = {"ris": ["AB", "N2"], "medline": ["AB"], "wos": ["AB"], "refer": ["X"]}[fmt]
    for t in tags:
        vals = [_clean(v) for v in fields.get(t, []) if v and v.strip()]
        # EBSCO appends a second AB line with the publisher's copyright notice
        vals = [v for v in vals if not v.lower().startswith("copyright of ")] or vals
        if vals:
            return " ".join(vals)
    return ""


# ---------------------------------------------------------------------------------------------
# several files


def _make_unique(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    out = df.copy()
    empty = out["record_id"].fillna("") == ""
    out.loc[empty, "record_id"] = out.loc[empty, "source_id"] + "-" + out.loc[empty, "position"].astype(str)
    renamed: dict = {}
    counts = Counter(out["record_id"])
    clashing = {k for k, n in counts.items() if n > 1}
    if clashing:
        mask = out["record_id"].isin(clashing)
        new = out.loc[mask, "source_id"] + "-" + out.loc[mask, "record_id"]
        counts2 = Counter(new)
        new = [n if counts2[n] == 1 else f"{n}-p{p}" for n, p in zip(new, out.loc[mask, "position"], strict=False)]
        for old, nid in zip(out.loc[mask, "record_id"], new, strict=False):
            renamed.setdefault(old, []).append(nid)
        out.loc[mask, "record_id"] = new
        shown = ", ".join(sorted(clashing)[:8]) + (" ..." if len(clashing) > 8 else "")
        warnings.warn(
            f"{len(clashing)} record id(s) occur more than once ({shown}); those records were given "
            "ids prefixed with their source id (and suffixed with their position where still not unique)",
            ReviewToolsWarning, stacklevel=3,
        )
    if out["record_id"].duplicated().any():  # a prefixed id may equal an original one
        dup = out["record_id"].duplicated(keep="first")
        out.loc[dup, "record_id"] = out.loc[dup, "record_id"] + "-p" + out.loc[dup, "position"].astype(str)
    return out, renamed


def ingest_files(files, *, source_ids=None, source_names=None, progress: bool = False) -> IngestResult:
    """Read and harmonise several export files into one record table with unique ids.

    Parameters
    ----------
    files : list of str or Path
        Export files (any format of :data:`review_tools.readers.FORMATS`).
    source_ids : list of str, optional
        One source id per file; defaults to the file stem.
    source_names : list of str, optional
        One database name per file; defaults to the source id.
    progress : bool
        Show a tqdm progress bar over the files.

    Returns
    -------
    IngestResult

    Raises
    ------
    CorpusFormatError
        When a file cannot be read at all.
    """
    files = [Path(f) for f in files]
    if not files:
        raise StageInputError("no input files given; name at least one literature export")
    source_ids = list(source_ids) if source_ids is not None else [re.sub(r"[^\w.-]", "_", f.stem) for f in files]
    source_names = list(source_names) if source_names is not None else list(source_ids)
    frames, reports, skipped = [], [], []
    for path, sid, sname in tqdm(list(zip(files, source_ids, source_names, strict=False)), desc="reading exports",
                                 disable=not progress, unit="file"):
        raw = read_record_file(path)
        df = harmonise(raw, sid, sname)
        frames.append(df)
        for s in raw.skipped:
            skipped.append({"source_id": sid, "file": str(path), "position": s.position, "line": s.line,
                            "reason": s.reason})
        reports.append({"source_id": sid, "source_name": sname, "file": str(path), "format": raw.format,
                        "encoding": raw.encoding, "markers": raw.markers, "records": len(raw.records),
                        "skipped": len(raw.skipped), "notes": "; ".join(raw.notes)})
        log.debug("%s: %d records read, %d skipped (%s, %s)", path, len(raw.records), len(raw.skipped),
                 raw.format, raw.encoding)
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RECORD_COLUMNS)
    records, renamed = _make_unique(records)
    return IngestResult(records=records, files=pd.DataFrame(reports), skipped=skipped, renamed_ids=renamed)


def ingest_sources(corpus_dir, sources, *, progress: bool = True) -> IngestResult:
    """Read every file of the protocol's literature sources.

    Parameters
    ----------
    corpus_dir : str or Path
        The corpus folder; source files are relative to it.
    sources : list of review_tools.config.Source
        ``cfg.protocol.sources``; sources without files (e.g. hand searches) are skipped.
    progress : bool
        Show a progress bar.

    Returns
    -------
    IngestResult
    """
    files, ids, names = [], [], []
    for s in sources:
        for f in s.files:
            files.append(Path(corpus_dir) / f)
            ids.append(s.id)
            names.append(s.name)
    if not files:
        raise StageInputError("the protocol lists no source files (protocol.yaml: sources[*].files)")
    return ingest_files(files, source_ids=ids, source_names=names, progress=progress)
