"""PRISMA 2020 flow diagram: counts derived from the data, drawn with matplotlib (SVG and PNG)."""

from __future__ import annotations

import textwrap

import pandas as pd

from ..errors import StageInputError

_TEXT = {
    "en": {
        "identification": "Identification", "screening": "Screening", "included_phase": "Included",
        "identified": "Records identified from:", "databases": "Databases", "registers": "Registers",
        "other": "Other sources", "removed": "Records removed before screening:",
        "duplicates": "Duplicate records removed", "screened": "Records screened",
        "excluded_ta": "Records excluded", "sought": "Reports sought for retrieval",
        "not_retrieved": "Reports not retrieved", "assessed": "Reports assessed for eligibility",
        "excluded_ft": "Reports excluded:", "included": "Studies included in review",
        "pending": "awaiting decision", "title": "PRISMA 2020 flow diagram",
        "second": "awaiting a second reviewer", "conflict": "unresolved conflicts",
    },
    "fi": {
        "identification": "Tunnistaminen", "screening": "Seulonta", "included_phase": "Mukaan otetut",
        "identified": "Tunnistetut viitteet:", "databases": "Tietokannat", "registers": "Rekisterit",
        "other": "Muut lähteet", "removed": "Ennen seulontaa poistetut:",
        "duplicates": "Kaksoiskappaleet", "screened": "Seulotut viitteet",
        "excluded_ta": "Poissuljetut viitteet", "sought": "Haetut kokotekstit",
        "not_retrieved": "Saamatta jääneet kokotekstit", "assessed": "Kelpoisuusarvioidut kokotekstit",
        "excluded_ft": "Poissuljetut kokotekstit:", "included": "Katsaukseen otetut tutkimukset",
        "pending": "odottaa päätöstä", "title": "PRISMA 2020 -vuokaavio",
        "second": "odottaa toista seulojaa", "conflict": "ratkaisemattomia erimielisyyksiä",
    },
}


def prisma_counts(state: pd.DataFrame, source_counts: pd.DataFrame | None = None) -> dict:
    """Count every PRISMA 2020 box from the screening state.

    Parameters
    ----------
    state : DataFrame
        ``screening_state.csv``: ``record_id, ta_decision, ft_decision, ft_reason, final``.
    source_counts : DataFrame, optional
        ``01-ingest-dedup/source_counts.csv``: ``source_id, source_name, kind, records``. Without
        it, the identified records are the screening set (no duplicates known).

    Returns
    -------
    dict
        ``records_per_source`` (name -> n), ``records_per_kind`` (database/register/other -> n),
        ``identified``, ``duplicates_removed``, ``screened``, ``excluded_ta``, ``awaiting_ta``,
        ``sought``, ``not_retrieved``, ``assessed``, ``excluded_ft``, ``excluded_ft_by_reason``
        (first reason code -> n; "unspecified" when none given), ``awaiting_ft``, ``included``, and
        ``status_ta`` / ``status_ft`` (when the state has ``ta_status`` / ``ft_status``): records per
        status (agreed, resolved, single, awaiting_second, conflict; ``unscreened`` at title/abstract,
        where single-screened records are counted as such).
    """
    needed = ["record_id", "ta_decision", "ft_decision", "ft_reason"]
    missing = [c for c in needed if c not in state.columns]
    if missing:
        raise StageInputError(f"PRISMA: the screening state lacks column(s) {missing}; expected {needed}")
    st = state.fillna("")
    screened = len(st)
    if source_counts is not None and len(source_counts):
        miss = [c for c in ("source_name", "records") if c not in source_counts.columns]
        if miss:
            raise StageInputError(f"PRISMA: source_counts lacks column(s) {miss}")
        per_source = {str(n): int(r) for n, r in zip(source_counts["source_name"], source_counts["records"], strict=True)}
        kinds = source_counts["kind"] if "kind" in source_counts.columns else pd.Series(["database"] * len(source_counts))
        per_kind: dict[str, int] = {}
        for k, r in zip(kinds, source_counts["records"], strict=True):
            key = k if k in ("database", "register") else "other"
            per_kind[key] = per_kind.get(key, 0) + int(r)
        identified = int(source_counts["records"].sum())
    else:
        per_source, per_kind, identified = {"screening set": screened}, {"database": screened}, screened
    ta = st["ta_decision"]
    ft = st["ft_decision"]
    sought_mask = ta.isin(["include", "maybe"])
    assessed_mask = sought_mask & ft.isin(["include", "exclude"])
    excl_ft = st[assessed_mask & ft.eq("exclude")]
    by_reason: dict[str, int] = {}
    for reasons in excl_ft["ft_reason"]:
        first = str(reasons).split(";")[0].strip() or "unspecified"
        by_reason[first] = by_reason.get(first, 0) + 1
    return {
        "records_per_source": per_source,
        "records_per_kind": per_kind,
        "identified": identified,
        "duplicates_removed": max(identified - screened, 0),
        "screened": screened,
        "excluded_ta": int(ta.eq("exclude").sum()),
        "awaiting_ta": int((~ta.isin(["include", "exclude", "maybe"])).sum()),
        "sought": int(sought_mask.sum()),
        "not_retrieved": int((sought_mask & ft.eq("not_retrieved")).sum()),
        "assessed": int(assessed_mask.sum()),
        "excluded_ft": int(len(excl_ft)),
        "excluded_ft_by_reason": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
        "awaiting_ft": int((sought_mask & ~ft.isin(["include", "exclude", "not_retrieved"])).sum()),
        "included": int((sought_mask & ft.eq("include")).sum()),
        **_status_counts(st, sought_mask),
    }


