"""The Sotkanet client against a local HTTP server serving recorded/real-shaped responses.

The server only replays files from tests/data/indicators/sotkanet_api (real metadata samples and
fixtures built from the real data by make_sotkanet_fixtures.py); the client's own code (requests,
retries, cache, parsing) runs unchanged.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from review_tools.errors import CorpusFormatError, StageInputError
from review_tools.indicators.sotkanet import citation, metadata_summary
from review_tools.readers.sotkanet_api import FetchError, SotkanetClient

from .conftest import DATA

API = DATA / "indicators" / "sotkanet_api"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server API)
        srv = self.server
        srv.requests.append((self.path, self.headers.get("User-Agent")))
        if srv.fail_next > 0:
            srv.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        url = urlparse(self.path)
        path = url.path.removeprefix("/rest/1.1/")
        q = parse_qs(url.query)
        if path == "regions":
            body = (API / "regions.json").read_bytes()
        elif path.startswith("indicators/"):
            f = API / f"indicators_{path.split('/')[1]}.json"
            if not f.exists():
                self.send_response(404)
                self.end_headers()
                return
            doc = json.loads(f.read_text(encoding="utf-8"))
            doc.update(srv.meta_override)
            body = json.dumps(doc).encode()
        elif path == "json":
            if srv.malformed:
                body = b'{"error": "not rows"}'
            else:
                rows = json.loads((API / "json_127_2021_2022.json").read_text())
                years = {int(y) for y in q.get("years", [])}
                body = json.dumps([r for r in rows if r["year"] in years]).encode()
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.requests, srv.fail_next, srv.malformed, srv.meta_override = [], 0, False, {}
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _client(server, tmp_path, **kw):
    base = f"http://127.0.0.1:{server.server_address[1]}/rest/1.1/"
    return SotkanetClient(tmp_path / "cache", base_url=base, sleep=lambda s: None, backoff=0.01, **kw)


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.exists() else {}


def test_metadata_of_a_recorded_real_response(server, tmp_path):
    meta = _client(server, tmp_path).indicator(186)
    summary = metadata_summary(meta)
    assert summary["title_fi"] == "Kuolleisuus / 100 000 asukasta"
    assert (summary["range_start"], summary["range_end"], summary["data_updated"]) == (1990, 2024, "2025-04-29")
    assert summary["organisation"] == "Statistics Finland"
    assert server.requests[0][1].startswith("review-tools/"), "a User-Agent must be sent (the API answers 403 without)"


def test_data_rows_become_tidy_with_official_codes(server, tmp_path):
    df = _client(server, tmp_path).data(127, [2022])
    raw = [r for r in json.loads((API / "json_127_2021_2022.json").read_text()) if r["year"] == 2022]
    assert len(df) == len(raw) > 20
    regions = json.loads((API / "regions.json").read_text(encoding="utf-8"))
    turku_id = next(r["id"] for r in regions if r["category"] == "KUNTA" and r["code"] == "853")
    expected = next(r["value"] for r in raw if r["region"] == turku_id)
    assert df.loc[df["region_code"] == "853", "value"].tolist() == [expected]
    assert set(df["region_level"]) == {"municipality"} and set(df["year"]) == {2022}
    assert (df["retrieval_date"] != "").all()


def test_cache_makes_a_run_reproducible_offline(server, tmp_path):
    online = _client(server, tmp_path).data(127, [2021, 2022])
    n = len(server.requests)
    offline = _client(server, tmp_path, offline=True).data(127, [2021, 2022])
    assert len(server.requests) == n, "offline mode must not touch the network"
    assert online.equals(offline)
    with pytest.raises(FetchError, match="offline mode is on"):
        _client(server, tmp_path, offline=True).data(127, [2021])


def test_retries_with_backoff_then_succeeds(server, tmp_path):
    server.fail_next = 2
    client = _client(server, tmp_path, retries=3)
    assert client.indicator(186)["id"] == 186
    assert client.n_requests == 3


def test_failed_fetch_leaves_cache_as_it_was(server, tmp_path):
    client = _client(server, tmp_path, retries=1)
    client.data(127, [2021])
    before = _snapshot(tmp_path / "cache")
    server.fail_next = 10
    with pytest.raises(FetchError, match="unreachable after 2 attempts"):
        _client(server, tmp_path, retries=1, refresh=True).regions()
    assert _snapshot(tmp_path / "cache") == before


def test_malformed_data_response_is_an_error_and_not_cached(server, tmp_path):
    client = _client(server, tmp_path)
    client.indicator(127)
    client.regions()
    before = _snapshot(tmp_path / "cache")
    server.malformed = True
    with pytest.raises(CorpusFormatError, match="expected a JSON array of data rows"):
        client.data(127, [2022])
    assert _snapshot(tmp_path / "cache") == before


def test_year_outside_range_and_unknown_indicator(server, tmp_path):
    client = _client(server, tmp_path)
    with pytest.raises(StageInputError, match=r"2000-2022; years \[2023\] are outside"):
        client.data(127, [2022, 2023])
    with pytest.raises(FetchError, match="HTTP 404"):
        client.indicator(999999)


def test_new_update_date_means_a_new_cache_entry(server, tmp_path):
    _client(server, tmp_path).data(127, [2022])
    n_files = len(list((tmp_path / "cache").glob("*.json")))
    server.meta_override = {"data-updated": "2025-01-31"}
    client = _client(server, tmp_path, refresh=True)
    client.data(127, [2022])
    assert client.n_requests == 3  # metadata, regions and data again (new update date)
    assert len(list((tmp_path / "cache").glob("*.json"))) == n_files + 1


def test_citation_text():
    assert citation(127, "Väestö 31.12.", referenced="2025-01-02", language="fi") == (
        "Tilasto- ja indikaattoripankki Sotkanet. Terveyden ja hyvinvoinnin laitos. Väestö 31.12. (ind. 127). "
        "Viitattu 2025-01-02. CC BY 4.0."
    )


def test_cli_fetch_writes_tidy_csv_and_reuses_the_cache(server, tmp_path, capsys):
    import pandas as pd

    from review_tools import cli

    review = tmp_path / "review"
    review.mkdir()
    (review / "indicators.yaml").write_text(
        "schema_version: 1\npopulation_indicator: population\nindicators:\n"
        "- {id: population, sotkanet_id: 127, title: {fi: Väestö 31.12.}, themes: [], unit: persons,"
        " better: context, aggregation: sum}\n",
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/rest/1.1/"
    args = ["indicators", "fetch", "--review", str(review), "--years", "2021-2022", "--cache", str(tmp_path / "c"),
            "--out", str(tmp_path / "out.csv"), "--base-url", base]
    assert cli.main(args) == 0
    df = pd.read_csv(tmp_path / "out.csv", dtype={"region_code": str})
    assert set(df["year"]) == {2021, 2022} and (df["indicator_id"] == 127).all()
    n = len(server.requests)
    assert cli.main([*args, "--offline"]) == 0 and len(server.requests) == n
    assert cli.main([*args[:-2], "--years", "2023-2023", "--base-url", base]) == 1
    assert "outside that range" in capsys.readouterr().err
