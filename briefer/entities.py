"""Key actors: the people, organisations, countries and places that act in a theme's news.

spaCy's entities (collected by the analyse stage) are kept when they can act:
people, organisations, countries and cities, places and buildings (PERSON,
ORG, GPE, LOC, FAC). Left out: nationalities and other adjectives ("European",
"Afghan": NORP), the outlets that are the day's sources ("Kabul Ledger", even
as "the Kabul Ledger's"), and a one-word "name" that the articles also write
in lower case (a sentence's capitalised first word that spaCy took for a name:
"Reservoirs"), nor one that the articles only ever capitalise to open a sentence when it is the plural
of an everyday English word ("Customs officials said", "Commuters waited": see :func:`_everyday_plural`).
:func:`without` leaves out a theme's own keywords ("LNG" in a
theme whose keyword it is says nothing). What the recogniser ran together or cut
is mended first (:func:`_names`, :func:`_and_names`): a dateline, a route's two ends,
a list, lower-case words inside a name ("north Cork"), a match score or a share after
it ("Motagua 2-1", "Keshi 37" of "37 percent"), a headline's label ("Explainer:"), and
a company's name cut at its "and" ("Clyde" and "Isles Shipping"). The rest are merged
across spellings and ranked by how many articles name them:

- the same words up to case, a leading "the" and a possessive "'s" are one name;
- a person named by one name alone ("Zakharova") is the person with the
  full name ("Maria Zakharova") when exactly one full name ends that way (or,
  when none does, begins that way: "Lin" and "Lin Jian");
- full names with the same surname whose given names differ by a letter or
  two ("Sergei Lavrov", "Sergey Lavrov"), or where one adds a middle name
  ("Khawaja Asif", "Khawaja Muhammad Asif"), are one person.

The name shown is the fullest spelling (most words), the most used among
those; the label is the one spaCy gave most often, but LOC for a name the articles write as a place in
half of its uses or more ("at Torkham", "the Chaman crossing": the small model takes such names for
people and organisations; :func:`_as_placed`). :func:`is_place` tells a place (a town, a region, a
crossing) from who acts (a person, an organisation, a country or its capital); the analyst edition lists
places apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from briefer import article_memo
from briefer.analyse import _UPPER, dateline_places, datelines, places_of_dateline
from briefer.labels import GENRE_LABEL
from briefer.models import AnalysedArticle, Entity
from briefer.words import BEFORE_A_NAME, BODIES, CALENDAR, ENTITY_LABELS, HOLIDAYS, HONORIFICS, INSTITUTIONS, WEEKDAYS

KINDS = ENTITY_LABELS - {"NORP"}
"""Labels of actors: the analyse stage keeps NORP too, which tells demonyms here (see the module's notes)."""
MAX_ENTITIES = 20
UNITS = frozenset("kw mw gw tw kwh mwh gwh twh kv mv km mph kph bpd bcm mtpa teu dwt".split()) | frozenset(
    "gmt utc bst cet cest eet eest est edt cst cdt mst mdt pst pdt akst akdt hst ist pkt jst kst aest aedt "
    "acst awst nzst nzdt wat eat sast wib wita".split()
)
"""Units written in capitals that the recogniser takes for organisations ("a 150 MW data centre"), and the time
zones a time is given in ("3:15 a.m. local time (1015 GMT)")."""
SIMILAR_GIVEN_NAME = 0.75
"""Letter similarity (0-1) at which two given names are spellings of one name."""

_POSSESSIVE = re.compile(r"[’']s?$")
_PLACE_WORD = re.compile(r"\s+(?:province|district)$")  # "Kunar province" is Kunar
ADJECTIVE_ENDINGS = ("ic", "ian", "ean", "ese", "ish")
"""Endings of adjectives of place (Nordic, Tunisian, Korean, Chinese, Turkish); a one-word place or
organisation name rarely ends so."""
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "Eurasia Monitor (feed)": one outlet's feed
LEADING_THE = re.compile(r"^the\s+", re.I)
_DASH = re.compile(r"\s+[–—-]\s+")  # "NICOSIA – Cyprus": the recogniser ran a dateline into a name
_TO = re.compile(r"\s+to\s+(?=[A-Z\u00c0-\u024f])")  # "Eriskay to South Uist": two places, a route between
_LIST = re.compile(r",\s+(?=[A-Z\u00c0-\u024f])")  # "Victoria, Nogoyá": a comma before a capital
_TRAILING_AND = re.compile(r"\s+(?:and|or)$")
_OPEN_BRACKET = re.compile(r"\s*\([^)]*$")  # "National Office of Electoral Processes (ONPE": cut mid-bracket


def normal_form(name: str) -> str:
    """The name as words compare: no 'the', no possessive, no trailing 'province' or 'district',
    single spaces, lower case."""
    name = " ".join(name.split())
    name = LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    name = name.strip(' .,;:-–"“”').lower()
    return _PLACE_WORD.sub("", name) or name


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names (word tuples, two words or more) of one person."""
    if a[-1] != b[-1]:
        return False
    if a[0] == b[0]:
        return True  # middle name added or dropped: Khawaja Asif / Khawaja Muhammad Asif
    return len(a) == len(b) and SequenceMatcher(None, a[0], b[0]).ratio() >= SIMILAR_GIVEN_NAME


class _Merger:
    """Union-find over normal forms."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def outlet_names(items: Iterable[AnalysedArticle]) -> set[str]:
    """Normal forms of the sources that carried the articles ("Eurasia Monitor (feed)" -> "eurasia monitor")."""
    names = set()
    for item in items:
        for source in (item.article.source, *item.article.sources):
            names |= {normal_form(source), normal_form(_QUALIFIER.sub("", source))}
    return names - {""}


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_INNER_CAPITAL = re.compile(r"(?<=[\w,;)%’'])[ \t]+([A-Z][\w’'-]*)")
"""A capitalised word inside a sentence: after a word, a comma or a closing bracket (not after a full
stop, a line's start, a quotation mark or a dash, where any word is capitalised)."""
EVERYDAY = 20_000
"""How many of English's most frequent words (the word vectors' table, :mod:`briefer.vectors`) count as
everyday words for :func:`_everyday_plural`."""


def _lower_words(text: str) -> set[str]:
    """The words a text writes in lower case: common words, never a name."""
    return set(_LOWER_WORD.findall(text))


def _inner_capitals(text: str) -> set[str]:
    """The words (lower-cased) a text capitalises inside a sentence: written so, a word is a name."""
    return {word.lower() for word in _INNER_CAPITAL.findall(text)}


def _everyday_plural(key: str) -> bool:
    """``key`` (lower case) is the plural of one of English's ``EVERYDAY`` most frequent words
    ("commuters", "households", "customs"). The table holds names too ("amazon", "abuja", "eu"), so
    a word that could be a name says nothing; a plural rarely is one, and this is asked only of a
    word the articles never capitalise inside a sentence."""
    from briefer import vectors

    table = vectors.load()
    if table is None or not key.endswith("s") or len(key) < 4:
        return False
    singulars = (key[:-1], key[:-2]) if key.endswith("es") else (key[:-1],)
    return any(table.index.get(single, EVERYDAY) < EVERYDAY for single in singulars)


REGIONAL_PEOPLES = frozenset(
    "welsh scottish english cornish breton basque catalan galician flemish walloon bavarian sicilian sardinian "
    "corsican kurdish".split()
)
"""Peoples of a region, not of a country of ``countries.tsv`` ("the Welsh Government", "Breton fishermen"): adjectives,
whatever the recogniser called them."""


def _adjective(key: str, label: str, demonyms: set[str]) -> bool:
    """A name that is a nationality or an adjective, whatever spaCy's label: a country's or a region's people's
    adjective (:func:`_peoples_adjectives`: "Kazakh", "Sri Lankan", even called a person; ``REGIONAL_PEOPLES``:
    "Welsh"); or one word ("Nordic", "Pak-Afghan") spaCy calls NORP elsewhere in the theme, joins to such words with
    a hyphen, or that ends the way English adjectives of place do."""
    if key in _peoples_adjectives() or key in REGIONAL_PEOPLES:
        return True
    if " " in key or label == "PERSON":
        return False
    return key in demonyms or any(part in demonyms for part in key.split("-")) or key.endswith(ADJECTIVE_ENDINGS)


def _capitals(name: str) -> bool:
    """A name written all in capitals ("LIMA", "NATO")."""
    return name.upper() == name and sum(ch.isalpha() for ch in name) > 1


def _list_items(text: str) -> list[str]:
    """The names of a list the recogniser ran into one ("Victoria, Nogoyá", "Hamm, Erfurt", "Mali,
    Burkina Faso", "Montague, O'Leary and"): cut at each comma before a capital when what comes
    before the first comma is capitalised words alone. A name with a comma in it ("Ministry of
    Water, Land and Resources") has a small word before it and stays whole."""
    items = _LIST.split(text)
    if len(items) == 1 or not all(w[:1].isupper() for w in items[0].split()):
        return [text]
    return [_TRAILING_AND.sub("", item) for item in items]


_PARTICLES = frozenset(
    "of the and for on upon de del la las los le les y e et des du di da do dos das van von der den al el bin ibn "
    "und zu es ya wa sur am aan op ter".split()
)
"""Small words inside a name ("Bank of England", "Société Marocaine des Phosphates et Engrais", "Dar es
Salaam", "Sauti ya Ziwa FM")."""
_NAME_PARTICLES = _PARTICLES - {"of", "the", "and", "for", "on", "upon", "y", "e", "et", "und"}
"""The ones that may open a name ("van Reenen", "al-Sisi" is one word)."""
_SCORE = re.compile(r"\s+\d{1,2}[-–]\d{1,2}$")  # "Motagua 2-1": a result after a club's name
_FIGURE_AFTER = re.compile(r"\s+[\d.,]+$")  # "Keshi 37" when the text goes on "percent": a share, not a name
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\s+")  # "10:14 Central Indonesian Time"
_NUMBERED = re.compile(r"\s+Nos?\.?$")  # "Signal No" of "Signal No. 4": a designation's number cut off, no actor
_ROMAN = re.compile(r"(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})")  # "III" of "tier III": a numeral, no actor


def _lower_parts(name: str) -> list[str]:
    """The names in ``name`` between the words in lower case the recogniser ran into it: "Nile dam"
    is the Nile, "north Cork" Cork, "Irish Family Farms Association in Government Buildings" two
    names, "statistics institute INEI" the INEI; a name's small words stay ("Bank of England", "van
    Reenen"), and so do "al-Sisi" and "Route 8"."""
    words = _CLOCK.sub("", _SCORE.sub("", name)).split()
    parts: list[list[str]] = [[]]
    for k, word in enumerate(words):
        between = word == "a" and 0 < k < len(words) - 1 and words[k - 1][:1].isupper() and words[k + 1][:1].isupper()
        if word.isalpha() and word.islower() and word not in _PARTICLES and not between:  # "Poggio a Caiano" stays
            parts.append([])
        else:
            parts[-1].append(word)
    out = []
    for part in parts:
        while part and part[-1].isalpha() and part[-1].islower():
            part.pop()
        while part and part[0].isalpha() and part[0].islower() and part[0] not in _NAME_PARTICLES:
            part.pop(0)
        if part:
            out.append(" ".join(part))
    return out


def _names(entities: Iterable[tuple[str, str]], datelines: set[str]) -> Iterable[tuple[str, str]]:
    """The recogniser's entities as names: a dateline run into the name after it ("NICOSIA – Cyprus")
    is cut off, a route's two ends are two places ("Eriskay to South Uist"), a dateline's place ("LIMA
    –" opening a paragraph) is no actor, nor a piece of it in capitals (the recogniser's "LA" of "LA
    OROYA –", "ST" of "ST. ANDREWS –"), a bracket left open is dropped ("National Office of Electoral
    Processes (ONPE"), the words in lower case the recogniser ran into a name are cut out
    (:func:`_lower_parts`), and names run together in a list are each a name (:func:`_list_items`); a
    designation whose number the recogniser cut off ("Signal No" of "Storm Signal No. 4") is no name, nor a Roman
    numeral the recogniser took for one ("III" of "tier III of its power use plan")."""
    # "ST" of "ST. ANDREWS —": the recogniser reads an abbreviation's point as a name's end
    pieces = {f" {piece} " for place in datelines for piece in (place, place.replace(".", " "))}
    for text, label in entities:
        parts = [piece for dashed in _DASH.split(text) for part in _TO.split(dashed) for piece in _list_items(part)]
        for part in parts:
            for name in _lower_parts(_OPEN_BRACKET.sub("", part).strip()):
                if name in datelines or (_capitals(name) and any(f" {name} " in place for place in pieces)):
                    continue
                if "/" in name and all(piece.strip() in datelines for piece in name.split("/")):
                    continue  # "PORT LOUIS/TOAMASINA" as the recogniser read the dateline whole
                if _NUMBERED.search(name) or _ROMAN.fullmatch(name):
                    continue
                yield name, label


_ORDINAL = re.compile(r"(?:Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Another)\s+(?=[A-Z])")
"""An ordinal a headline opens on, which the recogniser ran into the name after it ("Second Allegheny & Lakes
derailment in 13 hours"): no part of the name when the article names it without (not "Second League")."""


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""Entity labels of places: a place is never the "he" or "she" who spoke, and stays a place."""
_LINKING_WORDS = frozenset({"of", "the", "and", "for", "on", "de", "del", "la", "y", "&"})


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0] for w in words if w not in _LINKING_WORDS)


def _join_short_names(spellings: dict[str, Counter[str]], labels: dict[str, Counter[str]], merger: _Merger) -> None:
    """A name written short is the one longer name of the theme that begins or ends with it ("Datum
    Internacional", "Movimiento Horizonte"), holds it whole inside when it has two words or more ("Red
    Cross" of "Malagasy Red Cross Society"), or whose initials it is ("OAS": "Organization of American
    States"), when exactly one does; two ("Reserve Bank": "South African Reserve Bank", "Reserve Bank of
    Zimbabwe"; "Quispe": "Hernán Quispe", "Piero Quispe") leave it alone. spaCy's small model labels
    names loosely ("Hernán Quispe" an organisation), so labels do not decide, except that a place stays
    a place ("Zambia" is not the "Bank of Zambia"), its initials those of a place ("U.S.": "United
    States"). A longer "name" with a common word in it ("Valcárcel courts Arequipa", a headline taken
    for a name) owns nothing. A name the people's rules above already joined to another ("Lin" to
    "Mei Lin") is left there: joining it again would make one of two people ("Lin Jian" and "Mei Lin")."""
    sizes = Counter(merger.find(key) for key in spellings)
    joined = {key for key in spellings if sizes[merger.find(key)] > 1}
    longer = []
    # "Annette van Heyden" owns "van Heyden", a name that holds its particle: only such a name looks up the longer
    # names a particle joins ("Tumbatu" is no "Fahari ya Tumbatu", "Thio" no "Société des Plateaux de Thio")
    particled: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, shown in spellings.items():
        words = key.split()
        spelling = shown.most_common(1)[0][0].split()
        if len(words) >= 2 and all(w[:1].isupper() or w.lower() in _LINKING_WORDS for w in spelling):
            longer.append((key, words))
        elif len(words) >= 3 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in spelling):
            for k in range(2, len(words)):
                if any(word in _NAME_PARTICLES for word in words[-k:-1]):
                    particled[tuple(words[-k:])].append(key)
    # Each longer name under its beginnings, its ends (shorter than itself) and its initials: a name
    # looks up its owners, not every longer name of the theme (which grew with the square of its names).
    starts: dict[tuple[str, ...], list[str]] = defaultdict(list)
    ends: dict[tuple[str, ...], list[str]] = defaultdict(list)
    middles: dict[tuple[str, ...], list[str]] = defaultdict(list)
    initials: dict[str, list[str]] = defaultdict(list)
    for name, parts in longer:
        for k in range(1, len(parts)):
            starts[tuple(parts[:k])].append(name)
            ends[tuple(parts[-k:])].append(name)
        for i in range(1, len(parts) - 2):  # "Red Cross" of "Malagasy Red Cross Society": two words at least
            for j in range(i + 2, len(parts)):
                if parts[i] not in _LINKING_WORDS and parts[j - 1] not in _LINKING_WORDS:
                    middles[tuple(parts[i:j])].append(name)
        initials[_initials(parts)].append(name)
    for key in spellings:
        if key in joined:
            continue
        own = tuple(key.split())
        caps = _capitals(spellings[key].most_common(1)[0][0])
        abbreviation = initials.get(key.replace(".", ""), []) if caps and len(own) == 1 else []
        if labels[key].most_common(1)[0][0] in PLACE_LABELS:
            # a place stays a place, but its initials are the one longer place with them ("U.S."), and a
            # country's other name that ends a longer country's is that country ("Congo" beside the
            # "Democratic Republic of Congo", when the day names no "Republic of Congo")
            found = [name for name in abbreviation if labels[name].most_common(1)[0][0] in PLACE_LABELS]
            if key in _country_aliases():
                found += [name for name in ends.get(own, []) if _without_the(name) in _countries_without_the()]
        else:
            found = [*starts.get(own, []), *ends.get(own, []), *middles.get(own, []), *abbreviation]
            found += particled.get(own, [])
        # "Giizhigong" of "Giizhigong First Nation", "Baoshan" of "Baoshan Township": the one community
        community = [
            name
            for name in ([] if key in _countries_without_the() else starts.get(own, []))
            if " ".join(name.split()[len(own) :]) in _COMMUNITY_HEADS
        ]
        owners = {merger.find(name) for name in [*_owners_of(key, found, labels), *community]} - {merger.find(key)}
        if len(owners) == 1:
            merger.union(owners.pop(), key)


_COMMUNITY_HEADS = frozenset(("first nation", "township", "village", "reserve"))
"""Words after a place's name that name the same community ("Giizhigong First Nation", "East Donegal Township"): a
place written short is the one longer name of the theme so made, whatever the recogniser called it (a First Nation
its organisation). Not "City" nor "County": Texas is no Texas City, Quezon province no Quezon City, Hsinchu both a
city and a county."""


def _owners_of(key: str, names: list[str], labels: Mapping[str, Counter[str]]) -> list[str]:
    """``names`` (longer names that may own the one-word name ``key``) less those that open on it and that the
    recogniser never calls a place, when it calls ``key`` a place a third of the time at least: "Kallo" (six times a
    place, seven an organisation) is no first name of "Kallo Breathes" (a residents' group it took for a person),
    nor "Tasmania" the "Tasmania Fire Service". A name that ends on it stays its owner ("Ccollpa", "Santa Rosa de
    Ccollpa"); so does one the recogniser calls a place ("Kagoshima City"), but not a town it took for a person only
    ("Fenoarivo Atsinanana": Fenoarivo stands apart from it)."""
    own = labels[key]
    if " " in key or 3 * sum(count for label, count in own.items() if label in PLACE_LABELS) < own.total():
        return names
    return [
        name
        for name in names
        if name.split(" ", 1)[0] != key or any(label in PLACE_LABELS for label in labels.get(name, ()))
    ]


NAME_HEADS = frozenset(
    "shipping ferries lines airways airlines railways logistics company group forum association council trust "
    "bank holdings partners foods tours travel hotels farms fisheries seafoods energy mining resources timber "
    "media motors industries systems technologies labs pharmaceuticals insurance capital ventures enterprises "
    "solutions corporation corp inc ltd limited plc llc board authority bureau tribunal directorate".split()
)
"""The last word of a company's or a body's name ("Clyde and Isles Shipping", "Barra and Vatersay
Community Forum")."""
ORGANISATION_HEADS = INSTITUTIONS | NAME_HEADS
"""The last word of an organisation's name ("Fjellstrand Shipping", "Loma Roja Union")."""


_ABBREVIATED = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]{1,3}")
"""A name of initials or a short abbreviation ("U.S.", "SR", "US")."""


def _before_numbers_only(item: AnalysedArticle, name: str) -> bool:
    """Whether the article writes a name only right before a number: a road's ("U.S. 23", "SR 104"), a route's or a
    model's, which the recogniser took for a name."""
    uses = _uses(item, name)
    if not uses:
        return False
    found = re.compile(rf"(?<![\w'’.-]){re.escape(name)}(?=\s+\d)")
    return len(found.findall(item.article.title)) + len(found.findall(item.article.text)) == uses


def _uses(item: AnalysedArticle, words: str) -> int:
    """How many times the article's headline and text write ``words``."""
    return item.article.title.count(words) + item.article.text.count(words)


_RUN_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP"})


_JOINING = frozenset("es de da do del dos das la le el al bin ibn van von der den di du ul".split())
"""Small words inside a name, not English ("Dar es Salaam", "Ras al Khaimah"): "of", "and" join two names.
A name never ends on one; a name may begin after one and be whole ("Jaén" of "Olivareros de Jaén")."""
_JOINING_BEFORE = frozenset("es al ul bin ibn".split())
"""... save after these: "Salaam" of "Dar es Salaam" is no name of its own."""


_ROADS = frozenset(
    "Route Highway Road Motorway Expressway Freeway Interstate Autoroute Autobahn Ruta Carretera".split()
)
"""The last word of a road's name before its number ("National Route 44", "Highway 16")."""
_ROAD = re.compile(rf"\b(?:{'|'.join(sorted(_ROADS))})\s+\d{{1,4}}[A-Z]?$")
_STREETS = frozenset("street road avenue parkway boulevard lane drive square plaza".split())
"""The last word of a street's name ("Johnson Parkway", "Kalakaua Avenue", "Breezy Point Road"), which the recogniser
may call a person or an organisation."""
_COMPASS = frozenset("east west north south northeast northwest southeast southwest".split())
"""... which a direction may follow ("Burlington Street East", "King Street West")."""
_STREETS_FIRST = frozenset("boulevard avenida calle carrer rue rua paseo calzada jalan".split())
"""... or its first word, where a language writes the kind first ("Boulevard Solidaridad", "Avenida Brasil", "Calle
Serrano", "Rue Cardinal"); not "Avenue Elementary" (a school) nor "Via Rail"."""
_MOORING = re.compile(r"^(?:Lock|Pier|Berth|Quay|Jetty|Dock|Gate|Platform|Terminal|Runway)\s+\d{1,3}[A-Z]?$")
"""A numbered place on a waterway, in a port or an airport ("Lock 7", "Berth 12")."""
_NUMBERED_THING = re.compile(
    r"^(?:Line|Unit|Plant|Fab|Reactor|Kiln|Furnace|Turbine|Phase|Stage|No\.?|Number)\s+\d{1,3}[A-Z]?$"
)
"""A plant's numbered part or a bare number ("Line 2" of a pellet plant, "No. 3"): no one who acts, no place."""
_WEATHER_KINDS = r"(?:Storm|Cyclone|Hurricane|Typhoon|Depression)\s+"
_WEATHER = re.compile(rf"(?:(?:Tropical|Super|Severe|Cyclonic)\s+)*{_WEATHER_KINDS}(?P<name>[A-Z][\w'’-]*)$")
"""A weather system's name ("Storm Perrine", "Tropical Storm Kendra", "Cyclone Orla"), and the name alone once the
articles write it so ("Kendra"): what happened, no one who acts nor a place, whatever the recogniser called it; not
a place named for storms ("Storm Bay")."""
_WEATHER_IN_TEXT = re.compile(rf"\b{_WEATHER_KINDS}([A-Z][\w'’-]*)")


def _weather_in(text: str) -> set[str]:
    """The weather systems' names a text writes ("Kendra" of "Tropical Storm Kendra"), not a place's ("Storm Bay")."""
    return {name for name in _WEATHER_IN_TEXT.findall(text) if name.lower() not in _GEOGRAPHIC}


TITLES = frozenset("ceo cfo coo cto cio".split())
"""A post's initials ("the CFO said"): no one's name."""


_HYPHEN_PARTICLE = r"(?i:aux|au|en|sur|sous|lès|de|du|des|la|le|les|upon|on|in|e|i|al|el|ul)"
_HYPHENED_ON = re.compile(rf"(?:-{_HYPHEN_PARTICLE})+-[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*")
"""The rest of a name joined by a hyphen and its small words ("-aux-Chenes" of "Pointe-aux-Chenes", "-e-Taliban"
of "Tehreek-e-Taliban"): a place's or a body's, never "-based" or "-flagged"."""
_SURNAME_ON = re.compile(r"(?:-[A-Z][\w'’]*)+")
"""... or a second surname ("-Petreska" of "Ivana Stojanovska-Petreska")."""


def _word_character(character: str) -> bool:
    """Whether a character is one ``re``'s ``\\w`` matches in a str pattern: a letter or a digit of any script, or
    "_" (checked over every code point)."""
    return character.isalnum() or character == "_"


def _written_at(text: str, article: str, before: str = "'’.-", after: str = "'’") -> list[int]:
    """Where ``article`` writes ``text`` as a name of its own, not inside a longer word (no word character nor one of
    ``before`` just before it, no word character nor one of ``after`` just after it), left to right, none
    overlapping: what ``re.finditer(rf"(?<![\\w{before}]){re.escape(text)}(?![\\w{after}])", article)`` finds,
    without compiling a pattern for every name (a key actors' run compiled one per entity of every article: 63% of
    its CPU at 4,246 articles, session 51)."""
    found: list[int] = []
    size, end = len(text), len(article)
    at = article.find(text) if text else -1
    while at >= 0:
        first = article[at - 1] if at else ""
        last = article[at + size] if at + size < end else ""
        if (not first or not (_word_character(first) or first in before)) and (
            not last or not (_word_character(last) or last in after)
        ):
            found.append(at)
            at = article.find(text, at + size)
        else:
            at = article.find(text, at + 1)
    return found


def _hyphened(text: str, label: str, article: str) -> str:
    """``text`` with the rest of the name the recogniser cut at a hyphen, when the article writes it after every
    use of ``text`` (:data:`_HYPHENED_ON`; a person's second surname, :data:`_SURNAME_ON`); "St." taken back
    where every use of ``text`` follows it ("James Parish" of "St. James Parish")."""
    uses = _written_at(text, article)
    if not uses:
        return text
    if all(article.endswith(("St. ", "Ste. "), 0, use) for use in uses):
        return ("Ste. " if article.endswith("Ste. ", 0, uses[0]) else "St. ") + text
    size = len(text)
    rest = _HYPHENED_ON if label != "PERSON" or not _SURNAME_ON.match(article, uses[0] + size) else _SURNAME_ON
    ends = {found.group(0) if (found := rest.match(article, use + size)) else "" for use in uses}
    if len(ends) == 1 and (end := ends.pop()):
        return text + end
    return text


def _portfolio(text: str, name: str) -> bool:
    """Whether ``text`` writes a name the recogniser called an organisation (up to three words) mostly before
    "Ministry" or "Minister" ("the Energy Ministry said", "Energy Minister Patricia Almeida Vélez", "Federal Transport
    Minister X"): a ministry's portfolio, not a body called "Energy"; the ministry, where the article names it."""
    uses = re.findall(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])(\s+Minist(?:ry|er)\b)?", text)
    return 2 * sum(1 for after in uses if after) > len(uses)


def _whole_name(text: str, article: str, label: str = "") -> str:
    """``text``, a name the recogniser cut at one of its small words (``_JOINING``), made whole from the
    article: "Dar es" of "Dar es Salaam-bound" takes the capitalised word the text writes after it, and
    "Salaam" of "in Dar es Salaam" the two before it (``_JOINING_BEFORE``); a road's name cut before its
    number ("National Route" of "National Route 44") takes its number back, and so does a union's local
    ("United Metalworkers Local" of "United Metalworkers Local 1005")."""
    words = text.split(" ")
    if words[-1] in _ROADS or words[-1] == "Local":  # a union's "Local 1005" too
        number = re.search(rf"(?<![\w'’-]){re.escape(text)}\s+(\d{{1,5}}[A-Z]?)\b", article)
        return f"{text} {number.group(1)}" if number else text
    if len(words) > 1 and words[-1] in _JOINING:
        after = re.search(rf"(?<![\w'’-]){re.escape(text)}\s+([A-Z][\w'’]*[\w])", article)
        return f"{text} {after.group(1)}" if after else text
    if label == "PERSON" and len(words) == 2 and text[:1].isupper() and not _POSSESSIVE.search(text):
        # "Patricia Almeida" of "Patricia Almeida Vélez": a second surname the text writes after it at each use
        followers = re.findall(
            rf"(?<![\w'’-]){re.escape(text)}(?![\w'’-])(?:\s+([{_UPPER}][a-zà-ÿ-]+)(?:['’]s)?(?![\w'’-])(?!\s+[{_UPPER}]))?",
            article,
        )
        surname = followers[0] if followers and all(f == followers[0] for f in followers) else ""
        lower = surname.lower()
        # a surname: no word the article writes in lower case ("River", "International"), nor a body's or a place's
        if (
            surname
            and lower not in CALENDAR | ORGANISATION_HEADS | _GEOGRAPHIC
            and not re.search(rf"\b{lower}\b", article)
        ):
            return f"{text} {surname}"
    if text[:1].isupper() and any(f" {word} {text}" in article for word in _JOINING_BEFORE):
        before = re.search(rf"(?<![\w'’-])([A-Z][\w'’-]*) ([a-z]+) {re.escape(text)}(?![\w-])", article)
        if before and before.group(2) in _JOINING_BEFORE:
            return f"{before.group(1)} {before.group(2)} {text}"
    return text


_TO_A_PLACE = r"(?:of|in|into|to|at|near|from|outside)"


def _titled_place(name: str, article: str) -> str | None:
    """A one-word name the text writes after the same title at every use, and after a word that leads to a place at
    one use at least ("the Port of Prince Rupert", "trains to Prince Rupert"), with that title: a town named so
    ("Prince Rupert", "Prince George"), the title the recogniser left out as a person's. Else None."""
    if " " in name or not name[:1].isupper():
        return None
    uses = re.findall(rf"(?<![\w'’-])(?:([A-Z][a-z]+)\s+)?{re.escape(name)}(?![\w'’-])", article)
    if not uses or len(set(uses)) != 1 or uses[0].lower() not in BEFORE_A_NAME:
        return None
    whole = f"{uses[0]} {name}"
    return whole if re.search(rf"\b{_TO_A_PLACE}\s+{re.escape(whole)}(?![\w'’-])", article) else None


def _place_with_a(name: str, article: str) -> str | None:
    """A name the text writes before "a" and the same capitalised word at every use ("Poggio a Caiano", "San Piero a
    Ponti"): one place of three words or more, as Italian towns are named, the recogniser's pieces of it (a person
    "Poggio", a person "Caiano") none. Else None."""
    if not name[:1].isupper() or name.lower() in _NOT_BEFORE_A or not _a_after(name, article):
        return None
    uses = re.findall(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])(?:\s+a\s+([A-Z][\w-]+))?", article)
    if not uses or len(set(uses)) != 1 or not uses[0]:
        return None
    return f"{name} a {uses[0]}"


def _a_after(name: str, article: str) -> bool:
    """Whether ``article`` writes "a" after ``name`` once at least: found without a pattern made for each name, which
    cost most of the article's entity pass (some 0.1 ms a name)."""
    at = article.find(name)
    while at >= 0:
        if _A_NEXT.match(article, at + len(name)):
            return True
        at = article.find(name, at + 1)
    return False


_A_NEXT = re.compile(r"\s+a\s")

_NOT_BEFORE_A = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)
"""Words a dated sentence may put before "a" and a capitalised word ("On Monday a Carrara court ...")."""


