"""A double-click on a button that saves, in JupyterLab in headless Chromium (Playwright): it saves once.

The browser sends both clicks before the kernel has answered the first, so the second reaches the kernel
while the view already shows the next record (screening) or the unit's next state (coding). The review
database must then hold exactly one event per double-click, and the screening view must show the next
record, undecided. The project copy, the JupyterLab server and the notebooks' Run All are those of
:mod:`tests.test_workbench_browser`.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from ._jupyterlab import CHROMIUM_ARGS, JupyterLab, chromium_executable, sync_playwright
from .test_workbench_browser import (
    ACTION_TIMEOUT_MS,
    CODER,
    REVIEWER,
    make_project,
    open_and_run_all,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    executable = chromium_executable()
    playwright = sync_playwright()
    tmp = tmp_path_factory.mktemp("double-click")
    project = make_project(tmp)
    lab = JupyterLab(
        project,
        tmp / "jupyter",
        env={
            "REVIEW_TOOLS_REVIEWER": REVIEWER,
            "REVIEW_TOOLS_CODER": CODER,
            "REVIEW_TOOLS_HOME": str(project),
        },
    )
    with lab, playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        yield {"page": page, "lab": lab, "db": project / "review" / "review.db"}
        browser.close()


def settle(lab, notebook: str, seconds: float = 3.0) -> None:
    """Give the kernel time for a second click's message, then wait until it is idle."""
    time.sleep(seconds)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sessions = [s for s in lab.api("sessions") if s.get("path", "").endswith(notebook)]
        if sessions and sessions[0]["kernel"].get("execution_state") == "idle":
            return
        time.sleep(0.3)
    pytest.fail(f"{notebook}: the kernel stayed busy")


def double_click(page, button: str, message: str, expect: str) -> str:
    msg = page.locator(message)
    before = msg.inner_text()
    page.locator(button).first.dblclick()
    page.wait_for_function(
        "([sel, prev]) => { const e = document.querySelector(sel); "
        "return e && e.innerText.trim() && e.innerText !== prev; }",
        arg=[message, before],
    )
    text = msg.inner_text()
    assert expect in text, text
    return text


def new_events(db, table: str, first: int, columns: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            f"SELECT {columns} FROM {table} WHERE event_id >= ? ORDER BY event_id", (first,)
        ).fetchall()
    finally:
        conn.close()


def next_event_id(db, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COALESCE(MAX(event_id), 0) FROM {table}").fetchone()[0] + 1
    finally:
        conn.close()


def shown_record(page) -> str:
    return page.locator(".rt-screen-meta").text_content().split(" · ")[0].strip()


def test_screening_double_click_decides_one_record(session):
    page, lab, notebook = session["page"], session["lab"], "notebooks/02-screening.ipynb"
    open_and_run_all(page, lab, notebook, ".rt-screening-view")
    first_new, msg = next_event_id(session["db"], "screening_events"), ".rt-screen-message"
    first = shown_record(page)
    saved = double_click(page, ".rt-screen-include", msg, "Saved: Include")
    settle(lab, notebook)
    rows = new_events(
        session["db"], "screening_events", first_new, "kind, record_id, decision, reviewer"
    )
    assert rows == [("decision", first, "include", REVIEWER)], rows
    second = shown_record(page)
    assert second != first and first in saved and page.locator(msg).inner_text() == saved
    double_click(page, ".rt-screen-undo", msg, "Undone: your Include")
    settle(lab, notebook)
    rows = new_events(session["db"], "screening_events", first_new, "kind, record_id")
    assert rows == [("decision", first), ("undo", first)], rows
    assert shown_record(page) == first  # the undone record is shown again, once


def test_coding_double_click_saves_once(session):
    page, lab, notebook = session["page"], session["lab"], "notebooks/03-coding.ipynb"
    open_and_run_all(page, lab, notebook, ".rt-coding-view")
    msg, unit = ".rt-code-message", ".rt-code-unit"
    for _ in range(
        20
    ):  # a unit with a suggestion left (the demo team's codings are in the database)
        if page.locator(".rt-coding-view .rt-code-accept").count():
            break
        before = page.locator(unit).inner_text()
        page.locator(".rt-coding-view .rt-code-next").click()
        page.wait_for_function(
            "([sel, prev]) => document.querySelector(sel)?.innerText !== prev", arg=[unit, before]
        )
    else:
        pytest.fail("no unit with suggestions within 20 units")
    shown = page.locator(unit).text_content().strip()
    first_new = next_event_id(session["db"], "coding_events")
    double_click(page, ".rt-code-accept", msg, "Saved: accepted")
    settle(lab, notebook)
    double_click(page, ".rt-code-no-code", msg, "left without a code")
    settle(lab, notebook)
    rows = new_events(session["db"], "coding_events", first_new, "unit_id, action, code, coder")
    assert [(r[0], r[1], bool(r[2]), r[3]) for r in rows] == [
        (shown, "accept", True, CODER),
        (shown, "add", False, CODER),
    ], rows
