"""Tables and review set-up around the :class:`~review_tools.pseudonymise.Pseudonymiser`.

:func:`review_pseudonymiser` builds the review's one pseudonymiser (its lists, informants, the
region key's municipality names and the key file); :func:`pseudonymise_frame` and
:func:`pseudonymise_segments` apply it to social reports and transcript segments, one source
(report or document) at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .config import InformantSet
from .errors import StageInputError
from .readers.pseudonym_files import read_list_file, region_places

if TYPE_CHECKING:
    from ._pseudonymise_core import Pseudonymiser

KEY_FILE = Path("keys") / "pseudonyms.json"
_LOWER_WORD = re.compile(r"(?<![\w])[a-zåäöéü][\w\-]*")


def review_pseudonymiser(review_dir: str | Path, informants: InformantSet | None = None,
                         key_path: str | Path | None = None, corpus_dir: str | Path | None = None) -> Pseudonymiser:
    """The review's one pseudonymiser, so every stage gives a person the same pseudonym.

    It reads the review folder's optional lists ``names.txt`` (extra first names and surnames)
    and ``mask_terms.txt`` (organisations and places to mask), knows the interview informants
    and the municipality names of the corpus's region key, and keeps its key in
    ``<review_dir>/keys/pseudonyms.json`` unless ``key_path`` is given.

    Parameters
    ----------
    review_dir : str or Path
        The review folder.
    informants : InformantSet, optional
        The review's interview metadata (``cfg.informants``).
    key_path : str or Path, optional
        Where the pseudonym key is kept; never under ``outputs/``.
    corpus_dir : str or Path, optional
        The corpus, for the region key's municipality names (masked as places).

    Returns
    -------
    Pseudonymiser
    """
    from ._pseudonymise_core import Pseudonymiser

    review_dir = Path(review_dir)
    return Pseudonymiser(
        key_path=Path(key_path) if key_path else review_dir / KEY_FILE,
        names=read_list_file(review_dir / "names.txt"),
        informants=informants,
        mask_terms=read_list_file(review_dir / "mask_terms.txt"),
        places=region_places(corpus_dir),
    )


def lowercase_vocabulary(texts) -> frozenset[str]:
    """Words written in lowercase somewhere in ``texts`` (casefolded), outside e-mail addresses,
    handles and web addresses (where names are written in lowercase)."""
    from ._identifiers import _EMAIL, CONTACT, EMAIL_OBFUSCATED

    def prose(t: str) -> str:
        for rx in (_EMAIL, EMAIL_OBFUSCATED, CONTACT):
            t = rx.sub(" ", t)
        return re.sub(r"\S*(?:https?://|www\.)\S*", " ", t)

    return frozenset(w.casefold() for t in texts if isinstance(t, str) for w in _LOWER_WORD.findall(prose(t)))


def pseudonymise_frame(df: pd.DataFrame, text_columns: Sequence[str], pseudonymiser: Pseudonymiser,
                       id_column: str | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Pseudonymise text columns of a table.

    Parameters
    ----------
    df : DataFrame
        The table; not modified.
    text_columns : sequence of str
        Columns to pseudonymise (missing values stay missing).
    pseudonymiser : Pseudonymiser
    id_column : str, optional
        Column naming each row's source: people other than informants get one pseudonym per
        source (a report), and the source is named in messages.

    Returns
    -------
    (DataFrame, dict)
        A pseudonymised copy and the replacement counts per category.
    """
    missing = [c for c in [*text_columns, *([id_column] if id_column else [])] if c not in df.columns]
    if missing:
        raise StageInputError(f"pseudonymise_frame: missing columns {missing}; the table has {list(df.columns)}")
    out = df.copy()
    from ._pseudonymise_core import CATEGORIES

    counts = dict.fromkeys(CATEGORIES, 0)
    ids = out[id_column].astype(str).tolist() if id_column else [None] * len(out)
    vocabulary = lowercase_vocabulary(v for col in text_columns for v in out[col].tolist())
    if id_column:
        rows: dict[str, list[str]] = {}
        for col in text_columns:
            for v, doc in zip(out[col].tolist(), ids, strict=True):
                if isinstance(v, str):
                    rows.setdefault(doc, []).append(v)
        for doc, texts in rows.items():
            pseudonymiser.learn(texts, doc, vocabulary)
    for col in text_columns:
        values = out[col].tolist()
        new = []
        for v, doc in zip(values, ids, strict=True):
            if not isinstance(v, str):
                new.append(v)
                continue
            res = pseudonymiser.pseudonymise(v, document_id=doc, vocabulary=vocabulary)
            for c, n in res.counts.items():
                counts[c] += n
            new.append(res.text)
        out[col] = new
    return out, counts


