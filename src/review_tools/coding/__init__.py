"""Qualitative coding: code suggestions, human coding events, reliability, REFI-QDA exchange.

The entry point other stages use is :func:`suggest_codes`.
"""

from __future__ import annotations

import pandas as pd

from ..config import Codebook
from .lexicon import SUGGESTION_COLUMNS, Lexicon, lexicon_suggestions
from .model import CodeSuggester

__all__ = ["suggest_codes", "CodeSuggester", "Lexicon", "SUGGESTION_COLUMNS"]


def suggest_codes(units: pd.DataFrame, codebook: Codebook, *, language: str | None = None, model=None,
                  top_k: int | None = None, lexicon: Lexicon | None = None, progress: bool = False,
                  model_weight: float | None = None) -> pd.DataFrame:
    """Suggest codebook codes for text units; suggestions are proposals with a score and a reason.

    Parameters
    ----------
    units : DataFrame
        Columns ``unit_id, text`` (optionally ``language``: fi, sv or en per unit).
    codebook : Codebook
        The review's codebook; its keywords drive the lexicon suggestions.
    language : str, optional
        Force one language for all units; otherwise the ``language`` column or a guess per unit.
    model : CodeSuggester, optional
        A fitted model. A code it knows scores ``model_weight * model score + (1 - model_weight)
        * lexicon score``; codes it does not know keep their lexicon score. The lexicon's reason is
        appended to the model's.
    top_k : int, optional
        Keep at most this many suggestions per unit.
    lexicon : Lexicon, optional
        A prebuilt lexicon of ``codebook`` (saves rebuilding it in loops).
    progress : bool
        Show a progress bar.
    model_weight : float, optional
        Weight of the model's score against the lexicon score (1: model only). By default 1 when
        the model was fitted with a codebook (it then blends the lexicon itself, with weights
        chosen by cross-validation), else 0.5.

    Returns
    -------
    DataFrame
        ``unit_id, code, score, reason``, best first within each unit (units in input order).
    """
    lex = lexicon if lexicon is not None else Lexicon(codebook)
    lexi = lexicon_suggestions(units, lex, language=language, progress=progress)
    if model is None:
        out = lexi
    else:
        if model_weight is None:
            model_weight = 1.0 if getattr(model, "lexicon_", None) is not None else 0.5
        units_l = units if language is None else units.assign(language=language)
        ms = model.suggest(units_l)
        known = set(map(str, model.classes_))
        lex_reason = {(u, c): r for u, c, r in zip(lexi["unit_id"], lexi["code"], lexi["reason"], strict=True)}
        lex_score = {(u, c): v for u, c, v in zip(lexi["unit_id"], lexi["code"], lexi["score"], strict=True)}
        ms["score"] = [model_weight * v + (1 - model_weight) * lex_score.get((u, c), 0.0)
                       for u, c, v in zip(ms["unit_id"], ms["code"], ms["score"], strict=True)]
        ms["reason"] = [
            r + ("; " + lex_reason[(u, c)] if (u, c) in lex_reason else "")
            for u, c, r in zip(ms["unit_id"], ms["code"], ms["reason"], strict=True)
        ]
        out = pd.concat([ms, lexi[~lexi["code"].isin(known)]], ignore_index=True)
    order = {u: i for i, u in enumerate(dict.fromkeys(units["unit_id"].astype(str)))}
    out = out.assign(_o=out["unit_id"].map(order)).sort_values(["_o", "score", "code"], ascending=[True, False, True],
                                                                 kind="stable")
    out = out.drop(columns="_o")
    if top_k is not None:
        out = out.groupby("unit_id", sort=False).head(top_k)
    return out.reset_index(drop=True)[SUGGESTION_COLUMNS]