def _run_together(
    item: AnalysedArticle, entities: Iterable[tuple[str, str]] | None = None
) -> tuple[tuple[str, str], ...]:
    """The article's entities, with a name the recogniser cut in pieces that the text writes one
    after the other ("Socio-economic" and "Assessment Board" of "Socio-economic Assessment Board",
    "Uganda" and "Wildlife Authority") one organisation: the last piece an organisation whose last
    word is an organisation's (``ORGANISATION_HEADS``), the one before it a name (no date, no figure).
    A name cut after its small word ("Dar es" of "Dar es Salaam-bound") takes back the word after it.
    ``entities``: these, in the article's text, rather than its own."""
    out: list[tuple[str, str]] = []
    for text, label in item.entities if entities is None else entities:
        text = _whole_name(text, item.article.text or "", label)
        whole = _hyphened(text, label, item.article.text or "")
        if whole != text and label == "PERSON" and _HYPHENED_ON.search(whole):
            label = "GPE"  # "Pointe" of "Pointe-aux-Chenes": a place, whatever the recogniser called its piece
        text = whole
        if (titled := _titled_place(text, item.article.text or "")) is not None:
            text, label = titled, "GPE"  # "Rupert" of "the Port of Prince Rupert": the town, not a prince
        if (with_a := _place_with_a(text, item.article.text or "")) is not None:
            text, label = with_a, "GPE"  # "Poggio" of "Poggio a Caiano"
        if out and out[-1][0].endswith(f" a {text}") and out[-1][1] == "GPE":
            continue  # "Caiano" of "Poggio a Caiano", told whole before it
        if out:
            before, before_label = out[-1]
            head = text.rsplit(" ", 1)[-1].lower()
            joined = f"{before} {text}"
            if (
                label == "ORG"
                and before_label in _RUN_LABELS
                and head in ORGANISATION_HEADS
                and text[:1].isupper()
                and before.rsplit(" ", 1)[-1][:1].isupper()
                and not before.endswith(("'s", "’s", "'", "’"))  # "Papua New Guinea's National Fisheries Board": two
                and 0 < _uses(item, joined) == _uses(item, text)
            ):
                out[-1] = (joined, "ORG")
                continue
            if label == "ORG" and before_label == "ORG" and (linked := _linked(item, before, text)) is not None:
                out[-1] = (linked, "ORG")  # "União" and "Taxistas de Luanda" of "União dos Taxistas de Luanda"
                continue
            if (
                label == "PERSON"
                and before_label in ("ORG", "PERSON")
                and " " not in before
                and 0 < _uses(item, joined) == _uses(item, text)
                and _titled_name(joined, item.article.text or "")
            ):
                out[-1] = (joined, "PERSON")  # "Wagner" and "Teodoro Lima" of "Mayor Wagner Teodoro Lima"
                continue
        out.append((text, label))
    return tuple(out)


