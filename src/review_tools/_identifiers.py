"""Patterns that find identifiers in Finnish, Swedish and English text (used by the pseudonymiser).

Regular expressions for henkilötunnus, e-mail addresses (plain and obfuscated), phone numbers,
street addresses (with a number, or a street name in any Finnish case), postcode + place; the
Finnish inflection of names (:func:`name_forms_pattern`); and :func:`context_name_spans`, which
finds person names outside any list from their position and context.
"""

from __future__ import annotations

import datetime as dt
import re

_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
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




# --- identifiers the plain patterns above miss ------------------------------------------------
#: A henkilötunnus in any case, with stray spaces around the century sign (``131052-308t``).
HETU_LOOSE = re.compile(r"(?<![\w])(\d{6})\s?([-+A-FU-Ya-fu-y])\s?(\d{3})([0-9A-Ya-y])(?![\w])")


def hetu_like(match: re.Match) -> str | None:
    """The normalised code of a :data:`HETU_LOOSE` match whose date is real, else None.

    The check character is not required: a mistyped code still identifies a person.
    """
    dd, mm, yy = match.group(1)[:2], match.group(1)[2:4], match.group(1)[4:]
    sep = match.group(2).upper()
    try:
        dt.date(_HETU_CENTURY[sep] + int(yy), int(mm), int(dd))
    except (ValueError, KeyError):
        return None
    return f"{match.group(1)}{sep}{match.group(3)}{match.group(4).upper()}"


_AT = r"(?:\s?[(\[{<]\s?(?:at|ät|miukumauku|a)\s?[)\]}>]\s?|\s(?:at|AT)\s)"
_DOT = r"(?:\.|\s?[(\[{<]\s?(?:dot|piste|punkt)\s?[)\]}>]\s?|\s(?:dot|piste)\s)"
#: ``name(at)domain.fi``, ``name [at] domain [dot] fi``, ``name at domain dot fi``.
EMAIL_OBFUSCATED = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*" + _AT + r"[A-Za-z0-9-]+(?:" + _DOT + r"[A-Za-z0-9-]+)*" + _DOT + r"[A-Za-z]{2,}(?![\w])"
)

# street names: a capitalised compound ending in a street word, in any Finnish case ("Rauhankadulla")
_STREET_WORD = (
    r"(?:katu|kadu(?:lla|lle|lta|n|t|ille|illa)|katua|kadun|"
    r"tie|tien|tiellä|tielle|tieltä|tietä|teillä|"
    r"kuja|kujan|kujalla|kujalle|kujalta|kujaa|"
    r"polku|polun|polulla|polulle|polulta|polkua|"
    r"väylä|väylän|väylällä|väylälle|väylältä|väylää|"
    r"raitti|raitin|raitilla|raitille|raitilta|raittia|"
    r"rinne|rinteen|rinteellä|rinteelle|rinteeltä|rinnettä|"
    r"kaari|kaaren|kaarella|kaarelle|kaarelta|kaarta|"
    r"ranta|rannan|rannalla|rannalle|rannalta|rantaa|"
    r"tori|torin|torilla|torille|torilta|toria|"
    r"aukio|aukion|aukiolla|aukiolle|aukiolta|aukiota|"
    r"puistikko|puistikon|puistikossa|"
    r"gatan|gata|gatu|vägen|väg|gränd|stigen|torget|backen)"
)
STREET_NAME = re.compile(r"(?<![\w])[A-ZÅÄÖ][a-zåäöé\-]{2,}" + _STREET_WORD + r"(?![\w])")
#: A Finnish postcode followed by a place name (``20100 Turku``, ``00530 HELSINKI``).
POSTCODE_PLACE = re.compile(r"(?<![\w])\d{5}\s+[A-ZÅÄÖ][A-Za-zÅÄÖåäö\-]{1,}(?![\w])")