_STATUSES = ("agreed", "resolved", "single", "awaiting_second", "conflict")


def _status_counts(st: pd.DataFrame, sought_mask: pd.Series) -> dict:
    """Records per decision status at each stage (dual screening shows what awaits a second reviewer)."""
    out = {}
    for prefix, mask in (("ta", pd.Series(True, index=st.index)), ("ft", sought_mask)):
        col = f"{prefix}_status"
        if col not in st.columns:
            continue
        status = st.loc[mask, col]
        counts = {s: int(status.eq(s).sum()) for s in _STATUSES}
        counts["unscreened"] = int(status.eq("").sum())
        out[f"status_{prefix}"] = counts
    return out


def _pending_text(t: dict, pending: int, status: dict | None) -> str:
    if not pending:
        return ""
    parts = [f"{t['pending']}: {pending}"]
    if status and status.get("awaiting_second"):
        parts.append(f"{t['second']}: {status['awaiting_second']}")
    if status and status.get("conflict"):
        parts.append(f"{t['conflict']}: {status['conflict']}")
    return "\n(" + ";\n ".join(parts) + ")"


def _wrap(text: str, width: int) -> str:
    """Wrap each line of a box text to ``width`` characters, keeping its indent for continuations."""
    out = []
    for line in text.split("\n"):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out.append(textwrap.fill(line, width, initial_indent="", subsequent_indent=indent + "  ")
                   if len(line) > width else line)
    return "\n".join(out)