def _titled_name(name: str, article: str) -> bool:
    """Whether ``article`` writes ``name`` after a title each time it writes it ("Mayor Wagner Teodoro Lima"): a
    person's name that the recogniser cut in two, its first name taken for an organisation. Not "Minister of State
    Abdulaziz al-Mansouri" (a title's last word), nor "in Eastern Samar"."""
    uses = _written_at(name, article)
    return bool(uses) and all(_TITLED.search(article, max(0, at - 30), at) for at in uses)


def _linked(item: AnalysedArticle, before: str, after: str) -> str | None:
    """The one name two organisations the recogniser found one after the other make with a small word of a name
    between them (:data:`_JOINING`: "União dos Taxistas de Luanda"), when the first is one word (what the body is:
    "União", "Sindicato", "Banco") that the text writes never without the rest; else None. Not a first piece of two
    words: "Vila Franca" and "Campo" of the town "Vila Franca do Campo", written "Vila Franca" alone elsewhere."""
    if " " in before:
        return None
    for word in _JOINING - _JOINING_BEFORE:
        joined = f"{before} {word} {after}"
        if before[:1].isupper() and after[:1].isupper() and 0 < _uses(item, joined) == _uses(item, before):
            return joined
    return None


def _and_names(items: list[AnalysedArticle], entities: list[tuple[tuple[str, str], ...]]) -> dict[str, str]:
    """Names the recogniser cut at their "and" ("Clyde" and "Isles Shipping" of "Clyde and Isles
    Shipping"), each first part with the whole name: the part after "and" ends as a company's or a
    body's name does, and the first part never stands alone in the day's articles ("Russia" of
    "Russia and Rosneft Trading" does, elsewhere). ``entities``: each item's, run together
    (:func:`_run_together`)."""
    found: dict[str, str] = {}
    for item, runs in zip(items, entities, strict=True):
        names = {name for name, _ in runs}
        for second in names:
            if not second[:1].isupper() or " " not in second or second.rsplit(" ", 1)[1].lower() not in NAME_HEADS:
                continue
            for first in names:
                if first != second and _uses(item, f"{first} and {second}"):
                    found[first] = f"{first} and {second}"
    return {part: whole for part, whole in found.items() if all(_uses(i, part) == _uses(i, whole) for i in items)}


