"""A polite, resilient client for THL's Sotkanet REST API 1.1 (``https://sotkanet.fi/rest/1.1/``).

* Sends a ``User-Agent`` (the API answers 403 without one), retries timeouts, connection
  errors, truncated bodies, badly encoded (gzip) bodies, bodies that are not JSON, 429 and 5xx
  with exponential backoff (honouring ``Retry-After``), and never retries other 4xx answers.
* One overall deadline per request (``deadline`` seconds, all attempts together): the body is
  read in small pieces and a server that drips bytes cannot hold the client past it.
* Responses are capped in bytes (``max_bytes``) and data rows (``max_rows``); data rows that
  repeat a region, year and gender are refused.
* Caches every response on disk under a key made of the endpoint, the parameters and, for
  data, the indicator's ``data-updated`` date, so a run is reproducible offline from the cache
  and new data are fetched only when THL has updated them.
* A response is validated before it is cached, and the cache file is replaced atomically, so a
  failed or malformed fetch leaves the cache exactly as it was. A cached entry is validated again
  when read: a poisoned entry is set aside (``*.invalid``) with a warning and fetched again.
* Every failure is a :class:`FetchError` or :class:`~review_tools.errors.CorpusFormatError`
  with a plain message; no network exception escapes.

The data are CC BY 4.0 (THL); :func:`review_tools.indicators.sotkanet.citation` gives the citation Sotkanet asks for.
The client lives with the readers because it does the I/O (network and the response cache on disk); the
indicator logic (``review_tools.indicators``) receives its frames.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
import requests
import urllib3

from ..errors import CorpusFormatError, ReviewToolsError, StageInputError
from .indicator_tables import parse_sotkanet_regions, parse_sotkanet_rows

__all__ = ["BASE_URL", "USER_AGENT", "FetchError", "SotkanetClient"]

log = logging.getLogger(__name__)

BASE_URL = "https://sotkanet.fi/rest/1.1/"
USER_AGENT = "review-tools/0.1 (social-welfare research workbench; +https://github.com/) python-requests"
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(ReviewToolsError):
    """Sotkanet could not be reached or refused the request (after retries)."""


def _int_like(value) -> bool:
    try:
        int(str(value))
    except (TypeError, ValueError):
        return False
    return True


def _validate_metadata(doc, url: str) -> dict:
    """Check every metadata field the client and the reports use; raise before anything is cached."""
    if not isinstance(doc, dict) or "id" not in doc or not isinstance(doc.get("title"), dict):
        raise CorpusFormatError(url, "malformed indicator metadata: expected an object with 'id' and 'title'")
    if not _int_like(doc["id"]):
        raise CorpusFormatError(url, "malformed indicator metadata: 'id' is not a whole number", field="id")
    if not doc["title"] or not all(isinstance(v, str) for v in doc["title"].values()):
        raise CorpusFormatError(url, "malformed indicator metadata: 'title' must map languages to text", field="title")
    rng = doc.get("range")
    if rng is not None and rng != {}:
        if not isinstance(rng, dict) or not {"start", "end"} <= set(rng):
            raise CorpusFormatError(url, "malformed indicator metadata: 'range' needs 'start' and 'end'", field="range")
        if not (_int_like(rng["start"]) and _int_like(rng["end"])) or int(str(rng["start"])) > int(str(rng["end"])):
            raise CorpusFormatError(url, "malformed indicator metadata: 'range' start and end must be years, start "
                                         "not after end", field="range")
    if "data-updated" in doc and not isinstance(doc["data-updated"], (str, type(None))):
        raise CorpusFormatError(url, "malformed indicator metadata: 'data-updated' must be a date text", field="data-updated")
    if doc.get("decimals") is not None and not _int_like(doc["decimals"]):
        raise CorpusFormatError(url, "malformed indicator metadata: 'decimals' is not a whole number", field="decimals")
    classes = doc.get("classifications")
    if classes is not None:
        sex = classes.get("sex") if isinstance(classes, dict) else None
        values = sex.get("values") if isinstance(sex, dict) else None
        if not isinstance(classes, dict) or (sex is not None and not isinstance(sex, dict)) or (
                values is not None and not (isinstance(values, list) and all(isinstance(v, str) for v in values))):
            raise CorpusFormatError(url, "malformed indicator metadata: 'classifications.sex.values' must be a list "
                                         "of texts", field="classifications")
    return doc


def _check_rows(body, url: str, max_rows: int) -> None:
    """Refuse a data response that is too long or repeats a region, year and gender."""
    if not isinstance(body, list):
        raise CorpusFormatError(url, "malformed data response: expected a JSON array of data rows")
    if len(body) > max_rows:
        raise CorpusFormatError(url, f"the response has {len(body):,} data rows; at most {max_rows:,} are accepted "
                                     "(ask for fewer years or raise max_rows)")
    seen, dups = set(), 0
    for row in body:
        if isinstance(row, dict):
            key = (row.get("indicator"), row.get("region"), row.get("year"), row.get("gender"))
            dups += key in seen
            seen.add(key)
    if dups:
        raise CorpusFormatError(url, f"the response repeats {dups} data row(s) for the same region, year and gender; "
                                     "it was not used or cached")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class _Retry(Exception):
    """An attempt failed in a way worth retrying (message says how)."""


class SotkanetClient:
    """Fetch Sotkanet metadata, regions and data, with an on-disk cache.

    Parameters
    ----------
    cache_dir : str or Path
        Folder of cached responses (created when needed).
    base_url : str
        API root; tests point it at a local server.
    user_agent : str
        Sent with every request.
    retries : int
        Extra attempts after a retryable failure.
    backoff : float
        Seconds before the first retry; doubled each time.
    timeout : float
        Seconds to connect and between two pieces of the answer.
    deadline : float
        Seconds for a whole request, all attempts and waits included.
    max_bytes : int
        Largest response body accepted (default 200 MB).
    max_rows : int
        Most data rows accepted in one response (default 1,000,000).
    offline : bool
        Never touch the network; a request missing from the cache raises :class:`FetchError`.
    refresh : bool
        Re-fetch metadata, regions and the catalogue even when cached (data stay keyed by
        their update date, so they are re-fetched only if the update date changed).
    session : requests.Session, optional
        Reused for connection pooling; a new one by default.
    sleep : callable
        Used between retries (tests pass a no-op).
    """

    def __init__(
        self,
        cache_dir,
        *,
        base_url: str = BASE_URL,
        user_agent: str = USER_AGENT,
        retries: int = 3,
        backoff: float = 1.0,
        timeout: float = 60.0,
        deadline: float = 300.0,
        max_bytes: int = 200 * 1024 * 1024,
        max_rows: int = 1_000_000,
        offline: bool = False,
        refresh: bool = False,
        session: requests.Session | None = None,
        sleep=time.sleep,
    ):
        self.cache_dir = Path(cache_dir)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.user_agent = user_agent
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_rows = max_rows
        self.offline = offline
        self.refresh = refresh
        self.session = session or requests.Session()
        self.sleep = sleep
        self.n_requests = 0

    # ------------------------------------------------------------ cache
    def cache_key(self, endpoint: str, params: list[tuple[str, str]], tag: str | None = None) -> str:
        """Return the cache key of a request (hex digest of endpoint, sorted params, tag)."""
        blob = json.dumps([endpoint, sorted((str(k), str(v)) for k, v in params), tag or ""], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]

    def _cache_path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.json"

    def _read_cache(self, key: str, validate=None) -> dict | None:
        """The cached envelope, or None when absent or invalid (an invalid one is set aside)."""
        path = self._cache_path(key)
        if not path.exists():
            return None
        try:
            env = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(env, dict) or "body" not in env or not isinstance(env.get("url", ""), str):
                raise CorpusFormatError(path, "not a cached Sotkanet response")
            if validate is not None:
                validate(env["body"], env.get("url") or str(path))
            return env
        except (json.JSONDecodeError, UnicodeDecodeError, CorpusFormatError, StageInputError, TypeError,
                ValueError, KeyError, AttributeError) as exc:
            bad = path.with_suffix(".invalid")
            try:
                os.replace(path, bad)
            except OSError:
                bad = path
            log.warning("%s: cached Sotkanet response is invalid (%s); set aside as %s and fetched again",
                        path, str(exc).splitlines()[0][:200], bad.name)
            return None

    def _write_cache(self, key: str, envelope: dict) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(envelope, fh, ensure_ascii=False)
            os.replace(tmp, self._cache_path(key))
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # ------------------------------------------------------------ network
    def _read_body(self, resp, url: str, deadline: float) -> bytes:
        """Read the body in small pieces, checking the deadline and the size cap between them."""
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: Sotkanet did not send a complete answer within {self.deadline:.0f} s "
                                 "(too slow); the cache was left as it was")
            try:
                chunk = resp.raw.read1(65536, decode_content=True)
            except urllib3.exceptions.DecodeError as exc:
                raise _Retry(f"badly encoded body ({type(exc).__name__})") from None
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError, OSError) as exc:
                raise _Retry(f"body cut off ({type(exc).__name__})") from None
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: the answer is larger than {self.max_bytes / 1024 / 1024:,.0f} MB; refused")
            chunks.append(chunk)
        body = b"".join(chunks)
        expected = resp.headers.get("Content-Length")
        if expected and expected.isdigit() and "Content-Encoding" not in resp.headers and len(body) < int(expected):
            raise _Retry(f"body cut off ({len(body)} of {expected} bytes)")
        return body

    def _fetch(self, endpoint: str, params: list[tuple[str, str]]):
        url = self.base_url + endpoint
        if self.offline:
            raise FetchError(f"{url}: not in the cache {self.cache_dir} and offline mode is on")
        deadline = time.monotonic() + self.deadline
        last, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                pause = wait if wait else self.backoff * 2 ** (attempt - 1)
                if time.monotonic() + pause > deadline:
                    raise FetchError(f"{url}: Sotkanet asks to wait {pause:.0f} s ({last}), past the request's "
                                     f"deadline of {self.deadline:.0f} s; try again later. The cache was left as it was")
                self.sleep(pause)
            wait = 0.0
            remaining = max(0.1, deadline - time.monotonic())
            resp = None
            try:
                self.n_requests += 1
                resp = self.session.get(
                    url, params=params, timeout=(min(self.timeout, remaining), min(self.timeout, remaining)),
                    headers={"User-Agent": self.user_agent, "Accept": "application/json",
                             "Accept-Encoding": "gzip, deflate"},
                    stream=True,
                )
                if resp.status_code in _RETRY_STATUS:
                    last = f"HTTP {resp.status_code}"
                    wait = _retry_after(resp.headers.get("Retry-After")) or 0.0
                    continue
                if resp.status_code != 200:
                    raise FetchError(f"{resp.url}: Sotkanet answered HTTP {resp.status_code}; check the indicator id "
                                     "and parameters")
                raw = self._read_body(resp, url, deadline)
                try:
                    return json.loads(raw.decode("utf-8-sig")), resp.url
                except (UnicodeDecodeError, ValueError):
                    raise _Retry("the answer is not JSON (cut off or an error page)") from None
            except _Retry as exc:
                last = str(exc)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError, requests.exceptions.TooManyRedirects,
                    urllib3.exceptions.HTTPError) as exc:
                last = f"{type(exc).__name__}"
            except requests.RequestException as exc:
                raise FetchError(f"{url}: the request failed ({type(exc).__name__}); check the base URL") from None
            finally:
                if resp is not None:
                    resp.close()
            log.info("Sotkanet %s failed (%s); attempt %d of %d", url, last, attempt + 1, self.retries + 1)
            if time.monotonic() > deadline:
                break
        if last.startswith("the answer is not JSON"):
            raise CorpusFormatError(url, f"Sotkanet sent a response that is not JSON after {attempt + 1} attempts; "
                                         "the cache was left as it was")
        raise FetchError(f"{url}: Sotkanet unreachable after {attempt + 1} attempts ({last}); the cache was left as it was")

    def _get(self, endpoint: str, params=(), *, tag: str | None = None, validate=None, use_cache: bool = True):
        params = list(params)
        key = self.cache_key(endpoint, params, tag)
        if use_cache or self.offline:
            cached = self._read_cache(key, validate)
            if cached is not None:
                return cached
            if self.offline and self._cache_path(key).with_suffix(".invalid").exists():
                raise FetchError(f"{self.base_url + endpoint}: the cached copy was invalid (set aside) and offline "
                                 "mode is on; run once online to fetch it again")
        body, url = self._fetch(endpoint, params)
        if validate is not None:
            validate(body, url)  # raises before anything is written
        envelope = {
            "url": url,
            "endpoint": endpoint,
            "params": params,
            "tag": tag,
            "retrieved": dt.date.today().isoformat(),
            "body": body,
        }
        self._write_cache(key, envelope)
        return envelope

    # ------------------------------------------------------------ API
    def indicators(self) -> list[dict]:
        """Return the indicator catalogue (``/indicators``)."""
        def check(body, url):
            if not isinstance(body, list):
                raise CorpusFormatError(url, "malformed catalogue: expected a JSON array of indicators")
        return self._get("indicators", validate=check, use_cache=not self.refresh)["body"]

    def indicator(self, indicator_id: int) -> dict:
        """Return the metadata of one indicator (``/indicators/{id}``).

        Raises
        ------
        CorpusFormatError
            When the response lacks ``id`` or ``title`` (nothing is cached then).
        """
        env = self._get(f"indicators/{int(indicator_id)}", validate=_validate_metadata, use_cache=not self.refresh)
        return env["body"]

    def regions(self) -> pd.DataFrame:
        """Return the region table (``/regions``), see :func:`parse_sotkanet_regions`."""
        env = self._get("regions", validate=lambda b, u: parse_sotkanet_regions(b, u), use_cache=not self.refresh)
        return parse_sotkanet_regions(env["body"], env["url"])

    def data(self, indicator_id: int, years, genders=("total",)) -> pd.DataFrame:
        """Return tidy data of one indicator for ``years`` and ``genders`` (all regions).

        The request is cached under its parameters and the indicator's ``data-updated`` date.

        Raises
        ------
        StageInputError
            When a year is outside the indicator's range (from its metadata) or a gender is not
            one the indicator has.
        CorpusFormatError
            When the response is not a list of data rows (nothing is cached then).
        """
        meta = self.indicator(indicator_id)
        years = sorted({int(y) for y in years})
        rng = meta.get("range") or {}
        if rng:
            outside = [y for y in years if not int(rng["start"]) <= y <= int(rng["end"])]
            if outside:
                raise StageInputError(
                    f"indicator {indicator_id} ({meta['title'].get('en') or meta['title'].get('fi')}) has data for "
                    f"{rng['start']}-{rng['end']}; years {outside} are outside that range"
                )
        avail = ((meta.get("classifications") or {}).get("sex") or {}).get("values")
        if avail:
            bad = [g for g in genders if g not in avail]
            if bad:
                raise StageInputError(f"indicator {indicator_id} has genders {avail}; {bad} not available")
        regions = self.regions()
        params = [("indicator", str(int(indicator_id)))] + [("years", str(y)) for y in years] + [("genders", g) for g in genders]
        tag = str(meta.get("data-updated", ""))

        def check(body, url):
            _check_rows(body, url, self.max_rows)
            with warnings.catch_warnings():  # rows without a value are reported when the data are used
                warnings.simplefilter("ignore")
                parse_sotkanet_rows(body, regions, path=url)

        env = self._get("json", params, tag=tag, validate=check)
        return parse_sotkanet_rows(env["body"], regions, source="sotkanet", retrieval_date=env["retrieved"], path=env["url"])
