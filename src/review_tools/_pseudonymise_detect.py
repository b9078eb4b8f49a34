"""Detection half of the :class:`~review_tools.pseudonymise.Pseudonymiser`: finding identifiers in a text.

:class:`_FormIndex` resolves a (Finnish-inflected) token to a listed name or place by stem lookup;
:class:`_Detection` finds the spans of every category and resolves their overlaps. The state it
reads (indexes, key, informants) is built by ``Pseudonymiser._ensure``.
"""

from __future__ import annotations

import re

from ._identifiers import (
    _ADDRESS_POSTCODE,
    _ADDRESS_STREET,
    _EMAIL,
    _HETU,
    _NEN_SUFFIX_RE,
    _PHONE,
    _SUFFIX_RE,
    _TOKEN,
    CONTACT,
    EMAIL_OBFUSCATED,
    HETU_LOOSE,
    OTHER_ID,
    POSTCODE_PLACE,
    STREET_NAME,
    _stems,
    context_name_spans,
    hetu_is_valid,
    hetu_like,
    sentence_initial,
)

_PRIORITY = {c: i for i, c in enumerate(("document", "hetu", "email", "id", "address", "phone", "organisation",
                                         "place", "name"))}


class _FormIndex:
    """Tokens (names, places) with their Finnish inflected forms, resolved by stem lookup."""

    def __init__(self):
        self.owner: dict[str, str] = {}
        self._stems: dict[str, dict[str, set]] = {}
        self._cache: dict[str, str | None] = {}

    def add(self, token: str, owner: str, *, replace: bool = True) -> None:
        if token in self.owner and not replace:
            return
        self.owner[token] = owner
        for stem, kind in _stems(token):
            self._stems.setdefault(stem[:3], {}).setdefault(stem, set()).add((kind, token))
        self._cache.clear()

    def base(self, token: str) -> str | None:
        """The indexed token that ``token`` is a form of, or None."""
        if token in self._cache:
            return self._cache[token]
        result = token if token in self.owner else None
        if result is None:
            bucket = self._stems.get(token[:3], {})
            for k in range(len(token) - 1, 1, -1):
                stem = token[:k]
                for kind, base in bucket.get(stem, ()):
                    if (_NEN_SUFFIX_RE if kind == "nen" else _SUFFIX_RE).fullmatch(token[k:]):
                        result = base
                        break
                if result is not None:
                    break
        self._cache[token] = result
        return result

    def resolve(self, token: str) -> str | None:
        base = self.base(token)
        return None if base is None else self.owner[base]