def _untitled(name: str, label: str) -> str:
    """A person's name without the titles the recogniser took into it ("Sergeant Paul Ndlovu" is Paul
    Ndlovu, "Health Minister Sajid Khan" Sajid Khan); two words at least stay ("Prince William"), but an
    honorific goes even so ("Ms Okonkwo" is Okonkwo, as "Ada Okonkwo" ends: :data:`HONORIFICS`).
    The recogniser sometimes calls such a run an organisation ("Councillor Rhian Evans", "the Rt Rev Simon
    Hale"): then only when what is left is two or three capitalised words that do not end as an
    institution's name does ("State Bank of Pakistan", "Chief Executives Group" stay)."""
    words = name.split()
    if label != "PERSON" and words[:1] == ["the"]:
        words = words[1:]
    first = 0
    while len(words) - first > 2 and words[first].lower().rstrip(".") in BEFORE_A_NAME:
        first += 1
    if label == "PERSON" and len(words) - first == 2 and words[first].lower().rstrip(".") in HONORIFICS:
        first += 1
    rest = words[first:]
    if not first:
        return name
    if label != "PERSON" and (
        len(rest) > 3 or rest[-1].lower() in ORGANISATION_HEADS or not all(w[:1].isupper() for w in rest)
    ):
        return name
    return " ".join(rest)


