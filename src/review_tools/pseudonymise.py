"""Pseudonymise interview transcripts and social reports before anything else reads them.

Categories replaced (counts are kept per category):

``name``
    Person names from the informant metadata, from speaker labels, from a review's list and from
    a built-in list of common first names and surnames in Finland, including Finnish inflected
    forms ("Mikon", "Virtaselle", "Liisalle", "Korhosen") and possessive/clitic endings.
``email``, ``phone``
    E-mail addresses; phone numbers in Finnish (``040 123 4567``, ``(09) 310 1234``) and
    international (``+358 40 123 4567``, ``+46 70 123 45 67``) formats.
``hetu``
    Finnish personal identity codes (henkilötunnus) whose date and check character are valid.
``address``
    Street addresses with a postcode (``Puijonkatu 12 B 7, 70100 Kuopio``) and street names with a
    Finnish/Swedish street suffix followed by a number (``Kotikuja 3``).
``organisation``
    Organisations or places listed by the review (``mask_terms``), inflected forms included.

The same original always gets the same pseudonym within a project: the mapping is kept in a key
file (JSON) that lives in the review folder (``review/keys/``, git-ignored), never under
``outputs/``. Informants named in ``informants.yaml`` become ``[<informant id>]``; other people
``[H1]``, ``[H2]``, ...; the rest ``[EMAIL1]``, ``[PHONE1]``, ``[HETU1]``, ``[ADDRESS1]``, ``[ORG1]``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .config import InformantSet
from .errors import ConfigError, StageInputError

__all__ = [
    "CATEGORIES",
    "Pseudonymiser",
    "PseudonymisedText",
    "pseudonymise_frame",
    "pseudonymise_segments",
    "default_names",
    "hetu_is_valid",
    "name_forms_pattern",
]

CATEGORIES = ("name", "email", "phone", "hetu", "address", "organisation")
_PREFIX = {"name": "H", "email": "EMAIL", "phone": "PHONE", "hetu": "HETU", "address": "ADDRESS", "organisation": "ORG"}
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_ROLE_WORDS = {
    "h", "v", "i", "r", "q", "a", "haastattelija", "haastateltava", "interviewer", "interviewee",
    "respondent", "intervjuare", "informant", "informantti", "vastaaja", "moderator", "moderaattori",
    "tutkija", "researcher", "fasilitaattori", "facilitator", "svarande", "osallistuja", "participant",
    "deltagare", "forskare", "speaker", "puhuja", "unknown", "tuntematon",
}

# --- Finnish inflection of names --------------------------------------------------------------
# case endings after a name's stem (nominative-less); the stem is the name itself, its weak-grade
# form (Mikko -> Miko-n), or -se-/-s- for names in -nen (Virtanen -> Virtase-lle, Virtas-ta)
_CASES = (
    "n|a|ä|ta|tä|na|nä|ksi|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|tta|ttä|t|ne|ineen|hin|hun|hon|"
    "han|hen|hyn|hön|an|en|in|on|un|yn|än|ön|aan|een|iin|oon|uun|yyn|ään|öön|"
    "in|ille|illa|illä|ilta|iltä|issa|issä|ista|istä|ia|iä|iksi|ien|ina|inä|ihin|"
    "s|'s|’s|:n|:ta|:tä|:lle|:lla|:llä|:lta|:ltä|:ssa|:ssä|:sta|:stä|:iin|:ksi|:a|:ä|:in|:hin|:ia|:ään|:aan|:een"
)
_NEN_CASES = (
    "en|ta|tä|elle|ella|ellä|elta|eltä|essa|essä|esta|estä|een|ena|enä|eksi|et|ten|ien|"
    "ille|illa|illä|ilta|iltä|issa|issä|ista|istä|iksi|ina|inä|iin|ia|iä|ineen"
)
_CLITIC = "kin|kaan|kään|ko|kö|han|hän|pa|pä|nsa|nsä"
_SUFFIX_RE = re.compile(rf"(?:{_CASES})(?:{_CLITIC})?|(?:{_CLITIC})")
_NEN_SUFFIX_RE = re.compile(rf"(?:{_NEN_CASES})(?:{_CLITIC})?")
_GRADATION = [("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
              ("nt", "nn"), ("rt", "rr"), ("ht", "hd"), ("lk", "lj")]
_VOWELS = "aeiouyäö"
_TOKEN = re.compile(r"(?<![\w@.])[A-ZÅÄÖÜ][\w’'\-]*(?::[a-zåäö]{1,6})?")


def _stems(name: str) -> list[tuple[str, str]]:
    """Return (stem, kind) pairs for a name; kind 'base' (name + optional ending), 'weak'
    (stem + required ending) or 'nen' (stem for -nen names + required ending)."""
    out = [(name, "base")]
    if name.endswith("nen") and len(name) > 4:
        out.append((name[:-3] + "s", "nen"))
        return out
    if name[-1:] in _VOWELS and len(name) > 2:
        body, last = name[:-1], name[-1]
        for strong, weak in _GRADATION:
            if body.endswith(strong):
                out.append((body[: -len(strong)] + weak + last, "weak"))
                if last == "i":
                    out.append((body[: -len(strong)] + weak + "e", "weak"))
                break
        if last == "i":  # Saari -> Saaren, Lahti -> Lahden (with gradation above)
            out.append((body + "e", "weak"))
        if last == "e":  # Halme -> Halmeen
            out.append((name + "e", "weak"))
        if body.endswith("k") and not body.endswith("kk"):  # Mäki -> Mäen
            out.append((body[:-1] + ("e" if last == "i" else last), "weak"))
    return out


def name_forms_pattern(name: str) -> re.Pattern:
    """Return a regular expression matching a name and its Finnish inflected forms.

    Mostly for tests and for the review's own checks; the pseudonymiser itself resolves tokens
    through a stem index, which is faster on large corpora.
    """
    alts = []
    for stem, kind in _stems(name):
        if kind == "base":
            alts.append(rf"{re.escape(stem)}(?:{_SUFFIX_RE.pattern})?")
        elif kind == "nen":
            alts.append(rf"{re.escape(stem)}(?:{_NEN_SUFFIX_RE.pattern})")
        else:
            alts.append(rf"{re.escape(stem)}(?:{_SUFFIX_RE.pattern})")
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")


def hetu_is_valid(code: str) -> bool:
    """Whether ``code`` is a Finnish personal identity code with a valid date and check character."""
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])", code)
    if not m:
        return False
    dd, mm, yy, sep, num, check = m.groups()
    try:
        dt.date(_HETU_CENTURY[sep] + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return _HETU_CHECK[int(dd + mm + yy + num) % 31] == check


_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)\d{1,3}[\s-]?(?:\(0\)[\s-]?)?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}"  # international
    r"|\(?0\d{1,3}\)?[\s-]?\d{2,4}(?:[\s-]?\d{2,4}){1,3}"  # national, leading 0
    r")(?![\w])"
)
_HETU = re.compile(r"(?<![\w])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w])")
_STREET_SUFFIX = (
    r"(?:katu|kadu[a-zäö]*|tie|tie[a-zäö]+|kuja[a-zäö]*|polku|polu[a-zäö]*|väylä[a-zäö]*|raitti|raiti[a-zäö]*|"
    r"rinne|rintee[a-zäö]*|kaari|kaare[a-zäö]*|ranta|rannan|tori|aukio|puistikko|gatan|gata|vägen|väg|gränd|"
    r"stigen|torget|backen|street|road|avenue|lane)"
)
_NUMBER = r"\d{1,4}(?:\s?[A-Za-z](?![\w]{2}))?(?:\s?\d{1,4})?(?!\d)"
_ADDRESS_POSTCODE = re.compile(
    r"(?<![\w])[A-ZÅÄÖ][\wåäöÅÄÖ.\-]*(?:\s[A-ZÅÄÖ][\wåäöÅÄÖ.\-]*){0,2}\s" + _NUMBER
    + r"(?:\s*,\s*|\s+)\d{5}(?:\s[A-ZÅÄÖ][\wåäöÅÄÖ\-]+)?(?![\w])"
)
_ADDRESS_STREET = re.compile(
    r"(?<![\w])[A-ZÅÄÖ][a-zåäö\-]*" + _STREET_SUFFIX + r"\s" + _NUMBER + r"(?![\w])"
    r"|(?<![\w])\d{1,4}\s[A-Z][a-z]+\s(?:Street|Road|Avenue|Lane|Drive)(?![\w])"
)


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


def default_names() -> list[str]:
    """Return the built-in list of common first names and surnames in Finland."""
    text = resources.files("review_tools").joinpath("resources/person_names.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Pseudonymiser:
    """Replace identifiers with consistent pseudonyms and keep the key.

    Parameters
    ----------
    key_path : str or Path, optional
        The key file (JSON). When it exists it is loaded, so pseudonyms stay the same across runs;
        :meth:`save_key` writes it. Must not lie under an ``outputs`` folder.
    names : iterable of str
        Extra person names (first names, surnames or full names) to mask.
    informants : InformantSet, optional
        The review's ``informants.yaml``: names and name-like speaker labels become
        ``[<informant id>]``.
    mask_terms : iterable of str
        Organisations or places to mask (``[ORG<n>]``), matched case-insensitively with
        Finnish inflected forms.
    random_state : int, optional
        When given, pseudonym numbers are drawn at random (reproducibly) instead of counting up,
        so a number does not reveal the order in which people were met.
    use_default_names : bool
        Whether to include :func:`default_names`.
    """

    def __init__(self, key_path=None, names=(), informants: InformantSet | None = None, mask_terms=(),
                 random_state=None, use_default_names: bool = True):
        self.key_path = key_path
        self.names = names
        self.informants = informants
        self.mask_terms = mask_terms
        self.random_state = random_state
        self.use_default_names = use_default_names
        self.counts_total = dict.fromkeys(CATEGORIES, 0)
        self._built = False

    # ---- key handling -------------------------------------------------------------------------
    def _load_key(self) -> dict:
        key = {"schema_version": 1, "entries": {c: {} for c in CATEGORIES}, "used": {c: [] for c in CATEGORIES}}
        if self.key_path is None:
            return key
        path = Path(self.key_path)
        if "outputs" in path.resolve().parts:
            raise ConfigError([f"{path}: the pseudonym key must not be kept under outputs/ (use review/keys/)"])
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                for c in CATEGORIES:
                    key["entries"][c].update(data.get("entries", {}).get(c, {}))
                    key["used"][c] = list(data.get("used", {}).get(c, []))
            except (json.JSONDecodeError, AttributeError) as exc:
                raise ConfigError([f"{path}: not a pseudonym key file ({exc})"]) from exc
        return key

    def save_key(self) -> Path:
        """Write the key (original -> pseudonym per category) to ``key_path`` and return the path."""
        if self.key_path is None:
            raise ConfigError(["Pseudonymiser.save_key: no key_path was given"])
        self._ensure()
        path = Path(self.key_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "schema_version": 1,
            "note": "Pseudonym key: personal data. Keep it in review/keys/ (git-ignored), never under outputs/.",
            "entries": self._key["entries"],
            "used": self._key["used"],
        }
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        return path

    def _pseudonym(self, category: str, original: str, fixed: str | None = None) -> str:
        entries = self._key["entries"][category]
        if original in entries:
            return entries[original]
        used = self._key["used"][category]
        if fixed is not None:
            value = fixed
        else:
            if self._rng is None:
                n = len(used) + 1
                while f"[{_PREFIX[category]}{n}]" in used:
                    n += 1
            else:
                taken = set(used)
                while True:
                    n = int(self._rng.integers(1, 10 ** max(3, len(str(len(used))) + 2)))
                    if f"[{_PREFIX[category]}{n}]" not in taken:
                        break
            value = f"[{_PREFIX[category]}{n}]"
        entries[original] = value
        used.append(value)
        return value

    # ---- name index ---------------------------------------------------------------------------
    def _add_name(self, name: str, person: str) -> None:
        """Index every token of ``name`` (and the full name) as belonging to ``person``."""
        tokens = [t for t in re.split(r"[\s,]+", name.strip()) if t]
        for tok in tokens:
            if len(tok) < 2 or tok.casefold() in _ROLE_WORDS or not tok[0].isupper():
                continue
            # a token already bound to a specific person keeps it; generic list entries yield
            if tok in self._token_person and not self._token_person[tok].startswith("list:"):
                continue
            self._token_person[tok] = person
            for stem, kind in _stems(tok):
                self._stem_index.setdefault(stem[:3], {}).setdefault(stem, set()).add((kind, tok))
        self._cache.clear()

    def _ensure(self) -> None:
        if self._built:
            return
        self._key = self._load_key()
        self._rng = None if self.random_state is None else np.random.default_rng(self.random_state)
        self._token_person: dict[str, str] = {}
        self._stem_index: dict[str, dict[str, set]] = {}
        self._cache: dict[str, str | None] = {}
        if self.informants is not None:
            for inf in self.informants.informants:
                person = f"informant:{inf.id}"
                self._pseudonym("name", person, fixed=f"[{inf.id}]")
                for label in [inf.name or "", *inf.speaker_labels]:
                    if label and re.sub(r"\d+$", "", label).strip().casefold() not in _ROLE_WORDS:
                        self._add_name(label, person)
        for n in self.names:
            self._add_name(n, f"list:{n.strip()}")
        if self.use_default_names:
            for n in default_names():
                if n not in self._token_person:
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

    def _resolve(self, token: str) -> str | None:
        """Return the person key of a (possibly inflected) name token, or None."""
        if token in self._cache:
            return self._cache[token]
        result = self._token_person.get(token)
        if result is None:
            bucket = self._stem_index.get(token[:3], {})
            for k in range(len(token) - 1, 1, -1):
                stem = token[:k]
                if stem not in bucket:
                    continue
                rest = token[k:]
                for kind, base in bucket[stem]:
                    rx = _NEN_SUFFIX_RE if kind == "nen" else _SUFFIX_RE
                    if rx.fullmatch(rest):
                        result = self._token_person[base]
                        break
                if result is not None:
                    break
        self._cache[token] = result
        return result

    def add_speakers(self, speakers: Sequence[str]) -> None:
        """Register name-like speaker labels (``Mikko Virtanen``) as people to mask."""
        self._ensure()
        for s in speakers:
            label = re.sub(r"\s*\d+$", "", str(s)).strip()
            if not label or label.casefold() in _ROLE_WORDS:
                continue
            tokens = label.split()
            owner = next((self._token_person[t] for t in tokens if t in self._token_person
                          and not self._token_person[t].startswith("list:")), None)
            self._add_name(label, owner or f"speaker:{label}")

    def speaker_pseudonym(self, speaker: str) -> str:
        """Return the pseudonym of a speaker label; role labels (``H``, ``V``) are kept."""
        self._ensure()
        label = str(speaker).strip()
        if not label or re.sub(r"\s*\d+$", "", label).casefold() in _ROLE_WORDS:
            return label
        return self.pseudonymise(label).text

    # ---- detection ----------------------------------------------------------------------------
    def _name_spans(self, text: str) -> list[tuple[int, int, str, str]]:
        hits = []
        for m in _TOKEN.finditer(text):
            tok = m.group(0).rstrip("-’'")
            person = self._resolve(tok)
            if person is not None:
                hits.append([m.start(), m.start() + len(tok), person, tok])
        # merge "Mikko Virtanen": adjacent name tokens are one person
        merged: list[list] = []
        for h in hits:
            if merged and text[merged[-1][1]:h[0]] == " " and (
                merged[-1][2] == h[2] or (merged[-1][2].startswith("list:") and h[2].startswith("list:"))
            ):
                prev = merged[-1]
                if prev[2] != h[2]:
                    prev[2] = "list:" + " ".join([prev[3], h[3]])
                prev[1], prev[3] = h[1], prev[3] + " " + h[3]
            else:
                merged.append(h)
        return [(start, end, "name", person) for start, end, person, _tok in merged]

    def _org_key(self, surface: str) -> str:
        """Return the listed term an organisation match belongs to (the key's original)."""
        if surface not in self._org_cache:
            key = surface.casefold()
            for term, rx in self._org_terms:
                if rx.fullmatch(surface):
                    key = term.casefold()
                    break
            self._org_cache[surface] = key
        return self._org_cache[surface]

    def _spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """Find identifiers; return non-overlapping (start, end, category, pseudonym)."""
        found: list[tuple[int, int, str, str]] = []  # (start, end, category, original)
        for m in _HETU.finditer(text):
            if hetu_is_valid(m.group(0)):
                found.append((m.start(), m.end(), "hetu", m.group(0)))
        for m in _EMAIL.finditer(text):
            found.append((m.start(), m.end(), "email", m.group(0).lower()))
        for rx in (_ADDRESS_POSTCODE, _ADDRESS_STREET):
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), "address", " ".join(m.group(0).split())))
        for m in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if 7 <= len(digits) <= 15:
                found.append((m.start(), m.end(), "phone", digits))
        if self._orgs is not None:
            for m in self._orgs.finditer(text):
                found.append((m.start(), m.end(), "organisation", self._org_key(m.group(0))))
        found.extend(self._name_spans(text))
        # resolve overlaps: earlier start first, then longer span, then category priority
        prio = {c: i for i, c in enumerate(("hetu", "email", "address", "phone", "organisation", "name"))}
        found.sort(key=lambda s: (s[0], -(s[1] - s[0]), prio[s[2]]))
        out: list[tuple[int, int, str, str]] = []
        end = -1
        for start, stop, cat, original in found:
            if start >= end:
                out.append((start, stop, cat, self._pseudonym(cat, original)))
                end = stop
        return out

    def pseudonymise(self, text: str, *, document_id: str | None = None, speakers: Sequence[str] = ()) -> PseudonymisedText:
        """Return ``text`` with identifiers replaced by pseudonyms.

        Parameters
        ----------
        text : str
            Text to pseudonymise.
        document_id : str, optional
            Used only in messages.
        speakers : sequence of str
            Speaker labels of the document; name-like ones are masked too.

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
        spans = self._spans(text)
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


KEY_FILE = Path("keys") / "pseudonyms.json"


def read_list_file(path: str | Path, *, required: bool = False) -> list[str]:
    """Non-empty, non-comment lines of a one-entry-per-line list file (names, terms to mask).

    A missing file gives an empty list, or a :class:`ConfigError` naming it when ``required``.
    """
    path = Path(path)
    if not path.is_file():
        if required:
            raise ConfigError([f"{path}: list file not found"])
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def review_pseudonymiser(review_dir: str | Path, informants: InformantSet | None = None,
                         key_path: str | Path | None = None) -> Pseudonymiser:
    """The review's one pseudonymiser, so every stage gives a person the same pseudonym.

    It reads the review folder's optional lists ``names.txt`` (extra first names and surnames)
    and ``mask_terms.txt`` (organisations and places to mask), knows the interview informants,
    and keeps its key in ``<review_dir>/keys/pseudonyms.json`` unless ``key_path`` is given.

    Parameters
    ----------
    review_dir : str or Path
        The review folder.
    informants : InformantSet, optional
        The review's interview metadata (``cfg.informants``).
    key_path : str or Path, optional
        Where the pseudonym key is kept; never under ``outputs/``.

    Returns
    -------
    Pseudonymiser
    """
    review_dir = Path(review_dir)
    return Pseudonymiser(
        key_path=Path(key_path) if key_path else review_dir / KEY_FILE,
        names=read_list_file(review_dir / "names.txt"),
        informants=informants,
        mask_terms=read_list_file(review_dir / "mask_terms.txt"),
    )


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
        Column naming each row's document (used in messages).

    Returns
    -------
    (DataFrame, dict)
        A pseudonymised copy and the replacement counts per category.
    """
    missing = [c for c in [*text_columns, *([id_column] if id_column else [])] if c not in df.columns]
    if missing:
        raise StageInputError(f"pseudonymise_frame: missing columns {missing}; the table has {list(df.columns)}")
    out = df.copy()
    counts = dict.fromkeys(CATEGORIES, 0)
    ids = out[id_column].astype(str).tolist() if id_column else [None] * len(out)
    for col in text_columns:
        values = out[col].tolist()
        new = []
        for v, doc in zip(values, ids, strict=True):
            if not isinstance(v, str):
                new.append(v)
                continue
            res = pseudonymiser.pseudonymise(v, document_id=doc)
            for c, n in res.counts.items():
                counts[c] += n
            new.append(res.text)
        out[col] = new
    return out, counts


