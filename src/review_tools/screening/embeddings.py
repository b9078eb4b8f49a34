"""Static word embeddings of records, from the model shipped inside the ``wordllama`` package (offline).

WordLlama (PyPI ``wordllama``) ships a 256-dimensional token-embedding table distilled from a large
language model's input embeddings (``weights/l2_supercat_256.safetensors``) and its tokenizer
(``tokenizers/l2_supercat_tokenizer_config.json``) inside the wheel. They are loaded from the
installed package only: nothing is downloaded (the package's own ``WordLlama.load()`` looks for the
tokenizer in a folder the wheel does not have and then tries the network).

A record's vector is the IDF-weighted mean of the vectors of its distinct lower-cased words (a word's
vector is the mean of its sub-word tokens' vectors), L2-normalised. Unlike TF-IDF n-grams, two
records that share no word still get a similarity when their words are related (``"homeless"`` and
``"unhoused"``), which is what a model trained on a handful of labelled records lacks most.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import StageInputError

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


@lru_cache(maxsize=1)
def _model() -> tuple[object, np.ndarray]:
    """The tokenizer and the token-embedding table (float32) of the installed wordllama package."""
    # the package is located, not imported: importing wordllama configures the root logger (basicConfig at INFO),
    # which would print every library's INFO messages in a notebook; only its bundled files are read
    spec = importlib.util.find_spec("wordllama")
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise StageInputError(f"word embeddings need the 'wordllama' package ({exc}); pip install wordllama") from exc
    if spec is None or not spec.submodule_search_locations:
        raise StageInputError("word embeddings need the 'wordllama' package; pip install wordllama")
    root = Path(list(spec.submodule_search_locations)[0])
    weights, tokenizer = root.joinpath(*_WEIGHTS), root.joinpath(*_TOKENIZER)
    missing = [str(p) for p in (weights, tokenizer) if not p.is_file()]
    if missing:
        raise StageInputError(f"word embeddings: the wordllama package lacks its bundled model files {missing}; "
                              "reinstall wordllama (>= 0.4) from PyPI")
    tok = Tokenizer.from_file(str(tokenizer))
    tok.no_padding()
    tok.no_truncation()
    with safe_open(str(weights), framework="np", device="cpu") as fh:
        table = fh.get_tensor("embedding.weight").astype(np.float32)
    return tok, table


def word_vectors(words: Sequence[str]) -> np.ndarray:
    """Mean sub-word token vector of each word, shape ``(len(words), 256)``."""
    tok, table = _model()
    if not words:
        return np.zeros((0, table.shape[1]), dtype=np.float32)
    enc = tok.encode_batch(list(words), add_special_tokens=False)
    ids = [e.ids for e in enc]
    lens = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lens.sum()))
    starts = np.cumsum(lens) - lens
    out = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    has = lens > 0
    sums = np.add.reduceat(table[flat], starts[has], axis=0) if len(flat) else out[has]
    out[has] = sums / lens[has, None]
    return out


def embed_texts(texts: Sequence[str], *, centre: bool = True) -> np.ndarray:
    """IDF-weighted mean word vector of each text, centred on the texts' mean and L2-normalised.

    Texts without a word get a row of zeros.

    Parameters
    ----------
    texts : sequence of str
    centre : bool, default True
        Subtract the mean of the (normalised) vectors of the texts before normalising again.

    Returns
    -------
    ndarray of shape (len(texts), 256), float64
    """
    n = len(texts)
    vocab: dict[str, int] = {}
    per_doc = [sorted({vocab.setdefault(w, len(vocab)) for w in _TOKEN.findall(t.lower())}) for t in texts]
    words = list(vocab)
    vec = word_vectors(words)
    lens = np.fromiter((len(d) for d in per_doc), dtype=np.int64, count=n)
    ids = np.fromiter((i for d in per_doc for i in d), dtype=np.int64, count=int(lens.sum()))
    doc = np.repeat(np.arange(n, dtype=np.int64), lens)
    df = np.bincount(ids, minlength=len(words))
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    import scipy.sparse as sp

    weights = sp.csr_matrix((idf[ids], (doc, ids)), shape=(n, len(words)), dtype=np.float32)
    out = np.asarray(weights @ vec, dtype=np.float64)
    norms = np.linalg.norm(out, axis=1)
    norms[norms == 0] = 1.0
    out /= norms[:, None]
    if centre and n > 1:
        # mean word vectors share a large common direction (frequent words, the language); without
        # removing it every pair of records looks alike and the similarity says little
        has = np.linalg.norm(out, axis=1) > 0
        out[has] -= out[has].mean(axis=0)
    norms = np.linalg.norm(out, axis=1)
    norms[norms == 0] = 1.0
    return out / norms[:, None]
