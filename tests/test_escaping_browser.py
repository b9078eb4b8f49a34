"""Hostile text in every configurable place is shown as text: no script runs in any page of a run.

The demo review is copied and markup (``"``, ``<script>``, ``onerror=``, ``javascript:``) is planted in an
indicator title, a county name of the region key, a codebook label, a recommendation's texts and a literature
record's title and URL; the demo is run and every page of the run (report, stage pages, run index, runs
index) is loaded in headless Chromium (Playwright, Debian's ``/usr/bin/chromium``), which must raise no
dialog, set no marker and hold no injected element. Hostile run names are refused before anything runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.cli import main

from ._jupyterlab import CHROMIUM_ARGS, chromium_executable, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = ('Q"\'><script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">'
           '<a href="javascript:alert(3)">x</a>')

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _plant(root: Path) -> None:
    review, corpus = root / "review", root / "corpus"
    ind = yaml.safe_load((review / "indicators.yaml").read_text(encoding="utf-8"))
    for item in ind["indicators"]:
        if item.get("themes"):
            item["title"] = {"fi": PAYLOAD, "sv": PAYLOAD, "en": PAYLOAD}
            break
    (review / "indicators.yaml").write_text(yaml.safe_dump(ind, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cb = yaml.safe_load((review / "codebook.yaml").read_text(encoding="utf-8"))
    cb["codes"][1]["label"] = {lang: PAYLOAD for lang in cb["codes"][1]["label"]}
    (review / "codebook.yaml").write_text(yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rec = yaml.safe_load((review / "recommendations.yaml").read_text(encoding="utf-8"))
    first = rec["recommendations"][0]
    first["statement"] = {lang: PAYLOAD for lang in first["statement"]}
    first["risks"] = PAYLOAD
    first["resources"] = "javascript:alert(5)"
    (review / "recommendations.yaml").write_text(yaml.safe_dump(rec, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    for key in sorted((corpus / "indicators" / "regions").glob("municipality_key_*.csv")):
        df = pd.read_csv(key, dtype=str, keep_default_na=False)
        for col in [c for c in df.columns if c.startswith("hyvinvointialue_name_")]:
            df.loc[df["hyvinvointialue_code"] == "5", col] = PAYLOAD
        df.to_csv(key, index=False)
    ris = corpus / "literature" / "finna_grey_literature.ris"
    text = ris.read_text(encoding="utf-8")
    text = text.replace("TI  - Nuorten asunnottomuuden ehkäisyn toimenpideohjelma 2024–2027",
                        f"TI  - Nuorten asunnottomuuden ehkäisyn toimenpideohjelma 2024–2027 {PAYLOAD}", 1)
    text = text.replace("UR  - http://urn.fi/URN:ISBN:978-952-7461-22-0", "UR  - javascript:alert(4)", 1)
    ris.write_text(text, encoding="utf-8")


def test_hostile_run_names_are_refused_before_anything_runs(tmp_path):
    for name in ('"><script>alert(1)</script>', "x\" onmouseover=\"alert(1)", "javascript:alert(1)"):
        assert main(["run", "--name", name, "--out", str(tmp_path / "o"), "--no-progress"]) != 0
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.html"))


def test_no_script_runs_in_any_page_of_a_run_with_hostile_configuration(tmp_path):
    executable = chromium_executable()
    sp = sync_playwright()
    root = tmp_path / "project"
    shutil.copytree(ROOT / "review", root / "review", ignore=shutil.ignore_patterns("*.db*", "keys"))
    shutil.copytree(ROOT / "corpus", root / "corpus")
    _plant(root)
    out = tmp_path / "outputs"
    assert main(["run", "--review", str(root / "review"), "--corpus", str(root / "corpus"), "--out", str(out),
                 "--name", "hostile", "--notebooks", str(ROOT / "notebooks"), "--no-progress"]) == 0
    feedback = sorted((out / "hostile" / "artefacts" / "07-synthesis").glob("feedback_*.html"))
    pages = [out / "index.html", *sorted((out / "hostile").glob("*.html")), *sorted((out / "hostile" / "html").glob("*.html")),
             *feedback]
    assert len(pages) >= 9 and feedback  # the reporter groups' feedback pages carry theme, indicator and recommendation texts
    report_text, feedback_text = "", ""
    dialogs: list[str] = []
    with sp() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=True)
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        for html in pages:
            page.goto(html.as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            found = page.evaluate("""() => ({
                pwned: window.__pwned || 0,
                scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
                handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
                jslinks: [...document.querySelectorAll('a[href]')].filter(a => a.href.trim().toLowerCase()
                                                                     .startsWith('javascript:')).length,
                text: document.body ? document.body.innerText : '',
            })""")
            assert found["pwned"] == 0, f"{html.name}: a planted script ran"
            assert found["scripts"] == 0 and found["handlers"] == 0, f"{html.name}: markup was injected as elements"
            assert found["jslinks"] == 0, f"{html.name}: a javascript: address became a link"
            if html.name == "report.html":
                report_text = found["text"]
            if html in feedback:
                feedback_text += found["text"]
        browser.close()
    assert dialogs == []
    # the planted text is shown to the reader as text (structure intact, nothing dropped)
    assert "<script>window.__pwned=1;alert(1)</script>" in report_text
    assert "<script>window.__pwned=1;alert(1)</script>" in feedback_text
