"""Who said what: quotations with their speaker, taken verbatim from the articles.

spaCy's parser is not loaded (see ``briefer.analyse``), so attribution is read
from patterns over the text around each quotation, the way news copy writes
it:

- a quoted span: text between a pair of quotation marks (curly or straight)
  inside one paragraph, of at least :data:`MIN_WORDS` words; a span of
  several sentences is one quotation; a paragraph that leaves a quotation open
  when the next one opens with a mark holds one part of a quotation of several
  paragraphs (newspaper style), each part the same speaker's, attributed before
  the first or after the last (:func:`_left_open`); single marks as well as double ones
  (``'We will not leave,' she said``), apostrophes passed over ("don't",
  "the farmers' union", "the '90s": :func:`_single_quotations`);
- its speaker, from a speech verb (said, told, added, warned...) and the name
  next to it, after the closing mark (``"...," Khan said``, ``"...," said
  Foreign Minister Ishaq Dar``) or before the opening one in the same
  sentence (``Khan said: "..."``, ``Fidan said Ankara would "spare no
  effort"``); the name is the run of capitalised words touching the verb, its
  titles dropped (``Foreign Minister Ishaq Dar`` is ``Ishaq Dar``), past a
  place and a job (``said Calgary wholesaler Dev Prasanth``), or in the
  apposition after a description (``said Alberta's environment minister,
  Leah Dumont``; ``Sam Okafor, who runs a café, said``);
- "he said" or "she told reporters": the person named last before it in the
  article, as a quotation's speaker or a speech verb's subject ("Spokesman
  Hafiz Zia told the paper ..." in the paragraph before), else the first
  person of its lead;
- "the company said", "the statement said" or "it said": the organisation that
  spoke last in its paragraph or the one before ("Haedong said in a
  statement ..."), nobody when a person or nobody named spoke last there;
- a quotation that follows another one with nothing but the end of a
  sentence between them (``"We are ready," Khan said. "The door is open."``)
  continues it: same speaker;
- "the minister said": the person named last with that title; "the agency
  said": the organisation that spoke last nearby, if its name or description
  says "agency"; "the army said", "the government said": the one the article
  named before with its state ("the Malian army", "Chad's government");
  ``According to X, head of Y, "..."``; ``quoted X as saying``
  and ``X was quoted by Y as saying``; ``"...?" asked X``; any sentence whose
  subject opens the quotation with a verb and a colon (``Peter Otieno agreed:
  "..."``).

Unnamed speakers ("a spokesman said", "officials said") are left out, and so is
the one spoken to ("told the Evening Post:"); a named organisation's spokesperson ("a
Haedong spokeswoman said") is the organisation, a named one ("X, a spokeswoman for Y, said") is X. A
quotation's text is the span between the marks, a closing comma dropped: it stands in its article
character for character. The same words quoted by several articles are one
quotation with every article's id. Speakers are merged across spellings as
key actors are (:func:`briefer.entities.key_actors`): "Dar", "Ishaq Dar" and
"Mohammad Ishaq Dar" are one speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

from briefer import article_memo
from briefer.analyse import _UPPER, dateline_places
from briefer.entities import (
    ADJECTIVE_ENDINGS,
    LEADING_THE,
    ORGANISATION_HEADS,
    PLACE_LABELS,
    _everyday_plural,
    a_work,
    key_actors,
    normal_form,
)
from briefer.models import AnalysedArticle, Entity, Quote
from briefer.words import BEFORE_A_NAME, CALENDAR, OCCUPATIONS, STOP_WORDS, TITLES
from briefer.words import BODIES as _BODIES
from briefer.words import INSTITUTIONS as _INSTITUTIONS

MIN_WORDS = 3
"""Shorter quoted spans are words set apart ("brotherly concern"), not statements; but see :data:`SHORT_WORDS`."""
SHORT_WORDS = 2
"""A span this short is a statement when it opens with a capital and its speaker follows it ('"Not yet," she
said') or it goes on from the quotation before as a sentence of its own ('"...," Booth said. "Everyone knew."')."""
KEY_MIN_WORDS = 12
"""A quotation that opens mid-sentence is shown on its own from this many words: at eight ("encouraged
that both parties remain committed to the ceasefire") a reader still meets the tail of a reporter's
sentence, not a statement."""
MAX_QUOTES = 20
"""Quotations kept per theme in briefing.json, most quoted first."""

SPEECH_VERBS = (
    "said says say told tells added adds stated states declared declares announced announces warned warns "
    "insisted insists noted notes explained explains asked asks wrote writes tweeted posted remarked stressed "
    "stresses urged urges argued argues replied replies responded continued acknowledged admitted claimed "
    "claims recalled observed cautioned confirmed confirms promised vowed pledged emphasised emphasized "
    "reiterated complained conceded predicted saying called calls described describes telling adding accused accuses"
).split()
PRONOUNS = frozenset({"he", "she"})
IT = "it"
THE = "the "
"""Before a title, the marker of "the minister said": the person the article named with that title last
(:func:`_titled`)."""
_DESCRIBED = re.compile(r"[Tt]he\s+([a-z]+)")
_KINDS_OF_BODY = _BODIES | frozenset({"authority", "regulator", "union", "board"})
"""What "the agency said" may call an organisation that spoke before: one whose name or description says so."""
_KINDS = _KINDS_OF_BODY | frozenset(
    "company firm group operator utility organisation organization charity club council trust".split()
)
"""What "a spokesperson for the group" may call an organisation the article named so before (:func:`_named_as`)."""
ITS = "its "
"""Before a kind of organisation, the marker of "a spokesperson for the group said": the organisation the
text named as a group last (:func:`_named_as`)."""
_ORGANISATION_REFERENCES = frozenset(
    {"it", "the company", "the utility", "the statement", "the firm", "the operator", "the group", "the spokesperson"}
    | {"the spokesman", "the spokeswoman", "its statement", "the company's statement", "the airline", "the carrier"}
)
"""Who speaks when "the company said" or "it said": the organisation that spoke last (:func:`_last_organisation`)."""
_DESCRIBED_ORGANISATION = re.compile(
    r"the\s+(?!(?:other|rival|second|first|parent|new|former|sister|same|each|either|neither)\b)(?:[\w-]+\s+){1,2}?"
    r"(?:company|firm|operator|utility|group|airline|carrier)(?:['’]s\s+statement)?",
    re.I,
)
"""The same, described: "the Vancouver-based company said", "the salmon company's statement said" (not "the
parent company", "the rival firm": another one)."""
_CONNECTORS = frozenset(
    {"of", "for", "the", "bin", "al", "de", "van", "von", "da", "le", "la", "del", "and", "der", "den", "du", "dos"}
    | {"do", "das"}  # Galician and Portuguese: "Xan Carlos do Campo Vidal"
    | {"los", "las"}  # "Aurelio Cruz de los Santos"
    | {"á", "í", "við"}  # Faroese: "Bárður á Lakjuni", "Hanus við Á"
    | {"ap"}  # Welsh: "Rhodri ap Dafydd"
    | {"i", "y"}  # Catalan and Spanish surnames joined: "Jordi Puig i Serra", "José Ortega y Gasset"
    | {"&"}  # "Allegheny & Lakes"
)  # "Marietjie van der Merwe"

_VERB = r"(?:" + "|".join(SPEECH_VERBS) + r")"
_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
_PARTICLE = r"(?:al|el|ad|as|ash|at|an|ar|az|bin|ibn|abu|abd|ben)-"
_NAME_WORD = re.compile(rf"[{_UPPER}][\w.'’-]*|{_PARTICLE}[{_UPPER}][\w.'’-]*|[a-zß-öø-ÿ]+|&")
"""A word of a name: "Østergaard-Lind", "Šimek" (Latin capitals), "al-Rawahi" (a particle joined to it)."""
_PARTICLE_NAME = re.compile(rf"{_PARTICLE}[{_UPPER}]")
# After the closing mark: ', Khan said' / ', said Khan' / ' he told reporters'.
_AUXILIARY = r"(?:(?:also|later|then|had|has|have|would|was quoted as|were quoted as)\s+)*"
_AFTER_SPEAKER_VERB = re.compile(
    r"^[\s,]*(?P<np>[^\"“”.;:!?\n]{1,160}?),?\s+" + _AUXILIARY + r"(?P<verb>" + _VERB + r")\b"
)
PLAIN_SUBJECT = 100
"""Up to this many characters, the words between a closing mark and a speech verb are read as its subject
whatever they are; past it, only when they open with a name, a job before it at most, and appositions
follow ('"...," Elín Rós Harðardóttir, a spokeswoman for Friends of the Sands, a group that gathered 6,000
signatures against the plan, said'): not a clause of the reporter's that reaches a later verb ('known as
"El Chino", was detained ... at a house in ..., the National Anti-Extortion Force said')."""
_ADDRESSING = {"told", "tells", "telling", "asked", "asks", "urged", "urges", "warned", "warns"}
"""Verbs whose object is the one spoken to: '"...," he told Kabul Ledger'."""
_AFTER_VERB_SPEAKER = re.compile(
    r"^[\s,]*(?P<verb>"
    + "|".join(v for v in SPEECH_VERBS if v not in _ADDRESSING)
    + r")\s+(?P<np>[^\"“”.,;:!?\n]{1,80}"
    r"(?:,\s+[A-Z][^\"“”.,;:!?\n]{0,40}\sand\s[^\"“”.,;:!?\n]{1,40}(?=,))?"  # "Rural Affairs, Food and the Islands"
    r"(?:,[^\"“”.,;:!?\n]{1,60})?)"  # an apposition: ", Leah Dumont"
)
_ASKED = re.compile(r"^[\s,]*(?P<verb>asked|asks)\s+(?P<np>[^\"“”.,;:!?\n]{1,80}(?:,[^\"“”.,;:!?\n]{1,60})?)")
"""'"Is this what they call consultation?" asked resident Bill Tanner': after a question, who asked it."""
_ACCORDING_TO = re.compile(r"^[\s,]*(?P<verb>according to)\s+(?P<np>[^\"“”.,;:!?\n]{1,80}(?:,[^\"“”.,;:!?\n]{1,60})?)")
"""'"within six weeks", according to Northgate's regional director, Peter Hallworth'."""
# Before the opening mark, in the same sentence: 'Khan said: ' / 'said Khan, ' / 'Fidan said Ankara would '.
_BEFORE = re.compile(r"(?<![\w-])(?P<verb>" + _VERB + r")\b")  # "so-called" is no speech verb
GROUPS = frozenset(
    "officials residents witnesses sources analysts authorities diplomats protesters workers villagers doctors "
    "police rescuers experts observers critics locals farmers traders investors economists activists lawyers "
    "engineers officers organisers organizers relatives families".split()
)
"""Plural nouns that name nobody in particular as a speaker ("Officials said", "Police told")."""


def _nobody_in_particular(word: str) -> bool:
    """``word`` names a group, nobody in particular: one of :data:`GROUPS`, or the plural of a title or a
    trade ("Scientists say", "Fishermen said", "Secretaries"), capitalised only as a sentence's first word."""
    word = word.lower()
    singulars = (
        word[:-1],
        word[:-3] + "y" if word.endswith("ies") else "",
        word[:-3] + "man" if word.endswith("men") else "",
    )
    return word in GROUPS or (word.endswith(("s", "men")) and any(s in BEFORE_A_NAME for s in singulars if s))


_UNNAMED = re.compile(
    r"\s*(?:a|an|the|his|her|their|one|another|two|three|several|some|many|other|" + "|".join(sorted(GROUPS)) + r")\s",
    re.I,
)  # "Ayebaemi Sapre, his younger brother, said": the name before the description
_INDEFINITE = re.compile(r"\s*(?:a|an|one|another|two|three|several|some|many)\s", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z])")


@dataclass(frozen=True)
class _Found:
    speaker: str  # as written, or a pronoun to resolve
    start: int  # the quotation's text in the article
    end: int
    attributed_to: int  # where the attribution ends (for continuations), -1 if none


_PREPOSITIONS = frozenset(
    "in at from of near across inside outside around with to by for against between into over toward towards "
    "on during after before since until amid".split()
)
"""A capitalised run after one of these, just before the verb, is an object ("Officials in Ostrava
told", "an intermediary with Pakistan, a spokesman said"), not who spoke."""


def _name_run(words: list[str], from_end: bool) -> list[str]:
    """The run of capitalised words at the end (or start) of ``words``; connectors only inside."""
    seq = list(reversed(words)) if from_end else list(words)
    run: list[str] = []
    for word in seq:
        if word[:1].isupper() or _PARTICLE_NAME.match(word):
            run.append(word)
        elif word in _CONNECTORS and run:
            run.append(word)
        else:
            break
    while run and run[-1] in _CONNECTORS:
        run.pop()
    return list(reversed(run)) if from_end else run


_DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january february march "
    "april may june july august september october november december".split()
)


_DATELINE = re.compile(rf"^\s*[{_UPPER}][{_UPPER}\s.'’-]+(?:,\s*[{_UPPER}][\w\s.'’-]*?)?\s+[–—-]\s+")
"""A dateline opening the words before a speech verb: "AREQUIPA, Peru – Rosa Valcárcel told"."""
_SPOKESPERSON = re.compile(
    r"^\s*(?:[Aa]n?|[Tt]he)\s+(?P<org>(?:[A-Z][\w'’&.-]*\s+){1,5})(?:spokesman|spokeswoman|spokesperson)\s*$"
    r"|^\s*(?:[Aa]n?|[Tt]he)\s+(?:spokesman|spokeswoman|spokesperson|statement)\s+(?:for|of|at|from|by)\s+(?:the\s+)?"
    r"(?P<of>[A-Z][\w'’&.-]*(?:(?:\s+(?:(?:and|of|&|and\s+the|del|de|de\s+la|do|da|dos|das|du|des|di)\s+)?|,\s+)"
    r"[A-Z][\w'’&.-]*){0,6})"
    r"(?P<body>\s+(?:police|council|prefecture|municipality))?\s*$"
    r"|^\s*(?:[Aa]n?|[Tt]he)\s+(?:spokesman|spokeswoman|spokesperson|statement)\s+(?:for|of|from)\s+the\s+"
    r"(?P<kind>" + "|".join(sorted(_KINDS)) + r")\s*$"
)
"""A spokesperson of a named organisation ("a Haedong spokeswoman", "a spokesperson for An Garda
Síochána", "a statement from Trellis Bank", "a spokesperson for Highways and Public Works", "a spokeswoman
for the Ragusa prefecture"): the organisation speaks. "A spokesman" alone, or "a police spokesman", names nobody."""


