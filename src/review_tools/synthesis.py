"""Synthesis (work package 4): evidence matrix, traceable recommendations and monitoring indicators.

The synthesis joins the four evidence streams theme by theme and checks every recommendation of the
review's framework (``review/recommendations.yaml``) against the artefacts of stages 02-05.

Evidence streams
----------------
``literature``
    included studies (``02-screening/included.csv``) coded with the theme
    (``03-coding/codings.csv``, ``source_type`` literature). Carries no direction.
``interviews``
    coded interview segments (``03-coding/segments.csv`` + codings), counted per informant group.
    Carries no direction. Interviews are not filtered by region (informants speak about the
    service system, often from national or other-county posts).
``social_reports``
    social reports of the run's region (``04-social-reports/social_reports.csv``; themes from codings
    with ``source_type`` social_report and the report's own ``codes``). Direction from
    ``observation_type``: a problem (epäkohta) points to *worse*, a good practice to *better*,
    anything else (weak signal) is unclear.
``indicators``
    indicators of the region in ``06-regional-profile/profile.csv`` (latest year within the period), with
    their ``signal`` (better / worse / anything else unclear).

A unit coded with a theme also counts for every ancestor of the theme (each unit once per theme).

Direction of a stream (:func:`stream_direction`): *worse* if it has more worse than better units,
*better* if more better than worse, *mixed* if equal and non-zero, *none* if it carries no direction.

Convergence rule (:func:`convergence`), over the streams that have at least one unit:

1. no stream has evidence: **no evidence**;
2. exactly one stream has evidence: **single stream**;
3. one stream leans *worse* and another *better*: **conflict**;
4. at least two streams lean the same way and no stream is *mixed*: **agree**;
5. otherwise (several streams, but a direction shared by fewer than two, or a mixed stream): **partly**.

Draft recommendations (:func:`draft_recommendations`): for every leaf theme of the codebook that no
team recommendation covers, whose overall direction is *worse* (some stream leans worse, none
better), whose convergence is agree or partly, and that has evidence in at least
``draft_min_streams`` streams. Drafts are marked ``DRAFT`` for the team to decide on.

Monitoring defaults (:func:`monitoring_table`): a target not given in the framework is the baseline
improved by ``default_target_change`` (relative; ``baseline * (1 - c)`` when lower is better,
``baseline * (1 + c)`` when higher is better, capped at 100 for percentages); context indicators get
no default target. A framework target that is not better than the baseline is an error.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import writers
from .config import (
    Codebook,
    EvidenceLink,
    IndicatorSet,
    Monitoring,
    Recommendation,
    RecommendationFramework,
)
from .errors import StageInputError

STAGE = "07-synthesis"
STREAMS = ("literature", "interviews", "social_reports", "indicators")
CONVERGENCE_LABELS = ("agree", "partly", "conflict", "single stream", "no evidence")
#: ``observation_type`` values (form export: problem / good_practice / weak_signal; Finnish labels too).
WORSE_OBSERVATIONS = {"problem", "epäkohta", "ongelma", "epakohta", "negative", "concern", "missförhållande"}
BETTER_OBSERVATIONS = {"good_practice", "good practice", "hyvä käytäntö", "hyva kaytanto", "positive", "god praxis"}
TIMEFRAMES = ("short", "medium", "long")

REQUIRED = {
    ("02-screening", "included.csv"): ("record_id", "citation", "title", "doi"),
    ("03-coding", "codings.csv"): ("unit_id", "unit_type", "source_type", "code"),
    ("03-coding", "segments.csv"): ("document_id", "segment_id", "informant_group", "text"),
    ("06-regional-profile", "profile.csv"): (
        "indicator_id", "theme", "region_code", "year", "value", "signal", "better",
    ),
    ("04-social-reports", "social_reports.csv"): ("report_id", "codes"),
}
OPTIONAL = (
    ("01-ingest-dedup", "source_counts.csv"),
    ("02-screening", "agreement.csv"),
    ("03-coding", "quotes.csv"),
    ("03-coding", "reliability.csv"),
    ("06-regional-profile", "theme_signals.csv"),
    ("05-indicator-data", "citations.csv"),
    ("04-social-reports", "social_report_summary.csv"),
)
STAGES = ("01-ingest-dedup", "02-screening", "03-coding", "04-social-reports", "05-indicator-data", "06-regional-profile")


# --------------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Artefacts:
    """The artefacts of stages 01-06 the synthesis reads.

    Attributes
    ----------
    tables : dict
        ``"<stage>/<file>"`` -> DataFrame for every table found.
    prisma : dict or None
        ``02-screening/prisma.json``.
    prisma_image : tuple of (str, bytes) or None
        ``(mime type, content)`` of ``02-screening/prisma.svg`` (preferred) or ``prisma.png``.
    stage_manifests : dict
        stage -> its ``stage_manifest.json``.
    manifest : dict or None
        ``RUN/manifest.json`` when a finished run is re-rendered.
    missing : tuple of str
        Optional artefacts that were not found (shown in the report, never silently dropped).
    """

    tables: Mapping[str, pd.DataFrame]
    prisma: dict | None = None
    prisma_image: tuple[str, bytes] | None = None
    stage_manifests: Mapping[str, dict] = field(default_factory=dict)
    manifest: dict | None = None
    missing: tuple[str, ...] = ()

    def get(self, stage: str, name: str) -> pd.DataFrame | None:
        """Return the table ``stage/name`` or None when it was not found."""
        return self.tables.get(f"{stage}/{name}")

    def table(self, stage: str, name: str) -> pd.DataFrame:
        """Return the required table ``stage/name``."""
        key = f"{stage}/{name}"
        if key not in self.tables:
            raise StageInputError(f"{key}: artefact missing; run the notebook of stage '{stage}' first")
        return self.tables[key]

    def hashes(self) -> dict[str, str]:
        """SHA-256 of each table's content (as read), keyed ``stage/file``."""
        out = {}
        for key, df in sorted(self.tables.items()):
            h = hashlib.sha256(",".join(map(str, df.columns)).encode("utf-8"))
            h.update(pd.util.hash_pandas_object(df.astype(str), index=False).values.tobytes())
            out[key] = h.hexdigest()
        return out