def key_actors(
    items: Iterable[AnalysedArticle],
    limit: int | None = MAX_ENTITIES,
    places: bool = True,
    speakers: Sequence[Sequence[str]] | None = None,
) -> tuple[Entity, ...]:
    """The actors the articles name, spellings merged, most articles first (see the module's notes).
    ``places``: a name the articles write as a place is labelled one (LOC, :func:`_as_placed`).
    ``speakers``: each item's further people (its quotations' speakers), named after its own entities as
    if the recogniser had found them (PERSON): the actors are those of items with these entities."""
    items = list(items)
    outlets = outlet_names(items)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)  # normal form -> spelling -> mentions
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    demonyms = {normal_form(text) for item in items for text, label in item.entities if label == "NORP"}
    common: set[str] | None = None  # words the articles write in lower case
    named: set[str] | None = None  # words the articles capitalise inside a sentence
    stamp = article_memo.module_stamp_of(__name__)
    facts = [_text_facts(item.article.text, stamp) for item in items]
    weathers = {  # the texts' through the memo, the headlines' here
        normal_form(name)
        for item, found in zip(items, facts, strict=True)
        for name in found[3] | _weather_in(item.article.title)
    }
    # Each article's own runs and names through the memo: kept between runs in a resident process, and
    # in a within block (group.theme_parts) made once for a theme's quotations and its key actors.
    their_datelines = {id(item): found[0] for item, found in zip(items, facts, strict=True)}
    made = article_memo.each(
        _RUNS_AND_NAMES, items, lambda item: _runs_and_names(item, their_datelines[id(item)]), stamp
    )
    if speakers is not None:  # a further person is never joined to the name before it: its runs follow the others'
        for i, (item, (datelines, _, _, _), added) in enumerate(zip(items, facts, speakers, strict=True)):
            if added:
                runs = _run_together(item, [(name, "PERSON") for name in added])
                made[i] = (made[i][0] + runs, made[i][1] + tuple(_names(runs, datelines)))
    entities = [runs for runs, _ in made]  # once an article: _and_names reads them too
    joined = _and_names(items, entities)
    inside = {whole[len(part) + 5 :]: whole for part, whole in joined.items()}  # "Isles Shipping" of the whole
    for item, (_, names) in zip(items, made, strict=True):
        for text, label in names:
            figure = _FIGURE_AFTER.search(text)
            if figure and re.search(rf"{re.escape(text)}\s*(?:%|per\s?cent\b|percent\b)", item.article.text):
                text = text[: figure.start()]  # "Keshi 37" of "gives Keshi 37 percent of the flow"
            if (day := _ON_A_DAY.match(text)) is not None and re.search(
                rf"{re.escape(text)}\s+{_WEEKDAY}", f"{item.article.title}\n{item.article.text}"
            ):
                text = day.group(1)  # "Bavaria on Maundy" of "Bavaria on Maundy Thursday: what we are watching"
            if label == "ORG" and len(text.split()) <= 3 and _portfolio(item.article.text, text):
                if f"{text} Ministry" not in item.article.text:
                    continue  # "Finance" of "Finance Minister X": a job's word, no body the article names
                text = f"{text} Ministry"  # "Energy" of "the Energy Ministry" and "Energy Minister X"
            if text in joined:
                text, label = joined[text], "ORG"
            elif text in inside and _uses(item, text) == _uses(item, inside[text]):
                text, label = inside[text], "ORG"  # its second part, never alone in this article
            if " " not in text and item.article.title.startswith(f"{text}:") and GENRE_LABEL.match(item.article.title):
                continue  # "Explainer: ...": the outlet's label of its headline
            if (
                label not in PLACE_LABELS
                and (ordinal := _ORDINAL.match(text)) is not None
                and _uses(item, text[ordinal.end() :]) > _uses(item, text)
            ):
                text = text[ordinal.end() :]  # "Second Allegheny & Lakes derailment ...": the railway's
            untitled = _untitled(text, label)
            honoured = " " in text and " " not in untitled  # "Ms Okonkwo": a name, as the honorific says
            text = untitled
            key = normal_form(text)
            if label not in KINDS or _adjective(key, label, demonyms) or key in outlets or key in HOLIDAYS:
                continue
            if key in TITLES or _NUMBERED_THING.fullmatch(text):
                continue  # "CFO", "Line 2"
            if _ABBREVIATED.fullmatch(text) and _before_numbers_only(item, text):
                continue  # "U.S." of "U.S. 23": a road's number, no actor
            if (weather := _WEATHER.match(text)) is not None and weather.group("name").lower() not in _GEOGRAPHIC:
                continue  # "Storm Perrine", not "Storm Bay"
            if key in weathers:
                continue  # "Kendra", of "Tropical Storm Kendra"
            if (
                len(key) < 2
                or not any(ch.isalpha() for ch in key)
                or text == text.lower()
                or key in UNITS
                or _AMOUNT.fullmatch(text)
            ):
                continue  # not a name at all: "defence ministry", the "MW" of "150 MW"
            if " " not in key and not honoured:  # a one-word name the articles also write in lower case is common
                common = set().union(*(lower for _, lower, _, _ in facts)) if common is None else common
                if key in common:
                    continue
                named = set().union(*(inner for _, _, inner, _ in facts)) if named is None else named
                if label not in ("GPE", "LOC", "PERSON") and key not in named and _everyday_plural(key):
                    continue  # "Customs officials at Torkham said": a sentence's first word
            spelling = _POSSESSIVE.sub("", LEADING_THE.sub("", " ".join(text.split()))).strip(' ,;:-–"“”')
            if spelling.endswith(".") and "." not in spelling[:-1]:  # "the ministry." but "U.S."
                spelling = spelling.rstrip(".")
            spellings[key][spelling] += 1
            labels[key][label] += 1
            articles[key].add(item.article.id)

    _two_named(spellings, labels, articles)
    _owned_apart(spellings, labels, articles)
    merger = _Merger()
    people = [k for k in spellings if labels[k].most_common(1)[0][0] == "PERSON"]
    full = [tuple(k.split()) for k in people if len(k.split()) >= 2]
    # Full names are compared only with those that end the same way (the first test of
    # _same_person), and a single name looked up by last and first word: no pass over every
    # pair of names, which grew with the square of a large theme's people.
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for person in full:
        by_last[person[-1]].append(person)
        by_first[person[0]].append(person)
    for same_last in by_last.values():
        for i, a in enumerate(same_last):
            for b in same_last[i + 1 :]:
                if _same_person(a, b):
                    merger.union(" ".join(a), " ".join(b))
    # A single name, whatever its label (spaCy may call "Tarar" an organisation), is the person whose
    # full name ends (or begins) that way; a place is left alone.
    naming = _Naming(items, by_last)  # the texts that name a surname, through an index made once for the theme
    for key in spellings:
        words = key.split()
        if len(words) != 1:
            continue
        if labels[key].most_common(1)[0][0] in ("GPE", "LOC"):
            if not _surname_taken_for_a_place(key, naming, by_last):
                continue
            labels[key] = Counter({"PERSON": labels[key].total()})  # the person's surname
        owners = {merger.find(" ".join(f)) for f in by_last.get(words[0], ())}
        if not owners:  # a family name written first (Lin Jian, then Lin)
            first = [" ".join(f) for f in by_first.get(words[0], ())]
            owners = {merger.find(name) for name in _owners_of(key, first, labels)}
        if len(owners) == 1:
            merger.union(owners.pop(), key)

    _join_short_names(spellings, labels, merger)

    groups: dict[str, list[str]] = defaultdict(list)
    for key in spellings:
        groups[merger.find(key)].append(key)
    out: list[tuple[Entity, set[str]]] = []
    for keys in groups.values():
        shown: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        ids: set[str] = set()
        for key in keys:
            shown.update(spellings[key])
            kinds.update(labels[key])
            ids |= articles[key]
        longest = max(len(s.split()) for s in shown)
        # the fullest spelling, written as a name is ("Lima", not a dateline's "LIMA"), the most used
        name = max(shown, key=lambda s: (len(s.split()) == longest, not _capitals(s), shown[s], len(s), s))
        variants = tuple(sorted(s for s in shown if s != name))
        out.append((Entity(name=name, label=kinds.most_common(1)[0][0], articles=len(ids), variants=variants), ids))
    out.sort(key=lambda pair: (-pair[0].articles, pair[0].name.lower()))
    if not places:
        return tuple(entity for entity, _ in (out[:limit] if limit is not None else out))
    texts = {item.article.id: item.article.text for item in items}
    known = {key for key, kinds in labels.items() if kinds.most_common(1)[0][0] in PLACE_LABELS}
    # where the theme's reports were filed from ("PONTE ALTO —"): places, whatever the recogniser called them
    filed = {normal_form(place) for datelines, _, _, _ in facts for place in datelines}
    actors: list[Entity] = []
    for entity, ids in out:
        if limit is not None and len(actors) >= limit:
            break
        read = [texts[i] for i in sorted(ids)[:PLACE_ARTICLES]]
        placed = _by_its_kind(_as_placed(entity, read, known | filed, filed))
        if not _unconfirmed_person(placed, read):  # one word called a person, never written as one
            actors.append(placed)
    return tuple(actors)


def _surname_taken_for_a_place(key: str, naming: _Naming, by_last: Mapping[str, Sequence[tuple[str, ...]]]) -> bool:
    """Whether a one-word name the recogniser called a place is the surname of one person the theme names in full
    ("Doobary said" after "Kiran Doobary"): no country, no report's dateline, never written as a place ("in
    Doobary", "the Doobary district") in the articles that name it, and written as a person is ("Doobary said",
    "Mr Doobary"), not as a firm's or a club's last word ("Quillacas" of "Empresa Metalúrgica Quillacas")."""
    if len(by_last.get(key, ())) != 1 or _without_the(key) in _country_names():
        return False
    name = rf"(?i:{re.escape(key)})"
    use = re.compile(rf"(?<![\w'’-]){name}(?![\w'’-])")
    texts = naming.texts(key, use)
    if any(normal_form(place) == key for text in texts for place in dateline_places(text)):
        return False
    placed = re.compile(rf"{_BEFORE_A_PLACE}{name}(?![\w-])|{name}{_AFTER_A_PLACE}")
    if any(placed.search(text) for text in texts):
        return False
    # a person's ways: "Doobary said" (not "Silverpeak Andes said", a name's last word), "Mr Doobary"
    said = re.compile(rf"(?<![\w'’-]){name}\s+(?:said|says|told|added|recalled|explained)\b")
    titled = re.compile(rf"\b(?:Mr|Mrs|Ms|Dr)\.?\s+{name}(?![\w'’-])")
    return any(
        titled.search(text) or any(not _NAME_BEFORE.search(text, 0, found.start()) for found in said.finditer(text))
        for text in texts
    )


_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")


class _Naming:
    """The texts of a theme's items that write a word (as ``use``, :func:`_surname_taken_for_a_place`'s pattern of it,
    finds it: whole, any case), in the items' order. A word of :data:`_INDEXED`'s letters (the surnames of one person
    of ``by_last``) is looked up in an index of the texts' words, made on the first question, once for the theme: each
    name scanned every text of the theme, the largest part of the group stage of a 50,000-article day on one core
    (docs/performance.md, session 69). The index is of the words that may be asked only; each text it gives is
    checked by ``use``, as the scan did. Any other word is a scan of every text."""

    def __init__(self, items: Sequence[AnalysedArticle], by_last: Mapping[str, Sequence[tuple[str, ...]]]) -> None:
        self._items = items
        self._asked = {
            _folded(last) for last, people in by_last.items() if len(people) == 1 and _INDEXED.fullmatch(last)
        }
        self._where: dict[str, list[int]] | None = None

    def texts(self, key: str, use: re.Pattern[str]) -> list[str]:
        if not _INDEXED.fullmatch(key) or _folded(key) not in self._asked:
            return [item.article.text for item in self._items if use.search(item.article.text)]
        if self._where is None:
            self._where = self._index()
        return [text for i in self._where.get(_folded(key), ()) if use.search(text := self._items[i].article.text)]

    def _index(self) -> dict[str, list[int]]:
        where: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(self._items):
            for word in {_folded(word) for word in set(_WORD.findall(item.article.text))} & self._asked:
                where[word].append(i)
        return where


