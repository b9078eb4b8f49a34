"""The :class:`Pseudonymiser` (see :mod:`review_tools.pseudonymise` for what it masks and how)."""


from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._identifiers import (
    _NEN_SUFFIX_RE,
    _SUFFIX_RE,
    AMBIGUOUS_FIRST_NAMES,
    _stems,
)
from ._pseudonymise_detect import _Detection, _FormIndex
from .config import InformantSet
from .errors import ConfigError, StageInputError
from .readers.pseudonym_files import default_names, read_key_file, write_key_file

__all__ = ["CATEGORIES", "Pseudonymiser", "PseudonymisedText", "default_names"]

CATEGORIES = ("name", "email", "phone", "hetu", "address", "organisation", "place", "id", "document")
_PREFIX = {"name": "H", "email": "EMAIL", "phone": "PHONE", "hetu": "HETU", "address": "ADDRESS",
           "organisation": "ORG", "place": "PLACE", "id": "ID", "document": "INT"}
_ROLE_WORDS = {
    "h", "v", "i", "r", "q", "a", "haastattelija", "haastateltava", "interviewer", "interviewee",
    "respondent", "intervjuare", "informant", "informantti", "vastaaja", "moderator", "moderaattori",
    "tutkija", "researcher", "fasilitaattori", "facilitator", "svarande", "osallistuja", "participant",
    "deltagare", "forskare", "speaker", "puhuja", "unknown", "tuntematon",
}
_DOC_ID = re.compile(r"INT\d{2,4}")

@dataclass
class PseudonymisedText:
    """Result of :meth:`Pseudonymiser.pseudonymise`.

    Attributes
    ----------
    text : str
        The pseudonymised text.
    counts : dict
        Replacements made in this text, per category (all of :data:`CATEGORIES`).
    spans : list of tuple
        ``(start, end, category, pseudonym)`` in the *original* text.
    """

    text: str
    counts: dict[str, int]
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)