def _comma_parts(text: str) -> list[str]:
    """``text`` split at its commas, but not at those inside a number ("which crushes 2,500 tonnes") nor inside
    the list of a body's name ("the Department of Agriculture, Environment and Rural Affairs", "the prefecture's
    Culture, Tourism and Sports Department")."""
    parts: list[str] = []
    for part in _COMMA.split(text):
        if parts and _BODY_OF.search(parts[-1]) and _LIST_END.match(part):
            parts[-1] += "," + part
        elif (
            parts
            and _LIST_END.match(part)
            and part.split()[-1].lower() in _BODIES
            and re.search(r"(?:['’]s|\bthe)\s+[A-Z][\w'’-]*$", parts[-1])
        ):
            parts[-1] += "," + part  # "director of the prefecture's Culture, Tourism and Sports Department"
        elif parts and _LOWER_LIST_END.match(part) and re.search(r"\s(?:of|in|for)\s+[a-z][\w'’-]*$", parts[-1]):
            parts[-1] += "," + part  # "the hospital's head of ear, nose and throat surgery": a job's own list
        else:
            parts.append(part)
    return parts


_COMMA = re.compile(r",(?!\d)|(?<!\d),")
_BODY_OF = re.compile(
    r"\b(?i:" + "|".join(sorted(_BODIES)) + r"|minister|secretary)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*$"
)
_LIST_END = re.compile(
    r"\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+and\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*$"
)
"""A body's name listing what it is for, commas and all: "Ministry of Agriculture, Forestry and Fisheries"."""
_LOWER_WORD = r"[a-z][\w'’-]*"
_LOWER_LIST_END = re.compile(
    rf"\s+{_LOWER_WORD}(?:\s+{_LOWER_WORD})*\s+and\s+{_LOWER_WORD}(?:\s+{_LOWER_WORD}){{0,3}}\s*$"
)
"""The end of a list in lower case after "of": "of ear, nose and throat surgery"."""


def _speaks_for(head: str, speaker: str) -> bool:
    """``speaker`` is the organisation a spokesperson in ``head`` (the words before a speech verb) speaks
    for, in its last part or before the appositions after it ("A spokesperson for Yukon Rivers Watch, a
    conservation group that took part in the hearings, said")."""
    return any(_spokesperson(part) == speaker for part in _comma_parts(head))


def _described_as_a_thing(head: str, speaker: str) -> bool:
    """``head`` describes ``speaker`` as a thing, not a person: with "which" ("Nyanza Cane Millers, which
    crushes 2,500 tonnes of cane a day, said"), or as a kind of organisation in apposition ("A farmers'
    group in Almonte, Fresas Legales del Condado, said"; "Yukon Rivers Watch, a conservation group, said")."""
    at = head.find(speaker)
    while at >= 0:
        end = at + len(speaker)
        if _WHICH_AFTER.match(head, end) or _KIND_AFTER.match(head, end) or _KIND_BEFORE.search(head, 0, at):
            return True
        at = head.find(speaker, at + 1)
    return False


_KIND_WORDS = "|".join(sorted(_KINDS))
_WHICH_AFTER = re.compile(r"(?:['’]s)?\s*,\s+which\s")
_KIND_AFTER = re.compile(
    rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_KIND_WORDS})"
    r"(?=\s*(?:,|$)|\s+(?:that|which|in|of|at|from|for|with|based)\b)"  # not "a union leader"
)
_KIND_BEFORE = re.compile(
    rf"(?:^|,)\s*(?:[Aa]n?|[Tt]he)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_KIND_WORDS})\b(?!['’])"
    r"(?:\s+(?:in|of|at|from|for)\s+[^,]{1,40})?,\s+$"
)


_WHEN = re.compile(
    r"^\s*(?:[Aa]t|[Oo]n|[Bb]y|[Ll]ater|[Ee]arlier)"
    r"(?:\s+(?:about|around|[ap]\.m\.|\d{1,2}(?:[:.]\d\d)?|noon|midday|[A-Z][a-z]+day|morning|afternoon|evening|on|the))+"
    r"\s+(?=(?:[Aa]n?|[Tt]he)\s)"
)
"""When, before a spokesperson and no comma between ("At about 11 a.m. a spokesman for X said")."""


_NAMED_AFTER_ITS_KIND = re.compile(
    r"(\s(?:for|of|at|from|by)\s+)(?:the\s+)?(?:[a-z][\w'’-]*\s+){0,2}(?:" + "|".join(sorted(_KINDS)) + r"|association"
    r"|consortium|cooperative|federation)\s+(?=[A-Z])"
)
"""A body's kind written before its name ("a spokesperson for the growers' association Olivicoltori di Terra di
Bari"): the name is the organisation."""
_ITS_UNIT = re.compile(
    r"['’]s\s+(?:[A-Z][\w'’-]*\s+){0,2}(?:command|office|branch|unit|division|bureau|station|section)\s*$"
)
"""A body's local unit after its name ("a spokesperson for the Guardia di Finanza's Lecce command"): the body."""


_TITLED_PERSON = re.compile(
    r"(?i:mayor|president|(?:prime\s+)?minister|governor|senator|sen\.|premier|chancellor|council+or|judge|mr\.?|mrs\.?"
    r"|ms\.?|dr\.?)\s+"
    r"(?:(?:[A-Z][\w'’.-]*|de|da|do|dos|das|van|von|der|den|bin|al|el|la|le|du|di)\s+){0,4}[A-Z][\w'’-]*"
)
"""A person's title and name ("Mayor Cíntia Araújo Pedroso", "Minister Jan de Vries"): a spokesperson for them is
someone unnamed who speaks for a person, not for an organisation. Only titles no organisation's name opens on (not
"General", as in "General Naval Prefecture", nor "State")."""


def _spokesperson(part: str) -> str | None:
    """The organisation whose spokesperson ``part`` (words before or after a speech verb) is, or None."""
    part = _WHEN.sub("", part, count=1)
    m = _SPOKESPERSON.match(part) or _SPOKESPERSON.match(_ITS_UNIT.sub("", _NAMED_AFTER_ITS_KIND.sub(r"\1", part)))
    if m is None:
        return None
    if m.group("kind"):
        return ITS + m.group("kind")  # "a spokesperson for the group": the group named before
    name = _OWNER_S.sub("", (m.group("org") or m.group("of") or "").strip()) + (m.group("body") or "")
    if " " not in name and name.lower().endswith(ADJECTIVE_ENDINGS):
        return None  # "an Ethiopian spokesperson": a nationality, no organisation
    if _TITLED_PERSON.fullmatch(name):
        return None  # "a spokeswoman for Mayor Cíntia Araújo Pedroso": someone unnamed, not the mayor
    return name or None


_AGE = re.compile(r",\s*\d{1,3}(?=\s*,)")
"""An age between commas after a name ("Rachel Crothers, 27, who farms near Ballymena, said")."""
_DASHED = re.compile(r"\s[—–]\s[^—–\"“”]{1,100}?\s[—–]\s")
"""An aside between dashes before the verb: "Premier Tom Hale — speaking in Hobart — said"."""
_OWNER_S = re.compile(r"['’]s$")
"""An owner's "'s" ending a name ("Red Boricua de Energía's substation"): no part of it."""
_ABBREVIATED_AS = re.compile(r"\s*\([^()]{1,30}\)")
"""What a name is abbreviated as: "The Joint Apparel Association Forum (JAAF) said"."""


_RANKS = frozenset({"lieutenant", "corporal", "class"})
"""Ranks written before a name that :data:`TITLES` leaves out ("Lieutenant Siri Vang")."""
_RANK_PARTS = TITLES | _RANKS | {"sub", "vice"}
"""What a hyphenated rank is made of ("Lieutenant-Colonel", "Sub-Lieutenant", "Vice-Admiral")."""


def _is_title(word: str) -> bool:
    """Whether ``word`` is a title or a rank: "Minister", "Lieutenant", "Lieutenant-Colonel", "Vice-Admiral"."""
    word = word.lower().rstrip(".")
    if word in TITLES or word in _RANKS:
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p in _RANK_PARTS for p in parts)


_YEARS_OLD = re.compile(r"[\w-]+-years?-old", re.I)
"""An age written before a name: "Seventeen-year-old Niranjana Pillai"."""


def _clean_name(run: list[str]) -> str | None:
    """The name in a capitalised run: what follows its last title ("Foreign Minister Ishaq Dar"
    -> "Ishaq Dar"); the run itself when a title ends it ("the Foreign Office")."""
    if not run:
        return None
    owners = [i for i, w in enumerate(run[:-1]) if w.endswith(("'s", "’s"))]
    if owners and run[-1].lower() not in _BODIES:  # not "the President's Media Division"
        run = run[owners[-1] + 1 :]  # "Keshi's Tomas Brek", "Pakistan's Ishaq Dar"
    titles = [i for i, w in enumerate(run) if _is_title(w)]
    if len(titles) > 1 and titles[-1] == len(run) - 1 and titles[-2] < len(run) - 2:
        titles.pop()  # "Dr Imran Sheikh", "Gen. Omar Major": the last word is a surname, not a title
    if titles and titles[-1] < len(run) - 1 and run[-1].lower() not in _BODIES:  # not "the Foreign Ministry"
        run = run[titles[-1] + 1 :]
        if run[0] in ("of", "for") and len(run) > 3 and not _CONNECTORS & {w.lower() for w in run[-2:]}:
            run = run[-2:]  # "Minister of Water and Irrigation Rania Al-Khatib", "for Agriculture Declan Furlong"
        elif run[0] in ("of", "for"):
            return None  # "the Minister for Agriculture": a portfolio, no name
    while run and (run[0].lower() in _CONNECTORS or run[0].lower() in STOP_WORDS or _YEARS_OLD.fullmatch(run[0])):
        run = run[1:]  # "When Maria Zakharova": a sentence's first word; "Seventeen-year-old Niranjana": an age
    if len(run) > 2 and (run[0].lower() in OCCUPATIONS or (len(run[0]) > 6 and run[0].endswith(("ist", "ese")))):
        run = run[1:]  # "Singer Kirsty Maciver", "Guitarist Sandy Graham", "Senegalese Awa Diallo Sarr": no name
    elif len(run) > 2 and run[0].lower() in _ROLES and run[-1].lower() not in ORGANISATION_HEADS:
        run = run[1:]  # "Survivor Beatrice Akinyi Odhiambo", "Passenger Neema Mussa Lyimo"
    while len(run) > 2 and run[-1] in ("KC", "QC"):
        run = run[:-1]  # "Helen Marsden KC": the rank after the name
    name = " ".join(run).strip(" '’")
    name = _OWNER_S.sub("", name)
    if _nobody_in_particular(name) or name.lower() in _DAYS:
        return None  # "Officials said": nobody in particular; "On Thursday, the magistrate said": a day
    return name if any(ch.isalpha() for ch in name) and name.lower() not in TITLES else None


_OF_PLACE_KIND = re.compile(
    r"\s+of\s+the\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:region|province|district|county|municipality|island|valley|coast)\s*$"
)
"""A place named by its kind after a person's name ("Governor X of the Oshana region"): no part of who spoke."""
_FOR_SOMEONE = re.compile(r"\s*(?:for|on behalf of|representing)\s")
"""An apposition saying whom a person speaks for ("Advocate X, for the accused, told the court")."""