def pseudonymise_segments(segments: pd.DataFrame, pseudonymiser: Pseudonymiser, *, progress: bool = False,
                          pseudonymous_ids: bool = True) -> tuple[pd.DataFrame, dict[str, int]]:
    """Pseudonymise transcript segments: texts and speaker labels; offsets are recomputed.

    Parameters
    ----------
    segments : DataFrame
        From :func:`review_tools.readers.transcripts.read_transcripts`; not modified.
    pseudonymiser : Pseudonymiser
    progress : bool
        Show a tqdm progress bar over documents.
    pseudonymous_ids : bool
        Give documents their pseudonymous ids (default); False keeps the ids as they are (for
        ids that are already codes, e.g. in tests of exchange formats).

    Returns
    -------
    (DataFrame, dict)
        Pseudonymised segments and counts per category, speaker labels included under ``name``.
        ``source_file`` is dropped (a file name may identify a person) and document ids are
        pseudonymous (:meth:`Pseudonymiser.document_pseudonym`: ``INT01`` ...; ids the reader
        already made pseudonymous stay), ``segment_id`` renamed to match.
    """
    from tqdm.auto import tqdm

    from .readers.transcripts import assign_offsets

    for col in ("document_id", "speaker", "text"):
        if col not in segments.columns:
            raise StageInputError(f"pseudonymise_segments: segments lack column '{col}'")
    sources = segments["source_file"].astype(str).tolist() if "source_file" in segments.columns else \
        segments["document_id"].astype(str).tolist()
    out = segments.drop(columns=[c for c in ("source_file",) if c in segments.columns]).copy()
    raw_docs = out["document_id"].astype(str).tolist()
    doc_map = {}
    for d, src in zip(raw_docs, sources, strict=True):
        if d not in doc_map:
            doc_map[d] = pseudonymiser.document_pseudonym(src) if pseudonymous_ids else d
    out["document_id"] = [doc_map[d] for d in raw_docs]
    if "segment_id" in out.columns:
        out["segment_id"] = [doc_map[d] + s[len(d):] if s.startswith(d) else s
                             for d, s in zip(raw_docs, out["segment_id"].astype(str), strict=True)]
    from ._pseudonymise_core import CATEGORIES

    counts = dict.fromkeys(CATEGORIES, 0)
    texts = out["text"].astype(str).tolist()
    speakers = out["speaker"].fillna("").astype(str).tolist()
    docs = out["document_id"].astype(str).tolist()
    order: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        order.setdefault(d, []).append(i)
    new_text, new_speaker = list(texts), list(speakers)
    for doc, idx in tqdm(order.items(), disable=not progress, desc="pseudonymising", unit="doc"):
        doc_speakers = sorted({speakers[i] for i in idx if speakers[i]})
        pseudonymiser.add_speakers(doc_speakers)
        vocabulary = lowercase_vocabulary(texts[i] for i in idx)
        pseudonymiser.learn([texts[i] for i in idx], doc, vocabulary)
        for i in idx:
            res = pseudonymiser.pseudonymise(texts[i], document_id=doc, vocabulary=vocabulary)
            new_text[i] = res.text
            for c, n in res.counts.items():
                counts[c] += n
            sp = pseudonymiser.speaker_pseudonym(speakers[i], document_id=doc)
            if sp != speakers[i]:
                counts["name"] += 1
            new_speaker[i] = sp
    out["text"] = new_text
    out["speaker"] = new_speaker
    if {"char_start", "char_end"} <= set(out.columns):
        out = assign_offsets(out)
    return out, counts