def check_columns(df: pd.DataFrame, columns, where: str) -> None:
    """Raise :class:`StageInputError` naming ``where`` when ``df`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise StageInputError(
            f"{where}: missing column(s) {', '.join(missing)}; the table has {', '.join(map(str, df.columns))}"
        )


def load_artefacts(run_dir: str | Path) -> Artefacts:
    """Read the artefacts of stages 01-06 from ``run_dir`` (through :mod:`review_tools.writers`).

    Parameters
    ----------
    run_dir : str or Path
        The run folder (``RUN``) whose ``artefacts/`` the earlier notebooks wrote.

    Returns
    -------
    Artefacts

    Raises
    ------
    StageInputError
        When a required artefact is missing (naming the stage that writes it) or lacks a column.
    """
    tables: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    for (stage, name), cols in REQUIRED.items():
        try:
            df = writers.read_table(run_dir, stage, name, dtype=str)
        except FileNotFoundError as exc:
            raise StageInputError(str(exc)) from exc
        check_columns(df, cols, f"{stage}/{name}")
        tables[f"{stage}/{name}"] = df
    for stage, name in OPTIONAL:
        try:
            tables[f"{stage}/{name}"] = writers.read_table(run_dir, stage, name, dtype=str)
        except FileNotFoundError:
            missing.append(f"{stage}/{name}")
    prisma = None
    try:
        prisma = writers.read_json(run_dir, "02-screening", "prisma.json")
    except FileNotFoundError:
        missing.append("02-screening/prisma.json")
    image = None
    for ext, mime in (("svg", "image/svg+xml"), ("png", "image/png")):
        try:
            image = (mime, writers.read_bytes(run_dir, "02-screening", f"prisma.{ext}"))
            break
        except FileNotFoundError:
            continue
    if image is None:
        missing.append("02-screening/prisma.svg")
    manifests = {}
    for stage in STAGES:
        try:
            manifests[stage] = writers.read_json(run_dir, stage, "stage_manifest.json")
        except FileNotFoundError:
            pass
    try:
        manifest = writers.read_run_json(run_dir, "manifest.json")
    except FileNotFoundError:
        manifest = None
    return Artefacts(tables, prisma, image, manifests, manifest, tuple(missing))


# --------------------------------------------------------------------------------------- helpers


def normalise_region(code) -> str:
    """Return a region code in one canonical form (``"05"`` and ``5`` -> ``"5"``; ``"sss"`` -> ``"SSS"``)."""
    text = str(code).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return str(int(float(text)))
    return text.upper()


def normalise_doi(value) -> str:
    """Return a DOI lower-cased without ``https://doi.org/`` or ``doi:`` prefixes ("" if empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip().lower()
    text = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", text)
    text = re.sub(r"^doi:\s*", "", text)
    return text


def split_codes(value) -> list[str]:
    """Split a ``"; "``-joined code list (also ``,``) into codes."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [c.strip() for c in re.split(r"[;,]", str(value)) if c.strip()]


def anchor(kind: str, ref: str) -> str:
    """Return the HTML id of an evidence unit, e.g. ``anchor("study", "prince_effects_2019")``.

    Characters other than letters, digits, ``_``, ``.`` and ``-`` become ``_``, so ids built from DOIs
    or segment ids (``INT03:12``) are valid fragment targets.
    """
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", str(ref))


def ancestors(codebook: Codebook) -> dict[str, list[str]]:
    """Return code -> [the code, its parent, ..., the root] for every codebook code."""
    parent = {c.id: c.parent for c in codebook.codes}
    out = {}
    for cid in parent:
        chain, cur, seen = [], cid, set()
        while cur is not None and cur in parent and cur not in seen:
            chain.append(cur)
            seen.add(cur)
            cur = parent[cur]
        out[cid] = chain
    return out


def leaf_codes(codebook: Codebook) -> list[str]:
    """Return the codes that have no children, in codebook order."""
    parents = {c.parent for c in codebook.codes if c.parent}
    return [c.id for c in codebook.codes if c.id not in parents]


def observation_signal(value) -> str:
    """Map a social report's ``observation_type`` to worse / better / unclear."""
    text = str(value or "").strip().lower()
    if text in WORSE_OBSERVATIONS:
        return "worse"
    if text in BETTER_OBSERVATIONS:
        return "better"
    return "unclear"


