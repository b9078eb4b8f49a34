"""The workbench as a reviewer and a coder use it: JupyterLab in headless Chromium, driven by Playwright.

A copy of the project (review/ without its database, corpus/, the shipped notebooks unedited, the
01-ingest-dedup artefacts in its interactive workspace) goes to a temporary folder, so review/review.db
is never touched.
JupyterLab serves it on 127.0.0.1 (free port, token, own process group; stopped by its own pid).
The reviewer and coder ids reach the notebooks' empty ``reviewer`` / ``coder`` parameters through
``REVIEW_TOOLS_REVIEWER`` / ``REVIEW_TOOLS_CODER``.

Screening (02): Run All, then by clicking: include, include, exclude without a reason (refused: the
protocol requires one), exclude with a reason and a note, maybe, undo, include, and ``i`` typed in
the keys box. Coding (03): Run All, then after changing view (next/previous) accept and reject
suggestions on three different segments, save a memo, mark a unit "no code". Every action's
message in the view is checked, then every action in the database (who, when, reason/score), every
code cell executed with no error output, and JupyterLab's log console empty.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from ._jupyterlab import CHROMIUM_ARGS, JupyterLab, chromium_executable, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
REVIEWER, CODER = "aj", "coder1"
RUN_TIMEOUT_MS = 300_000
ACTION_TIMEOUT_MS = 60_000


def make_project(tmp: Path) -> Path:
    """Copy the project (review/ without its database, corpus/, notebooks/) and write stage 01's artefacts
    into its interactive workspace (outputs/_interactive), where notebooks opened in JupyterLab work."""
    from review_tools.config import load_review
    from review_tools.paths import INTERACTIVE_RUN
    from review_tools.stages import ingest_dedup

    project = tmp / "project"
    shutil.copytree(ROOT / "review", project / "review", ignore=shutil.ignore_patterns("review.db*", "keys"))
    shutil.copytree(ROOT / "corpus", project / "corpus")
    shutil.copytree(ROOT / "notebooks", project / "notebooks", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    cfg = load_review(project / "review", corpus_dir=project / "corpus")
    ingest_dedup.run(cfg, project / "corpus", project / INTERACTIVE_RUN, progress=False)
    return project


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    executable = chromium_executable()
    playwright = sync_playwright()
    tmp = tmp_path_factory.mktemp("workbench")
    project = make_project(tmp)
    timings = {}
    # the kernels start in notebooks/ (as in JupyterLab); REVIEW_TOOLS_HOME points the notebooks at the copy
    lab = JupyterLab(project, tmp / "jupyter", env={"REVIEW_TOOLS_REVIEWER": REVIEWER, "REVIEW_TOOLS_CODER": CODER,
                                                    "REVIEW_TOOLS_HOME": str(project)})
    t0 = time.perf_counter()
    with lab, playwright() as p:
        timings["jupyterlab_start_s"] = round(time.perf_counter() - t0, 1)
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        yield {"page": page, "lab": lab, "project": project, "db": project / "review" / "review.db",
               "timings": timings, "shots": tmp / "screenshots"}
        browser.close()
    assert lab.proc.poll() is not None, "JupyterLab is still running after stop()"
    print("\nworkbench browser timings:", timings)


# ------------------------------------------------------------------------------------------ helpers


def open_and_run_all(page, lab, notebook: str, view_selector: str) -> None:
    """Open ``notebook``, Run All from the menu (again if the kernel was not ready), wait for the view."""
    page.goto(lab.lab_url(notebook, workspace=Path(notebook).stem))  # its own workspace: the only open tab
    page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell", timeout=RUN_TIMEOUT_MS)
    assert page.locator(".jp-NotebookPanel").count() == 1
    wait_for_kernel(lab, notebook)
    for _ in range(6):
        page.click("li.lm-MenuBar-item:has-text('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))", timeout=15_000)
            break
        except Exception:  # the kernel was still connecting and the command did nothing: run again
            continue
    else:
        pytest.fail(f"{notebook}: Run All did not start any cell")
    try:  # the view appears, or a cell fails (Run All stops there)
        page.wait_for_function(
            "sel => document.querySelector(sel) || document.body.innerText.includes('Error displaying widget') || "
            "[...document.querySelectorAll("
            "\".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']\")]"
            ".some(e => /Traceback|Error/.test(e.textContent))", arg=view_selector, timeout=RUN_TIMEOUT_MS)
    except Exception:
        page.screenshot(path=str(lab.home / f"{notebook}.timeout.png"))
        raise
    lost = page.locator(".jp-OutputArea-output:has-text('Error displaying widget')").count()
    assert not lost, f"{notebook}: JupyterLab could not display the view (Error displaying widget)"
    errors = page.eval_on_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                                       "els => els.map(e => e.textContent).filter(t => /Traceback|Error/.test(t))")
    assert not errors, f"{notebook}: a cell failed:\n" + "\n---\n".join(e[-3000:] for e in errors)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".every(p => /\\[\\d+\\]/.test(p.textContent))", timeout=RUN_TIMEOUT_MS)  # every cell has run


def wait_for_kernel(lab, notebook: str, timeout: float = 120) -> None:
    """Wait until the notebook's kernel is idle with the browser connected (a widget displayed while the
    page is still connecting is lost: "Error displaying widget: model not found")."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sessions = [s for s in lab.api("sessions") if s.get("path", "").endswith(notebook)]
        kernel = sessions[0]["kernel"] if sessions else {}
        if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
            time.sleep(1.0)
            return
        time.sleep(0.5)
    pytest.fail(f"{notebook}: the kernel did not become idle and connected within {timeout:.0f} s")


