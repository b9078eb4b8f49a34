"""A polite client for THL's Sotkanet REST API 1.1 (``https://sotkanet.fi/rest/1.1/``).

* Sends a ``User-Agent`` (the API answers 403 without one), retries timeouts, connection
  errors, 429 and 5xx with exponential backoff, and never retries other 4xx answers.
* Caches every response on disk under a key made of the endpoint, the parameters and, for
  data, the indicator's ``data-updated`` date, so a run is reproducible offline from the cache
  and new data are fetched only when THL has updated them.
* A response is validated before it is cached, and the cache file is replaced atomically, so a
  failed or malformed fetch leaves the cache exactly as it was.

The data are CC BY 4.0 (THL); :func:`citation` gives the citation Sotkanet asks for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import pandas as pd
import requests

from ..errors import CorpusFormatError, ReviewToolsError, StageInputError
from ..readers.indicator_tables import parse_sotkanet_regions, parse_sotkanet_rows

__all__ = ["BASE_URL", "USER_AGENT", "FetchError", "SotkanetClient", "citation", "metadata_summary"]

log = logging.getLogger(__name__)

BASE_URL = "https://sotkanet.fi/rest/1.1/"
USER_AGENT = "review-tools/0.1 (social-welfare research workbench; +https://github.com/) python-requests"
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(ReviewToolsError):
    """Sotkanet could not be reached or refused the request (after retries)."""


def _validate_metadata(doc, url: str) -> dict:
    if not isinstance(doc, dict) or "id" not in doc or not isinstance(doc.get("title"), dict):
        raise CorpusFormatError(url, "malformed indicator metadata: expected an object with 'id' and 'title'")
    rng = doc.get("range") or {}
    if rng and not {"start", "end"} <= set(rng):
        raise CorpusFormatError(url, "malformed indicator metadata: 'range' needs 'start' and 'end'", field="range")
    return doc


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
        Seconds per request.
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

    def _read_cache(self, key: str) -> dict | None:
        path = self._cache_path(key)
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            log.warning("%s: cached response unreadable; it will be fetched again", path)
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
    def _fetch(self, endpoint: str, params: list[tuple[str, str]]):
        url = self.base_url + endpoint
        if self.offline:
            raise FetchError(f"{url}: not in the cache {self.cache_dir} and offline mode is on")
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self.n_requests += 1
                resp = self.session.get(
                    url, params=params, timeout=self.timeout,
                    headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"{type(exc).__name__}: {exc}"
                log.info("Sotkanet %s failed (%s); attempt %d of %d", url, last, attempt + 1, self.retries + 1)
                continue
            if resp.status_code in _RETRY_STATUS:
                last = f"HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise FetchError(f"{resp.url}: Sotkanet answered HTTP {resp.status_code}; check the indicator id and parameters")
            try:
                return resp.json(), resp.url
            except ValueError as exc:
                raise CorpusFormatError(resp.url, "Sotkanet sent a response that is not JSON") from exc
        raise FetchError(f"{url}: Sotkanet unreachable after {self.retries + 1} attempts ({last}); the cache was left as it was")

    def _get(self, endpoint: str, params=(), *, tag: str | None = None, validate=None, use_cache: bool = True):
        params = list(params)
        key = self.cache_key(endpoint, params, tag)
        cached = self._read_cache(key)
        if cached is not None and (use_cache or self.offline):
            return cached
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
            parse_sotkanet_rows(body, regions, path=url)

        env = self._get("json", params, tag=tag, validate=check)
        return parse_sotkanet_rows(env["body"], regions, source="sotkanet", retrieval_date=env["retrieved"], path=env["url"])


def metadata_summary(meta: dict, language: str = "en") -> dict:
    """Return the fields of indicator metadata a report needs.

    Returns
    -------
    dict
        ``sotkanet_id, title_fi, title_sv, title_en, unit, decimals, range_start, range_end,
        data_updated, organisation``.
    """
    title = meta.get("title") or {}
    unit = ((meta.get("primaryValueType") or {}).get("title") or {})
    rng = meta.get("range") or {}
    org = ((meta.get("organization") or {}).get("title") or {})
    return {
        "sotkanet_id": meta.get("id"),
        "title_fi": title.get("fi", ""),
        "title_sv": title.get("sv", ""),
        "title_en": title.get("en", ""),
        "unit": unit.get(language) or unit.get("fi", ""),
        "decimals": meta.get("decimals"),
        "range_start": rng.get("start"),
        "range_end": rng.get("end"),
        "data_updated": meta.get("data-updated", ""),
        "organisation": org.get(language) or org.get("fi", ""),
    }


def citation(sotkanet_id: int, title: str, *, referenced: str | None = None, language: str = "en") -> str:
    """Return the CC BY 4.0 citation Sotkanet asks for (help page 296).

    Parameters
    ----------
    sotkanet_id : int
        The indicator id.
    title : str
        Its title in ``language``.
    referenced : str, optional
        Date the data were retrieved (ISO); omitted when unknown.
    language : str
        ``en`` or ``fi``.
    """
    if language == "fi":
        text = f"Tilasto- ja indikaattoripankki Sotkanet. Terveyden ja hyvinvoinnin laitos. {title} (ind. {sotkanet_id})."
        return text + (f" Viitattu {referenced}." if referenced else "") + " CC BY 4.0."
    text = f"Sotkanet Indicator Bank. Finnish Institute for Health and Welfare (THL). {title} (ind. {sotkanet_id})."
    return text + (f" Referenced on {referenced}." if referenced else "") + " CC BY 4.0."