def _speaker_before_verb(np: str) -> str | None:
    """The name just before a speech verb: in the last comma-separated part, or in the one before an
    apposition ("Zabihullah Mujahid, the government's spokesman, said") or before the predicate the
    verb is joined to ("Hanna-Liisa Pärn, the minister, welcomed the plan and said")."""
    if " ".join(np.split()).lower() in _ORGANISATION_REFERENCES or _DESCRIBED_ORGANISATION.fullmatch(np.strip()):
        return IT  # "the company said": the organisation that spoke last
    if (described := _DESCRIBED.fullmatch(np.strip())) is not None:
        noun = described.group(1).lower()
        if noun in TITLES or noun in STATE_BODIES:
            return THE + noun  # "the minister said": the minister named last; "the army said": the army
        if noun in _KINDS_OF_BODY:
            return f"{IT}:{noun}"  # "the agency said": the agency that spoke last, nearby
    parts = _comma_parts(_AGE.sub("", _ABBREVIATED_AS.sub("", _DASHED.sub(" ", _DATELINE.sub("", np)))).strip(" ,"))
    if (organisation := _spokesperson(parts[-1])) is not None:
        return _named_spokesperson(parts, len(parts) - 1) or organisation  # "a Gulfway spokeswoman said"
    if len(parts) > 1 and parts[-1].strip() == IT:
        return IT  # 'Farmers who follow the rules, it said in a statement, "are the first victims"'
    if len(parts) > 1 and parts[-1].strip() == "who":
        # "..., according to Commissioner Rashid Abdallah of the Fire Force, who said": the one "who" takes up;
        # "according to Dr. Marita Joensen, the chief veterinary officer, who said": past the apposition
        k = len(parts) - 2
        if k > 0 and re.match(r"\s*(?:the|a|an)\s", parts[k]):
            k -= 1
        if _UNNAMED_PERSON.match(parts[k].strip()):
            return None  # "One visitor from Wheeling, who said": someone unnamed, not the place they come from
        antecedent = re.split(r"\b(?:according to|by|from|with)\s+", parts[k])[-1]
        return _speaker_before_verb(antecedent)
    if (relative_speaker := _named_before_a_relative(parts)) is not None:
        return relative_speaker
    parts[-1] = _OF_PLACE_KIND.sub("", parts[-1])  # "Governor Elia Hamunyela of the Oshana region said"
    for depth, part in enumerate(reversed(parts[-3:])):
        words = _NAME_WORD.findall(part)
        if not words:
            continue
        if depth == 0 and len(parts) > 1 and _FOR_SOMEONE.match(part):
            continue  # "Advocate Ilse Grobbelaar, for Swartbooi, told the court": whom they speak for
        if depth == 0 and words[-1].lower() in PRONOUNS and (len(words) == 1 or words[-1].islower()):
            return words[-1].lower()  # "she said"; "a collection of songs she wrote": she, not the songs
        titled = words[0] in ("the", "The") and words[-1].lower() in TITLES  # "the Batticaloa District Secretary"
        # "purchasing director at ...": a job its modifier opens (not "the Rt Rev Simon Hale": a title before a name)
        modified = len(words) > 1 and words[0].islower() and words[0] not in _DETERMINERS and words[1].lower() in TITLES
        # "NRW's duty flood officer for mid Wales": a body's job, its owner opening it; "Wales officer for the
        # Community union": a job its place opens
        owned = words[0].endswith(("'s", "’s")) and any(w.lower() in TITLES for w in words[1:4])
        placed = len(words) > 2 and words[1].lower() in TITLES and words[2] in ("for", "of", "at")
        if depth == 0 and len(parts) > 2 and _renames_the_body_before(parts[-2], words):
            # "Fernando J. Urías Gastélum, director of the Guaymas water operator, Oomapas, said": the operator's name
            continue
        if depth == 1 and len(parts) > 2 and words[0].islower() and words[0] not in STOP_WORDS:
            relative = _NAME_WORD.findall(parts[-1])[:1]
            head = _NAME_WORD.findall(parts[-3])
            if relative and relative[0] in _RELATIVE and head and _name_run(head, from_end=True) == head:
                # "Captain Hafiz bin Osman, master of the ship Marlin Harmony, which lies off Vlissingen, said": past
                # the job and the relative clause on what it names, the name before them
                continue
        if depth == 0 and len(parts) > 2 and words[0] in _RELATIVE:
            # "Lin Yi-chieh, a legislator for Tainan's first district, which covers Shanhua and Xinshi, said": what the
            # district covers, the apposition before it describing who speaks
            continue
        if len(parts) > 1 and (
            words[0] in _APPOSITION_OPENERS or _TITLE_OF.match(part) or titled or modified or owned or placed
        ):
            named = _name_run(words, from_end=True)
            before = words[-len(named) - 1] if named and len(named) < len(words) else ""
            head = _NAME_WORD.findall(parts[-depth - 2]) if depth + 1 < len(parts) else []
            headed = bool(head) and head[0].lower() not in _PREPOSITIONS and bool(_name_run(head, True))
            if not (before == "as" or (before in TITLES and words[0] in TITLES)) and (headed or not named):
                # "Dr Amin al-Sabri, director of al-Thawra hospital, said"; "Sam Okafor, who runs a café,";
                # "Halberd, which owns businesses in Germany, said"; not "..., vice-minister Sungat Esimkhanov"
                # nor "In a determination published on Friday, chief forester Lorne Haddad said"
                continue
        if depth > 0 and (organisation := _spokesperson(part)) is not None:
            # "A spokesperson for Island Link Marine Services, which runs the ferry, said"
            return _named_spokesperson(parts, len(parts) - 1 - depth) or organisation
        if depth > 0 and words[0].lower() in _PREPOSITIONS:
            continue  # "In Varne, officials met on Monday, saying": a place, not who spoke
        if depth == 0 and len(parts) > 1 and words[0] in ("the", "a", "an") and _spokesperson(parts[-2]) is not None:
            continue  # "a spokesman for Meridian Seafoods, the Seattle company that owns the Arctic Meridian, said"
        if _INDEFINITE.match(part + " "):
            # "Ahmad Khan, a political analyst in Kabul, said": a description, its name a place; but
            # "In Washington, a State Department spokesman said": nobody named
            head = _NAME_WORD.findall(parts[-depth - 2]) if depth + 1 < len(parts) else []
            if depth == 0 and not (head and head[0].lower() not in _PREPOSITIONS and _name_run(head, True)):
                return None
            continue
        run = _name_run(words, from_end=True)
        at = _preposition_before(words, len(words) - len(run)) if run else -1
        if not run and depth == 0 and words[-1] in _LOCAL_BODIES:
            # "Senior Sergeant Kylie Brandt of Ingham police said": the person before the place's body
            place = list(takewhile(lambda w: w[:1].isupper(), reversed(words[:-1])))
            at = len(words) - 2 - len(place) if place else -1
            at = at - 1 if at > 1 and words[at] == "the" else at  # "of the Ragusa prefecture"
            at = at if at > 0 and words[at] in _OF else -1
        if at >= 0:
            # "Officials in Ostrava told": the speakers are the officials, unnamed; but "Community health
            # officer Salamatu Yakubu in Savelugu said": the person before the place
            held = _name_run(words[:at], from_end=True)
            job = words[: at - len(held)]
            alone = not any(w.lower() in STOP_WORDS or w.lower() in _PREPOSITIONS for w in job)
            run = held if depth == 0 and len(held) >= 2 and alone else []  # not "... for the Cosafa Cup in Durban"
        name = _clean_name(_person_of(run))
        if name is not None:
            return name
        if depth == 0 and len(parts) > 1 and words[0].islower() and (words[0] not in STOP_WORDS or words[0] in _OF):
            head = _NAME_WORD.findall(parts[-2])
            if head and _name_run(head, from_end=True) == head and head[0].lower() not in STOP_WORDS:
                continue  # "Inés Cardozo Vieira, operations manager at TOG, said": the name before it
        owned = re.search(r"['’]s\s|^\s*(?:its|his|her|their)\s", part)  # "Alboran Aqua's", "Kisumu county's", "its"
        job = _NAME_WORD.findall(part[owned.end() :]) if owned is not None else []
        # the job up to a place or a body it is for ("Sernapesca's director for Magallanes")
        job = next((job[:k] for k, w in enumerate(job) if k and (w in _PREPOSITIONS or w in _OF)), job)
        if depth == 0 and len(parts) > 1 and 1 <= len(job) <= 4 and all(w.islower() for w in job):
            head = _NAME_WORD.findall(parts[-2])
            if head and _name_run(head, from_end=True) == head:
                # "Álvaro Pinedo Salcedo, Alboran Aqua's chief executive, said", "Mary Atieno Were, Kisumu
                # county's chief officer for environment, said": the name before it
                continue
        if depth == 0 and _AND_VERB.match(part):
            continue  # "Hanna-Liisa Pärn, welcomed the project and said": the sentence's subject spoke
        if depth == 0 and re.search(r"\sand\s*$", part):
            subject = _name_run(words, from_end=False)
            owner = subject[-1].endswith(("'s", "’s")) if subject else False  # "Saudi Arabia's foreign ministry"
            if len(subject) >= 2 and len(subject) < len(words) and words[len(subject)].islower() and not owner:
                name = _clean_name(subject)  # "Minister ... Rania Al-Khatib visited the site and said"
                if name is not None:
                    return name
        if depth == 0 and not _UNNAMED.match(part + " "):
            return None  # "but added": no apposition to look past
    return None


def _named_before_a_relative(parts: list[str]) -> str | None:
    """The person a relative clause of more than one part describes, before a speech verb: "Giuseppina Laterza,
    whose family owns 46 trees inside the circles, none of them infected, said" (her age taken out before). Only
    when the clause and what follows it name nobody (no capitalised word) and the part before it is a whole name of
    two words or more. Also the person a last part opening on "who" describes, named with where they serve before
    it: "Agent Carlos J. Figueroa Lugo of the Police Bureau's maritime unit in Arecibo, who led the dive team,
    said"."""
    for k in range(1, len(parts)):
        opening = _NAME_WORD.findall(parts[k])
        if not opening or opening[0] not in _RELATIVE or (k == len(parts) - 1 and opening[0] != "who"):
            continue
        if any(w[:1].isupper() for part in parts[k:] for w in _NAME_WORD.findall(part)):
            return None
        words = _NAME_WORD.findall(parts[k - 1])
        if k < len(parts) - 1 and len(words) >= 2 and _name_run(words, from_end=True) == words:
            return _clean_name(_person_of(words))
        run = list(takewhile(lambda w: w not in _SERVING, words))
        if k == len(parts) - 1 and 2 <= len(run) < len(words) and all(w[:1].isupper() for w in run):
            return _clean_name(_person_of(run))
        return None
    return None


_SERVING = frozenset({"of", "from", "at"})
"""What follows a name to say where its person serves ("X of the Police Bureau's maritime unit")."""


_BODY_NOUNS = _KINDS_OF_BODY | frozenset(
    "operator company firm utility group carrier maker producer supplier owner".split()
)
"""The last word of a job's body ("director of the Guaymas water operator"), which a name after it may rename."""


def _renames_the_body_before(before: str, words: list[str]) -> bool:
    """Whether a part of capitalised words only (``words``: "Oomapas") names the body the job before it ends on
    ("director of the Guaymas water operator"): an apposition to the job, not who speaks. A body the job names
    already is not renamed ("the national spokesman for the Civil Protection and Fire Service, Commissioner Teodoro
    Cahama, said")."""
    job = _NAME_WORD.findall(before)
    # "..., who heads the Office of the Chief Investigator, Transport Safety, said": the body's name goes on
    heads = len(job) > 2 and job[0] == "who" and job[-1][:1].isupper()
    return (
        len(job) > 2
        and job[0].islower()
        and (job[-1] in _BODY_NOUNS or heads)
        and bool(words)
        and all(w[:1].isupper() for w in words)
    )


def _named_spokesperson(parts: list[str], at: int) -> str | None:
    """The person named in the part before ``parts[at]``, a spokesperson's description ("Elín Rós Harðardóttir,
    a spokeswoman for Friends of the Sands, said"): a spokesperson with a name speaks in their own name, the
    organisation only when no name is given. None when the part before is no name of two words or more."""
    if at < 1 or _spokesperson(parts[at]) is None:
        return None
    words = _NAME_WORD.findall(parts[at - 1])
    run = _name_run(words, from_end=True)
    if len(run) < 2 or len(run) != len(words) or run[0].lower() in STOP_WORDS or run[-1].lower() in ORGANISATION_HEADS:
        return None  # "In Reykjavik, a spokesman for X said"; "Bellmoor Water, a spokesperson for ..."
    return _clean_name(_person_of(run))


_LOCAL_BODIES = frozenset(
    "police council prefecture municipality hospital port station command authority district shire".split()
)
"""A body written in lower case after its place ("of Ingham police", "of the Ragusa prefecture")."""
_OF = frozenset({"of", "at", "from"})
"""A part opening so after a name is where the person works: "Mayor Tom Ellery, of the Severnside Transport
Authority, said"."""


def _preposition_before(words: list[str], start: int) -> int:
    """Where the preposition stands that the words from ``start`` are the object of ("in Ostrava",
    "of the Centro de Exportadores"), or -1."""
    at = start - 1
    if at > 1 and words[at].islower() and words[at] not in STOP_WORDS and words[at - 1].lower() == "the":
        at -= 1  # "of the icebreaker Nordlys": a vessel's, a building's kind before its name
    if at > 0 and words[at].lower() == "the":
        at -= 1
    return at if at >= 0 and words[at].lower() in _PREPOSITIONS else -1


_TITLE_OF = re.compile(
    r"\s*(?:[Tt]he\s+)?(?:(?i:" + "|".join(sorted(TITLES)) + r")\s+){1,3}(?:of|for)\s+(?:the\s+)?[A-Z]"
)
"""An apposition that is a title of something, capitalised: "Seamus Quirke, Minister for Agriculture, Food
and the Marine, said"."""
_RELATIVE = frozenset({"who", "whose", "which"})
_APPOSITION_OPENERS = TITLES | _RELATIVE  # a part opening so describes the name before it
_AND_VERB = re.compile(r"\s*[a-z][\w'’-]*(?:\s+[\w'’-]+)*\s+(?:and|but)\s*$")
"""A predicate the speech verb is joined to ("welcomed the project and" said, "welcomed the cut but" warned): its
subject is the speaker, in the part before it."""


_GAVE_NAME = re.compile(r"\bgave (?:only )?(?:his|her|their) (?:first )?name(?: only)?(?: as (?P<name>.+))?\s*$")


_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "our"})
"""What opens a description of someone after a speech verb: "said the minister", "said its chairman"."""


_AGED = re.compile(r"the\s+\d{1,3}-year-old")


def _speaker_after_verb(np: str) -> str | None:
    """The name after a speech verb ("said Khan", "said Foreign Minister Ishaq Dar"); past a place and
    a job ("said Calgary wholesaler Dev Prasanth"); or, when the first part only describes someone
    ("said Alberta's environment minister, Leah Dumont", "said the minister, Ishaq Dar"), the name in
    the apposition after it."""
    parts = _comma_parts(_ABBREVIATED_AS.sub("", np))
    if (organisation := _spokesperson(parts[0])) is not None:
        if organisation.startswith(ITS) and len(parts) > 1:
            # "said a spokesman for the operator, Waalkade Tankvaart, which ...": the body the apposition names
            apposed = _NAME_WORD.findall(parts[1])
            body = _name_run(apposed, from_end=False)
            if len(body) >= 2 and len(body) == len(apposed):
                return " ".join(body)
        return organisation  # "said a spokesperson for Erne Valley Dairies"
    if _TITLE_OF.match(parts[0]) and len(parts) > 1 and _clean_name(_NAME_WORD.findall(parts[0])) is None:
        # "said the Minister for Agriculture, Seamus Quirke": the name in the apposition, if any
        appositive = _name_run(_NAME_WORD.findall(parts[1]), from_end=False)
        return _clean_name(appositive) if len(appositive) >= 2 else None
    if _AGED.fullmatch(parts[0].strip()):
        return "he"  # "said the 23-year-old": the person named last, as "he said" is
    words = _NAME_WORD.findall(parts[0])
    if not words:
        return None
    if words[0].lower() in PRONOUNS:
        return words[0].lower()
    if len(parts) == 1 and len(words) == 2 and words[0].lower() == "the" and words[1].lower() in TITLES:
        return THE + words[1].lower()  # "according to the sheikh": the sheikh named last, as "the sheikh said"
    given = _GAVE_NAME.search(parts[0])
    if given is not None:  # "said a neighbour who gave only her first name, Mariela"
        named = given.group("name") or (parts[1] if len(parts) > 1 else "")
        return _clean_name(_name_run(_NAME_WORD.findall(named), from_end=False))
    if words[0].lower() == "the" and len(words) > 1 and words[1][:1].isupper():
        words = words[1:]
    run = _name_run(words, from_end=False)
    rest = words[len(run) :] if run else words[1:] if words[0].lower() in _DETERMINERS else words
    if not run:
        lead = list(takewhile(str.islower, rest))
        later = _name_run(rest[len(lead) :], from_end=False)
        after = rest[len(lead) + len(later) :]
        described = not any(w in STOP_WORDS or w in _PREPOSITIONS for w in lead)
        kind = "of" in later and bool(after) and after[0] in _KINDS  # "... of the Kujalleq Clean Land group"
        if 1 <= len(lead) <= 4 and described and len(later) >= 2 and (not after or after[0] in _PREPOSITIONS or kind):
            run = later  # "said coach Seydou Diarra at the press conference"; "said political scientist X of Y"
        elif words[0].lower() in _DETERMINERS and len(parts) > 1:
            appositive = _name_run(_NAME_WORD.findall(parts[1]), from_end=False)
            if len(appositive) >= 2:
                # "said the spokesman of the armies, Colonel Souleymane Dembélé"; "said its chairman, X"
                run = appositive
    job = [w for w in rest if w.islower() and w not in _NAME_PARTICLES]  # not "van" of "coach Hendrik van Zyl"
    if job and len(job) <= 4 and not any(w in STOP_WORDS or w in _PREPOSITIONS for w in job):
        later = _name_run(rest[len(job) :], from_end=False) if rest[: len(job)] == job else []
        plain = len(run) <= 3 and not any(w in _CONNECTORS for w in run)
        if plain and len(later) >= 2 and len(later) == len(rest) - len(job):
            run = later  # "Calgary wholesaler Dev Prasanth": the person after the place and the job
        elif len(job) == len(rest) and len(parts) > 1 and (not run or any(w.endswith(("'s", "’s")) for w in run)):
            appositive = _name_run(_NAME_WORD.findall(parts[1]), from_end=False)
            if appositive:
                run = appositive  # "Alberta's environment minister, Leah Dumont"
    elif job and len(job) == len(rest) <= 8 and run and run[-1].endswith(("'s", "’s")):
        appositive = _name_run(_NAME_WORD.findall(parts[1]), from_end=False) if len(parts) > 1 else []
        # "EMS's director of development, Ivana Milosavljević"; "Varne's head of research" names nobody
        run = appositive if len(appositive) >= 2 else []
    return _clean_name(_person_of(run, owned=len(words) > len(run)))