def assert_no_errors(page, notebook: str) -> None:
    """Every code cell ran, no error output in any cell, and the notebook's log console is empty."""
    # textContent, not innerText: cells scrolled out of sight are not rendered (content-visibility)
    prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent.trim())")
    assert prompts and all(re.fullmatch(r"\[\d+\]:?", p) for p in prompts), prompts
    stderr = page.eval_on_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                                       "els => els.map(e => e.textContent)")
    bad = [s for s in stderr if "Traceback" in s or "Error" in s]
    assert not bad, f"{notebook}: error output in a cell:\n" + "\n---\n".join(s[:1500] for s in bad)
    page.click("li.lm-MenuBar-item:has-text('View')")
    page.click(".lm-Menu-itemLabel:text-is('Show Log Console')")
    area = page.locator(f".jp-LogConsolePanel [id='source:{notebook}']")
    area.wait_for(state="attached")
    entries = area.locator(".jp-OutputArea-child").evaluate_all("els => els.map(e => e.textContent)")
    assert not entries, f"{notebook}: JupyterLab's log console shows:\n" + "\n---\n".join(e[:1500] for e in entries)
    page.locator(".jp-LogConsolePanel").get_by_text("No log messages.").wait_for()


def act(page, click: str | None, message: str, expect: str, *, fill: dict | None = None) -> str:
    """Fill ``fill``, click ``click`` (None: typing is the action), wait until the view's message changes;
    return the message."""
    msg = page.locator(message)
    before = msg.inner_text()
    for selector, value in (fill or {}).items():
        page.locator(selector).fill(value)
    if click is not None:
        page.locator(click).first.click()
    page.wait_for_function("([sel, prev]) => { const e = document.querySelector(sel); "
                           "return e && e.innerText.trim() && e.innerText !== prev; }", arg=[message, before])
    text = msg.inner_text()
    assert expect in text, f"after clicking {click}: expected '{expect}' in the view's message, got '{text}'"
    return text


def _iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


# ------------------------------------------------------------------------------------------ tests