# --- names by position and context ------------------------------------------------------------
#: Words after which a capitalised word is a person's name ("asiakas Onni", "nimeltä Aino").
NAME_CUES = frozenset({
    "nimeltä", "nimeltään", "nimeni", "olen", "asiakas", "asiakkaani", "asiakkaamme", "asiakkaan", "nuori",
    "nuoremme", "tyttö", "poika", "tytär", "tyttäreni", "poikani", "äiti", "äitini", "isä", "isäni", "sisko",
    "siskoni", "veli", "veljeni", "mummo", "ukki", "naapuri", "naapurini", "kollega", "kollegani", "kaveri",
    "kaverini", "ystäväni", "poikaystävä", "tyttöystävä", "puoliso", "vaimo", "vaimoni", "mieheni", "herra",
    "rouva", "neiti", "tohtori", "työntekijä", "työntekijämme", "sosiaalityöntekijä", "ohjaaja", "ohjaajamme",
    "yhteyshenkilö", "yhteyshenkilömme", "esihenkilö", "esimies", "nimeltäni", "named", "called", "mr", "mrs",
    "ms", "dr", "client", "colleague", "heter", "kallas", "klienten", "kollegan",
})
#: Surname shapes: Finnish -nen names in the nominative and their -se- forms; Slavic, Baltic and
#: Arabic/Somali surname endings are not used (too many place names share them).
NEN_SURNAME = re.compile(
    r"^[A-ZÅÄÖ][a-zåäö]{1,}(?:nen|[aeiouyäö](?:sen|selle|sella|sellä|selta|seltä|sessa|sessä|sesta|sestä|seen|sena|senä|"
    r"seksi|set|sten|siin|sia|siä|sineen))(?:kin|kaan|kään|ko|kö|han|hän)?$"
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”»(\[–—]|\.\.\.)\s*$")


def sentence_initial(text: str, start: int) -> bool:
    """Whether the token at ``start`` opens a sentence (or a line, a quote, a bracket)."""
    return bool(_SENTENCE_END.search(text[max(0, start - 4):start])) or start == 0


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w’']+)[\s,]*$", text[max(0, start - 40):start])
    return m.group(1).casefold() if m else ""


#: Capitalised words that are not person names though they often stand in name position: titles,
#: institutions, geography, calendar, nationalities (English, Finnish, Swedish).
NOT_NAMES = frozenset("""
government governments minister ministers secretary cabinet assembly parliament committee council senate congress
house office department ministry agency authority board commission commissioner bureau service services union
university college school institute institution foundation trust association society federation company
corporation bank court police army forces navy guard crown royal majesty prime deputy chair chairman president
vice member members mr mrs ms dr sir professor senator premier chief general captain officer director manager
north south east west northern southern eastern western central national federal provincial regional municipal
city county state states kingdom republic island islands lake river bay mountain valley street road park square
hill port cape saint st new old great united first second third
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday christmas easter covid
english british welsh scottish irish french german italian spanish chinese japanese american canadian european
african asian russian ukrainian finnish swedish norwegian danish estonian arab arabic indian
bill act order budget treasury statistics report strategy programme program plan policy review
hallitus eduskunta ministeriö ministeri valiokunta virasto kunta kaupunki hyvinvointialue yliopisto koulu
puhemies edustaja arvoisa herra rouva
regeringen riksdagen ministern talman herr fru kommun staden region
""".split())


#: Words after which a run of capitalised words names a place ("in Hong Kong", "in Atlantic Canada").
PLACE_BEFORE = frozenset({"in"})
#: Articles: after one, a run of three or more capitalised words names an organisation, a place or an event
#: ("the Wales Audit Office", "the World Health Organization"); two words may be a person's name used as an
#: attribute ("the George Floyd murder"), so they stay names.
ARTICLES = frozenset({"the", "a", "an", "la", "le", "les", "el", "der", "die", "das"})
#: Titles and honorifics that stand before a person's name inside a run of capitalised words; a title in
#: the run gives the words after it back to the person ("the Right Honourable David Johnston").
TITLES = frozenset("""
mr mrs ms miss dr sir dame lord lady professor prof senator minister president premier chief captain general
officer director judge justice mayor councillor constable sergeant governor king queen prince princess right
honourable honorable hon reverend rev father sister brother saint st
""".split())


def _thing_runs(text: str, tokens) -> list[bool]:
    """For each token, whether it stands in a run of capitalised words (one space apart) that names a place or
    an organisation by the word before the run (:data:`PLACE_BEFORE`, :data:`ARTICLES`), with no title
    (:data:`TITLES`) between that word and the token."""
    runs: list[list[int]] = []
    for i, (start, _end, _tok) in enumerate(tokens):
        if i and text[tokens[i - 1][1]:start] == " ":
            runs[-1].append(i)
        else:
            runs.append([i])
    out = [False] * len(tokens)
    for run in runs:
        before = _previous_word(text, tokens[run[0]][0])
        thing = before in PLACE_BEFORE or (before in ARTICLES and len(run) >= 3)
        for i in run:
            if tokens[i][2].split(":")[0].casefold().rstrip(".") in TITLES:
                thing = False
            out[i] = thing
    return out


def context_name_spans(text: str, *, is_excluded, lowercase_vocabulary=frozenset()) -> list[tuple[int, int, str]]:
    """Person names found by position and context, outside any name list.

    A capitalised token is taken as a name when

    * it follows a cue word (:data:`NAME_CUES`: "asiakas Onni", "nimeltä Aino", "named Olena");
    * it has the shape of a Finnish ``-nen`` surname, nominative or inflected (``Pylkkäselle``),
      and does not open a sentence;
    * it stands next to another capitalised token in the middle of a sentence ("kävin Ahmed
      Abdin kanssa"), or opens a sentence followed by such a pair ending in a surname shape; not when
      the pair stands in a run of capitalised words that names a place or an organisation ("in Hong
      Kong", "the Wales Audit Office"; :func:`_thing_runs`);
    * it is followed by an initial (``Jari K.``).

    Parameters
    ----------
    text : str
    is_excluded : callable
        ``is_excluded(token) -> bool`` for tokens that are known not to be person names (places of
        the region key, terms to mask, organisations).
    lowercase_vocabulary : set of str
        Words seen written in lowercase in the same source; a capitalised token whose casefold
        is among them is an ordinary word at the start of a sentence or a title, not a name.

    Returns
    -------
    list of tuple
        ``(start, end, token)``, in text order.
    """
    tokens = [(m.start(), m.start() + len(m.group(0).rstrip("-’'")), m.group(0).rstrip("-’'"))
              for m in _TOKEN.finditer(text)]
    out: dict[int, tuple[int, int, str]] = {}
    thing = _thing_runs(text, tokens)

    def ordinary(tok: str, *, vocabulary: bool = True) -> bool:
        base = tok.split(":")[0]
        folded = re.sub(r"['’]s$", "", base).casefold()
        return (is_excluded(base) or (vocabulary and folded in lowercase_vocabulary) or folded in NOT_NAMES
                or len(base) < 2 or not any(ch.islower() for ch in base) or any(ch.isdigit() for ch in base)
                or re.fullmatch(r"[A-Z]{2,}s", base) is not None)  # plural acronyms: "Conservative MPs"

    for i, (start, end, tok) in enumerate(tokens):
        if ordinary(tok, vocabulary=False):
            continue
        cue = _previous_word(text, start) in NAME_CUES
        if ordinary(tok) and not cue:  # after a cue word a capitalised word is a name even if seen in lowercase
            continue
        initial = sentence_initial(text, start)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        adjacent = nxt is not None and text[end:nxt[0]] == " " and not ordinary(nxt[2])
        if re.match(r" [A-ZÅÄÖ]\.(?!\w)", text[end:end + 3]):  # "Jari K."
            out[start] = (start, end + 3, text[start:end + 3])
            continue
        if cue and not initial:
            out[start] = (start, end, tok)
            if adjacent:
                out[nxt[0]] = nxt
            continue
        if NEN_SURNAME.match(tok) and not initial:
            out[start] = (start, end, tok)
            continue
        if adjacent and (not initial or NEN_SURNAME.match(nxt[2])) and not thing[i + 1]:
            out[start] = (start, end, tok)
            out[nxt[0]] = nxt
    return [out[k] for k in sorted(out)]


#: Common first names that are also ordinary words; they count as names only in name position
#: (capitalised, not opening a sentence) or next to another name.
AMBIGUOUS_FIRST_NAMES = frozenset({
    "Aino", "Ilona", "Kai", "Pia", "Veli", "Onni", "Toivo", "Usko", "Tuuli", "Satu", "Lahja", "Armas", "Into",
    "Oiva", "Rauha", "Lempi", "Sulo", "Taimi", "Valo", "Ilo", "Tyyne", "Aura", "Sini", "Lumi", "Mielikki",
    "Otto", "Lilja", "Helmi", "Hilla", "Kallio", "Nurmi", "Niemi", "Kivi", "Mäki", "Koski", "Laine", "Lahti", "Salo",
    "Aalto", "Ranta", "Berg", "Holm", "Ali", "Tea",
})

# --- other identifiers ------------------------------------------------------------------------
#: IBAN account numbers (``FI21 1234 5600 0007 85``) and dates of birth after a birth cue.
OTHER_ID = re.compile(
    r"(?<![\w])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?![\w])"
    r"|(?<![\w])(?:syntynyt|syntyi|synt\.|s\.|born|född|f\.)\s*\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}(?![\w])",
    re.IGNORECASE,
)
#: Social-media handles and profile addresses (``@ainolumikki``, ``facebook.com/aino.lumikki``).
CONTACT = re.compile(
    r"(?<![\w@./])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?![\w@])"
    r"|(?<![\w])(?:https?://)?(?:www\.|[a-z]{2}\.)?(?:facebook|instagram|linkedin|tiktok|twitter|x|threads|"
    r"youtube|snapchat|vk|t\.me)\.(?:com|me|net)?/[^\s,;)\]]+",
    re.IGNORECASE,
)