def _person_of(run: list[str], owned: bool = False) -> list[str]:
    """ "Mariam Al-Kuwari of the Gulf Institute", "Hernán Quispe of Perú Solidario", "Jesús Manuel Bojórquez Félix of
    Cajeme" (four words: two given names, two surnames): the person, not where they work; not "Bank of England",
    "University College of Varne" (``owned``: more words follow the run, "of Croatia's environment ministry")."""
    if "of" not in run or run[0].lower() == "the":  # "The Islamic Emirate of Afghanistan": no person
        return run
    at = run.index("of")
    first = 0  # "Chief Norman Kanatuakush of Pakua Shipi": the titles before the name are no part of the head
    while first < at - 2 and _is_title(run[first]):
        first += 1
    titled = [k for k in range(first, at - 2) if _is_title(run[k])]  # "Sgt. First Class X Y Z of the National Guard"
    first = titled[-1] + 1 if titled else first  # "Station Officer Pieter Fourie", "Chief Fire Officer ..."
    head = {w.lower() for w in run[first:at]}
    owned = owned or run[-1].endswith(("'s", "’s"))
    if TITLES & {w.lower() for w in run[at:-2]}:
        # "Municipal District of Lesser Slave River Reeve Dale Pruden": the person is after it; not "of the
        # National Civil Police": a body's last word
        return run
    if (
        2 <= at - first <= 4
        and not TITLES & head
        and (run[at + 1 : at + 2] == ["the"] or owned or not _INSTITUTIONS & head)
    ):
        return run[:at]
    return run


def _sentence_start(text: str, before: int, floor: int) -> int:
    """Where the sentence holding position ``before`` starts (not before ``floor``)."""
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, before + 1):  # + 1: the look-ahead sees the opening mark
        start = m.end()
    return start


def _attribute(text: str, q_start: int, q_end: int, para_start: int, para_end: int) -> tuple[str | None, int]:
    """The speaker of the quoted span [q_start, q_end) (marks included) and where the attribution ends."""
    after = text[q_end:para_end]
    inner_end = text[q_start + 1 : q_end - 1].rstrip()
    closes_sentence = inner_end.endswith((".", "?", "!")) and not after[:3].strip(" ,").startswith(
        tuple("abcdefghijklmnopqrstuvwxyz")
    )
    if not closes_sentence or after[:2].strip() == ",":
        for pattern, pick in (
            (_AFTER_VERB_SPEAKER, _speaker_after_verb),
            (_AFTER_SPEAKER_VERB, _speaker_before_verb),
            (_ACCORDING_TO, _speaker_after_verb),
            *([(_ASKED, _speaker_after_verb)] if inner_end.endswith("?") else []),
        ):
            m = pattern.match(after)
            if m is not None and pattern is _AFTER_SPEAKER_VERB and len(m.group("np")) > PLAIN_SUBJECT:
                m = m if _opens_with_a_name(m.group("np")) else None
            if m is not None:
                speaker = pick(m.group("np"))
                if speaker is not None:
                    return speaker, q_end + m.end()
                if pattern is _AFTER_SPEAKER_VERB and _UNNAMED.match(m.group("np")):
                    return None, q_end + m.end()  # said by someone unnamed ("the diplomat said")
    start = _sentence_start(text, q_start, para_start)
    clause = text[start:q_start]
    verbs = [m for m in _BEFORE.finditer(clause) if not _inside_quote(clause, m.start())]
    if not verbs and (colon := _VERBED_COLON.search(clause)) is not None and not _inside_quote(clause, colon.start()):
        return _speaker_before_verb(colon.group("np")), -1  # 'Her neighbour, Peter Otieno, agreed: "..."'
    if verbs and (mid := _last_according(clause)) is not None and mid.start() > verbs[-1].end():
        # 'X said the city would work with the team, which according to the Department of Job and Family Services
        # will hold sessions to help workers "file for benefits"': the body named last, not the one who said
        speaker = _speaker_after_verb(mid.group("np"))
        if speaker is not None:
            return speaker, -1
    if verbs:
        verb = verbs[-1]
        quoted_as = _QUOTED_AS.search(clause[: verb.start()]) if verb.group("verb") == "saying" else None
        if quoted_as is not None:  # "The statement quoted X as saying"; "X was quoted by the paper as saying"
            named = quoted_as.group("object")
            speaker = _speaker_after_verb(named) if named else _speaker_before_verb(quoted_as.group("subject"))
            return (speaker if speaker not in PRONOUNS else None), -1
        speaker = _speaker_before_verb(clause[: verb.start()])
        if speaker is None and verb.group("verb") not in _ADDRESSING:  # "told the Evening Post:": its listener
            tail = clause[verb.end() :]
            if re.fullmatch(r"\s+[^\"“”]{1,60}?[:,]\s*", tail):
                speaker = _speaker_after_verb(tail)
        if (
            speaker is None
            and len(verbs) == 1  # not "..., the army said on Wednesday, adding that": the army's
            and verb.group("verb") in _PARTICIPLES
            and clause[: verb.start()].rstrip().endswith(",")
        ):
            speaker = _opening_subject(clause[: verb.start()])  # "X returned home, telling a crowd that ..."
        if speaker is not None:
            return speaker, -1
    elif (according := _ACCORDING_BEFORE.search(clause)) is not None:
        return _speaker_after_verb(according.group("np")), -1  # 'According to X, head of Y, "..."'
    return None, -1


def _opens_with_a_name(np: str) -> bool:
    """``np``'s first part (up to a comma) is a name, a job at most before it ("chief executive Sigurður Atli
    Baldursson of Eyjaberg", "Elín Rós Harðardóttir")."""
    words = _NAME_WORD.findall(_comma_parts(np)[0])
    lead = list(takewhile(lambda w: w.islower() and w not in STOP_WORDS, words[:4]))
    run = _name_run(words[len(lead) :], from_end=False)
    return len(run) >= 2 and len(lead) + len(run) == len(words)


_ACCORDING_BEFORE = re.compile(r"(?<!\w)[Aa]ccording to\s+(?P<np>[^\"“”.;:!?\n]{1,140}?),?\s*$")
"""'According to Tomas Ruiz, head of the growers' union, "the prices ..."': the quotation follows at once."""


_ACCORDING_MID = re.compile(
    r"(?<!\w)according to\s+(?P<np>(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|and|for|the|&|[A-Z][\w'’&.-]*))*)"
)
"""A body named by "according to" inside a sentence, before what it says is told ("which according to the Department
of Job and Family Services will hold sessions to ...")."""


def _last_according(clause: str) -> re.Match[str] | None:
    """The last :data:`_ACCORDING_MID` of a clause, not inside a quotation."""
    found = [m for m in _ACCORDING_MID.finditer(clause) if not _inside_quote(clause, m.start())]
    return found[-1] if found else None


_PARTICIPLES = frozenset({"saying", "telling", "adding"})
_QUOTED_AS = re.compile(
    r"\bquoted\s+(?P<object>(?!by\b)[^\"“”]{1,100}?)\s+as\s*$"
    r"|(?P<subject>[^\"“”]{1,120}?)\s+(?:was|were|is|are|has been|had been)\s+quoted"
    r"(?:\s+by\s+[^\"“”]{1,60}?)?\s+as\s*$"
)
"""Who is quoted "as saying": the object of "quoted" ("The statement quoted Foreign Minister Lena Sorvik as
saying"), or the subject of "was quoted" ("Abel Mensah was quoted by the Harbour Times as saying")."""
_VERBED_COLON = re.compile(r"(?:^|(?<=[.!?]\s))(?P<np>[^\"“”.!?]{2,120}?)\s+[a-z]+ed(?:\s+[^\"“”:.!?]{1,40}?)?\s*:\s*$")
"""A sentence whose verb, whatever it is, opens the quotation after a colon: "Her neighbour, Peter Otieno,
agreed:", "Farid Mammadli blamed the company:" (the name is read as before a speech verb)."""


def _opening_subject(clause: str) -> str | None:
    """Who a sentence opens with, as the subject of a participle after it ("Hernán Quispe returned to
    Cusco on Saturday, telling a crowd ..."; "He declined to name the buyer, saying ..."): a pronoun, or a
    name past a title and followed by a verb."""
    words = _NAME_WORD.findall(clause)
    lead = 0
    while lead < min(len(words), 3) and (words[lead].lower() in TITLES or words[lead].islower()):
        lead += 1
    if lead < len(words) and words[lead] in ("He", "She") and lead == 0:
        return words[lead].lower()
    run = _name_run(words[lead:], from_end=False)
    rest = words[lead + len(run) :]
    job = list(takewhile(str.islower, rest[:3]))
    later = _name_run(rest[len(job) :], from_end=False)
    if job and len(later) >= 2 and not any(w in STOP_WORDS for w in job):
        run, rest = later, rest[len(job) + len(later) :]  # "National team coach Davies Nkhata named ..."
    if not run or not rest or not rest[0].islower():
        return None
    if any(w.lower() in STOP_WORDS for w in run[1:]) or run[0].lower() in _PREPOSITIONS:
        return None  # "In Lima, officials met", "OUAGADOUGOU – A convoy was attacked"
    return _clean_name(_person_of(run))


_TAIL = re.compile(r"[^\"“”.!?;:\n]{1,100}[.!?]\s*")
_INNER_STOP = re.compile(r"(?<=\d)\.(?=\d)|\b(?:Co|Corp|Inc|Ltd|Bros|Jr|Sr|No)\.(?=\s*[,\w])")
"""A full stop that ends no sentence: a decimal point ("1.5 hectares"), a company's or a name's
abbreviation before more of the sentence ("Hau Giang Golden Harvest Co., an exporter")."""


def _rest_of(between: str) -> bool:
    """``between`` is the rest of an attribution's sentence and nothing more ("... said Romina Zárate
    | at a picket in Timbúes. | "If they don't ..."): the quotation after it is the same speaker's."""
    between = _INNER_STOP.sub(" ", re.sub(r"^\.(?=\d|\s*,)", " ", between))  # "Co|., an exporter", "1|.5 hectares"
    return _TAIL.fullmatch(between) is not None and _BEFORE.search(between) is None


def _inside_quote(text: str, position: int) -> bool:
    head = text[:position]
    return head.count('"') % 2 == 1 or head.count("“") > head.count("”")


_AFTER_A_CLOSING = frozenset(',.;:?!)]}—–…"”')
_BEFORE_A_CLOSING = frozenset(",.?!…—–-")
_ELIDED = re.compile(r"['‘](?:(?:n|em|til|cause|cos|tis|twas|bout)(?!\w)|\d\d(?:s\b|(?!\d)))", re.I)
"""An apostrophe that opens a word, not a quotation: "rock 'n' roll", "'em", "'til", "the '90s", "since '08"."""


def _single_quotations(line: str) -> Iterator[tuple[int, int]]:
    """The quotations of ``line`` (a paragraph) set in single marks, curly or straight ("'We will not leave,'
    she said"; "he said: 'The port is closed.'"), each as (opening mark, closing mark + 1), apostrophes
    passed over. A quotation opens on a mark at a word's start (not "don't", "O'Brien", "the '90s",
    "rock 'n' roll") and closes on one at a word's end followed by a space or punctuation; after an "s"
    and before a space, the mark is a plural's apostrophe ("the farmers' union", "the members' own
    fund") unless a small word or a speech verb follows ("called it 'an insult to members' and left":
    :func:`_closes_after_a_plural`). Shorter than :data:`SHORT_WORDS` words, a span is no quotation."""
    size = len(line)
    after = 0  # where the last quotation closed
    for opening in _SINGLE_OPENS.finditer(line):
        at = opening.start()
        if at < after or _ELIDED.match(line, at) is not None:
            continue
        for closing in _SINGLE_CLOSES.finditer(line, at + 2):
            j = closing.start()
            sure = line[j - 1] in _BEFORE_A_CLOSING or j + 1 == size or line[j + 1] in _AFTER_A_CLOSING
            if sure or line[j - 1] not in "sSzx" or _closes_after_a_plural(line, j + 1):
                if len(line[at + 1 : j].split()) >= SHORT_WORDS:
                    yield at, j + 1
                    after = j + 1
                break


_SINGLE_OPENS = re.compile(r"(?<![^\s(\[{—–/\"“])['‘](?=[^\W_])")
"""A single mark opening a word: after a space, a bracket, a dash or a double mark, before a letter or a figure."""
_SINGLE_CLOSES = re.compile(r"(?<=\S)['’](?![^\W_])")
"""A single mark ending a word: not before a letter or a figure ("don't", "O’Brien")."""


_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")
_POSSESSED = frozenset(
    "own first last next other several many few more most same whole various top front back full former latter "
    "only one two three four five six seven eight nine ten eleven twelve fifteen twenty fifty hundred".split()
)
"""Small words that may stand after a plural's apostrophe ("the members' own fund", "the growers' two demands")."""


def _closes_after_a_plural(line: str, at: int) -> bool:
    """A mark after a plural's "s" closes a quotation when the word after it (from ``at``) is a small word
    or a speech verb ("'an insult to members' and left", "'a blow to growers' said Ruiz"), not a noun that the
    plural owns ("the farmers' union")."""
    m = _NEXT_WORD.match(line, at)
    if m is None:
        return True
    word = m.group(1).lower()
    return (word in STOP_WORDS and word not in _POSSESSED) or word in SPEECH_VERBS