_INDEXED = re.compile(r"[A-Za-z0-9_'’-]+")
"""The letters of a word :class:`_Naming` looks up in its index: a pattern's match of such a word, any case, is a whole
run of :data:`_WORD` (the only other letters it matches, ``_ALIKE``'s, are word letters too)."""
_WORD = re.compile(r"[\w'’-]+")
_ALIKE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The letters beyond ASCII that a pattern's ASCII letter matches in any case (``(?i:s)`` matches "ſ"), as the
ASCII letter: a word the pattern finds folds (:func:`_folded`) to the word it looks for."""


def _folded(word: str) -> str:
    return word.translate(_ALIKE).lower()


_ON_A_DAY = re.compile(r"(.+?)\s+on\s+[A-Z][\w'’-]*$")
_WEEKDAY = rf"(?:{'|'.join(day.capitalize() for day in WEEKDAYS)})\b"
"""A name the recogniser ran on into the day a headline dates it by ("Bavaria on Maundy" of "Bavaria on Maundy
Thursday"): the name before "on"."""


_ADMINISTRATIONS = frozenset("prefecture province county oblast governorate canton regency municipality".split())
"""The last word of a region's name ("Kagoshima Prefecture", "Oti Province"), which the recogniser may call a person."""
_FIRMS = frozenset("ltd ltda limited inc plc llc corp gmbh bhd".split())
"""The last word of a company's name ("Konkan Offshore Structures Ltd", "Larchmont Lithium Inc."), whatever the
recogniser called it."""


def _by_its_kind(entity: Entity) -> Entity:
    """``entity`` labelled by what its name says it is: a country of ``countries.tsv`` ("Mali", "Togo") a country
    (GPE), a name the recogniser called a person that ends in a region's kind ("Kagoshima Prefecture") a region (GPE),
    a company's ("... Ltd") a company (ORG)."""
    if entity.label == "PRODUCT":
        return entity  # a vessel
    words = entity.name.lower().replace(".", "").split()
    if entity.label != "GPE" and _without_the(normal_form(entity.name)) in _countries_without_the():
        return replace(entity, label="GPE")
    if entity.label == "PERSON" and len(words) > 1 and words[-1] in _ADMINISTRATIONS:
        return replace(entity, label="GPE")
    if entity.label != "ORG" and len(words) > 1 and words[-1] in _FIRMS:
        return replace(entity, label="ORG")
    return entity


_WORK = re.compile(r"\b(?:album|record|book|novel|film|movie|song|single|play|documentary|memoir|collection)s?,?\s+$")
"""The kind of a work written just before its title: "her second album, Kitchen Radio"."""


def a_work(text: str, name: str) -> bool:
    """Whether ``text`` writes ``name`` (a person, the recogniser says) as a work's title every time it
    writes it ("her second album, Kitchen Radio")."""
    uses = _written_at(name, text, before="'’-", after="-")
    return bool(uses) and all(_WORK.search(text, max(0, at - 20), at) for at in uses)


_AS_A_PERSON = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+|(?:said|says|told|added|asked|according to)\s+)$"
)
"""Words a text writes just before a person named by one word ("Mr Afridi", "said Afridi")."""
_AGE = r",\s+\d{1,3},"
_AGE_AFTER = re.compile(_AGE + r"(?!\d)")
"""A person's age written after their name ("Ronan Bothorel, 51,"; not "In Sri Lanka, 1,800 workers"), which the
recogniser may call a place."""
_PERSON_AFTER = re.compile(
    rf"^(?:{_AGE}|\s+(?:said|says|told|added|asked|wrote)\b|['’]s\s+(?:wife|husband|son|daughter|family))"
)
"""... or just after it ("Afridi said", "Habib, 34,")."""
_TITLED = re.compile(rf"\b(?i:{'|'.join(sorted(BEFORE_A_NAME, key=len, reverse=True))})\s+$")
"""... or a title or a trade just before it ("Minister Afridi", "coach Afridi")."""


def _unconfirmed_person(entity: Entity, texts: Sequence[str]) -> bool:
    """Whether ``entity`` is one word the recogniser calls a person, in one article, that the article
    never writes as a person's name (after a title, beside a speech verb or an age) and that names no
    country, capital or people: the small model calls towns, firms and bodies people ("Pontresina",
    "Cochabamba", "Jetstar", "Seimas"), and a key actor of one report named once by one word is none a
    reader can place either. Not one the articles do not write as the recogniser found it. Nor is a name
    the recogniser calls a person that the articles write only as a work's title (:func:`a_work`)."""
    writing = [text for text in texts if entity.name in text]
    if entity.label == "PERSON" and writing and all(a_work(text, entity.name) for text in writing):
        return True  # a record's, a film's title: no one
    if entity.label != "PERSON" or " " in entity.name or entity.articles != 1 or entity.variants:
        return False
    if _without_the(normal_form(entity.name)) in _acting_places():
        return False
    name = re.compile(rf"(?<![\w'’-]){re.escape(entity.name)}(?![\w-])")
    uses = 0
    for text in texts:
        for found in name.finditer(text):
            uses += 1
            before, after = text[max(0, found.start() - 30) : found.start()], text[found.end() : found.end() + 30]
            if _AS_A_PERSON.search(before) or _TITLED.search(before) or _PERSON_AFTER.match(after):
                return False
    return uses > 0  # a name the text does not write as found says nothing either way


PLACE_ARTICLES = 20
"""Articles read to tell whether a key actor is used as a place (see :func:`_as_placed`)."""
PLACE_USE = 0.5
"""... a name written as a place ("at Torkham", "the Chaman crossing") in at least this share of its uses."""
VESSEL_USE = 0.25
"""... a name written whole after a vessel's kind ("the trawler Gwalarn") in at least this share of its uses is a
vessel's, though its other uses read as a place's ("worked on the Gwalarn"); ``PLACE_USE`` of them when the name runs
on there ("the tanker Aurelia Spirit")."""
_BETWEEN = (
    r"\b(?i:line|road|route|stretch|train|ferry|ferries|service|border|highway|motorway|section|track|flight)s?"
    r"\s+between\s+"
)
"""A way between two places ("the line between Buchloe and Memmingen", "trains between ..."): not "a deal between
Volvo and Geely"."""
_BEFORE_A_PLACE = (
    r"(?:\b(?P<at>(?i:in|at|near|outside|inside|within|across|along|beyond|via|past"
    r"|into|off|around|towards|toward|through|over|above|below|beside|(?:north|south|east|west)\s+of))\s+(?:the\s+)?"
    r"|\b(?i:on)\s+the\s+"
    r"|\b(?:alerts?|warnings?|watch)\s+for\s+(?:the\s+)?"
    r"|\b(?:brought|redirected|diverted|taken|flown|sailed|bound|headed|heading|evacuated|returned|way)\s+to\s+"
    r"|\b(?i:from)\s+(?=[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+to\s+[A-Z])"
    r"|\b(?i:from)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+to\s+"
    r"|\b(?i:village|town|city|district|port|province|region|island|county|regency|municipality|department"
    r"|prefecture|governor|mayor)\s+of\s+(?:the\s+)?"
    r"|\b[A-Z][\w'’-]*\s+(?:an\s+der|an\s+dem|am|ob\s+der|in\s+der)\s+"
    rf"|{_BETWEEN}(?=[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s+and\s+[A-Z])"
    rf"|{_BETWEEN}[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s+and\s+)"
)
"""Words before a place: "at Torkham", "near the Chaman crossing", "on the Waal" ("on" with "the" only: "on
Monday", "on Islamabad's demands"), "the village of Long Kerong", "an orange alert for Idukki", "redirected to
Pozzallo", "from Kandla to Colombo" (both; not "from" alone: "goals from Joao Grimaldo", "bought from Absheron
Fuel Trading"), "the department of Presidente Hayes", "the governor of Alto Paraguay", a town's name before the
river it stands on ("Landau an der Isar", "Frankfurt am Main"), a way's ends ("the line between Buchloe and
Memmingen")."""
_FIRM_AFTER = (
    r"(?:\s+[A-Z][\w&'’.-]*){0,3}\s+(?:Sdn\.? Bhd|Bhd|Ltd|Limited|Inc|Corp|Corporation|GmbH|AG|PLC|plc|LLC|Pty|"
    r"S\.A\.|S\.p\.A\.|SpA|SA|NV|BV|Oy|AB|ASA|Tbk)\b"
)
"""What follows a firm's name within its full one: "Tegas Jaya Timber Sdn Bhd", "Daejin Motors Ltd"."""
_FIRM_BEFORE = re.compile(
    r"\b(?:company|firm|processor|shipper|exporter|importer|maker|producer|manufacturer|retailer|distributor"
    r"|supplier|refiner|insurer|lender|carrier|developer|contractor|operator|miner|trader|group|chain)\s+$"
)
"""A firm's kind written just before its name ("Moldovan walnut processor Nucarom"), which the recogniser may call
a place."""
_NAME_GOES_ON = re.compile(r"\s+[A-Z]")
_VESSEL = re.compile(
    r"\b(?i:vessel|ship|tanker|barge|ferry|trawler|freighter|tug|tugboat|yacht|dredger|boat|cutter"
    r"|frigate|icebreaker|bulker|(?:bulk|gas|LNG|car|ore|oil)\s+carrier|containership|dhow|schooner|catamaran"
    r"|MV|MS|MT)\s+$"
)
"""A word that names a vessel's kind just before its name: "the tanker Geertruida", "the motor vessel Wendelina"."""
_STAFF = BEFORE_A_NAME | frozenset(
    "worker workers staff employee employees official officials researcher researchers scientist scientists analyst "
    "analysts engineer engineers manager managers director head chief economist meteorologist spokesman "
    "spokeswoman spokesperson".split()
)
"""Words before "at" that make what follows an employer, not a place."""


_LAST_WORD = re.compile(r"([^\W\d_]+)\s*$")


def _word_before(text: str, at: int) -> str:
    found = _LAST_WORD.search(text, max(0, at - 40), at)
    return found.group(1) if found else ""


def _works_at(word: str) -> bool:
    """Whether the word before "at" makes what follows an employer: a job or a staff ("a meteorologist at
    SMHI", "workers at Aceros"), or a person's name ("Johan Ekvall at SMHI said"); not a day ("Friday at")."""
    return word.lower() in _STAFF or (word[:1].isupper() and word.lower() not in CALENDAR)


