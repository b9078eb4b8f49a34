"""Accessibility as a reader's browser sees it: the demo run's report and every stage page (and the run
indexes) loaded in Debian's Chromium through Playwright, axe-core (npm, pinned in ``tests/a11y/``, installed
by ``make a11y``) injected and run with the WCAG 2.1 A and AA rules. Any serious or critical violation fails
the test and is printed. The pages stay self-contained: every request other than ``file:`` and ``data:`` is
recorded and refused, and the test fails on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._axe import BLOCKING, axe_source, describe, run_axe
from ._demo_runs import demo_run
from ._jupyterlab import CHROMIUM_ARGS, chromium_executable, sync_playwright

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory) -> list[Path]:
    """The demo review run in Finnish (its own copy of review/; shared read-only with the other tests of that
    run) and the pages a reader opens."""
    axe_source()
    chromium_executable()
    result, _ = demo_run(tmp_path_factory, "fi")
    run = result.run_dir
    out = run.parent
    return [run / "report.html", *sorted((run / "html").glob("*.html")), run / "index.html", out / "index.html",
            *sorted((run / "artefacts" / "07-synthesis").glob("*.html"))]  # the welfare-report and feedback pages


def test_the_axe_check_would_catch_a_violation(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#ccc;'
                   'background:#fff">faint</p></body></html>', encoding="utf-8")
    src = axe_source()
    with sync_playwright()() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(bad.as_uri())
        found = {v["id"]: v["impact"] for v in run_axe(page, src)}
        browser.close()
    assert found.get("image-alt") == "critical" and found.get("color-contrast") == "serious"
    assert found.get("html-has-lang") == "serious"


def test_report_and_stage_pages_have_no_serious_or_critical_violation(demo_pages):
    src = axe_source()
    assert len(demo_pages) >= 12 and all(p.exists() for p in demo_pages)
    assert {p.name for p in demo_pages} >= {"welfare_report.html", "feedback_social_worker.html"}
    blocking, external, report = [], [], []
    with sync_playwright()() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def guard(route):
            url = route.request.url
            if url.startswith(("file:", "data:")):
                return route.continue_()
            external.append(url)
            return route.abort()

        page.route("**/*", guard)
        for html in demo_pages:
            page.goto(html.as_uri(), wait_until="load")
            lang = page.evaluate("document.documentElement.lang")
            assert lang, f"{html.name}: no lang attribute"
            if html.parent.name in ("html", "07-synthesis", "demo"):  # written in the run's language
                assert lang == "fi", f"{html.name}: lang={lang!r} in a Finnish run"
            found = run_axe(page, src)
            report.append(describe(f"{html.parent.name}/{html.name}", found) or f"{html.name}: no violation")
            blocking += [(html.name, v) for v in found if v["impact"] in BLOCKING]
        browser.close()
    print("\n".join(report))
    assert not external, f"the pages requested outside resources: {external[:5]}"
    assert not blocking, "serious or critical violations:\n" + "\n".join(describe(n, [v]) for n, v in blocking)
