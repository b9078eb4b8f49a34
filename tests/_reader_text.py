"""What a reader of a report page sees, and the developer output that must not reach it.

:func:`visible_text` extracts the text a browser shows (no ``<style>``/``<script>``, entities decoded, attribute
values left out); :func:`forbidden` lists the YAML paths, ``{``-JSON, absolute paths and raw keys in it.
Used by the batch-wide report test (``tests/test_region_reports.py``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Pattern name -> compiled pattern of developer output.
PATTERNS = {
    # a configuration file followed by a key path ("recommendations.yaml: recommendations[2]"), or a key path with an
    # index anywhere ("R3.monitoring[0]", "evidence[4]")
    "yaml path": re.compile(r"\b[\w-]+\.ya?ml\s*:|\b[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*\[\d+\]"),
    # JSON objects: {"key": ... or {'key': ...
    "json": re.compile(r"\{\s*[\"'][^\"']{1,80}[\"']\s*:"),
    # absolute paths: /tmp/x, /home/u/..., C:\..., file:///...; not the path part of a URL (preceded by a host)
    "absolute path": re.compile(r"(?<![\w.:/~%-])/(?:[\w.-]+/)+[\w.-]*|\b[A-Za-z]:\\[\w\\. -]+|file://"),
    # raw keys: identifiers with underscores (awaiting_ta, wellbeing_services_county, finna.sos_2021_tukihenkilo,
    # default_target_change) - file names (municipality_key_2025.csv) and parts of paths and URLs are not keys - and
    # the PRISMA keys with their underscores turned into spaces ("awaiting ta")
    "raw key": re.compile(r"(?<![\w./:-])[A-Za-z][\w.-]*_[\w-]*(?:\.[\w-]+)*(?![\w/-])|"
                          r"\b(?:awaiting|excluded|status)[ _](?:ta|ft)\b|\b(?:ta|ft)[ _]by[ _]reason\b"),
}
#: A match that ends in a file extension is a file name, not a key.
FILE_NAME = re.compile(r"\.(?:csv|tsv|json|ya?ml|txt|ris|bib|pdf|docx|vtt|gz|zip|xlsx|html|svg|png)$", re.I)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (one space between text nodes)."""
    parser = _Text()
    parser.feed(page)
    return html.unescape(" ".join(parser.parts))


def forbidden(text: str) -> list[tuple[str, str]]:
    """Every ``(pattern name, match)`` of :data:`PATTERNS` in ``text``."""
    return [(name, m.group(0)) for name, rx in PATTERNS.items() for m in rx.finditer(text)
            if not (name == "raw key" and FILE_NAME.search(m.group(0)))]