_AFTER_A_PLACE = (
    r"(?:\s+(?:crossing|border|port|district|province|village|town|city|region|valley|strait|bay|river|lake"
    r"|island|county|regency|corridor|checkpoint|terminal|taluk|panchayat|shire|municipality|hamlet|area|airport"
    r"|harbour|department|prefecture|subprefecture|ward|governorate)s?\b"
    # "Hairatan on the border with Uzbekistan", "Islam Qala on the Iranian border"
    r"|\s+on\s+the\s+(?:[A-Z][\w'’-]*\s+)?(?:border|frontier)\b)"
)
_LISTED = r"[A-Z][\w'’-]*(?:\s+(?:(?:di|de|del|da|la|le|el)\s+)?[A-Z][\w'’-]*){0,3}"
"""A name in a list of names ("Zafferana Etnea", "Fiumefreddo di Sicilia")."""
_GEOGRAPHIC = frozenset(
    "creek river basin country downs coast island islands isles bay lake valley mountains hills range ranges gorge "
    "falls heads point beach harbour harbor crater plateau desert forest reef sea gulf strait peninsula delta "
    "estuary lagoon glacier canyon cove sound fjord marsh swamp plain plains highlands ridge volcano".split()
)
"""The last word of a feature's name: "Bluewater Creek", "Bowen Basin", "Gulf Country", "Tallowood Downs"."""
_GEOGRAPHIC_FIRST = frozenset("mount mt lake cape isla monte cap île ile isle isola ilha pulau".split())
"""The first word of a feature's name: "Mount Etna", "Lake Turkana", "Cap d'Erquy", "Île de Sein"."""


_RELATING = frozenset(
    "talks negotiation negotiations agreement deal dispute conflict match game meeting tensions relations war fight "
    "contract partnership accord treaty".split()
)
"""Words before "between" that relate two parties, not two places ("talks between the League and Tarrow")."""


_LIST_OF_NAMES = re.compile(
    rf"(?P<cue>{_BEFORE_A_PLACE}|(?P<between>\b(?i:between)\s+(?:the\s+)?))?"
    rf"(?P<list>{_LISTED}(?:,\s+{_LISTED})*,?\s+and\s+{_LISTED})"
    # a kind of place after the list, whatever follows it ("the Ali Sher and Barmal areas told ..."); or nothing
    # that runs the list on or makes its last name speak
    rf"(?:(?P<after>{_AFTER_A_PLACE})(?![\w'’-])|(?![\w'’-]|\s+[A-Z]|\s+(?:said|says|say|told|tell|tells|added|agreed|warned)))"
)
"""A list of two names or more, the words before it that may say they are places, and a kind of place after it."""


def _listed_places(text: str, member: re.Pattern[str], known: Collection[str]) -> int:
    """How many times ``text`` names a name ``member`` matches whole in a list of three names or more ("in
    Cardwell, Tully and Ingham", "Devikulam, Udumbanchola and Idukki taluks") or of two after "between", the
    list written after a place's preposition or before a kind of place, another of its names one the
    recogniser calls a place (``known``, normal forms): each name of such a list is a place's. So is each of
    two names or more before a plural kind of place, whatever the recogniser called them ("Residents of the
    Ali Sher and Barmal areas told ..."). Not a list
    whose last name speaks ("In Kabul, Zabihullah Mujahid and Suhail Shaheen said"), nor one of firms
    ("interest in QazaqGaz, PetroChina and Gazprom")."""
    count = 0
    for found in _LIST_OF_NAMES.finditer(text):
        parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", found.group("list"))
        between = found.group("between") is not None and _word_before(text, found.start()).lower() not in _RELATING
        ours = [part for part in parts if member.fullmatch(part)]
        others = [part for part in parts if not member.fullmatch(part)]
        placed = any(normal_form(part) in known for part in others)
        kinds = (found.group("after") or "").rstrip().endswith("s")  # "the Kushiro and Nemuro areas"
        if (found.group("cue") or found.group("after")) and (len(parts) >= 3 or between or kinds) and (placed or kinds):
            count += len(ours)
    return count


def _as_placed(
    entity: Entity, texts: Sequence[str], known: Collection[str] = (), filed: Collection[str] = ()
) -> Entity:
    """``entity`` labelled a place (LOC) when the articles write it as one in at least ``PLACE_USE`` of its
    uses, whatever the recogniser called it: the small model takes border crossings and towns for people
    and organisations ("Torkham", "Spin Boldak"). A name written with a possessive ("at Mekongga Raya Nikel's
    jetty") is not so used: a company is where its jetty is. An acronym the recogniser called a place and the
    articles do not write as one is an organisation (ORG), and so is one whose uses run on into a firm's full
    name ("Tegas Jaya Timber Sdn Bhd"). A name the articles write after a vessel's kind
    ("the tanker Geertruida") in ``PLACE_USE`` of its uses, or written whole there in ``VESSEL_USE`` of them, is a
    vessel, spaCy's PRODUCT, never a place. A town a
    report was filed from (``filed``, its dateline's normal form: "POZZALLO — ...") is a place."""
    acronym = entity.name.isupper() and " " not in entity.name
    names = "|".join(re.escape(n) for n in sorted({entity.name, *entity.variants}, key=len, reverse=True))
    use = re.compile(rf"(?<![\w'’-])(?:{names})(?![\w-])(?!['’]s\b)")
    matches = [(text, m) for text in texts for m in use.finditer(text)]
    uses = len(matches)
    after_kind = [(text, m) for text, m in matches if _VESSEL.search(text[max(0, m.start() - 24) : m.start()])]
    vessel = len(after_kind)
    # the name whole after the kind ("the trawler Gwalarn"), not the start of a longer one ("the supply vessel
    # Grand Banks Tern", a ship named for the Grand Banks)
    whole = sum(1 for text, m in after_kind if not _NAME_GOES_ON.match(text, m.end()))
    if entity.label != "PRODUCT" and uses:
        if vessel >= PLACE_USE * uses or whole >= VESSEL_USE * uses:
            return replace(entity, label="PRODUCT")
    if entity.label in PLACE_LABELS and uses:
        # a firm the recogniser called a place by the first words of its name ("Tegas Jaya" of "Tegas
        # Jaya Timber Sdn Bhd"): most of its uses run on into a firm's full name
        firm = re.compile(rf"(?<![\w'’-])(?:{names}){_FIRM_AFTER}")
        if sum(len(firm.findall(text)) for text in texts) >= PLACE_USE * uses:
            return replace(entity, label="ORG")
        # a firm named after what it is ("walnut processor Nucarom", "the shipper Nucarom"): no place, once said
        if any(
            _FIRM_BEFORE.search(text[max(0, m.start() - 24) : m.start()]) and not _NAME_GOES_ON.match(text, m.end())
            for text, m in matches
        ):  # not "the state generating company Naryn Cascade Energy", which holds the region's name
            return replace(entity, label="ORG")
    if (
        entity.label in PLACE_LABELS
        and any(_AGE_AFTER.match(text, m.end()) for text, m in matches)
        and _without_the(normal_form(entity.name)) not in _acting_places()
    ):
        return replace(entity, label="PERSON")  # "named the missing man as Ronan Bothorel, 51, from ...": no place
    if (entity.label in PLACE_LABELS and not acronym) or _organisation(entity.name):
        return entity
    if entity.label != "PRODUCT" and normal_form(entity.name) in filed:
        return replace(entity, label="LOC")  # a dateline's place
    words = entity.name.lower().split()
    if _ROAD.search(entity.name) or _MOORING.fullmatch(entity.name):
        return replace(entity, label="LOC")  # "National Route 230", "Highway 16": a road; "Lock 7"
    street = words[:-1] if len(words) > 2 and words[-1] in _COMPASS else words  # "Burlington Street East"
    if len(street) > 1 and (street[-1] in _STREETS or street[0] in _STREETS_FIRST):
        return replace(entity, label="LOC")  # "Johnson Parkway", "Boulevard Solidaridad": a street
    if len(words) > 1 and (words[-1] in _GEOGRAPHIC or words[0] in _GEOGRAPHIC_FIRST) and not vessel:
        return replace(entity, label="LOC")  # "Bluewater Creek", "Mount Etna": a feature's name, not a ship's
    placed = re.compile(rf"{_BEFORE_A_PLACE}(?:{names})(?![\w-])(?!['’]s\b)|(?:{names}){_AFTER_A_PLACE}")
    # not "a meteorologist at SMHI", "Johan Ekvall at SMHI": who works there (_works_at)
    as_place = sum(
        1
        for text in texts
        for found in placed.finditer(text)
        if not (found.group("at") == "at" and _works_at(_word_before(text, found.start())))
        and not (
            acronym
            and (found.group("at") or "").lower() == "at"
            and _THE_NAME.search(found.group(0))
            and not _KIND_AFTER.match(text, found.end())
        )
    )
    member = re.compile(rf"(?<![\w'’-])(?:{names})(?![\w'’-])")
    as_place += sum(_listed_places(text, member, known) for text in texts)
    if uses and as_place >= PLACE_USE * uses:
        return entity if entity.label in PLACE_LABELS else replace(entity, label="LOC")
    if entity.label in PLACE_LABELS and normal_form(entity.name) not in _acting_places():
        # an acronym the recogniser called a place and the articles never write as one: an organisation
        # ("SMHI keeps its warning", "a meteorologist at SMHI"), not "UK" or "UAE", which act as countries
        return replace(entity, label="ORG")
    return entity


_THE_NAME = re.compile(r"(?i)\bthe\s+\S+$")
""""at the" and the name, last: an acronym written so is a body ("speaking to reporters at the PID", "talks at the
IMF"), where a place's is written bare ("at Torkham") or before its kind ("at the PID crossing": ``_KIND_AFTER``)."""
_KIND_AFTER = re.compile(_AFTER_A_PLACE)