def test_screening_by_clicking(session):
    page, lab, started = session["page"], session["lab"], dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    open_and_run_all(page, lab, "notebooks/02-screening.ipynb", ".rt-screening-view")
    session["timings"]["screening_run_all_s"] = round(time.perf_counter() - t0, 1)
    conn = sqlite3.connect(session["db"])
    first_new = conn.execute("SELECT COALESCE(MAX(event_id), 0) FROM screening_events").fetchone()[0] + 1
    msg = ".rt-screen-message"
    t0 = time.perf_counter()
    steps = [
        act(page, ".rt-screen-include", msg, "Saved: Include"),
        act(page, ".rt-screen-include", msg, "Saved: Include"),
        act(page, ".rt-screen-exclude", msg, "Not saved: pick at least one exclusion reason"),
    ]
    page.locator(".rt-screen-reasons select").select_option(label="Off topic")
    steps += [
        act(page, ".rt-screen-exclude", msg, "Saved: Exclude", fill={".rt-screen-note input": "not about care leavers"}),
        act(page, ".rt-screen-maybe", msg, "Saved: Maybe"),
        act(page, ".rt-screen-undo", msg, "Undone: your Maybe"),
        act(page, ".rt-screen-include", msg, "Saved: Include"),
        act(page, None, msg, "Saved: Include", fill={".rt-screen-keys input": "i"}),  # the keys box
    ]
    session["timings"]["screening_clicks_s"] = round(time.perf_counter() - t0, 1)
    rows = conn.execute(
        "SELECT event_id, record_id, stage, reviewer, decision, reasons, note, kind, created_at FROM screening_events "
        "WHERE event_id >= ? ORDER BY event_id", (first_new,)).fetchall()
    conn.close()
    got = [(r[7], r[4]) for r in rows]
    assert got == [("decision", "include"), ("decision", "include"), ("decision", "exclude"),
                   ("decision", "maybe"), ("undo", "maybe"), ("decision", "include"), ("decision", "include")], got
    assert {r[3] for r in rows} == {REVIEWER} and {r[2] for r in rows} == {"title_abstract"}
    assert all(started <= _iso(r[8]) <= dt.datetime.now(dt.UTC) for r in rows)
    exclude = rows[2]
    assert (exclude[5], exclude[6]) == ("off_topic", "not about care leavers")
    assert rows[4][1] == rows[3][1] and rows[5][1] == rows[3][1]  # undo withdrew the maybe; the record came back
    assert len({r[1] for r in rows}) == 5
    for text, row in zip([steps[i] for i in (0, 1, 3, 4, 5, 6, 7)], rows, strict=True):
        assert row[1] in text and f"event {row[0]}" in text  # the view named what was saved
    session["shots"].mkdir(exist_ok=True)
    page.screenshot(path=str(session["shots"] / "02-screening.png"))
    assert_no_errors(page, "notebooks/02-screening.ipynb")


