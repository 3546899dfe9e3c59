"""Facts about words and sentences that several stages share, each stated once."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word: letters, with apostrophes inside (``don't``, ``O’Neill``); no digits, no underscores."""

TOKEN = re.compile(r"\w+")
"""A token: a run of letters, digits or underscores (what shingles and entity keys are made of)."""


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` with the accents taken off its letters ("Ierápetra", "Pediáda": "Ierapetra", "Pediada"): one
    outlet writes a name with them, another (a wire, an English-language paper) without, and the two are one
    name. Letters with no accent to take off ("ø", "ł") stay."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


SENTENCE_FINALS = ".!?…"
"""The characters a sentence ends with (before any closing quotes or brackets)."""

SENTENCE_END = re.compile(rf"""[{re.escape(SENTENCE_FINALS)}][\s"'”’)\]]*$""")
"""The end of a text that ends as a sentence does: a final character, then only closing quotes,
brackets or spaces."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The weekdays, Monday first (``datetime.weekday``'s order), in lower case."""
CALENDAR = frozenset(
    (*WEEKDAYS, *"january february march april may june july august september october november december".split())
)
"""Weekdays and months, in lower case: capitalised, and named in every report, yet no name of a place or a person."""
HOLIDAYS = frozenset(
    (
        "easter|christmas|christmas eve|boxing day|good friday|lent|advent|epiphany|pentecost|whitsun|all saints' day|"
        "ramadan|eid|eid al-fitr|eid al-adha|diwali|holi|vesak|hanukkah|passover|yom kippur|rosh hashanah|nowruz|"
        "songkran|lunar new year|chinese new year|new year|new year's day|new year's eve|hogmanay|thanksgiving|"
        "halloween|mardi gras|may day"
    ).split("|")
)
"""Feasts and holidays, in lower case: the recogniser may call one a place or a person ("before Easter", "Mardi
Gras"), but a reader's key actors and places hold none."""
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
"""The spaCy entity labels briefer keeps: people, organisations, places, groups, buildings."""

TITLES = frozenset(
    (
        "minister president prime secretary spokesman spokeswoman spokesperson general gen mr mrs ms dr "
        "senator sen ambassador envoy chief commander governor mayor king queen prince sheikh deputy director "
        "chairman chairwoman chair head leader judge justice attorney representative rep lt col colonel major "
        "captain officer inspector detective sergeant pope cardinal bishop rev lord sir dame ceo coach professor "
        "prof foreign interior defence defense finance sports health state vice superintendent commissioner "
        "police manufacturer operator developer regulator insurer lender carrier utility analyst economist "
        "lawyer activist founder mp mep mla marshal principal nurse commodore father cllr councillor admiral "
        "brigadier adviser advisor curator meteorologist forecaster researcher scientist strategist reeve "
        "ombudsman ombudswoman commandant mawlawi maulana mullah imam engineer surveyor clerk coroner "
        "treasurer warden ranger constable magistrate sheriff administrator coordinator auditor registrar controller "
        "rt hon sister premier chancellor cmdr cdr capt sgt cpl adm supt insp det brig gov maj advocate executive "
        "investigator"
    ).split()
)
"""Words of a title or a job written before a name ("Foreign Minister Ishaq Dar", "Sergeant Paul
Ndlovu", "County Engineer Owen Price"): no part of the name."""

OCCUPATIONS = frozenset(
    (
        "singer drummer bassist vocalist songwriter composer actor actress author novelist poet playwright artist "
        "painter sculptor photographer filmmaker producer presenter broadcaster journalist columnist editor reporter "
        "historian teacher headteacher headmaster headmistress pupil student midwife surgeon doctor paramedic "
        "firefighter pilot skipper goalkeeper striker midfielder defender winger manager owner landlord farmer "
        "fisherman grower shopkeeper resident volunteer campaigner organiser organizer veteran forester guide diver "
        "logger miner trapper hunter outfitter rancher herder beekeeper vintner winemaker baker butcher chef "
        "mechanic electrician plumber builder carpenter welder trucker shepherd crofter"
    ).split()
)
"""Trades that open a sentence before a name ("Singer Kirsty Maciver said"): capitalised there, not a name."""

HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor".split())
"""What a name is written after out of courtesy ("Ms Okonkwo", "Dr. Ma"): no part of it, even when a surname alone
is left."""

BEFORE_A_NAME = TITLES | OCCUPATIONS
"""A title or a trade: what may stand before a name and is no part of it."""

BODIES = frozenset(
    "ministry office department council agency commission committee service secretariat division forum".split()
)
"""A run ending so is an institution, its titles part of its name ("the Foreign Ministry")."""

INSTITUTIONS = BODIES | frozenset(
    "bank university college institute school party union church court house league club association society "
    "chamber centre center foundation museum group company district region province county city state".split()
)
"""The last word of an institution's name ("Bank", "University", "Party")."""


def _spacy_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its ``lang/en/stop_words.py`` without importing spaCy.

    ``from spacy.lang.en.stop_words import STOP_WORDS`` imports the whole of spaCy first (0.8 s):
    every run paid it at start-up, a run with nothing new to analyse included. The file is a plain
    list of words with no imports; where it cannot be found so, spaCy is imported after all.
    """
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
        file_spec = importlib.util.spec_from_file_location("briefer._spacy_en_stop_words", path)
        if path.is_file() and file_spec is not None and file_spec.loader is not None:
            module = importlib.util.module_from_spec(file_spec)
            file_spec.loader.exec_module(module)
            return frozenset(module.STOP_WORDS)
    from spacy.lang.en.stop_words import STOP_WORDS as spacy_stop_words

    return frozenset(spacy_stop_words)


STOP_WORDS = _spacy_stop_words()
"""spaCy's English stop words (lower case, with the contractions in both apostrophes)."""
