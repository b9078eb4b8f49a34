"""One read of the demo indicator corpus per test session, shared by the indicator test modules."""

from __future__ import annotations

import functools
import warnings

from review_tools.config import load_review
from review_tools.errors import ReviewToolsWarning
from review_tools.indicators.dataset import run_indicator_stage

from .conftest import ROOT


@functools.lru_cache(maxsize=1)
def demo_stage():
    """The indicators stage on corpus/ and review/ for county 5, 2000-2012 (computed once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        return run_indicator_stage(load_review(ROOT / "review"), ROOT / "corpus", "5", "2000-2012")