def _single_marked(text: str) -> str:
    """``text`` with its quotations in single marks set in double ones, and the double marks nested in
    them in single ones ('He told me "never again",' she said): as long as ``text``, so that the
    quotations and their attributions are read as double-marked ones are, the quotations' words taken
    from the article as they stand. A single-marked span inside a double-marked quotation is nested in it
    and stays as it is."""
    if _SINGLE_OPENS.search(text) is None:
        return text  # most copy: double marks, apostrophes inside words
    marked = list(text)
    for para_start, para_end in _paragraphs(text):
        line = text[para_start:para_end]
        if _SINGLE_OPENS.search(line) is None:
            continue
        if line.count('"') % 2 or line.count("“") != line.count("”"):
            continue  # a double-marked quotation runs on past the paragraph: what a single mark nests in is unclear
        doubles = [m.span() for m in _QUOTED.finditer(line)]
        for start, end in _single_quotations(line):
            if _inside_quote(line, start) or any(
                a < end and start < b and not (start < a and b <= end) for a, b in doubles
            ):
                continue  # nested in a double-marked quotation, or astride one
            marked[para_start + start], marked[para_start + end - 1] = "“", "”"
            for a, b in doubles:
                if start < a and b <= end:
                    marked[para_start + a], marked[para_start + b - 1] = "‘", "’"
    return "".join(marked)


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """Where each paragraph (a line with words on it) starts and ends: the blank lines between
    paragraphs are none ("the paragraph before" is the last one with words)."""
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, start + len(line)
        start += len(line) + 1


_BROKEN_OFF = re.compile(r"[^\"“”.!?\n]{0,60}?,\s*[\"“]")
"""What follows the attribution of a sentence's opening words, the rest of it: '"For instance," he said, "we..."'."""


UNNAMED = ""
"""The speaker of a speech verb whose subject names nobody ("One member of the team ... said")."""


def _after_job(head: str) -> bool:
    """The name that ends ``head`` follows a job ("General manager Ravinesh Prasad"): a person,
    whatever the recogniser calls it."""
    words = _NAME_WORD.findall(head)
    run = _name_run(words, from_end=True)
    before = words[-len(run) - 1] if run and len(run) < len(words) else ""
    return before.islower() and before not in STOP_WORDS and before not in _PREPOSITIONS


_TITLE_APPOSITION = re.compile(
    r"\s*,\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}?(?i:" + "|".join(sorted(TITLES)) + r")\b"
)
"""A job after a name and its comma ("Anare Tuidraki, the director of the ... Office,"): the name is a
person's, whatever the recogniser calls it."""


def _before_job(head: str, speaker: str) -> bool:
    at = head.rfind(speaker)
    return at >= 0 and _TITLE_APPOSITION.match(head, at + len(speaker)) is not None


_REPORTED_SUBJECT = re.compile(r"\b" + _VERB + r"\s+(?:that\s+)?(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*$")
"""A name just after a speech verb, before another one: the subject of reported speech."""