class _Detection:
    """Span finding for the pseudonymiser (mixed into it)."""

    def _is_place(self, token: str) -> bool:
        base = token.split(":")[0]
        return self._places.base(base) is not None or self._org_words.base(base) is not None

    # ---- detection ----------------------------------------------------------------------------
    @staticmethod
    def _scoped(scope: str | None, person: str) -> str:
        if person.startswith("informant:") or scope is None:
            return person
        return f"{scope}|{person}"

    def _own_document(self, informant_id: str, scope: str | None) -> bool:
        docs = self._informant_docs.get(informant_id, set())
        if scope is None:
            return False
        return scope in docs or any(self._doc_forms.get(d) == scope for d in docs)

    def _name_spans(self, text: str, scope: str | None, vocabulary) -> list[tuple[int, int, str, str]]:
        hits = []  # [start, end, person, surface]
        for m in _TOKEN.finditer(text):
            tok = m.group(0).rstrip("-’'")
            if self._is_place(tok):
                continue
            person = self._names.resolve(tok)
            if person is None and scope is not None and scope in self._scope_names:
                person = self._scope_names[scope].resolve(tok)
            if person is None:
                ambiguous = self._ambiguous.base(tok.split(":")[0])
                if ambiguous is not None and not sentence_initial(text, m.start()):
                    person = f"list:{ambiguous}"
                    if scope is not None:  # met in name position: every form of it in this source is the name
                        self._scope_names.setdefault(scope, _FormIndex()).add(ambiguous, person, replace=False)
            if person is not None:
                hits.append([m.start(), m.start() + len(tok), person, tok])
        if self.detect_context:
            known = {h[0]: h for h in hits}
            for start, end, tok in context_name_spans(text, is_excluded=self._is_place, lowercase_vocabulary=vocabulary):
                person = f"list:{tok}"
                if start in known:
                    hit = known[start]
                    if end <= hit[1] or not re.search(r" [A-ZÅÄÖ]\.$", tok):
                        continue
                    # "Jari K.": the informant only when the initial is their surname's
                    if hit[2].startswith("informant:") and tok[-2] in self._informant_initials.get(hit[2][10:], ""):
                        person = hit[2]
                    hits.remove(hit)
                hits.append([start, end, person, tok])
                if scope is not None:
                    for word in tok.split(" "):
                        if len(word) > 2 and not word.endswith("."):
                            self._scope_names.setdefault(scope, _FormIndex()).add(word, f"list:{word}", replace=False)
            hits.sort()
        # merge "Mikko Virtanen": adjacent name tokens are one person
        merged: list[list] = []
        for h in hits:
            if merged and h[0] < merged[-1][1]:
                continue
            if merged and text[merged[-1][1]:h[0]] == " " and (
                merged[-1][2] == h[2] or (merged[-1][2].startswith("list:") and h[2].startswith("list:"))
                or merged[-1][2].startswith("informant:") != h[2].startswith("informant:")
            ):
                prev = merged[-1]
                if prev[2] != h[2]:
                    specific = [x for x in (prev[2], h[2]) if not x.startswith("list:")]
                    prev[2] = specific[0] if specific else "list:" + " ".join([prev[3], h[3]])
                prev[1], prev[3] = h[1], prev[3] + " " + h[3]
            else:
                merged.append(h)
        out, confirmed, first_only = [], set(), {}
        for k, (_start, _end, person, surface) in enumerate(merged):
            if person.startswith("informant:"):
                inf = person.split(":", 1)[1]
                if all(inf in self._informant_first.get(self._names.base(w) or w, set()) for w in surface.split()):
                    first_only[k] = inf
                else:
                    confirmed.add(inf)
        for k, (start, end, person, surface) in enumerate(merged):
            # a first name alone is the informant only in their own transcript or beside their surname
            if k in first_only and first_only[k] not in confirmed and not self._own_document(first_only[k], scope):
                person = f"list:{surface}"
            out.append((start, end, "name", self._scoped(scope, person)))
        return out

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

    def _document_spans(self, text: str) -> list[tuple[int, int, str, str]]:
        if not self._doc_forms:
            return []
        if self._doc_rx is None:
            forms = sorted(self._doc_forms, key=len, reverse=True)
            self._doc_rx = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![^\W_])")
        return [(m.start(), m.end(), "document", m.group(0)) for m in self._doc_rx.finditer(text)]

    def _spans(self, text: str, scope: str | None, vocabulary=frozenset()) -> list[tuple[int, int, str, str]]:
        """Find identifiers; return non-overlapping (start, end, category, pseudonym)."""
        found: list[tuple[int, int, str, str]] = list(self._document_spans(text))  # (start, end, category, original)
        for m in _HETU.finditer(text):
            if hetu_is_valid(m.group(0)):
                found.append((m.start(), m.end(), "hetu", m.group(0)))
        for m in HETU_LOOSE.finditer(text):
            code = hetu_like(m)
            if code is not None:
                found.append((m.start(), m.end(), "hetu", code))
        for rx in (_EMAIL, EMAIL_OBFUSCATED, CONTACT):
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), "email", m.group(0).lower()))
        for m in OTHER_ID.finditer(text):
            if any(ch.isdigit() for ch in m.group(0)):
                found.append((m.start(), m.end(), "id", " ".join(m.group(0).upper().split())))
        for rx in (_ADDRESS_POSTCODE, _ADDRESS_STREET, STREET_NAME, POSTCODE_PLACE):
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), "address", " ".join(m.group(0).split())))
        for m in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if 7 <= len(digits) <= 15:
                found.append((m.start(), m.end(), "phone", digits))
        if self._orgs is not None:
            for m in self._orgs.finditer(text):
                found.append((m.start(), m.end(), "organisation", self._org_key(m.group(0))))
        for m in _TOKEN.finditer(text):
            base = self._places.base(m.group(0).rstrip("-’'").split(":")[0])
            if base is not None:
                found.append((m.start(), m.start() + len(m.group(0).rstrip("-’'")), "place", base))
        found.extend((a, b, c, ("\x00", o)) for a, b, c, o in self._name_spans(text, scope, vocabulary))
        # resolve overlaps: earlier start first, then longer span, then category priority
        found.sort(key=lambda s: (s[0], -(s[1] - s[0]), _PRIORITY[s[2]]))
        out: list[tuple[int, int, str, str]] = []
        end = -1
        for start, stop, cat, original in found:
            if start < end:
                continue
            if cat == "document":
                pseudo = self._doc_forms[original]
            elif isinstance(original, tuple):  # names: already scoped person keys
                pseudo = self._pseudonym(cat, original[1])
            else:
                pseudo = self._pseudonym(cat, original)
            out.append((start, stop, cat, pseudo))
            end = stop
        return out