_JOINED = re.compile(r"^(.+?) (and(?: the)?|for) (.+)$")
"""Two names the recogniser ran into one: "Kristiansand and Hirtshals", "La Goulette for Palermo"."""
COUNTRIES = Path(__file__).parent / "data" / "countries.tsv"


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Every name of ``briefer/data/countries.tsv``, lower-case: "bosnia and herzegovina" is one country."""
    return frozenset(name for row in _country_rows() for field in row for name in field)


@lru_cache(maxsize=1)
def _country_rows() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """``countries.tsv`` a country a row: its fields (names, capitals, peoples), each its names, lower-case."""
    return tuple(
        tuple(tuple(n.strip().lower() for n in field.split(";") if n.strip()) for field in line.split("\t"))
        for line in COUNTRIES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _country_aliases() -> frozenset[str]:
    """The other names of a country (``countries.tsv``: "Congo", "Macedonia", "East Timor"), lower-case:
    not the first name of any country. Such a name may be short for another country's ("Congo" for the
    Democratic Republic of the Congo), where a country's own first name ("Sudan", "Guinea") never is."""
    first = {_without_the(row[0][0]) for row in _country_rows()}
    return frozenset(_without_the(name) for row in _country_rows() for name in row[0][1:]) - first


@lru_cache(maxsize=1)
def _peoples_adjectives() -> frozenset[str]:
    """A country's people's names (``countries.tsv``) that are no plural of another ("Moldovan", "Kazakh",
    "Sri Lankan", "Swiss"; not "Moldovans"), lower-case: an adjective, no key actor, whatever the recogniser
    called it (it tags "Kazakh" of "the Kazakh grid operator" a place, "Moldovan" a person)."""
    peoples = {name for row in _country_rows() if len(row) > 2 for name in row[2]}
    return frozenset(name for name in peoples if not (name.endswith("s") and name[:-1] in peoples))


@lru_cache(maxsize=1)
def _countries_without_the() -> frozenset[str]:
    """Every country's name (not its capitals' or peoples') without its "the", lower-case."""
    return frozenset(_without_the(name) for row in _country_rows() for name in row[0])


_BODY_WORDS = (
    BODIES
    | NAME_HEADS
    | frozenset(
        "alliance fund union foundation fundación party programme cooperative league federation force forces army "
        "navy police guard".split()
    )
) - {
    "bank"  # the West Bank, a dam's North Bank
}


def _organisation(name: str) -> bool:
    """A name holding a word of a body's or a company's name ("Great Lakes Relief Alliance", "Committee of
    Ministers", "Zambezi River Authority"), whatever the recogniser called it: no place."""
    return any(word in _BODY_WORDS for word in name.lower().split())


_AMOUNT = re.compile(r"(?:[A-Z]{1,3}\$?|[A-Z][A-Za-z]{1,2}\.?\s)\d[\d,.]*(?:bn|m|k)?")
"""A sum in a currency written with a letter ("K240" kwacha, "R5,000" rand) or its short name ("Rs 48.5" of "Rs 48.5
lakh", "TSh 5,000"): no name."""


def is_place(name: str, label: str) -> bool:
    """Whether a key actor is where things happen rather than who acts: a place, a building or a
    region (GPE, LOC, FAC) that is no country, capital or people of ``countries.tsv`` ("Sigi", "Selayar
    Strait", "Torkham"; not "Pakistan" or "Kabul", which act for their governments)."""
    if label not in PLACE_LABELS or _organisation(name):
        return False
    return _without_the(normal_form(name)) not in _acting_places()


@lru_cache(maxsize=1)
def _acting_places() -> frozenset[str]:
    """Every name of ``countries.tsv`` (countries, capitals, peoples) without its "the", lower-case."""
    return frozenset(_without_the(n) for n in _country_names())


def _without_the(name: str) -> str:
    """A country's name without its "the": "democratic republic of congo" as the list's "... of the congo"."""
    return re.sub(r"\bthe ", "", name.lower())


def _two_named(
    spellings: dict[str, Counter[str]], labels: dict[str, Counter[str]], articles: dict[str, set[str]]
) -> None:
    """Two names the recogniser ran into one at an "and" ("Uztransgaz and Gazprom", "Apurímac and
    Arequipa") are two actors when the day's articles name one of them on its own too, and so are two
    places it ran together at a "for" (a ferry "from La Goulette for Palermo"). A name that joins words
    so stays whole: a country ("Bosnia and Herzegovina"), a body or a firm whose name ends as theirs do
    ("Clyde and Isles Shipping", "Eastern Trade and Development Bank": ``ORGANISATION_HEADS``), a body's
    "X of Y and Z" ("Ministry of Health and Prevention", though the day names another "Ministry of Health"),
    or one none of whose parts stands alone. In place."""
    for key in sorted(spellings):
        found = _JOINED.match(key)
        if not found or key in _country_names() or key.rsplit(" ", 1)[-1] in ORGANISATION_HEADS:
            continue
        first, joint, second = found.groups()
        if " of " in f" {first} ":  # "Ministry of Health and Prevention", "Bank of X and Y": a body's name
            continue
        alone = [part for part in (first, second) if part in spellings]
        if not alone:
            continue
        if joint == "for" and not all(labels[part].most_common(1)[0][0] in PLACE_LABELS for part in alone):
            continue
        whole = max(spellings[key], key=lambda s: (spellings[key][s], s))
        pieces = re.split(r"\s+(?:and(?:\s+the)?|for)\s+", whole, maxsplit=1)
        mentions = sum(spellings[key].values())
        for k, part in enumerate((first, second)):
            if part not in spellings:  # named only here: as the text writes it, the label the whole had
                spellings[part][pieces[k] if len(pieces) == 2 else part] += 0
                labels[part].update(labels[key])
            spelled = spellings[part]
            spelled[max(spelled, key=lambda s: (spelled[s], s))] += mentions
            articles[part] |= articles[key]
        del spellings[key], labels[key], articles[key]


def _top(kinds: Counter[str]) -> str:
    return kinds.most_common(1)[0][0] if kinds else ""


_OWNED = re.compile(r"^(?P<owner>.+?)(?:['’]s|(?<=s)['’])\s+(?P<rest>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)$")
"""A name that opens on its owner's possessive, the rest capitalised words ("Chicapa Resources' Mulepe", "Osh's
Jayma")."""


def _owned_apart(
    spellings: dict[str, Counter[str]], labels: dict[str, Counter[str]], articles: dict[str, set[str]]
) -> None:
    """A name the recogniser ran on from its owner's possessive ("Chicapa Resources' Mulepe" of "at Chicapa
    Resources' Mulepe mine", "Tundra Crest's Ublik") is two actors, the owner and what it owns, when the articles
    name the owner as an actor of its own too and what it owns either alone too ("at Ublik") or as a place whose
    owner is an organisation (a firm's mine, its plant). A name whose possessive is its own
    stays whole ("Adam's Bridge", "Democratic Teachers' Bloc": nobody named "Adam" or "Democratic Teachers" alone),
    and so does one whose owned part is named nowhere alone ("Atacama's Environmental Evaluation Commission"). In
    place."""
    for key in sorted(spellings):
        whole = max(spellings[key], key=lambda s: (spellings[key][s], s))
        found = _OWNED.match(whole)
        if found is None:
            continue
        owner, rest = normal_form(found.group("owner")), normal_form(found.group("rest"))
        if owner == key or rest == key or owner not in spellings:
            continue
        site = _top(labels[key]) in PLACE_LABELS and _top(labels[owner]) == "ORG"  # a firm's mine, its plant
        if rest not in spellings and not site:
            continue
        mentions = sum(spellings[key].values())
        spellings[rest][found.group("rest")] += mentions
        labels[rest].update(labels[key])
        articles[rest] |= articles[key]
        articles[owner] |= articles[key]
        del spellings[key], labels[key], articles[key]


_TEXT_FACTS: article_memo.Memo[tuple[set[str], set[str], set[str], set[str]]] = article_memo.Memo("text facts")
"""Per article text: its datelines' places, its lower-case words, the words it capitalises inside a
sentence and the weather systems it names (see :mod:`briefer.article_memo`)."""


def _facts_of(text: str) -> tuple[set[str], set[str], set[str], set[str]]:
    return _filed_from(text), _lower_words(text), _inner_capitals(text), _weather_in(text)


_REGION_ABBREVIATED = re.compile(r",\s+([A-Z][a-z]{1,4})\.")


def _filed_from(text: str) -> set[str]:
    """The places of the text's datelines (:func:`briefer.analyse.dateline_places`) and the region a dateline
    abbreviates after its place ("Ont" of "HAMILTON, Ont. —", "Minn" of "DULUTH, Minn. —"): where the story was
    filed, no actor (the recogniser calls "Ont" a person). One pass over the datelines."""
    filed: set[str] = set()
    for dateline in datelines(text):
        filed.update(places_of_dateline(dateline))
        if (region := _REGION_ABBREVIATED.search(dateline)) is not None:
            filed.update((region.group(1), f"{region.group(1)}."))  # the recogniser's "Minn." or "Ont"
    return filed


def _runs_and_names(
    item: AnalysedArticle, datelines: set[str]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The article's entities run together (:func:`_run_together`) and the names they hold (:func:`_names`)."""
    runs = _run_together(item)
    return runs, tuple(_names(runs, datelines))


_RUNS_AND_NAMES: article_memo.Memo[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = article_memo.Memo(
    "entities: runs and names"
)
"""A resident process's :func:`_runs_and_names` of each article (0.1 s of an update of the 1,114-article
day: key actors are counted over each theme, and each theme's stories)."""


def _text_facts(text: str, stamp: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """The places of the text's datelines, the words it writes in lower case, those it capitalises
    inside a sentence and the weather systems it names, kept between runs."""
    if not article_memo.kept():
        return _facts_of(text)
    key = f"{stamp}:{article_memo.text_key(text)}"
    found = _TEXT_FACTS.get(key)
    if found is article_memo.MISSING:
        found = _facts_of(text)
        _TEXT_FACTS.put(key, found)
    return found


def without(entities: Iterable[Entity], names: Iterable[str]) -> tuple[Entity, ...]:
    """``entities`` less those that are one of ``names`` (a theme's keywords), any spelling."""
    drop = {normal_form(n) for n in names}
    return tuple(
        e for e in entities if normal_form(e.name) not in drop and not drop & {normal_form(v) for v in e.variants}
    )