def _verbs_back(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """The speech verbs of ``text`` outside quotations, last first, each with the words of its sentence
    before it (where its subject is)."""
    for verb in reversed([m for m in _BEFORE.finditer(text) if not _inside_quote(text, m.start())]):
        yield verb, re.split(r"[.!?]\s", text[: verb.start()].rstrip(" ,"))[-1]


def _last_speaker(text: str, places: Collection[str], orgs: Collection[str] = ()) -> tuple[str | None, int]:
    """The subject of the last speech verb in ``text`` that has one, and where its verb is
    (-1: none): a name ("A tribal elder, who gave his name only as Haji Gul, said ..." -> "Haji
    Gul"), or :data:`UNNAMED` when it names nobody: a description ("one member of the team said")
    or a place (``places``: "..., speaking before leaving Istanbul, said"). An organisation (``orgs``)
    is no "he" or "she": "X said Paylane told investors ..." is passed over for X. A verb with no subject
    of its own ("but added") or a pronoun's is passed over."""
    for verb, head in _verbs_back(text):
        speaker = _speaker_before_verb(head)
        if speaker is not None and (_for_an_organisation(speaker) or speaker.startswith(THE)):
            speaker = None  # "the company said", "it said": no "he" or "she" (as an organisation is not)
        inverted = text[: verb.start()].rstrip().endswith(",") and verb.group("verb") not in _ADDRESSING
        if speaker is None and inverted:
            after = _speaker_after_verb(re.split(r"[.!?](?:\s|$)", text[verb.end() :])[0])
            if after is not None and after not in PRONOUNS and normal_form(after) not in orgs:
                # "..., said Dr Jean-Marc Ahoua, the officer"
                return (UNNAMED if normal_form(after) in places else after), verb.start()
        if speaker is not None and _speaks_for(head, speaker):
            return speaker, verb.start()  # "A Gulfway spokeswoman said ...": she speaks for Gulfway
        if speaker in PRONOUNS or (
            speaker is not None
            and normal_form(speaker) in orgs
            and not (_after_job(head) or _before_job(head, speaker))
        ):
            continue
        if speaker is not None and _described_as_a_thing(head, speaker):
            continue  # "Nyanza Cane Millers, which crushes cane, said": no "he" or "she"
        if speaker is not None and _REPORTED_SUBJECT.search(head):
            continue  # "Helen Dorne said Quaylink told investors ...": the subject of what she said
        if speaker is not None:
            return (UNNAMED if normal_form(speaker) in places else speaker), verb.start()
        first = head.split(",")[0]
        if _UNNAMED.match(first + " ") or (first.strip() and _nobody_in_particular(first.split()[0])):
            return UNNAMED, verb.start()  # "Scientists say ...": no "he" or "she"
    return None, -1


def _last_organisation(text: str, orgs: Collection[str], kind: str = "") -> str | None:
    """The organisation whose speech verb is the last in ``text`` ("Haedong said in a statement ...",
    "A spokesperson for Natural Resources Canada said ..."): one the recogniser calls an organisation
    (``orgs``), one a spokesperson speaks for, or one named as an institution is; None when the last
    one to speak there is anyone else, or nobody named ("a spokesman said"). With ``kind`` ("agency" of
    "the agency said"), only an organisation whose name or description before its verb holds that word
    ("The state's forestry agency, Forestry Tasmania North, said")."""
    for verb, head in _verbs_back(text):
        speaker = _speaker_before_verb(head)
        if speaker is not None and speaker.startswith(ITS):
            return _named_as(text[: verb.start()], speaker[len(ITS) :])  # "A spokesperson for the group said"
        if speaker is not None and _for_an_organisation(speaker):
            continue
        if speaker is None or speaker in PRONOUNS or speaker.startswith(THE):
            return None
        named = normal_form(speaker) in orgs or speaker.split()[-1].lower() in ORGANISATION_HEADS
        # "Bahari Azur Marine said in a statement": who issues a statement is a body, whatever the recogniser says
        named = named or (_IN_A_STATEMENT.match(text, verb.end()) is not None and len(speaker.split()) > 1)
        if not (named or _speaks_for(head, speaker) or _described_as_a_thing(head, speaker)):
            employer = _EMPLOYER.search(head)  # "Greenway Energy's chief executive, Rosa Lind, said"
            speaker = employer.group(1) if employer is not None and normal_form(employer.group(1)) in orgs else None
            if speaker is None:  # "Anna Berg, a spokeswoman for Bellmoor Water, said": Bellmoor Water
                spoken_for = [o for part in _comma_parts(head) if (o := _spokesperson(part)) and not o.startswith(ITS)]
                speaker = spoken_for[-1] if spoken_for else None
        if speaker is not None and kind and not re.search(rf"\b{kind}\b", f"{speaker} {head}", re.I):
            return None  # "the ministry said" after a company spoke: not the company
        return speaker
    return None


_IN_A_STATEMENT = re.compile(r"\s+(?:on\s+\w+\s+)?in\s+a\s+(?:written\s+)?statement\b")
"""What follows an organisation's speech verb ("said in a statement", "said on Friday in a statement")."""

_EMPLOYER = re.compile(
    rf"([{_UPPER}][\w&.-]*(?:\s+[{_UPPER}][\w&.-]*){{0,4}})['’]s\s+(?:[a-z-]+\s+){{0,3}}[a-z-]+,?\s+[{_UPPER}]"
)
"""A person who speaks for the organisation that employs them: when "the company said" follows, the company
is that organisation."""


_PARTICLE_WORDS = _CONNECTORS - {"the", "and"}
_PARTICLES = "|".join(sorted(_PARTICLE_WORDS))
"""Lower-case words within a name before a surname ("Maria da Graça Furtado" for "Furtado"), or a body's
("Minister for X Y")."""
_NAME_PARTICLES = _PARTICLE_WORDS - {"of", "for"}
"""... those of a person's name only: no word of a job before it ("coach Hendrik van Zyl"; "director of ...")."""
_SURNAME_PARTICLES = "|".join(sorted(_PARTICLE_WORDS - {"of", "for", "bin", "al"}))
"""Lower-case words that open a second surname ("Tomás Errázuriz del Río"): not "of" ("Ali Khan of Reuters")."""
_CAPITALISED = rf"[{_UPPER}][\w'’-]*"
"""A word of a name as written ("Óscar", "Østergaard-Lind")."""


@lru_cache(maxsize=4096)
def _name_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`_full_name`'s two patterns for ``name``, compiled once per name: each holds the upper-case
    letters' class four times, and the day's thousand-odd names overflowed ``re``'s own cache
    (1,400 compilations, some 3% of a cold run's CPU: docs/performance.md, "session 30")."""
    word = _CAPITALISED
    of = r"(?:\s+of(?:\s+the)?)?" if name.lower() in _BODIES else ""  # "Department" of Agriculture
    return (
        # "Minister for X Y"; "Gaspar Ucán Dzib" for "Ucán" (a father's surname, then a mother's)
        re.compile(
            rf"((?:{word}\s+(?:(?:{_PARTICLES})\s+)?){{1,4}})"
            + re.escape(name)
            + rf"\b(?:[ ](?P<more>(?:(?:{_SURNAME_PARTICLES})[ ]){{0,2}}{word}))?"
        ),
        re.compile(re.escape(name) + of + rf"((?:\s+{word}){{1,3}})"),
    )


_KIN = r"(?:brother|sister|son|daughter|father|mother|wife|husband|cousin|uncle|aunt|nephew|niece)"


def _full_name(text: str, name: str) -> str:
    """A one-word speaker ("Asif") as the article first names them in full ("Defence Minister
    Khawaja Muhammad Asif" -> "Khawaja Muhammad Asif"; with a second surname, "Gaspar Ucán Dzib", "Tomás
    Errázuriz del Río"; or, when no full name ends so, one that begins so: "Chaiwat" -> "Chaiwat Boonyasit";
    a body, "Department", as "Department of Agriculture"; a first name given as a relative's, "Casimir's brother,
    Stéphane," -> "Stéphane Casimir"), else as it is."""
    ways: tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...] = (
        (_name_patterns(name)[0], lambda full: full.endswith(name)),
        # None ends so: a name given first, as Thai and Bangladeshi ones are after their first mention
        # ("Deputy Commerce Minister Chaiwat Boonyasit said ...", then "Chaiwat said").
        (_name_patterns(name)[1], lambda full: full.startswith(name + " ")),
    )
    kin = re.search(rf"\b([{_UPPER}][\w'’-]+)['’]s\s+{_KIN},\s+{re.escape(name)},", text)
    if kin is not None and not any(pattern.search(text) for pattern, _ in ways[:1]):
        return f"{name} {kin.group(1)}"  # "Casimir's brother, Stéphane, spoke to reporters": Stéphane Casimir
    for pattern, fits in ways:
        for m in pattern.finditer(text):
            more = m.groupdict().get("more")
            if more is not None and _second_surname(text, more.split()[-1]):
                full = _clean_name(_NAME_WORD.findall(m.group(0)))
                if (
                    full is not None
                    and len(full.split()) > 2
                    and full.endswith(f"{name} {more}")
                    and " of " not in full
                ):
                    return full  # "Gaspar Ucán Dzib"; not "John T. Harwood of Harwood Beverage", a firm's name after it
                if full == f"{name} {more}" and any(_is_title(w) for w in _NAME_WORD.findall(m.group(0))[:-2]):
                    return full  # "Minister of Economic Affairs Kuo Shu-fen", then "Kuo said": a surname first
            span = m.group(1) + name if more is not None else m.group(0)  # the name without a word after it
            if (owner := re.match(r"\s*(\w+)\s+of\s", span)) and _everyday_plural(owner.group(1).lower()):
                continue  # "Shares of Norvance rose": a thing the body has, not its name
            words = _NAME_WORD.findall(span)
            if name.lower() in _BODIES and words[:2] == [name, "of"]:
                # "Department of State Growth": a body's name whole, its words no titles ("State")
                return _OWNER_S.sub("", " ".join(words))
            full = _clean_name(words)
            if full is not None and " of " in full and full.split(" of ")[0].endswith(f" {name}"):
                full = full.split(" of ")[0]  # "John T. Harwood of Harwood Beverage Research", then "Harwood said"
            if full is not None and len(full.split()) > 1 and fits(full):
                return full
    return name


_NAME_GOES_ON = re.compile(rf"\s+(?:de la|de los|de las|del|de|do|da|dos|das|di|du|des)\s+{_CAPITALISED}")
"""A name's particle and the capitalised word after it: "... de Energía" of "Red Boricua de Energía"."""


def _as_first_named(text: str, speaker: str) -> str:
    """A speaker of two words or more as the text first names it, when its first mention goes on with a particle
    and a capitalised word ("a Red Boricua spokeswoman said" after "Red Boricua de Energía's substation": "Red Boricua
    de Energía"), else as it is."""
    first = re.search(rf"(?<![\w'’-]){re.escape(speaker)}(?![\w'’-])", text)
    if first is None or (more := _NAME_GOES_ON.match(text, first.end())) is None:
        return speaker
    return speaker + _OWNER_S.sub("", more.group(0))


def _second_surname(text: str, word: str) -> bool:
    """Whether a capitalised word right after a surname is a second surname ("Ucán Dzib"), not a day, a
    title, a rank in capitals, a body or a word the text writes in lower case ("Soto Tuesday", "Reid Police",
    "Cahalane TD")."""
    low = word.lower()
    return not (
        word.isupper()  # "Sinéad Cahalane TD", "Helen Marsden KC": a rank after the name
        or low in _DAYS
        or low in CALENDAR
        or _is_title(word)
        or low in ORGANISATION_HEADS
        or low in STOP_WORDS
        or _in_lower_case(text, word)
    )


_WHO = re.compile(r"\b((?:[A-Z][\w'’-]+ ){1,3}[A-Z][\w'’-]+), who\b")
"""A name of two to four words that "who" takes up: "Fadumo Isak Mohamed, who leads a committee of elders"."""


def _who_before(text: str, end: int, named: Collection[str]) -> str | None:
    """The last name before ``end`` that "who" takes up, for a pronoun when the entity recogniser found
    nobody (a name of a language its training saw little of): none it called anything else, none opening
    on a word of the language ("The")."""
    found = None
    for match in _WHO.finditer(text, 0, end):
        name = match.group(1)
        if name not in named and name.split()[0].lower() not in STOP_WORDS:
            found = name
    return found


_NAME_AGED = re.compile(rf"(?:\A|(?<=\n)|(?<=[.!?] ))([{_UPPER}][\w'’-]+(?: [{_UPPER}][\w'’-]+){{0,2}}),\s+\d{{1,3}},")
"""A name and an age after it, opening a sentence: "Madden, 27, took the award"."""
_NAME_WHO = re.compile(
    rf"(?<![\w'’-])([{_UPPER}][\w'’-]+(?: [{_UPPER}][\w'’-]+){{1,2}}),\s+"
    r"(?:who\b|(?:a|an)\s+(?:[a-z][\w-]*\s+){1,3}who\b)"
)
"""A name of two or three words described as someone who does something ("Dattaram Gawas, a former sarpanch who
lives at the foot of the hill"): a person's, whatever the recogniser called it (an organisation "which" does)."""


def _unstopped(m: re.Match[str]) -> str:
    """:data:`_ABBREVIATION`'s match with its full stops taken out, as long as it was: initials written together
    after a name ("Jason C.H. Pan") each apart, but a body's ("the U.S. Coast Guard") as written."""
    if m.group(1) is not None:
        return m.group(1) + " "
    initials = m.group(2)
    if "." not in initials:
        return initials + " "
    before = _WORD_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
    if before and before.group(1)[:1].isupper():
        return initials.replace(".", " ") + " "
    # "said R.S. Tanwar": a name's initials; "the U.S. Coast Guard": a place's, as written
    return m.group(0) if initials.replace(".", "") in _PLACE_INITIALS else initials.replace(".", " ") + " "


_PLACE_INITIALS = frozenset("US UK UN EU UAE USA DC NY LA NZ PR SA UNSC".split())
"""Initials written together that are a place's or a body's, not a name's ("the U.S. Coast Guard", "U.N. Secretary"):
kept as written before a capitalised word."""


_WORD_BEFORE = re.compile(r"(\S+)\s+$")


def find_quotes(item: AnalysedArticle) -> list[_Found]:
    """The attributed quotations of one article, in order, speakers as written (pronouns resolved).
    Attributions are read with the full stop of a title's abbreviation taken out ("Dr. Faisal
    Al-Harbi said": no sentence ends there), the quotations from the text as it is."""
    original = item.article.text
    unstopped = _ABBREVIATION.sub(_unstopped, original)
    text = _single_marked(unstopped)  # as long as ``original``
    # A word the recogniser calls a person and the text writes in lower case ("Flour" opening a headline,
    # "sold flour and rice") is none.
    people = [
        t
        for t, label in item.entities
        if label == "PERSON" and not (" " not in t and _in_lower_case(original, t)) and not a_work(original, t)
    ]
    # A name written with an age after it ("Quill, 31, won") is a person's, whatever the recogniser called it.
    people += [t for t in dict.fromkeys(m.group(1) for m in _NAME_AGED.finditer(text)) if t not in people]
    described = {normal_form(m.group(1)) for m in _NAME_WHO.finditer(text)}  # "X, a former sarpanch who ..."
    people += [t for t, label in item.entities if label == "ORG" and normal_form(t) in described and t not in people]
    named = {t for t, _ in item.entities}
    datelines = dateline_places(text)
    places = {normal_form(t) for t, label in item.entities if label in PLACE_LABELS} - {normal_form(p) for p in people}
    # A person's surname alone is theirs, whatever the recogniser called it ("Ramasawmy" beside "Jordan Ramasawmy").
    surnames = {normal_form(p.split()[-1]) for p in people if " " in p}
    orgs = {normal_form(t) for t, label in item.entities if label == "ORG"} - {normal_form(p) for p in people}
    orgs -= surnames
    peoples = {normal_form(t) for t, label in item.entities if label == "NORP"}
    last_named: str | None = None  # the speaker of the last quotation found
    named_at = -1  # ... and where it was
    found: list[_Found] = []
    read: list[tuple[int, int]] = []  # the paragraphs before this one
    paragraphs = list(_paragraphs(text))
    carried: _Found | None = None  # a quotation left open at the end of the paragraph before, its speaker known
    waiting: list[tuple[int, int]] = []  # ... or not known yet: the speaker of its continuation says it
    for index, (para_start, para_end) in enumerate(paragraphs):
        previous: _Found | None = None
        spans = [
            (m.start(), m.end(), *m.span(1 if m.group(1) is not None else 2))
            for m in _QUOTED.finditer(text, para_start, para_end)
        ]
        following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else -1
        run_on = _left_open(text, spans[-1][1] if spans else para_start, para_end) if following >= 0 else None
        if run_on is not None and text[following:].lstrip()[:1] in _OPENING_MARKS:
            spans.append((run_on, para_end, run_on + 1, para_end))  # its closing mark is in a later paragraph
        else:
            run_on = None
        goes_on, carried, waiting = (carried, waiting), None, []  # (what the paragraph before left open)
        for mark_start, mark_end, start, end in spans:
            continued = not text[para_start:mark_start].strip() and (goes_on[0] is not None or bool(goes_on[1]))
            while end > start and original[end - 1] in " ,":
                end -= 1
            while start < end and original[start] == " ":
                start += 1
            words = original[start:end].split()
            short = len(words) < MIN_WORDS
            if short and not (len(words) >= SHORT_WORDS and words[0][:1].isupper()):
                previous = None
                continue
            speaker, attributed_to = _attribute(text, mark_start, mark_end, para_start, para_end)
            if speaker is None and continued and goes_on[0] is not None:
                speaker = goes_on[0].speaker  # the paragraph before left this quotation open: the same speaker
            if short and (attributed_to < 0 or _BROKEN_OFF.match(text, attributed_to)):
                # 'he called it "Iron Lady"': a name set apart; '"For instance," he said, "..."': the opening of a
                # sentence the attribution breaks; but '"Not yet," she said' is said
                speaker = None
            if speaker is None and previous is not None and (not short or original[end - 1] in ".!?"):
                between = text[max(previous.attributed_to, previous.end) : mark_start]
                if (previous.attributed_to >= 0 and (re.fullmatch(r"[\s.,\"”]*", between) or _rest_of(between))) or (
                    previous.attributed_to < 0 and re.fullmatch(r"[\"”]?[.!?]?[\"”]?\s*", between)
                ):
                    speaker = previous.speaker
            if short and speaker is None:
                previous = None
                continue
            if (
                speaker is None
                and previous is None
                # not '"...," one fisherman said': someone unnamed ("the minister said" is the one named before, "a
                # company spokesperson said" the company)
                and (attributed_to < 0 or not _someone_unnamed(text[mark_end:attributed_to].lstrip(" ,")))
                and _sentence_start(text, mark_start, para_start) == mark_start
            ):
                # A quotation that is a sentence of its own, attributed nowhere, right after "X said ...":
                # X goes on ("Rivas Alcaide said the key months were ahead. "A wet January can ...")
                opening = _sentence_start(text, max(para_start, mark_start - 1), para_start)
                said, at = _last_speaker(text[para_start:mark_start], places, orgs)
                if said and not _nobody_in_particular(said.split()[0]) and at >= opening - para_start:
                    # not a group ("Residents of Chaman said ..."): nobody in particular
                    speaker = said
            if speaker in PRONOUNS:
                # who spoke last before it: a speech verb's subject in its paragraph, else the last
                # quotation's speaker or a speech verb's subject, whichever came later, else the
                # lead's first person; nobody when that subject names nobody
                lead_in = text[para_start:mark_start]
                speaker, at = _last_speaker(lead_in, places, orgs)
                if speaker is None or at < _sentence_start(lead_in, len(lead_in) - 1, 0):
                    # the sentence just before opens with a person who spoke later than the last speech
                    # verb: 'Ross said ... The minister, Clare Boyd, disagreed. "...," she said' is Boyd
                    speaker = _sentence_subject(text, lead_in, people, places, orgs) or speaker
                if speaker is None and not lead_in.strip() and read:
                    # a paragraph that opens on the quotation after one where nobody speaks: the person that one
                    # ends on ('His wife, Marie-Ange Tiéoué, drove from Poum. // "I cooked rice ...," she said')
                    paragraph = text[read[-1][0] : read[-1][1]]
                    if _last_speaker(paragraph, places, orgs)[0] is None:
                        speaker = _sentence_subject(text, paragraph, people, places, orgs)
                if speaker is None and _UNNAMED_PERSON.search(_unquoted(text[para_start:mark_start])):
                    speaker = UNNAMED  # "... by an Algerian member of parliament. He described it as "...""
                if speaker is None:
                    speaker = _spoke_since(text, reversed(read), named_at, places, orgs) or last_named
                    speaker = speaker if speaker is not None else (people[0] if people else None)
                if speaker is None:
                    speaker = _who_before(text, mark_start, named)
                speaker = speaker or None  # UNNAMED: nobody
            if speaker is not None and speaker.startswith(THE) and speaker[len(THE) :] in STATE_BODIES:
                speaker = _whose(text[:mark_start], speaker[len(THE) :], peoples | places)
            elif speaker is not None and speaker.startswith(THE):
                speaker = _titled(text[:mark_start], speaker[len(THE) :], people)
            if speaker is not None and speaker.startswith(ITS):
                # "a spokesperson for the group said": the group named last, in the paragraph or the one before
                start_of = read[-1][0] if read else para_start
                speaker = _named_as(text[start_of:mark_start], speaker[len(ITS) :])
            if speaker is not None and _for_an_organisation(speaker):
                # "the company said", "it said": the organisation that spoke last, nearby
                kind = speaker[len(IT) + 1 :]
                before = [(para_start, mark_start), *reversed(read[-4:])]
                speaker = None
                for number, (a, b) in enumerate(before):
                    speaker = _last_organisation(text[a:b], orgs, kind)
                    if speaker is not None or (number >= 1 and not _only_organisations_spoke(text[a:b])):
                        break  # up to the paragraph before; further while only "it" or "the company" spoke
            if speaker is not None and normal_form(speaker) in peoples:
                speaker = None  # "a Russian spokesman": a people speaks for nobody in particular
            if speaker is not None and speaker in datelines:
                speaker = None  # "SAINT PAUL — The woman who kept the books ...": where it was filed, nobody
            if speaker is None:
                previous = None
                if mark_start == run_on:
                    waiting = [*goes_on[1], (start, end)] if continued else [(start, end)]
                continue
            for place in datelines:  # "KABUL – The Islamic Emirate said": the dateline is no part of it
                if speaker.startswith(place + " "):
                    speaker = LEADING_THE.sub("", speaker[len(place) + 1 :])
            if len(speaker.split()) == 1:
                alone = speaker
                speaker = _spelled_out(original, speaker) or _initialled(original, speaker) or _full_name(text, speaker)
                if speaker == alone and alone not in people:
                    # "A Kessler spokesperson said" where the text named "Kessler Steel's Ambridge Works"
                    speaker = _named_whole(original, alone) or alone
            elif len(fuller := _fuller_people(people, orgs, speaker)) == 1:
                speaker = fuller.pop()  # "Hanuman Ram said" where the text named "farmer Hanuman Ram Godara"
            elif len(joined := _joined_surnames([*people, *(f.speaker for f in found)], speaker)) == 1:
                speaker = joined.pop()  # "Puig i Serra said" where the text named "Jordi Puig i Serra"
            elif speaker not in people and len(longer := _longer_names(item.entities, speaker)) == 1:
                speaker = longer.pop()  # "a Tundra Crest spokeswoman said" where "Tundra Crest Energy" was named
            elif speaker not in people and (whole := _named_whole(original, speaker)) is not None:
                speaker = whole  # "Prairie Pacific said" where the text named "Prairie Pacific Railway"
            elif speaker not in people:
                speaker = _as_first_named(text, speaker)  # "Red Boricua" first named "Red Boricua de Energía"
            speaker = _as_written(original, speaker)
            last_named, named_at = speaker, mark_start
            if continued:  # the paragraphs before that left it open, their speaker now known
                found.extend(_Found(speaker, a, b, -1) for a, b in goes_on[1])
            previous = _Found(speaker, start, end, attributed_to)
            found.append(previous)
            if mark_start == run_on:
                carried = previous
        read.append((para_start, para_end))
    return found


_OPENING_MARKS = frozenset('"“')
_ACRONYM_WORD = re.compile(r"[A-Z]{2,6}")
_LINKS = frozenset("of the for and de del la las los y du des di da do".split())


def _spelled_out(text: str, acronym: str) -> str | None:
    """The name an acronym stands for where ``text`` spells it out before it in brackets ("the Administradora
    Boliviana de Carreteras (ABC)": a speaker "ABC" is the roads agency by its name), its capitals' initials the
    acronym's letters; None when the text never does."""
    if _ACRONYM_WORD.fullmatch(acronym) is None:
        return None
    for found in re.finditer(rf"\(\s*{acronym}\s*\)", text):
        words = text[max(0, found.start() - 160) : found.start()].split()
        initials, taken = "", 0
        for word in reversed(words):
            bare = word.strip(",;:")
            if bare != word and taken:
                break  # a comma ends the name
            if bare[:1].isupper():
                initials = bare[0] + initials
            elif bare.lower() not in _LINKS:
                break
            taken += 1
            if initials == acronym and bare[:1].isupper():
                return " ".join(words[len(words) - taken :])
            if len(initials) >= len(acronym):
                break
    return None


_BODY_ENDS = frozenset(
    "Railway Railways Company Corporation Group Energy Bank Authority Agency Airways Airlines Holdings Mining "
    "Resources Power Shipping Cooperative Utilities Telecom Steel Chemicals Foods Motors Ports Petroleum Oil "
    "Gas".split()
)
"""Last words of a company's or an agency's name ("Prairie Pacific Railway"): not of another body the name opens
("Jefferson Parish Council", the parish's council; "Daejin Motor Workers' Union")."""


def _named_whole(text: str, name: str) -> str | None:
    """A body's name as the text writes it in full, the name and a word that says what kind of body it is
    ("Prairie Pacific" of "Prairie Pacific Railway"), when the text writes it so one way only; else None."""
    ends = {m.group(1) for m in re.finditer(rf"\b{re.escape(name)}\s+([{_UPPER}][\w-]*)\b", text)}
    ends &= _BODY_ENDS
    return f"{name} {ends.pop()}" if len(ends) == 1 else None


def _initialled(text: str, acronym: str) -> str | None:
    """The name an acronym stands for where ``text`` names a body whose first capitalised words' initials are its
    letters, without brackets ("The Municipal District of Pincher Creek said ... the MD said": the district); None
    when no name opens so, or two different ones do."""
    if _ACRONYM_WORD.fullmatch(acronym) is None:
        return None
    word = rf"[{_UPPER}][\w'’-]*"
    found = set()
    for m in re.finditer(rf"\b{word}(?:\s+(?:(?:of|the|and|for|de|del|la)\s+)*{word})+", text):
        name = LEADING_THE.sub("", m.group(0))
        words = name.split()
        head = []
        for w in words:
            if not w[:1].isupper():
                break
            head.append(w)
        if all(_is_title(w) for w in head):
            continue  # "the PM": a title, not a body
        capitals = "".join(w[0] for w in words if w[:1].isupper())
        if capitals == acronym or ("".join(w[0] for w in head) == acronym and len(head) < len(words)):
            found.add(name)  # "Columbia Shuswap Regional District"; "Municipal District of Pincher Creek"
        elif len(words) > 2 and capitals[1:] == acronym and words[1].lower() in _KINDS_OF_BODY:
            found.add(name)  # "DEQ" of "the Louisiana Department of Environmental Quality": a state first
    return found.pop() if len(found) == 1 else None


def _left_open(text: str, start: int, end: int) -> int | None:
    """Where a quotation opens in ``text[start:end]`` (a paragraph after its last closed quotation) that no mark
    closes in it, or None: an opening mark at a word's start, no closing mark after it. In news copy a
    quotation of several paragraphs leaves each but its last open and opens the next one with a mark again."""
    at = min((i for i in (text.find('"', start, end), text.find("“", start, end)) if i >= 0), default=-1)
    if at < 0 or (at > 0 and not text[at - 1].isspace() and text[at - 1] not in "([—–") or at + 1 >= end:
        return None  # no mark, or an inch's ('a 12" pipe')
    if text[at + 1].isspace() or '"' in text[at + 1 : end] or "”" in text[at + 1 : end]:
        return None
    return at


_LEGAL_FORMS = frozenset("Corp. Corp Inc. Inc Ltd. Ltd Limited plc PLC LLC AG SA S.A. GmbH NV BV Co. Co".split())


def _joined_surnames(people: Collection[str], name: str) -> set[str]:
    """The people (the recogniser's, and the speakers found before) whose names end on ``name``, a surname of two
    joined by a particle ("Puig i Serra" of "Jordi Puig i Serra", "van der Merwe" of "Marietjie van der Merwe")."""
    words = name.split()
    if len(words) < 2 or not any(w in _PARTICLE_WORDS for w in words[:-1]):
        return set()
    return {p for p in people if p.endswith(" " + name) and p[: -len(name)].strip()[:1].isupper()}


def _fuller_people(people: Collection[str], orgs: Collection[str], name: str) -> set[str]:
    """The people the recogniser named whose names are ``name`` of two words or more and one word after it ("Hanuman
    Ram Godara" for "Hanuman Ram", a first name of two words); none for a body's name (``orgs``, normal forms:
    "Daejin Motor" is no first name of "Daejin Motor Workers' Union")."""
    words = len(name.split())
    if words < 2 or any(org.startswith(normal_form(name)) for org in orgs):
        return set()
    return {p for p in people if p.startswith(name + " ") and len(p.split()) == words + 1}


_OTHER_BODY = frozenset("union workers workers' staff association federation council committee board chamber".split())
"""Words that make a name and two words after it another body ("Daejin Motor Workers' Union"), not the fuller name of
the one it opens ("Grand Erie Health Partners" for "Grand Erie")."""


def _longer_names(entities: Collection[tuple[str, str]], name: str) -> set[str]:
    """The organisations the recogniser found whose names are ``name`` and one word after it ("Tundra Crest
    Energy" for "Tundra Crest"; not a legal form, "Corp.", nor "Daejin Motor Workers' Union", another body for
    "Daejin Motor"), or two that make no other body (:data:`_OTHER_BODY`: "Grand Erie Health Partners" for "Grand
    Erie"), none if a person's is so."""
    longer = {LEADING_THE.sub("", t) for t, _ in entities}
    longer = {
        t
        for t in longer
        if t.startswith(name + " ")
        and t.split()[-1] not in _LEGAL_FORMS
        and (
            len(t.split()) == len(name.split()) + 1
            or (len(t.split()) == len(name.split()) + 2 and _OTHER_BODY.isdisjoint(t[len(name) :].lower().split()))
        )
    }
    labels = {label for t, label in entities if LEADING_THE.sub("", t) in longer}
    return longer if labels == {"ORG"} else set()


def _for_an_organisation(speaker: str) -> bool:
    """Whether :func:`_speaker_before_verb` found "it", "the company" (``IT``) or "the agency" (``IT:agency``):
    an organisation that spoke before, not a name."""
    return speaker == IT or speaker.startswith((IT + ":", ITS))


def _named_as(text: str, kind: str) -> str | None:
    """The organisation ``text`` names last as a ``kind`` ("group"): "the Lake Rescue Volunteers group",
    "Yukon Rivers Watch, a conservation group", "the Kessel Rescue Group"; None if none is."""
    name = r"(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:(?:and|of|&)\s+)?[A-Z][\w'’&.-]*){0,5})"
    patterns = (
        rf"{name}\s+{kind}\b",
        rf"{name},\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,3}}?{kind}\b",
        rf"(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:(?:and|of|&)\s+)?[A-Z][\w'’&.-]*){{0,5}}\s+{kind.title()})\b",
    )
    last: tuple[int, str] | None = None
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            words = m.group("name").split()
            while words and words[0].lower() in STOP_WORDS:
                words = words[1:]  # "The Lake Rescue Volunteers group"
            if words and (last is None or m.start() > last[0]):
                last = (m.start(), " ".join(words))
    return last[1] if last is not None else None


def _only_organisations_spoke(text: str) -> bool:
    """Whether every speech verb of ``text`` (none at all included) has "it", "the company" or "the
    statement" for its subject: a paragraph the organisation of a later "the statement said" may lie beyond
    ("Tasman Forest Estate said ... / In a statement, the company said ... It said ... / "...," the
    statement said")."""
    for _, head in _verbs_back(text):
        speaker = _speaker_before_verb(head.split(",")[-1])  # "In a statement issued later, the company"
        if speaker is None or not _for_an_organisation(speaker):
            return False
    return True


def _titled(text: str, title: str, people: Collection[str]) -> str | None:
    """Who "the minister" of "the minister said" is: the person named last in ``text`` with that title
    before the name ("Minister Olu Adebayo", "the minister, Olu Adebayo") or after it ("Olu Adebayo,
    the minister,"); None when no one was named so (the quotation stays unattributed, as before)."""
    before = re.compile(rf"\b(?i:{title})\b(?:,?\s+(?:[{_UPPER}][\w'’-]*|of|the|for|and))*,?\s*$")
    after = re.compile(rf"^,\s+(?:the|a|an)?\s*(?:[\w'’-]+\s+){{0,3}}{title}\b", re.I)
    best: tuple[int, str] | None = None
    for person in set(people):
        for mention in re.finditer(rf"\b{re.escape(person)}\b", text):
            if before.search(text[max(0, mention.start() - 60) : mention.start()]) or after.match(
                text[mention.end() : mention.end() + 60]
            ):
                if best is None or mention.start() > best[0]:
                    more = _MORE_NAME.match(text, mention.end())
                    # "Sheikh Omar bin Said Kitwana", the recogniser's "Omar bin Said": the name goes on
                    whole = f"{person} {more.group(1)}" if more and _second_surname(text, more.group(1)) else person
                    best = (mention.start(), whole)
    if best is None:
        # past the lead the recogniser read: the last name written after the title ("Sheikh Omar bin Said Kitwana")
        word = _CAPITALISED
        written = list(re.finditer(rf"\b(?i:{title})\s+({word}(?:\s+(?:(?:{_PARTICLES})\s+)?{word}){{1,4}})", text))
        # "Mayor Rajendra Jaikarran of Anna Regina said": the person, not the town (:func:`_person_of`)
        return _clean_name(_person_of(_NAME_WORD.findall(written[-1].group(1)))) if written else None
    return _clean_name(_person_of(_NAME_WORD.findall(best[1])))


_MORE_NAME = re.compile(rf" ({_CAPITALISED})\b(?![\w'’-]* (?:said|says|told|added)\b)")
"""A capitalised word right after a name the recogniser cut short ("Omar bin Said" of "Omar bin Said Kitwana")."""


STATE_BODIES = frozenset({"army", "navy", "military", "government", "presidency", "junta"})
"""A state's body that speaks as itself ("the army said"): the one the article named with its state
before (:func:`_whose`)."""


def _whose(text: str, body: str, states: Collection[str]) -> str | None:
    """Which ``body`` "the army said" is: the one ``text`` names last with a people or a place before it, as
    the recogniser knows them (``states``, normal forms), an adjective of place says ("escorted by the Malian
    army") or an owner ("Burkina Faso's army"), as written ("Malian army"); None when it names none so (the
    national army, the army alone)."""
    best: str | None = None
    word = rf"[{_UPPER}](?:[\w-]|['’](?!s\b))*"  # "Chad" of "Chad's", "N'Djamena"
    owner = rf"{word}(?:\s+{word}){{0,2}}"
    for m in re.finditer(rf"(?<![\w'’-])({owner})(['’]s)?\s+({body})\b", text):
        words = m.group(1).split()
        while words and words[0].lower() in STOP_WORDS:
            words = words[1:]  # "The Yemeni government": a sentence's first word
        name = " ".join(words)
        owned, adjective = m.group(2) is not None, len(words) == 1 and name.endswith(ADJECTIVE_ENDINGS)
        if name and (normal_form(name) in states or owned or adjective):
            best = name + (m.group(2) or "") + " " + m.group(3)
    return best


_DIGRAPHS = "(?:Ch|Gh|Kh|Ph|Sh|Th|Ts|Zh|Ya|Ye|Yu)"
"""A name's initial of two letters, one sound of another alphabet ("Christos Ph. Georgiades", "Yu. Petrov")."""
_ABBREVIATION = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|Mx|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Adm|Cdr|Cmdr|Det|Brig|Rev|Fr|Sen|Rep|Gov|Supt|Insp|Hon|St|Mt|Ft|Md)"
    r"\.(?= )"
    rf"|(?<![\w.])((?:[{_UPPER}]\.)*[{_UPPER}]|{_DIGRAPHS})\.(?= [{_UPPER}])"
)
"""A title's abbreviation, or a saint's, a mount's or a fort's ("the St. Augustin River"), or a name's
initial ("said K. Prasannan", "R. K. Menon", "Benedikt Ó. Sigurðsson", "Christos Ph. Georgiades"), or initials
written together ("Jason C.H. Pan"): its full stop ends no sentence."""
_INITIALS = re.compile(rf"(?<![\w.])([{_UPPER}]|{_DIGRAPHS})(?= )")
"""An initial as :data:`_ABBREVIATION` leaves it ("K Prasannan"), to give its full stop back."""