def indicator_signal(value) -> str:
    """Map a profile ``signal`` to worse / better / unclear."""
    text = str(value or "").strip().lower()
    return text if text in ("worse", "better") else "unclear"


def period_years(period: str) -> tuple[int, int]:
    """Parse ``"Y1-Y2"`` (or a single year) into a pair of years.

    Raises
    ------
    StageInputError
        When the text is not a year range.
    """
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", str(period))
    if not m:
        raise StageInputError(f"period '{period}': must be years 'Y1-Y2', e.g. '2000-2012'")
    y1, y2 = int(m.group(1)), int(m.group(2) or m.group(1))
    if y2 < y1:
        raise StageInputError(f"period '{period}': the first year is after the last")
    return y1, y2


def region_profile(profile: pd.DataFrame, region: str, period: str) -> pd.DataFrame:
    """Return the profile rows of ``region``: one per indicator, the latest year within ``period``.

    The returned frame has numeric ``year``, ``value`` and ``country_value`` columns where present.
    """
    check_columns(profile, REQUIRED[("06-regional-profile", "profile.csv")], "06-regional-profile/profile.csv")
    y1, y2 = period_years(period)
    df = profile.copy()
    df["region_code"] = df["region_code"].map(normalise_region)
    df = df[df["region_code"] == normalise_region(region)]
    for col in ("year", "value", "country_value", "gap", "change", "trend_slope", "rank", "n_regions", "spread"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    df = df[df["year"].between(y1, y2) & df["value"].notna()]
    df = df.sort_values(["indicator_id", "year"]).groupby("indicator_id", sort=False).tail(1)
    return df.reset_index(drop=True)


def region_name(profile: pd.DataFrame, region: str) -> str:
    """Return the region's name from the profile (the code itself when the profile has none)."""
    if "region_name" in profile.columns:
        rows = profile[profile["region_code"].map(normalise_region) == normalise_region(region)]
        names = rows["region_name"].dropna()
        if len(names):
            return str(names.iloc[0])
    return "whole country" if normalise_region(region) == "SSS" else str(region)


# --------------------------------------------------------------------------------------- streams


def evidence_units(artefacts: Artefacts, codebook: Codebook, region: str, period: str) -> pd.DataFrame:
    """Return every evidence unit with its theme: the long form the matrix is built from.

    Parameters
    ----------
    artefacts : Artefacts
    codebook : Codebook
    region : str
        Region code of the run (social reports and indicators are the region's).
    period : str
        ``"Y1-Y2"``; indicators take their latest year within it.

    Returns
    -------
    DataFrame
        Columns ``stream, group, unit_id, code, signal`` (signal: worse / better / unclear / none),
        one row per distinct (stream, unit, code); codes outside the codebook are left out (they are
        counted by :func:`unknown_codes`).
    """
    known = {c.id for c in codebook.codes}
    codings = artefacts.table("03-coding", "codings.csv")
    rows: list[dict] = []

    included = set(artefacts.table("02-screening", "included.csv")["record_id"].dropna())
    lit = codings[(codings["source_type"] == "literature") & codings["unit_id"].isin(included)]
    rows += [
        {"stream": "literature", "group": "", "unit_id": u, "code": c, "signal": "none"}
        for u, c in zip(lit["unit_id"], lit["code"], strict=True)
    ]

    segments = artefacts.table("03-coding", "segments.csv")
    group_of = dict(zip(segments["segment_id"], segments["informant_group"].fillna("unknown"), strict=True))
    inter = codings[(codings["source_type"] == "interview") & codings["unit_id"].isin(group_of)]
    rows += [
        {"stream": "interviews", "group": group_of[u], "unit_id": u, "code": c, "signal": "none"}
        for u, c in zip(inter["unit_id"], inter["code"], strict=True)
    ]

    reports = regional_reports(artefacts.table("04-social-reports", "social_reports.csv"), region)
    signal_of = {
        rid: observation_signal(obs)
        for rid, obs in zip(reports["report_id"], reports.get("observation_type", pd.Series([""] * len(reports))), strict=True)
    }
    rep = codings[(codings["source_type"] == "social_report") & codings["unit_id"].isin(signal_of)]
    pairs = set(zip(rep["unit_id"], rep["code"], strict=True))
    for rid, codes in zip(reports["report_id"], reports["codes"], strict=True):
        pairs |= {(rid, c) for c in split_codes(codes)}
    rows += [
        {"stream": "social_reports", "group": "", "unit_id": u, "code": c, "signal": signal_of[u]}
        for u, c in sorted(pairs)
    ]

    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    for _, r in prof.iterrows():
        for c in split_codes(r["theme"]):
            rows.append(
                {"stream": "indicators", "group": "", "unit_id": r["indicator_id"], "code": c,
                 "signal": indicator_signal(r["signal"])}
            )
    units = pd.DataFrame(rows, columns=["stream", "group", "unit_id", "code", "signal"])
    units = units[units["code"].isin(known)].drop_duplicates(["stream", "unit_id", "code"])
    return units.reset_index(drop=True)


REPORT_REGION_COLUMNS = ("county_code", "region", "region_code")


def report_region_column(reports: pd.DataFrame) -> str | None:
    """The column of ``social_reports.csv`` holding the report's county (``county_code`` in the
    form export, ``region`` in older exports), or None."""
    return next((c for c in REPORT_REGION_COLUMNS if c in reports.columns), None)


def regional_reports(reports: pd.DataFrame, region: str) -> pd.DataFrame:
    """Return the social reports of ``region`` (all of them for the whole country, ``SSS``,
    or when the table has no county column)."""
    col = report_region_column(reports)
    if normalise_region(region) == "SSS" or col is None:
        return reports.copy()
    return reports[reports[col].map(normalise_region) == normalise_region(region)].copy()


def unknown_codes(artefacts: Artefacts, codebook: Codebook) -> list[str]:
    """Return codes used in ``codings.csv`` that are not in the codebook (shown as a warning)."""
    known = {c.id for c in codebook.codes}
    used = set(artefacts.table("03-coding", "codings.csv")["code"].dropna())
    return sorted(used - known)


# --------------------------------------------------------------------------------------- matrix


def stream_direction(n_worse: int, n_better: int) -> str:
    """Direction of one stream from its counts of worse and better units.

    Returns
    -------
    str
        ``"worse"`` if ``n_worse > n_better``, ``"better"`` if ``n_better > n_worse``,
        ``"mixed"`` if equal and non-zero, ``"none"`` if both are zero.
    """
    if n_worse > n_better:
        return "worse"
    if n_better > n_worse:
        return "better"
    return "mixed" if n_worse > 0 else "none"


def convergence(directions: Mapping[str, str]) -> str:
    """Convergence label of a theme from the directions of the streams that have evidence.

    Parameters
    ----------
    directions : mapping
        stream -> direction (worse / better / mixed / none), only for streams with at least one unit.

    Returns
    -------
    str
        One of ``CONVERGENCE_LABELS``, by the rule in the module docstring.
    """
    values = list(directions.values())
    if not values:
        return "no evidence"
    if len(values) == 1:
        return "single stream"
    if "worse" in values and "better" in values:
        return "conflict"
    leaning = max(values.count("worse"), values.count("better"))
    if leaning >= 2 and "mixed" not in values:
        return "agree"
    return "partly"


def overall_direction(directions: Mapping[str, str]) -> str:
    """Overall direction of a theme: worse / better (no stream against), conflict, mixed or none."""
    values = set(directions.values())
    if {"worse", "better"} <= values:
        return "conflict"
    if "worse" in values:
        return "worse"
    if "better" in values:
        return "better"
    return "mixed" if "mixed" in values else "none"


def evidence_matrix(units: pd.DataFrame, codebook: Codebook, language: str = "en") -> pd.DataFrame:
    """Build the theme x stream evidence matrix with amounts, directions and convergence.

    Parameters
    ----------
    units : DataFrame
        From :func:`evidence_units`.
    codebook : Codebook
    language : str
        Language of the theme labels.

    Returns
    -------
    DataFrame
        One row per codebook theme (codebook order): ``theme, label, depth``; per stream
        ``<stream>_n, <stream>_worse, <stream>_better, <stream>_direction``; one
        ``interviews:<group>`` count column per informant group; ``n_streams, direction,
        convergence``. A unit counts for its theme and every ancestor, once per theme.
    """
    chains = ancestors(codebook)
    rolled = []
    for rec in units.itertuples(index=False):
        for theme in chains.get(rec.code, [rec.code]):
            rolled.append((rec.stream, rec.group, rec.unit_id, theme, rec.signal))
    long = pd.DataFrame(rolled, columns=["stream", "group", "unit_id", "theme", "signal"])
    long = long.drop_duplicates(["stream", "unit_id", "theme"])
    groups = sorted(g for g in long.loc[long["stream"] == "interviews", "group"].unique() if g)
    out = []
    for code in codebook.codes:
        sub = long[long["theme"] == code.id]
        row: dict = {"theme": code.id, "label": code.label.get(language), "depth": len(chains[code.id]) - 1}
        directions = {}
        for stream in STREAMS:
            s = sub[sub["stream"] == stream]
            n, worse, better = len(s), int((s["signal"] == "worse").sum()), int((s["signal"] == "better").sum())
            row[f"{stream}_n"], row[f"{stream}_worse"], row[f"{stream}_better"] = n, worse, better
            row[f"{stream}_direction"] = stream_direction(worse, better) if n else ""
            if n:
                directions[stream] = row[f"{stream}_direction"]
            if stream == "interviews":
                for g in groups:
                    row[f"interviews:{g}"] = int((s["group"] == g).sum())
        row["n_streams"] = len(directions)
        row["direction"] = overall_direction(directions)
        row["convergence"] = convergence(directions)
        out.append(row)
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Problem:
    """One problem found in the framework, naming its entry.

    Attributes
    ----------
    where : str
        ``recommendations.yaml: recommendations[i] (id 'R1').evidence[j]`` or similar.
    message : str
    blocking : bool
        True stops the run; False is printed as a visible warning in the report.
    """

    where: str
    message: str
    blocking: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _entry(i: int, rec: Recommendation) -> str:
    return f"recommendations.yaml: recommendations[{i}] (id '{rec.id}')"


def resolve_link(
    link: EvidenceLink, artefacts: Artefacts, codebook: Codebook, indicators: IndicatorSet,
    region: str, period: str, matrix: pd.DataFrame | None = None,
) -> dict:
    """Resolve one evidence link against the artefacts.

    Returns
    -------
    dict
        ``type, ref, resolved_id, anchor, label, detail, source, ok, problem`` where ``label`` is the
        formatted citation / quote text / report title / indicator value and ``problem`` says why the
        link does not resolve (empty when ``ok``).
    """
    out = {"type": link.type, "ref": link.ref, "resolved_id": "", "anchor": "", "label": "",
           "detail": "", "source": "", "note": link.note or "", "ok": False, "problem": ""}
    if link.type == "study":
        inc = artefacts.table("02-screening", "included.csv")
        hit = inc[inc["record_id"] == link.ref]
        if hit.empty and normalise_doi(link.ref):
            dois = inc["doi"].map(normalise_doi)
            hit = inc[(dois != "") & (dois == normalise_doi(link.ref))]
        if hit.empty:
            out["problem"] = (f"study '{link.ref}' is not among the included studies "
                              "(02-screening/included.csv, by record_id or doi)")
            return out
        r = hit.iloc[0]
        out.update(resolved_id=r["record_id"], anchor=anchor("study", r["record_id"]),
                   label=_text(r.get("citation")) or _text(r.get("title")), detail=_text(r.get("doi")), ok=True)
    elif link.type == "quote":
        seg = artefacts.table("03-coding", "segments.csv")
        hit = seg[seg["segment_id"] == link.ref]
        if hit.empty:
            out["problem"] = f"quote '{link.ref}' is not a segment id of 03-coding/segments.csv (format DOCUMENT:TURN)"
            return out
        r = hit.iloc[0]
        out.update(resolved_id=r["segment_id"], anchor=anchor("quote", r["segment_id"]), label=_text(r["text"]),
                   detail=_text(r.get("informant_group")), source=_text(r.get("document_id")), ok=True)
    elif link.type == "report":
        rep = artefacts.table("04-social-reports", "social_reports.csv")
        hit = rep[rep["report_id"] == link.ref]
        if hit.empty:
            out["problem"] = f"report '{link.ref}' is not a report_id of 04-social-reports/social_reports.csv"
            return out
        r = hit.iloc[0]
        out.update(resolved_id=r["report_id"], anchor=anchor("report", r["report_id"]),
                   label=(_text(r.get("phenomenon_title")) or _text(r.get("phenomenon_description"))
                          or _text(r.get("description")) or r["report_id"]),
                   detail=_text(r.get("observation_type")), source=_text(r.get("submitted_at")), ok=True)
    elif link.type == "indicator":
        known = {i.id for i in indicators.indicators}
        if link.ref not in known:
            out["problem"] = f"indicator '{link.ref}' is not in indicators.yaml"
            return out
        prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
        hit = prof[prof["indicator_id"] == link.ref]
        if hit.empty:
            out["problem"] = (f"indicator '{link.ref}' has no data for region {region} in {period} "
                              "(06-regional-profile/profile.csv)")
            return out
        r = hit.iloc[0]
        out.update(resolved_id=link.ref, anchor=anchor("indicator", link.ref),
                   label=f"{_num(r['value'])} {_text(r.get('unit'))} ({int(r['year'])})".replace("  ", " "),
                   detail=_text(r.get("signal")), source=indicator_citation(artefacts, link.ref, indicators), ok=True)
    elif link.type == "theme":
        if link.ref not in {c.id for c in codebook.codes}:
            out["problem"] = f"theme '{link.ref}' is not in the codebook"
            return out
        if matrix is not None:
            row = matrix[matrix["theme"] == link.ref]
            if not row.empty and int(row.iloc[0]["n_streams"]) == 0:
                out["problem"] = f"theme '{link.ref}' has no evidence in any stream"
                return out
            if not row.empty:
                out["detail"] = str(row.iloc[0]["convergence"])
        out.update(resolved_id=link.ref, anchor=anchor("theme", link.ref), label=link.ref, ok=True)
    return out


def indicator_citation(artefacts: Artefacts, indicator_id: str, indicators: IndicatorSet) -> str:
    """Citation of an indicator: ``05-indicator-data/citations.csv`` or, failing that, the indicator set."""
    cit = artefacts.get("05-indicator-data", "citations.csv")
    if cit is not None and "citation" in cit.columns:
        hit = cit[cit["indicator_id"] == indicator_id]
        if len(hit) and _text(hit.iloc[0]["citation"]):
            return _text(hit.iloc[0]["citation"])
    for ind in indicators.indicators:
        if ind.id == indicator_id:
            sid = f", indicator {ind.sotkanet_id}" if ind.sotkanet_id else ""
            return f"{ind.data_owner} ({ind.source}{sid})"
    return ""


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _num(value) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return _text(value)
    if math.isnan(x):
        return ""
    return f"{x:.3f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def resolve_evidence(
    framework: RecommendationFramework, artefacts: Artefacts, codebook: Codebook, indicators: IndicatorSet,
    region: str, period: str, matrix: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Resolve the evidence links of every team recommendation.

    Returns
    -------
    evidence : DataFrame
        One row per link: ``recommendation_id, position`` and the fields of :func:`resolve_link`.
    problems : list of Problem
        Unresolvable links, recommendations without evidence and themes outside the codebook, each
        naming its framework entry; blocking unless the recommendation has ``allow_without_evidence``
        (a theme outside the codebook always blocks).
    """
    known = {c.id for c in codebook.codes}
    rows, problems = [], []
    for i, rec in enumerate(framework.recommendations):
        where = _entry(i, rec)
        soft = rec.allow_without_evidence
        if rec.theme not in known:
            problems.append(Problem(f"{where}.theme", f"theme '{rec.theme}' is not in the codebook"))
        if not rec.evidence:
            problems.append(Problem(where, "cites no evidence" + (
                " (allowed by allow_without_evidence: shown as unsupported)" if soft else
                "; add evidence links or set allow_without_evidence: true"), blocking=not soft))
        for j, link in enumerate(rec.evidence):
            res = resolve_link(link, artefacts, codebook, indicators, region, period, matrix)
            rows.append({"recommendation_id": rec.id, "position": j, **res})
            if not res["ok"]:
                problems.append(Problem(f"{where}.evidence[{j}]", res["problem"], blocking=not soft))
    cols = ["recommendation_id", "position", "type", "ref", "resolved_id", "anchor", "label", "detail",
            "source", "note", "ok", "problem"]
    return pd.DataFrame(rows, columns=cols), problems


# --------------------------------------------------------------------------------------- drafts


def draft_recommendations(
    matrix: pd.DataFrame, units: pd.DataFrame, framework: RecommendationFramework, codebook: Codebook,
    artefacts: Artefacts, *, max_links: int = 4,
) -> list[Recommendation]:
    """Draft candidate recommendations where the evidence converges on a problem without a team one.

    Parameters
    ----------
    matrix : DataFrame
        From :func:`evidence_matrix`.
    units : DataFrame
        From :func:`evidence_units` (the units a draft cites).
    framework : RecommendationFramework
        The team's recommendations (their themes are covered) and ``draft_min_streams``.
    codebook : Codebook
    artefacts : Artefacts
        For quotes (``03-coding/quotes.csv``) to cite.
    max_links : int
        At most this many units per stream are cited.

    Returns
    -------
    list of Recommendation
        With ids ``DRAFT-<theme>``, statement ``DRAFT: ...``, ``allow_without_evidence`` False and
        evidence links to the worse indicators, problem reports, quotes and studies of the theme.
    """
    covered = {r.theme for r in framework.recommendations}
    leaves = set(leaf_codes(codebook))
    quotes = artefacts.get("03-coding", "quotes.csv")
    drafts = []
    for row in matrix.itertuples(index=False):
        if (row.theme not in leaves or row.theme in covered or row.direction != "worse"
                or row.convergence not in ("agree", "partly") or row.n_streams < framework.draft_min_streams):
            continue
        sub = units[units["code"] == row.theme]
        links: list[EvidenceLink] = []
        ind = sub[(sub["stream"] == "indicators") & (sub["signal"] == "worse")]
        links += [EvidenceLink(type="indicator", ref=u) for u in sorted(ind["unit_id"])[:max_links]]
        rep = sub[(sub["stream"] == "social_reports") & (sub["signal"] == "worse")]
        links += [EvidenceLink(type="report", ref=u) for u in sorted(rep["unit_id"])[:max_links]]
        seg = set(sub.loc[sub["stream"] == "interviews", "unit_id"])
        if quotes is not None and {"quote_id", "code"} <= set(quotes.columns):
            q = quotes[(quotes["code"] == row.theme) & quotes["quote_id"].isin(seg)]
            if "score" in q.columns:
                q = q.assign(_s=pd.to_numeric(q["score"], errors="coerce")).sort_values("_s", ascending=False)
            chosen = list(dict.fromkeys(q["quote_id"]))[:max_links]
        else:
            chosen = sorted(seg)[:max_links]
        links += [EvidenceLink(type="quote", ref=u) for u in chosen]
        lit = sub[sub["stream"] == "literature"]
        links += [EvidenceLink(type="study", ref=u) for u in sorted(lit["unit_id"])[:max_links]]
        links.append(EvidenceLink(type="theme", ref=row.theme))
        streams = [s for s in STREAMS if getattr(row, f"{s}_n")]
        statement = {
            "en": f"DRAFT: the evidence on '{_label(codebook, row.theme, 'en')}' points to a problem "
                  f"({row.convergence}; {', '.join(s.replace('_', ' ') for s in streams)}). "
                  "The team should decide whether and what to recommend.",
            "fi": f"LUONNOS: teeman '{_label(codebook, row.theme, 'fi')}' näyttö viittaa ongelmaan "
                  f"({row.convergence}; {len(streams)} aineistoa). Tiimi päättää, suositellaanko ja mitä.",
        }
        drafts.append(Recommendation(
            id=f"DRAFT-{row.theme}", statement=statement, theme=row.theme, actor=["other"],
            timeframe="medium", evidence=links,
            monitoring=[Monitoring(indicator=u) for u in sorted(ind["unit_id"])],
        ))
    return drafts


def _label(codebook: Codebook, code: str, language: str) -> str:
    for c in codebook.codes:
        if c.id == code:
            return c.label.get(language)
    return code


# --------------------------------------------------------------------------------------- monitoring


def default_target(baseline: float, better: str, change: float, unit: str = "") -> float | None:
    """The documented default target: ``baseline`` improved by the relative ``change``.

    Returns
    -------
    float or None
        ``baseline * (1 - change)`` when lower is better, ``baseline * (1 + change)`` (at most 100
        for ``%`` units) when higher is better, None for context indicators.
    """
    if better == "lower":
        return round(baseline * (1 - change), 3)
    if better == "higher":
        target = baseline * (1 + change)
        return round(min(target, 100.0) if unit.strip() == "%" else target, 3)
    return None


def monitoring_table(
    recommendations: list[Recommendation], framework: RecommendationFramework, indicators: IndicatorSet,
    artefacts: Artefacts, region: str, period: str, *, drafts: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[Problem]]:
    """Build the monitoring table: one row per (recommendation, monitoring indicator).

    Parameters
    ----------
    recommendations : list of Recommendation
        Team recommendations first (in framework order), then drafts.
    framework : RecommendationFramework
        For ``default_target_change``.
    indicators : IndicatorSet
    artefacts : Artefacts
    region, period : str
    drafts : tuple of str
        Ids of the draft recommendations (their problems never block).

    Returns
    -------
    table : DataFrame
        ``recommendation_id, status, indicator, title, theme, sotkanet_id, unit, better, baseline_year,
        baseline_value, target, target_source, target_year, update_frequency, data_owner, breakdowns``.
    problems : list of Problem
        An indicator without data for the region (blocking unless ``allow_without_evidence``), a
        target in the wrong direction (always blocking), a recommendation without monitoring (warning).
    """
    meta = {i.id: i for i in indicators.indicators}
    prof = region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period)
    base = {r["indicator_id"]: r for _, r in prof.iterrows()}
    rows, problems = [], []
    team_index = {r.id: i for i, r in enumerate(framework.recommendations)}
    for rec in recommendations:
        is_draft = rec.id in drafts
        where = _entry(team_index[rec.id], rec) if rec.id in team_index else f"draft {rec.id}"
        if not rec.monitoring:
            problems.append(Problem(where, "has no monitoring indicator", blocking=False))
        for j, m in enumerate(rec.monitoring):
            here = f"{where}.monitoring[{j}]"
            ind = meta.get(m.indicator)
            if ind is None:
                problems.append(Problem(here, f"indicator '{m.indicator}' is not in indicators.yaml"))
                continue
            r = base.get(m.indicator)
            baseline = None if r is None else float(r["value"])
            if r is None:
                problems.append(Problem(
                    here, f"indicator '{m.indicator}' has no data for region {region} in {period} "
                          "(06-regional-profile/profile.csv)",
                    blocking=not (rec.allow_without_evidence or is_draft)))
            target, source = m.target, "framework"
            if target is not None and baseline is not None and ind.better in ("lower", "higher"):
                wrong = target >= baseline if ind.better == "lower" else target <= baseline
                if wrong:
                    problems.append(Problem(
                        here, f"target {_num(target)} for '{m.indicator}' is not better than the baseline "
                              f"{_num(baseline)} ({int(r['year'])}): {ind.better} is better for this indicator"))
            if target is None:
                target = None if baseline is None else default_target(
                    baseline, ind.better, framework.default_target_change, ind.unit)
                source = "default" if target is not None else ("context indicator" if ind.better == "context" else "")
            rows.append({
                "recommendation_id": rec.id, "status": "draft" if is_draft else "team",
                "indicator": m.indicator, "title": ind.title.get("en"), "theme": "; ".join(ind.themes),
                "sotkanet_id": ind.sotkanet_id if ind.sotkanet_id is not None else "",
                "unit": ind.unit, "better": ind.better,
                "baseline_year": "" if r is None else int(r["year"]),
                "baseline_value": "" if baseline is None else baseline,
                "target": "" if target is None else target, "target_source": source,
                "target_year": m.target_year or "", "update_frequency": ind.update_frequency,
                "data_owner": ind.data_owner, "breakdowns": "; ".join(ind.breakdowns),
            })
    cols = ["recommendation_id", "status", "indicator", "title", "theme", "sotkanet_id", "unit", "better",
            "baseline_year", "baseline_value", "target", "target_source", "target_year", "update_frequency",
            "data_owner", "breakdowns"]
    return pd.DataFrame(rows, columns=cols), problems


# --------------------------------------------------------------------------------------- together


@dataclass(frozen=True)
class SynthesisResult:
    """Everything the synthesis computed for one run (and region).

    Attributes
    ----------
    region, region_name, period : str
    units : DataFrame
        :func:`evidence_units`.
    matrix : DataFrame
        :func:`evidence_matrix`.
    recommendations : list of Recommendation
        Team recommendations (framework order) followed by drafts.
    drafts : tuple of str
        Ids of the drafts.
    evidence : DataFrame
        Resolved links of all recommendations (:func:`resolve_link` fields).
    monitoring : DataFrame
        :func:`monitoring_table`.
    warnings : tuple of Problem
        Non-blocking problems, printed in the report.
    """

    region: str
    region_name: str
    period: str
    units: pd.DataFrame
    matrix: pd.DataFrame
    recommendations: tuple[Recommendation, ...]
    drafts: tuple[str, ...]
    evidence: pd.DataFrame
    monitoring: pd.DataFrame
    warnings: tuple[Problem, ...]

    def recommendations_table(self, language: str = "en") -> pd.DataFrame:
        """One row per recommendation, as written to ``recommendations.csv``."""
        rows = []
        for rec in self.recommendations:
            ev = self.evidence[self.evidence["recommendation_id"] == rec.id]
            ok = ev[ev["ok"].astype(bool)]
            warn = [p.message for p in self.warnings if f"(id '{rec.id}')" in p.where or p.where == f"draft {rec.id}"]
            rows.append({
                "recommendation_id": rec.id, "status": "draft" if rec.id in self.drafts else "team",
                "theme": rec.theme, "statement": rec.statement.get(language),
                "actor": "" if rec.id in self.drafts else "; ".join(rec.actor),
                "timeframe": "" if rec.id in self.drafts else rec.timeframe,
                "resources": rec.resources or "", "risks": rec.risks or "",
                "evidence": "; ".join(f"{t}:{i}" for t, i in zip(ok["type"], ok["resolved_id"], strict=True)),
                "n_evidence": len(ok), "unresolved": "; ".join(ev.loc[~ev["ok"].astype(bool), "ref"]),
                "allow_without_evidence": rec.allow_without_evidence, "warnings": " | ".join(warn),
            })
        return pd.DataFrame(rows, columns=[
            "recommendation_id", "status", "theme", "statement", "actor", "timeframe", "resources", "risks",
            "evidence", "n_evidence", "unresolved", "allow_without_evidence", "warnings"])


def synthesise(
    framework: RecommendationFramework, codebook: Codebook, indicators: IndicatorSet, artefacts: Artefacts,
    region: str, period: str, language: str = "en",
) -> SynthesisResult:
    """Run the whole synthesis: units, matrix, evidence resolution, drafts, monitoring.

    Parameters
    ----------
    framework, codebook, indicators
        From the review configuration (``load_review(...).recommendations`` etc.).
    artefacts : Artefacts
        From :func:`load_artefacts`.
    region : str
        Region code of the run (``SSS`` for the whole country).
    period : str
        ``"Y1-Y2"``.
    language : str
        Language of labels in the matrix.

    Returns
    -------
    SynthesisResult

    Raises
    ------
    StageInputError
        Listing every blocking problem, each naming its framework entry.
    """
    units = evidence_units(artefacts, codebook, region, period)
    matrix = evidence_matrix(units, codebook, language)
    evidence, problems = resolve_evidence(framework, artefacts, codebook, indicators, region, period, matrix)
    drafts = draft_recommendations(matrix, units, framework, codebook, artefacts)
    draft_ids = tuple(d.id for d in drafts)
    for d in drafts:
        for j, link in enumerate(d.evidence):
            res = resolve_link(link, artefacts, codebook, indicators, region, period, matrix)
            evidence.loc[len(evidence)] = {"recommendation_id": d.id, "position": j, **res}
            if not res["ok"]:
                problems.append(Problem(f"draft {d.id}.evidence[{j}]", res["problem"], blocking=False))
    recs = [*framework.recommendations, *drafts]
    monitoring, mproblems = monitoring_table(recs, framework, indicators, artefacts, region, period, drafts=draft_ids)
    problems += mproblems
    blocking = [p for p in problems if p.blocking]
    if blocking:
        n = len(blocking)
        raise StageInputError(
            f"The recommendation framework has {n} problem{'s' if n != 1 else ''} for region {region}, {period}:\n"
            + "\n".join(f"  - {p}" for p in blocking)
        )
    unknown = unknown_codes(artefacts, codebook)
    warnings = [p for p in problems if not p.blocking]
    if unknown:
        warnings.append(Problem("03-coding/codings.csv", f"codes not in the codebook were left out: {', '.join(unknown)}",
                                blocking=False))
    return SynthesisResult(
        region=normalise_region(region), region_name=region_name(artefacts.table("06-regional-profile", "profile.csv"), region),
        period=period, units=units, matrix=matrix, recommendations=tuple(recs), drafts=draft_ids,
        evidence=evidence, monitoring=monitoring, warnings=tuple(warnings),
    )


def write_outputs(result: SynthesisResult, run_dir: str | Path, language: str = "en") -> list[Path]:
    """Write ``evidence_matrix.csv``, ``recommendations.csv`` and ``monitoring.csv`` to ``07-synthesis``.

    Returns
    -------
    list of Path
    """
    return [
        writers.write_table(result.matrix, run_dir, STAGE, "evidence_matrix.csv"),
        writers.write_table(result.recommendations_table(language), run_dir, STAGE, "recommendations.csv"),
        writers.write_table(result.monitoring, run_dir, STAGE, "monitoring.csv"),
    ]