def pseudonymise_segments(segments: pd.DataFrame, pseudonymiser: Pseudonymiser, *, progress: bool = False
                          ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Pseudonymise transcript segments: texts and speaker labels; offsets are recomputed.

    Parameters
    ----------
    segments : DataFrame
        From :func:`review_tools.readers.transcripts.read_transcripts`; not modified.
    pseudonymiser : Pseudonymiser
    progress : bool
        Show a tqdm progress bar over documents.

    Returns
    -------
    (DataFrame, dict)
        Pseudonymised segments (``source_file`` dropped: a file name may identify a person) and
        counts per category, speaker labels included under ``name``.
    """
    from tqdm.auto import tqdm

    from .readers.transcripts import assign_offsets

    for col in ("document_id", "speaker", "text"):
        if col not in segments.columns:
            raise StageInputError(f"pseudonymise_segments: segments lack column '{col}'")
    out = segments.drop(columns=[c for c in ("source_file",) if c in segments.columns]).copy()
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
        for i in idx:
            res = pseudonymiser.pseudonymise(texts[i], document_id=doc)
            new_text[i] = res.text
            for c, n in res.counts.items():
                counts[c] += n
            sp = pseudonymiser.speaker_pseudonym(speakers[i])
            if sp != speakers[i]:
                counts["name"] += 1
            new_speaker[i] = sp
    out["text"] = new_text
    out["speaker"] = new_speaker
    if {"char_start", "char_end"} <= set(out.columns):
        out = assign_offsets(out)
    return out, counts