def test_coding_by_clicking_after_changing_view(session):
    page, lab, started = session["page"], session["lab"], dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    open_and_run_all(page, lab, "notebooks/03-coding.ipynb", ".rt-coding-view")
    session["timings"]["coding_run_all_s"] = round(time.perf_counter() - t0, 1)
    conn = sqlite3.connect(session["db"])
    first_new = conn.execute("SELECT COALESCE(MAX(event_id), 0) FROM coding_events").fetchone()[0] + 1
    msg, unit = ".rt-code-message", ".rt-code-unit"

    def go(button: str) -> str:
        """Change view (next/previous) to a unit with suggestions; return its id."""
        for _ in range(20):
            before = page.locator(unit).inner_text()
            page.locator(f".rt-coding-view .{button}").click()
            page.wait_for_function("([sel, prev]) => document.querySelector(sel)?.innerText !== prev",
                                   arg=[unit, before])
            shown = page.locator(unit).inner_text()
            # the suggestion rows are updated after the unit's title: wait until they belong to the unit shown
            page.wait_for_function(
                "u => [...document.querySelectorAll('.rt-coding-view .rt-code-accept, .rt-coding-view .rt-code-reject')]"
                ".every(b => b.title.endsWith('(' + u + ')'))", arg=shown)
            if page.locator(".rt-coding-view .rt-code-accept").count():
                return shown
        pytest.fail("no unit with suggestions within 20 units")

    t0 = time.perf_counter()
    seen = []
    seen.append(go("rt-code-next"))
    act(page, ".rt-code-accept", msg, "Saved: accepted")
    seen.append(go("rt-code-next"))
    act(page, ".rt-code-reject", msg, "Saved: rejected")
    seen.append(go("rt-code-next"))
    act(page, ".rt-code-accept", msg, "Saved: accepted")
    act(page, ".rt-code-reject", msg, "Saved: rejected")
    back = go("rt-code-previous")
    act(page, ".rt-code-reject", msg, "Saved: rejected")
    act(page, ".rt-code-save-memo", msg, "Saved: memo", fill={".rt-code-memo textarea": "asuminen ja jälkihuolto"})
    act(page, ".rt-code-save-memo", msg, "Not saved: the memo is empty")
    act(page, ".rt-code-no-code", msg, "left without a code")
    session["timings"]["coding_clicks_s"] = round(time.perf_counter() - t0, 1)
    rows = conn.execute(
        "SELECT event_id, unit_id, code, coder, action, suggestion_score, suggestion_source, memo, created_at "
        "FROM coding_events WHERE event_id >= ? ORDER BY event_id", (first_new,)).fetchall()
    conn.close()
    assert [r[4] for r in rows] == ["accept", "reject", "accept", "reject", "reject", "add", "add"], rows
    assert [r[1] for r in rows] == [seen[0], seen[1], seen[2], seen[2], back, back, back]
    assert len({r[1] for r in rows[:5]}) >= 3  # accept/reject on at least three different segments
    assert {r[3] for r in rows} == {CODER}
    assert all(started <= _iso(r[8]) <= dt.datetime.now(dt.UTC) for r in rows)
    assert all(r[2] and r[5] is not None and r[6] in ("lexicon", "model") for r in rows[:5])
    assert (rows[5][2], rows[5][7]) == ("", "asuminen ja jälkihuolto") and (rows[6][2], rows[6][7]) == ("", None)
    session["shots"].mkdir(exist_ok=True)
    page.screenshot(path=str(session["shots"] / "03-coding.png"))
    assert_no_errors(page, "notebooks/03-coding.ipynb")


def test_extraction_and_appraisal_by_clicking(session):
    """The extraction form at the end of notebook 03 (opened and run by the coding test): change a field and an
    appraisal answer of the study shown, save, save again (nothing new), and find both in the database."""
    page, started = session["page"], dt.datetime.now(dt.UTC)
    view, msg = page.locator(".rt-extraction-view"), ".rt-extract-message"
    view.scroll_into_view_if_needed()
    study = page.locator(".rt-extract-study select").input_value()
    page.locator(".rt-extract-sample_size input").fill("")  # typing: the widget syncs on input
    act(page, ".rt-extract-save", msg, "): Sample size.", fill={".rt-extract-sample_size input": "999"})
    page.locator(".rt-appraise-S1 button", has_text="No").click()
    act(page, ".rt-extract-save", msg, "): S1.")
    act(page, ".rt-extract-save", msg, "Nothing changed")
    page.locator(".rt-extract-sample_size input").fill("about a thousand")
    act(page, ".rt-extract-save", msg, "Not saved")
    conn = sqlite3.connect(session["db"])
    rows = conn.execute("SELECT kind, subject_id, field, value, reviewer, created_at FROM assessment_events "
                        "WHERE reviewer = ? ORDER BY event_id DESC LIMIT 2", (REVIEWER,)).fetchall()
    conn.close()
    assert {(r[0], r[2], r[3]) for r in rows} == {("extraction", "sample_size", "999"), ("appraisal", "S1", "no")}
    assert all(started <= _iso(r[5]) <= dt.datetime.now(dt.UTC) for r in rows)
    assert len({r[1] for r in rows}) == 1 and study is not None
    page.screenshot(path=str(session["shots"] / "03-extraction.png"))
    stderr = page.eval_on_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                                       "els => els.map(e => e.textContent)")
    assert not [s for s in stderr if "Traceback" in s or "Error" in s]  # (the log console is checked by the coding test)
