"""Find the English catalogue's strings in a page written in another language.

A page leaks when a string of the English catalogue (:data:`review_tools.report.i18n.TEXT` and
:data:`~review_tools.report.i18n.VALUES`) appears in it while the page's language has a different text
for the same key. Strings the other language spells alike ("Kela", "SHA-256", "Signal" in Swedish), for that
key or for any other key of its catalogue (Swedish "Region" of a parameter), are exempt by that comparison,
never by a hand-written list. Also a leak: a snake-case catalogue key shown
raw (``awaiting_ta`` or ``awaiting ta``).

The page's text is cut into segments at every element that is not inline (a table cell, a heading, a
paragraph, an item; ``<code>`` is not read: identifiers and records shown as stored), and attribute texts (``alt``, ``title``, ``aria-label``) are segments too; a segment is
cut further into parts at brackets, quotes and separators (``( ) [ ] ; , : | “ ”``). A catalogue string matches

* a segment equal to it (case-insensitively, ignoring a trailing colon): every label;
* a part of a segment equal to it when it has more than one word: a value in a list such as
  "(wellbeing services county, fi)";
* inside a segment, on word boundaries, when it has at least four words (a sentence of the catalogue);
* as a pattern when it has ``{fields}`` (the fields match any text).

Shorter strings are not searched inside running text: the data (English study titles, an interview held in
English) may use the same words, and they are not the report's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

INLINE = {"a", "abbr", "b", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup",
          "time", "u", "var", "wbr"}
#: Not read: style and script, and code (identifiers, file names and records shown as they are stored).
SKIP = {"style", "script", "code"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
PARTS = re.compile(r"[()\[\];,:|“”\"]")


class _Segments(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def _flush(self):
        text = " ".join("".join(self._buf).split())
        if text:
            self.segments.append(text)
        self._buf = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self._skip += 1
        if tag not in INLINE:
            self._flush()
        for name, value in attrs:
            if name in ATTRIBUTES and value and value.strip():
                self.segments.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in SKIP:
            self._skip = max(0, self._skip - 1)
            self._buf = []
            return
        if tag not in INLINE:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def close(self):
        super().close()
        self._flush()


def segments(html: str) -> list[str]:
    """The page's text segments (see the module's docstring)."""
    parser = _Segments()
    parser.feed(html)
    parser.close()
    return parser.segments


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold().rstrip(":").strip()


def catalogue_pairs(language: str) -> list[tuple[str, str, str]]:
    """``(key, English text, text in language)`` of every key of the report's catalogues (fixed text and
    controlled values)."""
    from review_tools.report.i18n import TEXT, VALUES

    pairs = [(k, en, TEXT[language].get(k, "")) for k, en in TEXT["en"].items()]
    pairs += [(f"value:{k}", en, VALUES[language].get(k, "")) for k, en in VALUES["en"].items()]
    return pairs


class Matcher:
    """The English strings of the catalogue that differ in ``language``, compiled once."""

    def __init__(self, language: str):
        self.language = language
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[str, re.Pattern]] = []
        self.raw_keys: dict[str, str] = {}
        pairs = catalogue_pairs(language)
        own = {_norm(other) for _, _, other in pairs if other}  # the language's own words, under any key
        for key, en, other in pairs:
            if not en or _norm(en) == _norm(other) or _norm(en) in own:
                continue
            text = _norm(en)
            if "{" in en:
                parts = re.split(r"\{[^}]*\}", text)
                if sum(len(p.strip()) for p in parts) < 8:  # nothing but fields and punctuation
                    continue
                body = r".+?".join(re.escape(p) for p in parts)
                self.patterns.append((key, re.compile(r"(?<!\w)" + body.strip() + r"(?!\w)")))
            elif len(text.split()) >= 4:
                self.patterns.append((key, re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")))
            self.exact.setdefault(text, key)
        for key, _en, _other in catalogue_pairs(language):
            name = key.split(":", 1)[-1]
            if "_" in name and len(name) > 3:
                self.raw_keys[name.casefold()] = key
                self.raw_keys[name.replace("_", " ").casefold()] = key

    def leaks(self, html: str, data: frozenset[str] = frozenset()) -> list[str]:
        """Every English catalogue string (and raw key) in ``html``: ``"key: segment"``, one per hit. A segment
        equal to a text of the run's data (``data``, from :func:`data_texts`) is the data shown as written."""
        found = []
        for seg in segments(html):
            s = _norm(seg)
            if s in data:
                continue
            # a part of a list counts when it is more than one word (a single English word in a list of the
            # data's terms, such as the ranker's "study, care", is the data's, not the catalogue's)
            parts = [s, *(p for p in (_norm(p) for p in PARTS.split(s)) if " " in p or "_" in p)]
            hit = next((p for p in parts if p in self.exact), None)
            if hit is not None:
                found.append(f"{self.exact[hit]}: {seg[:160]}")
                continue
            hit = next((p for p in parts if p in self.raw_keys), None)
            if hit is not None:
                found.append(f"raw key {self.raw_keys[hit]}: {seg[:160]}")
                continue
            for key, pat in self.patterns:
                if pat.search(s):
                    found.append(f"{key}: {seg[:160]}")
                    break
        return found


def data_texts(run_dir) -> frozenset[str]:
    """Texts of the run's data as stored (string cells of its artefact tables with at least two words, e.g. a
    value the team extracted from a study in English): shown as written, they are not the catalogue's. Raw keys
    (one token, ``wellbeing_services_county``) are never among them."""
    import csv
    from pathlib import Path

    out = set()
    for path in Path(run_dir, "artefacts").rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                out.update(_norm(cell) for cell in row if " " in cell.strip())
    return frozenset(out)


def run_leaks(run_dir, language: str) -> dict[str, list[str]]:
    """The leaks of a run's landing page (``index.html``), report, stage pages 01-06, the welfare-report page and the
    reporter groups' feedback pages, by page name (pages that do not exist are left out)."""
    from pathlib import Path

    run = Path(run_dir)
    matcher, data = Matcher(language), data_texts(run)
    pages = [p for p in [run / "index.html", run / "report.html", *sorted((run / "html").glob("0[1-6]-*.html")),
                         *sorted((run / "artefacts").glob("0[47]-*/feedback_*.html")),
                         run / "artefacts" / "07-synthesis" / "welfare_report.html"] if p.exists()]
    return {p.name: matcher.leaks(p.read_text(encoding="utf-8"), data) for p in pages}


if __name__ == "__main__":  # .venv/bin/python -m tests._language_leaks OUT/RUN fi|sv [-v]
    import sys

    found = run_leaks(sys.argv[1], sys.argv[2])
    for name, leaks in found.items():
        print(f"{name}: {len(leaks)}")
        for leak in leaks if "-v" in sys.argv else []:
            print(f"    {leak}")
    print(f"total: {sum(len(v) for v in found.values())}")
