"""axe-core in Chromium: load a page, inject ``axe.min.js`` (npm, ``make a11y``), run the WCAG 2.1 AA rules.

Used by ``tests/test_accessibility_browser.py``; ``python -m tests._axe PAGE.html ...`` prints the
violations of pages already written (to look at while fixing them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
#: The rule tags of WCAG 2.0 and 2.1, levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def axe_source() -> str:
    """The text of ``axe.min.js``, or skip with the reason."""
    if not AXE.exists():
        pytest.skip(f"{AXE} missing: `make a11y` installs axe-core from npm (tests/a11y/package.json)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, source: str) -> list[dict]:
    """Inject axe-core into the loaded ``page`` and return its violations of :data:`WCAG_AA`:
    ``id, impact, help, nodes`` (each node: ``target`` and ``summary``)."""
    page.add_script_tag(content=source)
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''}))}));
    }""", WCAG_AA)
    return result


def describe(name: str, violations: list[dict], limit: int = 4) -> str:
    """Violations as lines to print: page, impact, rule, help and the first nodes."""
    lines = []
    for v in violations:
        lines.append(f"{name}: [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for n in v["nodes"][:limit]:
            lines.append(f"    {n['target']}: {' '.join(n['summary'].split())[:240]}")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from ._jupyterlab import CHROMIUM_ARGS

    src = AXE.read_text(encoding="utf-8")
    bad = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in paths:
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            found = run_axe(page, src)
            bad += sum(v["impact"] in BLOCKING for v in found)
            print(describe(Path(path).name, found) or f"{Path(path).name}: no violation")
        browser.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