def _as_written(original: str, speaker: str) -> str:
    """``speaker`` as ``original`` writes it: a name whose initials lost their full stops to
    :data:`_ABBREVIATION` ("K Prasannan") with them again ("K. Prasannan")."""
    if _INITIALS.search(speaker) is None:
        return speaker
    dotted = _INITIALS.sub(r"\1.", speaker)
    if dotted in original:
        return dotted
    joined = _JOINED.sub(lambda m: m.group(0).replace(" ", ".") + ".", speaker)  # "Jason C.H. Pan"
    return joined if joined in original else speaker


_JOINED = re.compile(rf"(?<![\w.])[{_UPPER}](?: [{_UPPER}])+(?= )")
"""Initials :data:`_ABBREVIATION` left apart ("C H") that the text writes together ("C.H.")."""


_ROLES = frozenset(
    "survivor passenger witness bystander commuter motorist shopper pensioner homeowner villager protester "
    "neighbour neighbor trader driver soldier".split()
)
"""What someone is in a story, not a trade, written before their name ("Survivor Beatrice Akinyi Odhiambo
said"): no part of it. Nor of an organisation's name ("Passenger Transport Authority")."""
_UNNAMED_PERSON = re.compile(
    r"\b(?:a|an|one|another)\s+(?:[\w'’-]+\s+){0,3}?(?:member|official|resident|driver|trader|worker|man|woman|"
    r"witness|source|diplomat|officer|soldier|farmer|teacher|student|spokesman|spokeswoman|spokesperson|analyst|"
    r"executive|lawmaker|legislator|parliamentarian|deputy|mother|father|doctor|nurse|leader|elder|villager|"
    r"survivor|passenger|fisherman|miner|employee|manager|engineer|activist|protester|lawyer|neighbou?r|"
    r"bystander|customer|shopper|homeowner|parent|pensioner|patient|volunteer|motorist|commuter|local|"
    r"supporter|fan|spectator|onlooker|tourist|visitor|holidaymaker|hiker|surfer|tenant|rider|"
    + "|".join(sorted(OCCUPATIONS))
    + r")s?\b"
    r"|\bone\s+of\s+(?:the|its|their|his|her)\s+(?:[\w'’-]+\s+){0,2}?[a-z]+(?:ers|ors|ants|ents|ists|men|ees|ans)\b",
    re.I,
)
"""An unnamed person brought in before a pronoun ("by an Algerian member of parliament", "one of the loader
operators on the evening shift"): "he" is nobody we can name."""
_VOICE = re.compile(r"spokes|official|representative|statement", re.I)


def _someone_unnamed(attribution: str) -> bool:
    """Whether an attribution after a quotation opens on someone unnamed ("one fisherman said as he mended his nets"),
    not an organisation's voice ("a company spokesperson said")."""
    return _UNNAMED_PERSON.match(attribution) is not None and _VOICE.search(attribution) is None


def _unquoted(text: str) -> str:
    """``text`` without its quotations."""
    return _QUOTED.sub(" ", text)