class Pseudonymiser(_Detection):
    """Replace identifiers with consistent pseudonyms and keep the key.

    Parameters
    ----------
    key_path : str or Path, optional
        The key file (JSON). When it exists it is loaded, so pseudonyms stay the same across runs;
        :meth:`save_key` writes it (mode 0600). Must not lie under an ``outputs`` folder.
    names : iterable of str
        Extra person names (first names, surnames or full names) to mask.
    informants : InformantSet, optional
        The review's ``informants.yaml``: names and name-like speaker labels become
        ``[<informant id>]``.
    mask_terms : iterable of str
        Organisations or places to mask (``[ORG<n>]``), matched case-insensitively with
        Finnish inflected forms; never taken as person names.
    places : iterable of str
        Municipality names (the region key), masked as ``[PLACE<n>]`` in any case; never taken
        as person names.
    random_state : int, optional
        When given, pseudonym numbers are drawn at random (reproducibly) instead of counting up,
        so a number does not reveal the order in which people were met.
    use_default_names : bool
        Whether to include :func:`default_names`.
    detect_context : bool
        Whether to find names outside every list by position and context.
    """

    def __init__(self, key_path=None, names=(), informants: InformantSet | None = None, mask_terms=(),
                 random_state=None, use_default_names: bool = True, places=(), detect_context: bool = True):
        self.key_path = key_path
        self.names = names
        self.informants = informants
        self.mask_terms = mask_terms
        self.places = places
        self.random_state = random_state
        self.use_default_names = use_default_names
        self.detect_context = detect_context
        self.counts_total = dict.fromkeys(CATEGORIES, 0)
        self._built = False

    # ---- key handling -------------------------------------------------------------------------
    def _load_key(self) -> dict:
        key = {"schema_version": 2, "entries": {c: {} for c in CATEGORIES}, "used": {c: [] for c in CATEGORIES}}
        if self.key_path is None:
            return key
        data = read_key_file(self.key_path)
        if data is not None:
            for c in CATEGORIES:
                key["entries"][c].update(data["entries"].get(c, {}))
                key["used"][c] = list(data["used"].get(c, []))
        return key

    def save_key(self) -> Path:
        """Write the key (original -> pseudonym per category) to ``key_path``, readable by its owner
        only (0600, folder 0700), and return the path."""
        if self.key_path is None:
            raise ConfigError(["Pseudonymiser.save_key: no key_path was given"])
        self._ensure()
        payload = {
            "schema_version": 2,
            "note": "Pseudonym key: personal data. Keep it in review/keys/ (git-ignored), never under outputs/. "
                    "Originals of one source are prefixed 'SOURCE|'; give two originals the same pseudonym to "
                    "link them as one person.",
            "entries": self._key["entries"],
            "used": self._key["used"],
        }
        path = write_key_file(self.key_path, payload)
        return path

    def _pseudonym(self, category: str, original: str, fixed: str | None = None) -> str:
        entries = self._key["entries"][category]
        if original in entries:
            return entries[original]
        used = self._key["used"][category]
        if fixed is not None:
            value = fixed
        else:
            wrap = (lambda n: f"{_PREFIX[category]}{n:02d}") if category == "document" else \
                (lambda n: f"[{_PREFIX[category]}{n}]")
            if self._rng is None or category == "document":
                n = 1 if category == "document" else len(used) + 1  # documents: the lowest free number
                while wrap(n) in used:
                    n += 1
            else:
                taken = set(used)
                while True:
                    n = int(self._rng.integers(1, 10 ** max(3, len(str(len(used))) + 2)))
                    if wrap(n) not in taken:
                        break
            value = wrap(n)
        entries[original] = value
        if value not in used:
            used.append(value)
        return value

    # ---- documents ----------------------------------------------------------------------------
    def document_pseudonym(self, source: str | Path) -> str:
        """The pseudonymous id (``INT01`` ...) of a source file, kept in the key under its file name.

        A file already named like a document id (``INT03.txt``) keeps that id when it is free.
        """
        self._ensure()
        name = Path(str(source)).name
        entries = self._key["entries"]["document"]
        if name in entries:
            return entries[name]
        stem = Path(name).stem
        fixed = stem if _DOC_ID.fullmatch(stem) and stem not in self._key["used"]["document"] else None
        value = self._pseudonym("document", name, fixed=fixed)
        self._register_document(name, value)
        return value

    def _register_document(self, name: str, value: str) -> None:
        stem = Path(name).stem
        for form in {name, stem}:
            if form != value and len(form) >= 3:
                self._doc_forms[form] = value
        self._doc_rx = None

    def document_ids(self, files: Iterable[str | Path]) -> dict[str, str]:
        """``{str(path): pseudonymous id}`` for source files, in sorted order of their names."""
        files = sorted(files, key=lambda f: Path(str(f)).name)
        # files named like ids keep them; the others get the next free numbers
        first = [f for f in files if _DOC_ID.fullmatch(Path(str(f)).stem)]
        out = {str(f): self.document_pseudonym(f) for f in first}
        out.update({str(f): self.document_pseudonym(f) for f in files if str(f) not in out})
        return {str(f): out[str(f)] for f in files}

    # ---- name index ---------------------------------------------------------------------------
    def _add_name(self, name: str, person: str) -> None:
        """Index every token of ``name`` as belonging to ``person`` (places are never names)."""
        tokens = [t for t in re.split(r"[\s,]+", name.strip()) if t]
        for tok in tokens:
            if len(tok) < 2 or tok.casefold() in _ROLE_WORDS or not tok[0].isupper() or self._is_place(tok):
                continue
            # a token already bound to a specific person keeps it; generic list entries yield
            if tok in self._names.owner and not self._names.owner[tok].startswith("list:"):
                continue
            self._names.add(tok, person)

    def _ensure(self) -> None:
        if self._built:
            return
        self._key = self._load_key()
        self._rng = None if self.random_state is None else np.random.default_rng(self.random_state)
        self._names = _FormIndex()
        self._places = _FormIndex()
        self._org_words = _FormIndex()
        self._ambiguous = _FormIndex()
        for name in AMBIGUOUS_FIRST_NAMES:
            self._ambiguous.add(name, name)
        self._scope_names: dict[str, _FormIndex] = {}
        self._doc_forms: dict[str, str] = {}
        self._doc_rx = None
        self._informant_first: dict[str, set[str]] = {}  # first-name token -> informant ids
        self._informant_initials: dict[str, str] = {}  # informant id -> initials of their surnames
        self._informant_docs: dict[str, set[str]] = {}  # informant id -> document names/ids
        for place in self.places:
            for word in str(place).split():
                if len(word) >= 2 and word[0].isupper():
                    self._places.add(word, word)
        for term in self.mask_terms:
            for word in str(term).split():
                if len(word) >= 2 and word[0].isupper():
                    self._org_words.add(word, word)
        for name, value in self._key["entries"]["document"].items():
            self._register_document(name, value)
        if self.informants is not None:
            for inf in self.informants.informants:
                person = f"informant:{inf.id}"
                self._pseudonym("name", person, fixed=f"[{inf.id}]")
                if inf.transcript:
                    self._informant_docs[inf.id] = {Path(inf.transcript).name, Path(inf.transcript).stem}
                for label in [inf.name or "", *inf.speaker_labels]:
                    if label and re.sub(r"\d+$", "", label).strip().casefold() not in _ROLE_WORDS:
                        self._add_name(label, person)
                        words = label.split()
                        for first in words[:-1]:
                            self._informant_first.setdefault(first, set()).add(inf.id)
                        if len(words) > 1:
                            self._informant_initials[inf.id] = self._informant_initials.get(inf.id, "") + words[-1][0]
        for n in self.names:
            self._add_name(n, f"list:{n.strip()}")
        if self.use_default_names:
            for n in default_names():
                if n not in self._names.owner:
                    self._add_name(n, f"list:{n}")
        self._orgs = self._org_pattern(self.mask_terms)
        self._org_terms = [(t.strip(), self._org_pattern([t])) for t in self.mask_terms if t and t.strip()]
        self._org_cache: dict[str, str] = {}
        self._built = True

    @staticmethod
    def _org_pattern(terms: Iterable[str]) -> re.Pattern | None:
        alts = []
        for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
            words = term.split()
            head = r"\s+".join(re.escape(w) for w in words[:-1])
            last = words[-1]
            forms = []
            for stem, kind in _stems(last):
                suffix = _NEN_SUFFIX_RE.pattern if kind == "nen" else _SUFFIX_RE.pattern
                forms.append(rf"{re.escape(stem)}(?:{suffix})" + ("?" if kind == "base" else ""))
            alts.append((head + r"\s+" if head else "") + "(?:" + "|".join(forms) + ")")
        if not alts:
            return None
        return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)

    def add_speakers(self, speakers: Sequence[str]) -> None:
        """Register name-like speaker labels (``Mikko Virtanen``) as people to mask."""
        self._ensure()
        for s in speakers:
            label = re.sub(r"\s*\d+$", "", str(s)).strip()
            if not label or label.casefold() in _ROLE_WORDS:
                continue
            tokens = label.split()
            owner = next((self._names.owner[t] for t in tokens if t in self._names.owner
                          and not self._names.owner[t].startswith("list:")), None)
            self._add_name(label, owner or f"speaker:{label}")

    def speaker_pseudonym(self, speaker: str, document_id: str | None = None) -> str:
        """Return the pseudonym of a speaker label; role labels (``H``, ``V``) are kept."""
        self._ensure()
        label = str(speaker).strip()
        if not label or re.sub(r"\s*\d+$", "", label).casefold() in _ROLE_WORDS:
            return label
        out = self.pseudonymise(label, document_id=document_id, speaker_label=True).text
        # a label is a person: a capitalised word left unmasked in a label is masked too
        return re.sub(r"(?<!\[)\b[A-ZÅÄÖ][\w\-]+", lambda m: self._pseudonym(
            "name", self._scoped(document_id, f"speaker:{m.group(0)}")), out)

    def learn(self, texts: Iterable[str], document_id: str, vocabulary: Iterable[str] = ()) -> None:
        """Read a source's texts once for names found by context, so that every later mention in
        the same source is masked too (also where it opens a sentence, before the context is met)."""
        self._ensure()
        vocabulary = frozenset(vocabulary)
        for text in texts:
            if isinstance(text, str):
                self._name_spans(text, document_id, vocabulary)

    def pseudonymise(self, text: str, *, document_id: str | None = None, speakers: Sequence[str] = (),
                     vocabulary: Iterable[str] = (), speaker_label: bool = False) -> PseudonymisedText:
        """Return ``text`` with identifiers replaced by pseudonyms.

        Parameters
        ----------
        text : str
            Text to pseudonymise.
        document_id : str, optional
            The source (document or report) the text belongs to: people other than informants
            get one pseudonym per source. Texts without a source share one scope.
        speakers : sequence of str
            Speaker labels of the document; name-like ones are masked too.
        vocabulary : iterable of str
            Words the source writes in lowercase (ordinary words, not names).
        speaker_label : bool
            Whether ``text`` is a speaker label (every capitalised word in it is in name position).

        Returns
        -------
        PseudonymisedText
        """
        self._ensure()
        if speakers:
            self.add_speakers(speakers)
        if not isinstance(text, str):
            raise StageInputError(f"pseudonymise: expected text, got {type(text).__name__}"
                                  + (f" in document {document_id}" if document_id else ""))
        spans = self._spans(text, document_id, frozenset(vocabulary))
        counts = dict.fromkeys(CATEGORIES, 0)
        parts, pos = [], 0
        for start, end, cat, pseudo in spans:
            parts.append(text[pos:start])
            parts.append(pseudo)
            pos = end
            counts[cat] += 1
        parts.append(text[pos:])
        for c, n in counts.items():
            self.counts_total[c] += n
        return PseudonymisedText("".join(parts), counts, spans)
