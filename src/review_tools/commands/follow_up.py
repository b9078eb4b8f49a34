"""``review-tools follow-up RUN_A RUN_B``: the progress of the monitoring indicators from one run to another.

Reads the ``monitoring_values.csv`` both runs recorded (stage 07) and prints, per recommendation and
indicator, the baseline, the target, RUN_A's and RUN_B's values, the change and RUN_B's progress
status (the same rule and the same statuses as RUN_B's report), then the status per recommendation.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ReviewToolsError

__all__ = ["register", "load_values", "follow_up_lines", "indicator_titles"]

KEY = "07-synthesis-report/monitoring_values.csv"


def register(sub) -> None:
    """Add the ``follow-up`` command."""
    p = sub.add_parser(
        "follow-up", help="compare the monitoring indicators of two runs (on track, off track, no data)",
        description="Print the follow-up of the monitoring indicators from RUN_A (earlier) to RUN_B (later): "
        "baseline, target, both runs' values and RUN_B's progress status, per indicator and per recommendation.",
    )
    p.add_argument("run_a", metavar="RUN_A", help="the earlier run (a folder name under --out)")
    p.add_argument("run_b", metavar="RUN_B", help="the later run")
    p.add_argument("--out", default="outputs", help="output folder of all runs (default: outputs)")
    p.set_defaults(func=run)


def load_values(out_dir: Path, name: str):
    """The ``monitoring_values.csv`` of run ``name``; errors name the run and list the runs there are."""
    from ..pipeline import read_artefact
    from ..run_folders import check_run_name, run_names

    names = run_names(out_dir)
    check_run_name(name)
    if not (out_dir / name).is_dir():
        listed = ", ".join(names) if names else "none"
        raise ReviewToolsError(f"run '{name}' not found in {out_dir}; the runs there are: {listed}")
    df = read_artefact(out_dir / name, KEY, optional=True, dtype=str)
    if df is None:
        have = [n for n in names if (out_dir / n / "artefacts" / "07-synthesis" / "monitoring_values.csv").exists()]
        raise ReviewToolsError(
            f"run '{name}' in {out_dir} has no monitoring values (07-synthesis/monitoring_values.csv): it did not reach "
            f"stage 07 or was made before runs recorded them; runs with monitoring values: {', '.join(have) or 'none'}")
    return df


def _cell(value, year=None) -> str:
    text = str(value) if value is not None else ""
    if text in ("", "nan", "None"):
        return "-"
    try:
        f = float(text)
        text = f"{f:.1f}" if abs(f) < 1e6 else f"{f:.0f}"
    except ValueError:
        pass
    y = "" if year is None else str(year)
    return f"{text} ({int(float(y))})" if y not in ("", "nan", "None") else text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return [fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def indicator_titles(run_dir: Path) -> dict[str, str]:
    """Indicator id -> title in the run's language, from the review configuration the run recorded.

    Empty when the run's manifest names no review folder or that folder no longer loads (the table
    then names indicators by id only).
    """
    import json

    from ..config import load_review

    try:
        params = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8")).get("parameters") or {}
        if not params.get("review_dir"):
            return {}
        cfg = load_review(Path(params["review_dir"]))
    except (OSError, ValueError, ReviewToolsError):
        return {}
    language = str(params.get("language") or "en")
    return {ind.id: ind.title.get(language) for ind in cfg.indicators.indicators}


def follow_up_lines(name_a: str, a, name_b: str, b, titles: dict[str, str] | None = None) -> list[str]:
    """The printed follow-up of run ``name_b`` against ``name_a`` (their monitoring values); ``titles``
    (indicator id -> title) adds a key to the indicator ids below the tables."""
    from ..synthesis import follow_up_table, recommendation_status

    fu = follow_up_table(b, [(name_a, a)])
    rows = [[m.recommendation_id, m.indicator, m.better, _cell(m.baseline, m.baseline_year),
             _cell(m.target, m.target_year) if str(m.target) not in ("", "nan", "None") else "no target set",
             _cell(m.previous_value, m.previous_year), _cell(m.value, m.year), m.change or "-", m.status]
            for m in fu.itertuples(index=False)]
    region = ", ".join(sorted(set(b["region"].astype(str))))
    lines = [f"Follow-up of the monitoring indicators, region {region}: {name_a} -> {name_b}", ""]
    lines += _table(["recommendation", "indicator", "better", "baseline", "target", name_a, name_b, "change", "status"], rows)
    recs = recommendation_status(fu)
    lines += ["", "Per recommendation:"]
    lines += _table(["recommendation", "status", "on track", "off track", "no data"],
                    [[r.recommendation_id, r.status, str(r.on_track), str(r.off_track), str(r.no_data)]
                     for r in recs.itertuples(index=False)])
    shown = [i for i in dict.fromkeys(str(m) for m in fu["indicator"]) if (titles or {}).get(i)]
    if shown:
        lines += ["", "Indicators:"]
        lines += _table(["indicator", "title"], [[i, titles[i]] for i in shown])
    return lines


def run(args) -> int:
    """Print the follow-up table of RUN_B against RUN_A."""
    out = Path(args.out)
    if not out.is_dir():
        raise ReviewToolsError(f"output folder {out} not found; give the folder of the runs with --out")
    a, b = load_values(out, args.run_a), load_values(out, args.run_b)
    ra, rb = set(a["region"].astype(str)), set(b["region"].astype(str))
    if ra and rb and not ra & rb:
        raise ReviewToolsError(f"run '{args.run_a}' is for region {', '.join(sorted(ra))} and run '{args.run_b}' for "
                               f"region {', '.join(sorted(rb))}; follow-up compares runs of the same region")
    print("\n".join(follow_up_lines(args.run_a, a, args.run_b, b, indicator_titles(out / args.run_b))))
    return 0
