"""Exports of the screening results: included records (CSV, RIS), ASReview-compatible labels, the event log."""

from __future__ import annotations

import pandas as pd
import rispy

from ..errors import StageInputError

INCLUDED_COLUMNS = ["record_id", "citation", "title", "authors", "year", "journal", "doi", "abstract"]
ASREVIEW_COLUMNS = ["record_id", "title", "abstract", "doi", "included", "exported_notes"]


def _s(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _short_name(name: str) -> str:
    """``"Courtney, Mark E."`` -> ``"Courtney, M. E."``; names without a comma are kept as they are."""
    name = name.strip()
    last, sep, first = name.partition(",")
    if not sep:
        return name
    initials = " ".join(p[0] + "." for p in first.replace(".", " ").replace("-", " ").split() if p)
    return f"{last.strip()}, {initials}" if initials else last.strip()


def format_citation(record) -> str:
    """Format one record as a short reference: ``Authors (Year). Title. Journal, Vol(Issue), pages. DOI``.

    Parameters
    ----------
    record : mapping
        With any of ``authors`` (joined by ``"; "``), ``year``, ``title``, ``journal``, ``volume``,
        ``issue``, ``pages``, ``doi``.

    Returns
    -------
    str
    """
    get = record.get if hasattr(record, "get") else (lambda k, d="": getattr(record, k, d))
    authors = [_short_name(a) for a in _s(get("authors", "")).split(";") if a.strip()]
    if len(authors) > 3:
        who = ", ".join(authors[:3]) + " et al."
    elif len(authors) > 1:
        who = ", ".join(authors[:-1]) + " & " + authors[-1]
    else:
        who = "".join(authors)
    year = _s(get("year", "")) or "n.d."
    parts = [f"{who} ({year})." if who else f"({year})."]
    title = _s(get("title", "")).rstrip(".")
    if title:
        parts.append(f"{title}.")
    journal = _s(get("journal", ""))
    if journal:
        src = journal
        vol, iss, pages = _s(get("volume", "")), _s(get("issue", "")), _s(get("pages", "")).replace("--", "-")
        if vol:
            src += f", {vol}" + (f"({iss})" if iss else "")
        if pages:
            src += f", {pages}"
        parts.append(src + ".")
    doi = _s(get("doi", ""))
    if doi:
        parts.append(doi if doi.startswith("http") else f"https://doi.org/{doi}")
    return " ".join(parts)


def included_table(state: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Return the included records with a formatted citation (``included.csv``).

    Parameters
    ----------
    state : DataFrame
        ``screening_state`` with ``record_id`` and ``final``.
    records : DataFrame
        The screening set (``record_id``, ``title``, ``authors``, ``year``, ``journal``, ``doi``,
        ``abstract``, ...).

    Returns
    -------
    DataFrame
        ``record_id, citation, title, authors, year, journal, doi, abstract``.
    """
    for name, df, cols in (("state", state, ["record_id", "final"]), ("records", records, ["record_id", "title"])):
        miss = [c for c in cols if c not in df.columns]
        if miss:
            raise StageInputError(f"included records: the {name} table lacks column(s) {miss}")
    ids = state.loc[state["final"] == "include", "record_id"]
    recs = records.set_index("record_id")
    rows = []
    for rid in ids:
        r = recs.loc[rid].to_dict() if rid in recs.index else {}
        rows.append({
            "record_id": rid, "citation": format_citation(r), "title": _s(r.get("title")),
            "authors": _s(r.get("authors")), "year": _s(r.get("year")), "journal": _s(r.get("journal")),
            "doi": _s(r.get("doi")), "abstract": _s(r.get("abstract")),
        })
    return pd.DataFrame(rows, columns=INCLUDED_COLUMNS)


def to_ris(records: pd.DataFrame) -> str:
    """Return records as RIS text (written with rispy).

    Parameters
    ----------
    records : DataFrame
        With ``record_id``, ``title`` and any of ``authors`` ("; "), ``year``, ``journal``,
        ``volume``, ``issue``, ``pages``, ``doi``, ``abstract``, ``keywords`` ("; "), ``url``.
    """
    entries = []
    for _, r in records.iterrows():
        e = {"type_of_reference": "JOUR", "id": _s(r.get("record_id")), "title": _s(r.get("title"))}
        authors = [a.strip() for a in _s(r.get("authors")).split(";") if a.strip()]
        if authors:
            e["authors"] = authors
        for col, tag in (("year", "year"), ("journal", "secondary_title"), ("volume", "volume"),
                         ("issue", "number"), ("doi", "doi"), ("abstract", "abstract"), ("url", "urls")):
            v = _s(r.get(col))
            if v:
                e[tag] = [v] if tag == "urls" else v
        pages = _s(r.get("pages"))
        if pages:
            start, _, end = pages.partition("-")
            e["start_page"] = start
            if end:
                e["end_page"] = end
        kws = [k.strip() for k in _s(r.get("keywords")).split(";") if k.strip()]
        if kws:
            e["keywords"] = kws
        entries.append(e)
    return rispy.dumps(entries)


def asreview_labels(records: pd.DataFrame, state: pd.DataFrame, stage: str = "title_abstract") -> pd.DataFrame:
    """Return all records with their labels in ASReview's dataset format.

    ``included`` is 1 for include (and maybe) at ``stage``, 0 for exclude, empty when unlabelled
    (ASReview reads this column as prior labels).
    """
    col = "ta_decision" if stage == "title_abstract" else "ft_decision"
    dec = state.set_index("record_id")[col].fillna("")
    labels = records["record_id"].map(dec).fillna("")
    included = labels.map({"include": "1", "maybe": "1", "exclude": "0", "not_retrieved": ""}).fillna("")
    out = pd.DataFrame({
        "record_id": records["record_id"], "title": records["title"],
        "abstract": records.get("abstract", ""), "doi": records.get("doi", ""),
        "included": included, "exported_notes": labels,
    })
    return out[ASREVIEW_COLUMNS]