def prisma_figure(counts: dict, *, reason_labels: dict[str, str] | None = None, language: str = "en",
                  text: dict[str, str] | None = None):
    """Draw the PRISMA 2020 flow diagram of ``counts`` (from :func:`prisma_counts`).

    Parameters
    ----------
    counts : dict
        From :func:`prisma_counts`.
    reason_labels : dict, optional
        Exclusion reason code -> label shown in the full-text exclusion box.
    language : {"en", "fi"}
        Language of the box texts when ``text`` is not given.
    text : dict, optional
        The box texts by key (the keys of ``_TEXT["en"]``), e.g. from the report's catalogue in any
        language (the stage passes them); a key missing here is taken from English.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    t = {**_TEXT["en"], **text} if text is not None else _TEXT.get(language, _TEXT["en"])
    labels = reason_labels or {}
    kinds = counts.get("records_per_kind", {})
    ident_lines = [t["identified"]]
    for key, name in (("database", t["databases"]), ("register", t["registers"]), ("other", t["other"])):
        if kinds.get(key) or key == "database":
            ident_lines.append(f"  {name} (n = {kinds.get(key, 0)})")
    for name, n in list(counts.get("records_per_source", {}).items())[:8]:
        ident_lines.append(f"    {name} (n = {n})")
    reasons = [f"  {labels.get(code, code)} (n = {n})" for code, n in counts.get("excluded_ft_by_reason", {}).items()]
    screened_extra = _pending_text(t, counts.get("awaiting_ta", 0), counts.get("status_ta"))
    assessed_extra = _pending_text(t, counts.get("awaiting_ft", 0), counts.get("status_ft"))
    left = [
        ("\n".join(ident_lines), 0),
        (f"{t['screened']}\n(n = {counts['screened']}){screened_extra}", 1),
        (f"{t['sought']}\n(n = {counts['sought']})", 2),
        (f"{t['assessed']}\n(n = {counts['assessed']}){assessed_extra}", 3),
        (f"{t['included']}\n(n = {counts['included']})", 4),
    ]
    right = [
        (f"{t['removed']}\n  {t['duplicates']} (n = {counts['duplicates_removed']})", 0),
        (f"{t['excluded_ta']}\n(n = {counts['excluded_ta']})", 1),
        (f"{t['not_retrieved']}\n(n = {counts['not_retrieved']})", 2),
        ("\n".join([f"{t['excluded_ft']} (n = {counts['excluded_ft']})", *reasons]), 3),
    ]
    left = [(_wrap(text, 62), row) for text, row in left]
    right = [(_wrap(text, 56), row) for text, row in right]
    n_lines = [max(s.count("\n") + 1 for s, r in left + right if r == row) for row in range(5)]
    heights = [0.32 * n + 0.35 for n in n_lines]
    gap = 0.45
    tops, y = [], 0.0
    for h in heights:
        tops.append(y)
        y += h + gap
    total_h = y
    fig = Figure(figsize=(10, max(5.0, total_h * 0.62)))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 10)
    ax.set_ylim(total_h, -0.8)
    ax.axis("off")
    lx, lw, rx, rw = 0.9, 4.2, 5.8, 4.0

    def box(x, w, row, text):
        top, h = tops[row], heights[row]
        ax.add_patch(FancyBboxPatch((x, top), w, h, boxstyle="round,pad=0.02", fc="white", ec="#333333", lw=1))
        ax.text(x + 0.12, top + h / 2, text, va="center", ha="left", fontsize=8.5)
        return top + h / 2

    for text, row in left:
        box(lx, lw, row, text)
    for text, row in right:
        mid = box(rx, rw, row, text)
        ax.annotate("", xy=(rx, mid), xytext=(lx + lw, mid), arrowprops={"arrowstyle": "->", "lw": 1})
    for row in range(4):
        ax.annotate("", xy=(lx + lw / 2, tops[row + 1]), xytext=(lx + lw / 2, tops[row] + heights[row]),
                    arrowprops={"arrowstyle": "->", "lw": 1})
    phases = [(t["identification"], 0, 0), (t["screening"], 1, 3), (t["included_phase"], 4, 4)]
    for name, r0, r1 in phases:
        top, bottom = tops[r0], tops[r1] + heights[r1]
        ax.add_patch(FancyBboxPatch((0.1, top), 0.5, bottom - top, boxstyle="round,pad=0.02", fc="#cfe2f3",
                                    ec="#6fa8dc", lw=1))
        ax.text(0.35, (top + bottom) / 2, name, rotation=90, va="center", ha="center", fontsize=9, weight="bold")
    fig.suptitle(t["title"], fontsize=11, y=0.995)
    return fig
