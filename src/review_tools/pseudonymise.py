"""Pseudonymise interview transcripts and social reports before anything else reads them.

Categories replaced (counts are kept per category):

``name``
    Person names from the informant metadata, from speaker labels, from a review's list and from
    a built-in list of common first names and surnames in Finland, including Finnish inflected
    forms ("Mikon", "Virtaselle", "Liisalle", "Korhosen") and possessive/clitic endings; and names
    outside every list, found by position and context (:func:`context_name_spans`: "asiakas
    Onni", "Pylkkäselle", "Ahmed Abdin kanssa", "Jari K.").
``email``, ``phone``
    E-mail addresses, also obfuscated (``name(at)domain.fi``); phone numbers in Finnish
    (``040 123 4567``, ``(09) 310 1234``) and international (``+358 40 123 4567``) formats.
``hetu``
    Finnish personal identity codes (henkilötunnus) with a real date, in any case
    (``131052-308t``); a wrong check character does not save a code from masking.
``address``
    Street addresses with a postcode (``Puijonkatu 12 B 7, 70100 Kuopio``), street names with a
    number (``Kotikuja 3``) or in any Finnish case (``Rauhankadulla``), and postcode + place.
``organisation``
    Organisations or places listed by the review (``mask_terms``), inflected forms included.
``place``
    Municipality names of the region key, in any Finnish case (``Luhangassa``).
``id``
    IBAN account numbers and dates of birth after a birth cue (``s. 13.10.1952``); social-media
    handles and profile addresses count as ``email`` (contact details).
``document``
    File names of the sources (transcripts), replaced by the pseudonymous document id.

Place names (region key, ``mask_terms``) are never person names ("Kaarina" is a municipality).
A person is one pseudonym per source (document or report) unless the key links them: two
"Aino"s in two transcripts get two pseudonyms; editing the key so both originals map to one
pseudonym links them. An informant's pseudonym is given to their full name or surname anywhere,
and to their first name alone only within their own transcript ("Jari K." in another source is
somebody else).

The mapping is kept in a key file (JSON, mode 0600) in the review folder (``review/keys/``,
git-ignored), never under ``outputs/``. Informants named in ``informants.yaml`` become
``[<informant id>]``; other people ``[H1]``, ``[H2]``, ...; the rest ``[EMAIL1]``, ``[PHONE1]``,
``[HETU1]``, ``[ADDRESS1]``, ``[ORG1]``, ``[PLACE1]``; documents ``INT01``, ``INT02``, ...
"""

from __future__ import annotations

from ._identifiers import hetu_is_valid, name_forms_pattern
from ._pseudonymise_core import CATEGORIES, PseudonymisedText, Pseudonymiser, default_names
from ._pseudonymise_tables import (
    KEY_FILE,
    pseudonymise_frame,
    pseudonymise_segments,
    read_list_file,
    region_places,
    review_pseudonymiser,
)

__all__ = [
    "CATEGORIES",
    "KEY_FILE",
    "Pseudonymiser",
    "PseudonymisedText",
    "default_names",
    "hetu_is_valid",
    "name_forms_pattern",
    "pseudonymise_frame",
    "pseudonymise_segments",
    "read_list_file",
    "region_places",
    "review_pseudonymiser",
]
