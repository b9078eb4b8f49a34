"""The report as a reader sees it: executed notebook 05 -> report HTML -> headless Chromium.

Needs Debian's chromium (``make browser`` installs it); skipped with the reason where it is absent.
The screenshots are kept in ``outputs/browser-test/`` to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import papermill as pm
import pytest

from .test_report_html import Scan

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
RUN = TESTS / "data" / "synthesis_run"
NOTEBOOK = ROOT / "notebooks" / "07-synthesis-report.ipynb"
SHOTS = ROOT / "outputs" / "browser-test"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def chromium_path() -> str:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("headless Chromium not installed (/usr/bin/chromium); run `make browser` (apt-get install chromium)")


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [chromium_path(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    """Lines of Chromium's log that are messages of the page's console (errors, warnings, logs)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Execute notebook 06 (in Finnish) on a copy of the fixture run and render it like the runner does."""
    from review_tools.run import render_html

    chromium_path()
    tmp = tmp_path_factory.mktemp("report")
    run = tmp / "run"
    shutil.copytree(RUN, run)
    (tmp / "corpus").mkdir()
    executed = tmp / "07-synthesis-report.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK), str(executed), kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOK.parent),
        parameters={"review_dir": str(run / "review"), "corpus_dir": str(tmp / "corpus"), "run_dir": str(run),
                    "region": "5", "period": "2000-2012", "language": "fi"},
    )
    page = render_html(executed, tmp / "report.html", title="Suositusraportti", subtitle="region=5")
    return {"page": page, "run": run}


def test_notebook_wrote_the_synthesis_artefacts(rendered):
    out = rendered["run"] / "artefacts" / "07-synthesis"
    for name in ("evidence_matrix.csv", "recommendations.csv", "monitoring.csv"):
        assert (out / name).stat().st_size > 100


def test_console_scan_catches_errors(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom"); nope();</script></body></html>', encoding="utf-8")
    res = chromium(bad, tmp_path / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom")
    messages = console_messages(res.stderr)
    assert any("boom" in m for m in messages) and any("nope" in m for m in messages)


def test_report_renders_without_console_errors_and_links_resolve(rendered, tmp_path):
    page = rendered["page"]
    size = page.stat().st_size
    assert size < 5_000_000, f"report is {size} bytes"
    res = chromium(page, tmp_path / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert res.returncode == 0, res.stderr[-2000:]
    assert console_messages(res.stderr) == []
    dom = Scan()
    dom.feed(res.stdout)
    assert dom.scripts == 0
    assert dom.external_resources == []
    assert len(dom.internal) > 50
    assert sorted(set(dom.internal) - set(dom.ids)) == []
    for target in ("rec-R1", "study-prince_effects_2019", "quote-INT03_12", "report-SR-2024-017",
                   "indicator-child_placements", "warnings"):
        assert target in dom.ids


@pytest.mark.parametrize("width", [1200, 390])
def test_screenshot(rendered, width, tmp_path):
    from PIL import Image

    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"report-{width}.png"
    res = chromium(rendered["page"], tmp_path / "profile", f"--window-size={width},2400", f"--screenshot={shot}",
                   "--hide-scrollbars")
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    with Image.open(shot) as im:
        assert im.size == (width, 2400)
        grey = im.convert("L")
        lo, hi = grey.getextrema()
        assert hi - lo > 100, "the screenshot is blank"
