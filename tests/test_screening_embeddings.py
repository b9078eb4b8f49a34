"""Word embeddings from the wordllama package's bundled model, and the engine options that use them."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from review_tools.screening import embeddings
from review_tools.screening.ranker import ScreeningRanker, TextFeatures, explain
from review_tools.screening.simulate import simulate, simulate_rows

DATA = Path(__file__).resolve().parent / "data" / "screening"


def _small_set():
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    dec = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    inc = set(dec.loc[(dec["stage"] == "full_text") & (dec["reviewer"] == "anna") & (dec["decision"] == "include"),
                      "record_id"])
    return recs.assign(label_included=recs["record_id"].isin(inc).astype(int).astype(str))


def test_model_loads_offline(monkeypatch):
    """The bundled files are read without touching the network (a connection attempt fails the test)."""
    def no_network(*args, **kwargs):
        raise AssertionError("tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    embeddings._model.cache_clear()
    tok, table = embeddings._model()
    assert table.shape == (32000, 256) and table.dtype == np.float32
    assert tok.encode("housing", add_special_tokens=False).ids


def test_related_words_are_closer_than_unrelated():
    v = embeddings.word_vectors(["homeless", "homelessness", "unhoused", "photosynthesis"])
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    assert v[0] @ v[1] > v[0] @ v[3] and v[0] @ v[2] > v[0] @ v[3]


def test_embed_texts_unit_rows_and_empty_text():
    texts = ["Housing first for homeless youth", "Shelter services for young people without a home", "",
             "Photosynthesis in algae"]
    for centre in (True, False):
        e = embeddings.embed_texts(texts, centre=centre)
        assert e.shape == (4, 256)
        assert np.allclose(np.linalg.norm(e[[0, 1, 3]], axis=1), 1.0)
        assert not np.any(e[2])                      # no word: a zero row, not NaN
    assert e[0] @ e[1] > e[0] @ e[3]                 # no shared word, yet nearer than the algae record


def test_engine_embeddings_are_seeded_and_change_the_kernel():
    df = _small_set()
    a = simulate(df, random_state=5, embedding_weight=0.1)
    b = simulate(df, random_state=5, embedding_weight=0.1)
    assert a.order.equals(b.order) and a.params["embedding_weight"] == 0.1
    plain = simulate(df, random_state=5)
    assert not plain.order.equals(a.order)
    # used only while fewer than 1 inclusion is known: the prior inclusion ends that before the first fit
    never = simulate(df, random_state=5, embedding_weight=0.1, embedding_until=1)
    assert never.order.equals(plain.order)
    early = simulate(df, random_state=5, embedding_weight=0.1, embedding_until=3)
    assert early.order["row"].is_unique and early.params["embedding_until"] == 3


def test_refit_on_inclusion_refits_more():
    df = _small_set()
    texts = (df["title"] + ". " + df["abstract"]).tolist()
    y = df["label_included"].astype(int).to_numpy()
    plain = simulate_rows(texts, y, random_state=2, batch_fraction=0.5)
    eager = simulate_rows(texts, y, random_state=2, batch_fraction=0.5, refit_on_inclusion=True)
    assert eager["n_fits"] > plain["n_fits"]
    assert eager["order"][:2] == plain["order"][:2]


def test_text_features_embedding_block_matches_engine_kernel():
    texts = ["housing first for youth", "youth homelessness services", "algae growth rates"]
    f = TextFeatures(embedding_weight=0.25)
    X = f.fit_transform(texts)
    plain = TextFeatures().fit_transform(texts)
    e = embeddings.embed_texts(texts) * 0.5
    assert X.shape[1] == plain.shape[1] + 256
    assert np.allclose((X @ X.T).toarray(), (plain @ plain.T).toarray() + e @ e.T)
    assert np.allclose(f.transform(texts).toarray(), X.toarray())
    names = f.get_feature_names_out()
    assert len(names) == X.shape[1] and names[-1] == "emb:255"
    model = ScreeningRanker(random_state=0).fit(X, np.array([1, 1, 0]))
    assert all(not n.startswith("emb:") for n, _ in explain(model, f, X[0], 10))


@pytest.mark.slow
def test_loading_the_embeddings_leaves_logging_unconfigured():
    """wordllama configures the root logger when imported; the model must be read without importing it, or every
    library's INFO messages show in JupyterLab's log console (only the CLI configures logging)."""
    import subprocess
    import sys

    code = ("import logging; from review_tools.screening.embeddings import word_vectors; word_vectors(['asunto']); "
            "root = logging.getLogger(); print(len(root.handlers), root.level)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", str(logging.WARNING)]
