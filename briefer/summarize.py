"""Summarize: extractive summaries, per article (sumy) and per theme (our ranking).

Every sentence returned is a sentence of its article exactly as the analyse
stage cut it from the text, never rewritten; it carries the ids of the
articles it comes from.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.en.stop_words import STOP_WORDS

from briefer.models import AnalysedArticle, SummarizedArticle, SummarySentence
from briefer.text import squash

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class SpacyTokenizer:
    """The tokenizer interface sumy expects, without NLTK's downloaded data.

    Sentences are already cut by spaCy in the analyse stage; ``to_words``
    only needs to find the words of one sentence.
    """

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # pragma: no cover - sentences come from spaCy
        return (paragraph,)

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


@lru_cache(maxsize=8)
def _summarizer(algorithm: str) -> Any:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer, "sumbasic": SumBasicSummarizer, "kl": KLSummarizer,
    }
    summarizer = classes[algorithm](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def _candidates(item: AnalysedArticle) -> list[int]:
    """Indexes of sentences fit for a summary: not the headline again, not a fragment."""
    title = squash(item.article.title).lower()
    out = []
    for i, sentence in enumerate(item.sentences):
        words = _WORD.findall(sentence)
        if squash(sentence).lower() == title or len(words) < 4:
            continue
        out.append(i)
    return out


def summarize_article(item: AnalysedArticle, algorithm: str, count: int) -> SummarizedArticle:
    """``count`` sentences of the article, in article order."""
    candidates = _candidates(item)
    if len(candidates) <= count:
        chosen = candidates
    elif algorithm == "lead":
        chosen = candidates[:count]
    else:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        tokenizer = SpacyTokenizer()
        document = ObjectDocumentModel([Paragraph([Sentence(item.sentences[i], tokenizer) for i in candidates])])
        position = {}
        for i in candidates:
            position.setdefault(item.sentences[i].strip(), i)
        picked = _summarizer(algorithm)(document, count)
        chosen = sorted(position[str(s)] for s in picked)
    summary = tuple(
        SummarySentence(text=item.sentences[i], article_ids=(item.article.id,), position=i) for i in chosen
    )
    return SummarizedArticle(analysed=item, summary=summary)


def summarize_articles(items: Sequence[AnalysedArticle], algorithm: str, count: int) -> list[SummarizedArticle]:
    return [summarize_article(item, algorithm, count) for item in items]


# -- multi-article summaries ------------------------------------------------


def _vectorize(lemma_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(
        analyzer=lambda seq: [w for w in seq if w not in STOP_WORDS and _WORD.fullmatch(w)],
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(lemma_lists)
    except ValueError:  # no words at all
        return sparse.csr_matrix((len(lemma_lists), 1))
    return matrix.tocsr()


def centrality(similarity: np.ndarray, damping: float = 0.85, iterations: int = 100) -> np.ndarray:
    """LexRank with continuous weights: PageRank over the similarity graph (vectorised)."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, row_sums, out=np.full_like(weights, 1.0 / n), where=row_sums > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-9:
            scores = updated
            break
        scores = updated
    return scores


def summarize_group(
    articles: Sequence[SummarizedArticle],
    count: int,
    redundancy: float = 0.5,
    diversity: float = 0.7,
) -> tuple[SummarySentence, ...]:
    """A multi-article summary: central sentences first, no near-repeats, several articles.

    Candidates are each article's own summary sentences. They are ranked by
    centrality among all candidates, then picked greedily (maximal marginal
    relevance): a candidate too similar to one already picked is skipped, and
    a second sentence from an article already cited counts less.
    """
    candidates: list[tuple[SummarizedArticle, SummarySentence]] = [
        (item, sentence) for item in articles for sentence in item.summary
    ]
    if not candidates:
        return ()
    lemma_lists = [item.analysed.sentence_lemmas[s.position] for item, s in candidates]
    matrix = _vectorize(lemma_lists)
    similarity = (matrix @ matrix.T).toarray()
    scores = centrality(similarity)
    top = scores.max() or 1.0
    relevance = scores / top
    chosen: list[int] = []
    used_articles: dict[str, int] = {}
    seen_text: set[str] = set()
    order = list(np.argsort(-relevance, kind="stable"))
    while len(chosen) < count:
        best, best_value = None, -np.inf
        for i in order:
            if i in chosen:
                continue
            item, sentence = candidates[i]
            if squash(sentence.text).lower() in seen_text:
                continue
            overlap = max((similarity[i, j] for j in chosen), default=0.0)
            if overlap >= redundancy:
                continue
            value = relevance[i] - 0.3 * overlap
            if used_articles.get(item.article.id):
                value *= diversity ** used_articles[item.article.id]
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        chosen.append(best)
        item, _ = candidates[best]
        used_articles[item.article.id] = used_articles.get(item.article.id, 0) + 1
        seen_text.add(squash(candidates[best][1].text).lower())
    out = []
    for i in chosen:
        item, sentence = candidates[i]
        out.append(
            SummarySentence(
                text=sentence.text,
                article_ids=(item.article.id,),
                score=round(float(relevance[i]), 4),
                position=sentence.position,
            )
        )
    return tuple(out)
