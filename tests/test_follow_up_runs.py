"""End to end, as the user does it: the demo run twice with two data vintages, then the follow-up.

The first run reads a copy of the demo corpus whose 2011-2020 panel is cut after 2018; the second reads the
full corpus, into the same outputs folder. The second report must show, per monitoring indicator, its
progress against the baseline the first run recorded, and ``review-tools follow-up A B`` must print the
same statuses. Both runs execute every stage notebook (slow: one to three minutes each).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.report.i18n import VALUES
from review_tools.synthesis import STATUSES

from .conftest import ROOT

pytestmark = pytest.mark.slow

PANEL = Path("indicators") / "diak" / "huono_osaisuus_2011_2020.csv.gz"


def cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "review_tools.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


class Rows(HTMLParser):
    """The rows (cell texts) of the tables of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("follow_up")
    review = base / "review"
    shutil.copytree(ROOT / "review", review, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    cut = base / "corpus-2018"
    shutil.copytree(ROOT / "corpus", cut)
    panel = pd.read_csv(cut / PANEL, dtype=str)
    panel[pd.to_numeric(panel["aika"]) <= 2018].to_csv(cut / PANEL, index=False, compression="gzip")
    out = base / "outputs"
    common = ["--review", review, "--out", out, "--notebooks", ROOT / "notebooks", "--no-progress"]
    first = cli("run", "--corpus", cut, "--name", "vintage-2018", *common, cwd=base)
    assert first.returncode == 0, first.stderr[-3000:]
    second = cli("run", "--corpus", ROOT / "corpus", "--name", "vintage-2020", *common, cwd=base)
    assert second.returncode == 0, second.stderr[-3000:]
    return base, out


def art(out: Path, run: str, name: str) -> pd.DataFrame:
    return pd.read_csv(out / run / "artefacts" / "07-synthesis" / name, dtype=str, keep_default_na=False)


def test_first_run_records_the_2018_values_as_the_baseline(runs):
    _, out = runs
    a = art(out, "vintage-2018", "monitoring_values.csv")
    assert len(a) and set(a["region"]) == {"5"}
    with_data = a[a["value"] != ""]
    assert len(with_data) and set(with_data["year"]) == {"2018"}  # the cut vintage ends in 2018
    assert (with_data["baseline"] == with_data["value"]).all() and set(with_data["baseline_source"]) == {"this run"}
    assert set(a["status"]) == {"no data"}  # nothing to follow up yet


def test_second_run_follows_up_from_the_first_runs_baseline(runs):
    _, out = runs
    a = art(out, "vintage-2018", "monitoring_values.csv").set_index(["recommendation_id", "indicator"])
    fu = art(out, "vintage-2020", "follow_up.csv").set_index(["recommendation_id", "indicator"])
    followed = fu[fu["previous_value"] != ""]
    assert len(followed)
    for key, row in followed.iterrows():
        assert row.baseline == a.loc[key, "baseline"] and row.baseline_year == "2018"
        assert row.previous_run == "vintage-2018" and row.previous_value == a.loc[key, "value"]
        if row.value:
            assert int(row.year) > 2018
            worse = float(row.value) > float(row.baseline) if row.better == "lower" else float(row.value) < float(row.baseline)
            if worse:  # direction-aware: a value worse than the baseline is never on track
                assert row.status == "off track"
    assert {"on track", "off track"} <= set(fu["status"])
    assert set(fu["status"]) <= set(STATUSES)


def report_statuses(out: Path) -> dict:
    html = (out / "vintage-2020" / "report.html").read_text(encoding="utf-8")
    parser = Rows()
    parser.feed(html[html.index('id="follow-up"'):html.index('id="welfare-report"')])
    labels = {VALUES["en"][s]: s for s in STATUSES}
    got = {}
    for row in parser.rows:
        if len(row) == 8 and row[-1] in labels:
            got[(row[0], row[1])] = labels[row[-1]]
    return got


def test_second_report_shows_the_status_of_every_monitoring_indicator(runs):
    _, out = runs
    fu = art(out, "vintage-2020", "follow_up.csv")
    titles = {}
    for ind in yaml.safe_load((ROOT / "review" / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]:
        titles[ind["id"]] = ind["title"]["en"]
    shown = report_statuses(out)
    expected = {(r.recommendation_id, f"{titles[r.indicator]} ({r.better})"): r.status for r in fu.itertuples()}
    assert shown == expected
    assert {"on track", "off track", "no data"} <= set(shown.values())
    html = (out / "vintage-2020" / "report.html").read_text(encoding="utf-8")
    assert "vintage-2018" in html and 'id="welfare-report"' in html
    page = out / "vintage-2020" / "artefacts" / "07-synthesis" / "welfare_report.html"
    assert page.exists() and (out / "vintage-2020" / "artefacts" / "07-synthesis" / "follow_up.png").exists()


def test_cli_follow_up_prints_the_same_statuses(runs):
    base, out = runs
    done = cli("follow-up", "vintage-2018", "vintage-2020", "--out", out, cwd=base)
    assert done.returncode == 0, done.stderr
    fu = art(out, "vintage-2020", "follow_up.csv")
    lines = done.stdout.splitlines()
    for r in fu.itertuples():
        line = next(x for x in lines if x.startswith(r.recommendation_id + " ") and f" {r.indicator} " in x)
        assert re.search(rf"\s{re.escape(r.status)}$", line), line
    shown = report_statuses(out)
    assert sorted(shown.values()) == sorted(fu["status"])


def test_cli_unknown_run_names_it_and_lists_the_runs(runs):
    base, out = runs
    done = cli("follow-up", "vintage-2018", "vintage-2019", "--out", out, cwd=base)
    assert done.returncode == 1
    assert "run 'vintage-2019' not found" in done.stderr
    assert "vintage-2018, vintage-2020" in done.stderr