def _sentence_subject(
    text: str, before: str, people: Collection[str], places: Collection[str], orgs: Collection[str]
) -> str | None:
    """The person the sentence just before a quotation opens with, in its paragraph ("Chief executive
    Tom Ravensworth blamed a wet April. "...," he said"; "Ankrah, who came on late, bent his shot into
    the corner. "...," he said"), or None: a person, as the recogniser says (``people``) or as a title
    or a job before the name in the sentence says."""
    start = _sentence_start(before, len(before) - 1, 0) if before.strip() else 0
    sentence = before[start:]
    if not sentence.strip() or '"' in sentence or "“" in sentence or "”" in sentence:
        return None
    if start > 0 and (_PRONOUN_OPENS.match(sentence) or _KIN_UNNAMED.match(sentence)):
        # "Rosalie Kenny, 78, has taught there since 2009. She showed the students ... "...," she said":
        # the person the sentence before opens with
        return _sentence_subject(text, before[:start], people, places, orgs)
    inverted = _INVERTED.match(sentence)
    if inverted is not None:
        return inverted.group("name")  # "Among them was George Ouma Okoth, whose brother is missing."
    titled = _TITLE_OF_FIRST.match(sentence)
    if titled is not None and titled.group("title").split()[-1].lower() in TITLES:
        # "The Mayor of Lüderitz, Hendrina Olivier, went to the quay": the name the apposition gives
        return _sentence_subject(text, sentence[titled.end() :], people, places, orgs)
    if _WHOSE_RELATION.match(sentence) is None and (description := _DESCRIPTION_FIRST.match(sentence)) is not None:
        # "The opposition MUK's candidate, S. Mohanasundaram, dismissed the explanation": the name apposed to it
        return _sentence_subject(text, sentence[description.end() :], people, places, orgs)
    if (opening := _PLACE_FIRST.match(sentence)) is not None:
        # "At the corner of Avenida Brasil, Yolanda Cortés, 72, had been watching the work": the person after the
        # place the sentence opens on
        return _sentence_subject(text, sentence[opening.end() :], people, places, orgs)
    words = _NAME_WORD.findall(sentence)
    first = 1 if words[:1] == ["The"] and len(words) > 1 and words[1] in TITLES else 0  # "The minister, Clare Boyd,"
    kin = _WHOSE_RELATION.match(sentence)
    if kin is not None:  # "Her brother, Tomas Berg, waited at the quay": the name the apposition gives
        first = len(_NAME_WORD.findall(kin.group()))
    lead = first
    while lead < min(len(words), 3) and (words[lead].lower() in BEFORE_A_NAME or words[lead].islower()):
        lead += 1  # "Chief executive", "Hearts coach", "Farmer"
    run = _name_run(words[lead:], from_end=False)
    comma = sentence.find(",")
    upto = len(_NAME_WORD.findall(sentence[:comma])) if comma >= 0 else len(words)
    cut = lead < upto < lead + len(run)
    if cut:
        run = run[: upto - lead]  # "Lucy Kashatok, Raymond's wife, waited": the name ends at the comma
    if not run or any(w.lower() in STOP_WORDS for w in words[first:lead]) or run[0].lower() in STOP_WORDS:
        return None
    rest = words[lead + len(run) :]
    apposed = re.match(rf"[^,]*?{re.escape(run[-1])}\s*,", sentence) is not None  # "X Y, head of the service,"
    if rest and rest[0].lower() in TITLES and not apposed:  # "Raków coach Tomasz Wielgosz praised": a club, a job
        later = _name_run(rest[1:], from_end=False)
        if len(later) < 2:
            return None
        lead, run = lead + len(run) + 1, later
    run = _person_of(run)  # "Kirsty Dunleavy of the Bruny Shores Alliance": the person
    following = words[lead + len(run) : lead + len(run) + 1]
    name = _clean_name(run)
    if name is None or (following and not following[0].islower() and not cut):
        return None
    full = _full_name(text, name) if len(name.split()) == 1 else name
    after = sentence[sentence.find(run[-1]) + len(run[-1]) :]
    size = sum(1 for w in run if w not in _CONNECTORS)  # "Marguerite van den Berg": three words of a name
    if size > 3:
        size = sum(1 for w in run if w not in _CONNECTORS and len(w) > 1)  # "María X. Castro Rañal": three too
    if size == 1 and full != name:
        size = sum(1 for w in full.split() if w not in _CONNECTORS)  # "Chanthalath, who ...": "Xaysana Chanthalath"
    aged = 2 <= size <= 3 and _AGED_OR_WHO.match(after) is not None  # a person, whatever the recogniser says
    # one name and an age: "Nurhayati, 41, a trader from Benteng, was pulled from the water" (many people
    # go by one name)
    aged = aged or (len(run) == 1 and _ONE_NAME_AGED.match(after) is not None)
    if {normal_form(name), normal_form(full)} & (set(places) | set(orgs)) and not aged:
        return None
    known = {normal_form(p) for p in people}
    # The recogniser reads only an article's lead: past it, a name of two or three words described as a
    # person is ("Noelene Firth, who has owned a shack", "Kirsty Dunleavy of the Bruny Shores Alliance")
    described = 2 <= size <= 3 and _DESCRIBED_PERSON.match(after)
    trade = len(name.split()) < len(run) and len(run) > 2  # "Biologist Hélène Marchand-Oakes": a trade dropped
    # A name of two or three words, none of them a word the article writes in lower case ("Cholpon Sadykova has
    # sold flour", not "Osh Bazaar has", "the bazaar"), is a person's when a pronoun takes it up.
    proper = 2 <= size <= 3 and not any(
        word.lower() in _NOT_A_NAME or _in_lower_case(text, word) for word in run if word not in _CONNECTORS
    )  # nor a word of a body's name ("Ostrow Harbour Board")
    return (
        full
        if lead > 0 or trade or normal_form(full) in known or normal_form(name) in known or described or proper or aged
        else None
    )


_PRONOUN_OPENS = re.compile(r"\s*(?:(?:[A-Z][^,\"“”.]{0,60}),\s+)?(?:He|She|he|she)\s")
"""A sentence whose subject is "he" or "she", after an opening phrase at most ("Outside, he told the Herald: ";
"Asked whether his lyrics were crude, he said"): the person is the sentence before's."""

_KIN_UNNAMED = re.compile(
    r"\s*(?:His|Her)\s+(?:son|daughter|husband|wife|brother|sister|mother|father|child|children|grandson"
    r"|granddaughter|nephew|niece|partner|boy|girl)\b(?!\s*,\s+[A-Z])"
)
"""... or whose subject is their relative, unnamed ("Jacinta Preciado, 52, had come from Esmeraldas. Her son, 27, had
been serving a sentence. "...," she said"): the person is the sentence before's, too."""

_DESCRIPTION_FIRST = re.compile(
    r"\s*The\s+(?:[\w'’.-]+\s+){0,4}?[a-z][\w-]*,\s+(?=[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3},)"
)
"""A sentence opening on a description of someone, then their name between commas ("The opposition MUK's candidate,
S. Mohanasundaram, dismissed ...")."""
_TITLE_OF_FIRST = re.compile(r"\s*The (?P<title>[A-Z][\w-]*(?: [A-Z][\w-]*)?) (?:of|for) [^,\"“”]{2,60},\s+(?=[A-Z])")
"""A sentence's opening on a title of a place or a body, up to its first comma ("The Mayor of Lüderitz, ...")."""

_PLACE_FIRST = re.compile(
    r"\s*(?:At|In|On|Outside|Inside|Near|Beside|Behind|Across|Along|Under|Above|Below|Before|After|During)"
    r"\s[^,\"“”]{3,80},\s+(?=[A-Z]|[a-z]+ [A-Z]|the\s)"
)
"""A sentence's opening on a place or a time, up to its first comma ("At the corner of Avenida Brasil and Calle
Serrano, ..."; "In Hvalba, shopkeeper Jórun Dam ..."; "Before the performance, the company's general director, ...")."""


_NOT_A_NAME = (
    _KINDS
    | _INSTITUTIONS
    | BEFORE_A_NAME
    | frozenset(
        "port harbour harbor airport station bazaar market railway railways hospital clinic plant mill mine".split()
    )
)


def _in_lower_case(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` in lower case somewhere: a common word, not a name."""
    lower = word.lower()
    return lower != word and lower in _tokens(text)


_WORD_TOKEN = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=16)
def _tokens(text: str) -> frozenset[str]:
    """The words of ``text`` as written (an article's, asked of each name it holds)."""
    return frozenset(_WORD_TOKEN.findall(text))


_AGED_OR_WHO = re.compile(r",\s+(?:who\s|whose\s|\d{1,3},)")
_ONE_NAME_AGED = re.compile(r",\s+\d{1,3},")
"""What follows only a person's name: ", who ...", ", whose ...", ", 64," ("Agnes Mwikali, 64, has sold fish":
a person even where the recogniser called her a place)."""
_COMPANY_KINDS = frozenset(
    "manufacturer operator developer regulator insurer lender carrier utility state foreign interior defence defense "
    "finance sports health police general vice".split()
)  # words of TITLES that describe a firm or a body, or only begin a title ("the state carrier", "the interior")
_PERSON_JOBS = "|".join(sorted((TITLES | OCCUPATIONS) - _COMPANY_KINDS))
_DESCRIBED_PERSON = re.compile(
    r",\s+(?:who\s|whose\s|\d{1,3},|an?\s+[a-z])|\s+of\s+the\s+[A-Z]"
    rf"|,\s+the\s+(?:[\w-]+['’]s\s+)?(?:[a-z-]+\s+){{0,2}}(?:{_PERSON_JOBS})\b"
)
"""What follows a person's name, not a place's: ", who ...", ", whose ...", ", 45,", ", a farmer", " of the
Bruny Shores Alliance", ", the school's director", ", the deputy head" (a person's job, not a firm's kind: "the
state carrier")."""
_WHOSE_RELATION = re.compile(
    rf"\s*(?:His|Her|Their|[Tt]he(?:\s+[{_UPPER}][\w'’-]*){{0,3}}|[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}][\w'’-]*){{0,3}}['’]s)"
    r"\s+(?:[a-z][\w'’-]*\s+){0,5}[a-z][\w'’-]*,\s+(?=[A-Z])"
)
"""A sentence that opens with someone's relation or helper and then names them between commas ("His
mother, Ana Lind, had waited all night"; "Kelera Dravuni's brother, Jone Dravuni, spent the day"): the person is
the name, not "His" or the one whose relation they are. Also a job so ("Norland's minister of ports and energy, Ana
Beltrão, welcomed the plan"; "The Kesso district administrator, Marta da Silveira, met both sides")."""
_INVERTED = re.compile(
    rf"\s*[A-Z][a-z]*(?:\s+[a-z]+){{0,6}}\s+(?:was|is)\s+(?P<name>[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}][\w'’-]*){{1,3}})"
    r"(?=,\s+(?:who\s|whose\s|\d{1,3},|the\s+[a-z]+\s+of\s))"
)
"""A sentence whose subject stands after its verb, a person described as only a person is ("Among them was
George Ouma Okoth, whose brother is missing.", "Also at the quay was Tom Reid, 58, ..."): "he" of the next
quotation. Not "The nearest landing is Sena Beach, a fishing village": a place."""


def _spoke_since(
    text: str, paragraphs: Iterable[tuple[int, int]], since: int, places: Collection[str], orgs: Collection[str]
) -> str | None:
    """The subject of the last speech verb after position ``since`` in ``paragraphs`` (latest
    first; each read on its own, as a quotation's marks pair within a paragraph), or None."""
    for para_start, para_end in paragraphs:
        if para_end <= since:
            return None
        speaker, at = _last_speaker(text[para_start:para_end], places, orgs)
        if speaker is not None:
            return speaker if para_start + at > since else None
    return None


def theme_quotes(items: Sequence[AnalysedArticle], limit: int = MAX_QUOTES) -> tuple[Quote, ...]:
    """The quotations of a theme's articles: speakers merged across spellings, the same words
    quoted by several articles once, most articles first (then the best-known speaker, then
    the order of the articles)."""
    found = article_memo.each(_QUOTES, items, find_quotes, article_memo.module_stamp_of(__name__))
    per_article = list(zip(items, found, strict=True))
    # The speakers join the key-actor merge as people: "Dar" finds "Ishaq Dar" among them. Each article's own
    # entities' runs are those the theme's key actors read (made once in group.theme_parts' within block).
    speakers = [[q.speaker for q in quotes] for _, quotes in per_article]
    actors = key_actors(items, limit=None, places=False, speakers=speakers)
    names = _names(actors)
    prominence = {e.name: e.articles for e in actors}
    merged: dict[tuple[str, str], list[str]] = {}
    for item, quotes in per_article:
        text = item.article.text
        for q in quotes:
            speaker = names.get(normal_form(q.speaker), q.speaker)
            ids = merged.setdefault((speaker, text[q.start : q.end]), [])
            if item.article.id not in ids:
                ids.append(item.article.id)
    order = {key: i for i, key in enumerate(merged)}
    ranked = sorted(merged, key=lambda k: (-len(merged[k]), -prominence.get(k[0], 0), order[k]))
    return tuple(Quote(speaker, words, tuple(merged[(speaker, words)])) for speaker, words in ranked[:limit])


_QUOTES: article_memo.Memo[list[_Found]] = article_memo.Memo("quotes")
"""Each article's :func:`find_quotes` (see :mod:`briefer.article_memo`): read, never changed."""


def _names(actors: Iterable[Entity]) -> dict[str, str]:
    """Normal form of every spelling -> the merged name."""
    out: dict[str, str] = {}
    for e in actors:
        for spelling in (e.name, *e.variants):
            out.setdefault(normal_form(spelling), e.name)
    return out


def key_quotes(quotes: Sequence[Quote], limit: int) -> tuple[Quote, ...]:
    """What an edition shows: the first quotation of each speaker in turn, up to ``limit``.

    Only statements: a quotation that opens like a sentence, or runs to
    :data:`KEY_MIN_WORDS` words. A phrase set in quotation marks inside a reporter's
    sentence ("in good faith", "channels remain open") says little once lifted out of
    it; a long clause lifted so ('"but the networks that move it are still in place ...",
    according to ...') comes after the quotations that open like a sentence. briefing.json
    keeps every quotation."""

    def opens(q: Quote) -> bool:
        return q.text[:1].isupper() or q.text[:1].isdigit()

    statements = sorted(
        (q for q in quotes if opens(q) or len(q.text.split()) >= KEY_MIN_WORDS), key=lambda q: not opens(q)
    )
    speakers: Counter[str] = Counter()
    picked: list[Quote] = []
    for rounds in range(limit):
        for q in statements:
            if len(picked) >= limit:
                break
            if speakers[q.speaker] == rounds and q not in picked:
                picked.append(q)
                speakers[q.speaker] += 1
    return tuple(picked)
