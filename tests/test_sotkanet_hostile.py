"""The Sotkanet client against a local server (127.0.0.1) that misbehaves in every way we know of.

Good answers are the recorded real responses in tests/data/indicators/sotkanet_api (metadata
samples of THL's API and rows cut from the real data); each bad case changes one thing: a body cut
off, gzip that is not gzip, a server that drips one byte at a time, 429 with Retry-After, a
malformed or poisoned metadata value (in the answer or in the cache), HTML instead of JSON,
repeated or too many rows, a body past the size cap, endless 5xx, a dropped connection. Every
case must end in the right result or one plain error, with the cache unpoisoned.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from review_tools import cli
from review_tools.errors import CorpusFormatError
from review_tools.readers.sotkanet_api import FetchError, SotkanetClient

from .conftest import DATA

API = DATA / "indicators" / "sotkanet_api"


def _good_body(path: str, query: dict) -> bytes | None:
    path = path.removeprefix("/rest/1.1/")
    if path == "regions":
        return (API / "regions.json").read_bytes()
    if path.startswith("indicators/"):
        f = API / f"indicators_{path.split('/')[1]}.json"
        return f.read_bytes() if f.exists() else None
    if path == "json":
        rows = json.loads((API / "json_127_2021_2022.json").read_text(encoding="utf-8"))
        years = {int(y) for y in query.get("years", [])}
        return json.dumps([r for r in rows if r["year"] in years]).encode()
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers=(), length: int | None = None):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):  # noqa: N802 (http.server API)
        srv = self.server
        url = urlparse(self.path)
        endpoint = url.path.removeprefix("/rest/1.1/").split("/")[0]
        srv.requests.append(url.path)
        good = _good_body(url.path, parse_qs(url.query))
        plan = srv.plan.get(endpoint) or srv.plan.get("*") or []
        mode = plan.pop(0) if plan else "ok"
        if good is None:
            return self._send(404)
        if mode == "ok":
            return self._send(200, good, [("Content-Type", "application/json")])
        if mode == "truncated":  # promises the whole body, sends half, closes
            self.close_connection = True
            return self._send(200, good[: len(good) // 2], [("Content-Type", "application/json")], length=len(good))
        if mode == "badgzip":
            return self._send(200, b"\x1f\x8b\x08\x00garbage, not deflate data" * 4,
                              [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        if mode == "gzip":
            return self._send(200, gzip.compress(good), [("Content-Type", "application/json"),
                                                         ("Content-Encoding", "gzip")])
        if mode == "drip":  # one byte at a time, for longer than any deadline in these tests
            self.send_response(200)
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            try:
                for b in good[:200]:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
            return None
        if mode.startswith("retry-after:"):
            return self._send(429, b"", [("Retry-After", mode.split(":", 1)[1])])
        if mode == "503":
            return self._send(503)
        if mode == "html":
            return self._send(200, b"<html><body>Huoltokatko / maintenance</body></html>", [("Content-Type", "text/html")])
        if mode == "poison-meta":
            doc = json.loads(good)
            doc["range"] = {"start": "abc", "end": 2022}
            return self._send(200, json.dumps(doc).encode(), [("Content-Type", "application/json")])
        if mode == "duplicate-rows":
            rows = json.loads(good)
            return self._send(200, json.dumps(rows + rows[:3]).encode(), [("Content-Type", "application/json")])
        if mode == "drop":  # close the connection without an answer
            self.close_connection = True
            return None
        raise AssertionError(mode)


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.requests, srv.plan = [], {}
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _client(server, tmp_path, sleeps=None, **kw):
    base = f"http://127.0.0.1:{server.server_address[1]}/rest/1.1/"
    kw.setdefault("timeout", 2.0)
    return SotkanetClient(tmp_path / "cache", base_url=base, backoff=0.01,
                          sleep=(sleeps.append if sleeps is not None else (lambda s: None)), **kw)


def _cache_files(tmp_path):
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def _every_cached_entry_valid(tmp_path):
    for p in (tmp_path / "cache").glob("*.json"):
        env = json.loads(p.read_text(encoding="utf-8"))
        assert "body" in env and env["body"] not in (None, "")


@pytest.mark.parametrize("mode", ["truncated", "badgzip", "html", "503", "drop"])
def test_a_bad_answer_is_retried_and_the_next_good_one_used(server, tmp_path, mode):
    server.plan["indicators"] = [mode]
    meta = _client(server, tmp_path).indicator(127)
    assert meta["id"] == 127
    assert server.requests.count("/rest/1.1/indicators/127") == 2
    _every_cached_entry_valid(tmp_path)


def test_gzip_encoded_answer_is_read(server, tmp_path):
    server.plan["indicators"] = ["gzip"]
    assert _client(server, tmp_path).indicator(127)["id"] == 127


@pytest.mark.parametrize("mode,error,match", [
    ("truncated", FetchError, "unreachable after 3 attempts .*cut off"),
    ("badgzip", FetchError, "unreachable after 3 attempts .*badly encoded"),
    ("503", FetchError, r"unreachable after 3 attempts \(HTTP 503\)"),
    ("drop", FetchError, "unreachable after 3 attempts"),
    ("html", CorpusFormatError, "not JSON after 3 attempts"),
])
def test_a_server_that_never_answers_well_is_one_clear_error_and_nothing_cached(server, tmp_path, mode, error, match):
    server.plan["indicators"] = [mode] * 10
    with pytest.raises(error, match=match):
        _client(server, tmp_path, retries=2).indicator(127)
    assert _cache_files(tmp_path) == []


def test_slow_drip_server_cannot_hold_the_client_past_its_deadline(server, tmp_path):
    server.plan["indicators"] = ["drip"] * 10
    t0 = time.monotonic()
    with pytest.raises(FetchError, match="within 1 s"):
        _client(server, tmp_path, deadline=1.0, retries=5).indicator(127)
    assert time.monotonic() - t0 < 3.0  # the drip would take 10 s
    assert _cache_files(tmp_path) == []


def test_retry_after_is_honoured(server, tmp_path):
    server.plan["indicators"] = ["retry-after:2"]
    sleeps: list[float] = []
    assert _client(server, tmp_path, sleeps=sleeps).indicator(127)["id"] == 127
    assert sleeps == [2.0]


def test_retry_after_past_the_deadline_is_a_clear_error_at_once(server, tmp_path):
    server.plan["indicators"] = ["retry-after:3600"]
    sleeps: list[float] = []
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        _client(server, tmp_path, sleeps=sleeps, deadline=60).indicator(127)
    assert sleeps == []


def test_malformed_metadata_value_is_refused_and_never_cached(server, tmp_path):
    server.plan["indicators"] = ["poison-meta"]
    with pytest.raises(CorpusFormatError, match="'range' start and end must be years"):
        _client(server, tmp_path).indicator(127)
    assert _cache_files(tmp_path) == []
    assert _client(server, tmp_path).indicator(127)["range"]["start"] != "abc"  # the next run is not broken


def _poison_cache(client, tmp_path):
    key = client.cache_key("indicators/127", [], None)
    client.cache_dir.mkdir(parents=True, exist_ok=True)
    doc = json.loads((API / "indicators_127.json").read_text(encoding="utf-8"))
    doc["range"] = {"start": "abc", "end": "2022"}
    (client.cache_dir / f"{key}.json").write_text(json.dumps({"url": "x", "body": doc, "retrieved": "2024-01-01"}))
    return key


def test_poisoned_cache_entry_is_set_aside_and_fetched_again(server, tmp_path):
    client = _client(server, tmp_path)
    key = _poison_cache(client, tmp_path)
    assert client.indicator(127)["range"]["start"] != "abc"
    assert f"{key}.invalid" in _cache_files(tmp_path) and f"{key}.json" in _cache_files(tmp_path)
    _every_cached_entry_valid(tmp_path)


def test_poisoned_cache_entry_offline_is_a_clear_error_not_a_crash(server, tmp_path):
    client = _client(server, tmp_path, offline=True)
    _poison_cache(client, tmp_path)
    with pytest.raises(FetchError, match="cached copy was invalid .* offline"):
        client.indicator(127)
    assert server.requests == []


def test_duplicate_and_too_many_data_rows_are_refused_and_not_cached(server, tmp_path):
    client = _client(server, tmp_path)
    client.indicator(127), client.regions()
    before = _cache_files(tmp_path)
    server.plan["json"] = ["duplicate-rows"]
    with pytest.raises(CorpusFormatError, match="repeats 3 data row"):
        client.data(127, [2021, 2022])
    assert _cache_files(tmp_path) == before
    with pytest.raises(CorpusFormatError, match="at most 5 are accepted"):
        _client(server, tmp_path, max_rows=5).data(127, [2021, 2022])
    assert _cache_files(tmp_path) == before


def test_body_past_the_size_cap_is_refused(server, tmp_path):
    with pytest.raises(FetchError, match="larger than"):
        _client(server, tmp_path, max_bytes=1000).regions()
    assert _cache_files(tmp_path) == []


def test_cli_prints_one_plain_line_for_a_broken_server(server, tmp_path, capsys):
    review = tmp_path / "review"
    review.mkdir()
    (review / "indicators.yaml").write_text(
        "schema_version: 1\npopulation_indicator: population\nindicators:\n"
        "- {id: population, sotkanet_id: 127, title: {fi: Väestö 31.12.}, themes: [], unit: persons,"
        " better: context, aggregation: sum}\n", encoding="utf-8")
    server.plan["*"] = ["badgzip"] * 20
    base = f"http://127.0.0.1:{server.server_address[1]}/rest/1.1/"
    rc = cli.main(["indicators", "fetch", "--review", str(review), "--years", "2021-2022", "--cache",
                   str(tmp_path / "c"), "--out", str(tmp_path / "out.csv"), "--base-url", base])
    err = capsys.readouterr().err
    assert rc == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "badly encoded" in err
