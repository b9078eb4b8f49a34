"""The readable run index (``OUT/index.html``): each run named by its region (in the run's language), in
region-code order (numbers as numbers), with its status and, for a failed run, the reason in plain words;
the batch's regions x themes table fits the page (no sideways scrolling at 1280 px).

:func:`run_entry` turns a run's ``manifest.json`` into an index row, :func:`order_runs` sorts rows,
:func:`failure_reason` words an error; :func:`runs_index_page` and :func:`signal_overview` render.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .i18n import t, v
from .pages import Markup, render

__all__ = ["run_entry", "order_runs", "failure_reason", "index_language", "runs_index_page", "signal_overview"]

SIGNAL_COLOURS = {"better": "#cfe8cf", "worse": "#f6c9c4", "no clear change": "#eeeeee", "mixed": "#fbe9c6"}
_STAGE = re.compile(r"\b(\d\d)-([a-z0-9-]+)")
_PREFIX = re.compile(r"^.*?cell \d+ \(.*?\) failed: (?:[A-Za-z_.]+(?:Error|Exception|Warning)): ", re.S)


@functools.lru_cache(maxsize=8)
def _names(corpus_dir: str) -> dict[str, dict[str, str]]:
    """``{code: {fi, sv, en}}`` of every region of the corpus's current municipality key ({} without one)."""
    from ..parameters import CURRENT_KEY_YEAR, region_table
    from ..readers.key_records import read_key_records

    path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{CURRENT_KEY_YEAR}.csv"
    if not path.exists():
        return {}
    return {r["code"]: {lg: r[f"name_{lg}"] or r["name_fi"] for lg in ("fi", "sv", "en")}
            for r in region_table(read_key_records(path))}


def failure_reason(error: str, language: str = "en") -> str:
    """A failed run's error in plain words: the stage it stopped at and the first sentence of the message,
    without the notebook cell, the exception class or file paths."""
    if not error:
        return ""
    m = _STAGE.search(error)
    stage = f"{m.group(1)} ({m.group(2).replace('-', ' ')})" if m else ""
    msg = _PREFIX.sub("", error.strip()).split("\n")[0]
    msg = re.sub(r"\s*\(see [^)]*\)\s*$", "", msg)  # "(see outputs/.../07-synthesis-report.html)"
    msg = re.sub(r"(?<![\w.])/(?:[\w.-]+/)+", "", msg)  # absolute folders: the file name is enough
    msg = msg.rstrip(":").strip()
    return t("failed_at", language, stage=stage, reason=msg) if stage else msg


def run_entry(run_dir: Path, manifest: Mapping, *, base_parameters: Iterable[str] = ()) -> dict:
    """One row of the index from a run's manifest: ``name, has_report, status, parameters, seconds, finished,
    error, superseded, region, region_name, language, reason``."""
    params = dict(manifest.get("parameters") or {})
    language = str(params.get("language") or "en")
    region = str(params.get("region") or "")
    profile = (manifest.get("stage_outputs") or {}).get("06-regional-profile") or {}
    names = _names(str(params.get("corpus_dir") or "corpus")).get(region, {}) if region else {}
    name = names.get(language) or profile.get("region_name") or region
    error = str(manifest.get("error") or "")
    return {
        "name": run_dir.name, "has_report": (run_dir / "report.html").exists(),
        "status": str(manifest.get("status", "?")),
        "parameters": ", ".join(f"{k}={val}" for k, val in params.items() if k not in set(base_parameters)),
        "seconds": sum((manifest.get("timings_seconds") or {}).values()), "finished": manifest.get("finished") or "",
        "error": error, "superseded": manifest.get("superseded") or "", "region": region, "region_name": name,
        "language": language, "reason": failure_reason(error, language),
    }


def _code_key(code: str) -> tuple:
    """Counties (1-2 digits) by number, then municipalities (3 digits) by number, then the whole country."""
    if code.isdigit():
        return (0 if len(code) <= 2 else 1, int(code), code)
    return (2 if code.upper() == "SSS" else 3, 0, code)


def order_runs(runs: Iterable[Mapping]) -> list[Mapping]:
    """Runs with a region in region-code order (numbers as numbers), then the others by name."""
    return sorted(runs, key=lambda r: (*_code_key(r.get("region") or "~"), r["name"]))


def index_language(runs: Iterable[Mapping]) -> str:
    """The language most of the runs were written in (``en`` when none)."""
    counts = Counter(r.get("language") or "en" for r in runs)
    return counts.most_common(1)[0][0] if counts else "en"


def runs_index_page(runs: Iterable[Mapping], overview: str = "") -> str:
    """``OUT/index.html``: one row per run (region name, status, reason of a failure, parameters, seconds,
    finished) after the ``overview`` HTML (from :func:`signal_overview`)."""
    runs = order_runs(runs)
    lang = index_language(runs)
    rows = [{**r, "status_text": v(r["status"], lang)} for r in runs]
    return render("runs_index", runs=rows, overview=Markup(overview), lang=lang, t=t)


def _breakable(code: str) -> Markup:
    """A theme code that may wrap after its dots (so the column stays narrow)."""
    from markupsafe import escape

    return Markup("<wbr>.".join(str(escape(p)) for p in str(code).split(".")))


def signal_overview(signals, run_names: list[str], labels: Mapping[str, str] | None = None, language: str = "en") -> str:
    """The batch's regions x themes table of indicator signals, each row linking the region's report.

    Parameters
    ----------
    signals : DataFrame
        ``run, theme, signal`` (the runs' ``06-regional-profile/theme_signals.csv``).
    run_names : list of str
        Row order.
    labels : mapping, optional
        Run name -> the region's name shown (default the run name).
    language : str
        Of the headings and signal words.

    Returns
    -------
    str
        HTML ("" when there are no signals).
    """
    if signals is None or not len(signals):
        return ""
    labels = labels or {}
    themes = list(dict.fromkeys(signals["theme"]))
    rows = []
    for run_name in run_names:
        sub = signals[signals["run"] == run_name].set_index("theme")["signal"].to_dict()
        cells = [{"signal": v(sub.get(th, ""), language), "colour": SIGNAL_COLOURS.get(sub.get(th, ""), "#ffffff")}
                 for th in themes]
        rows.append({"name": run_name, "label": labels.get(run_name, run_name), "cells": cells})
    return render("signal_overview", themes=[_breakable(th) for th in themes], rows=rows, lang=language, t=t)
