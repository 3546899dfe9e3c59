"""Group: sort the day's articles into the configured themes.

Keywords and phrases match on lemmas reduced to their stem, so "mediate"
finds "mediated", "mediating", "mediation" and "mediator" alike; a match in the headline
counts three times, in the lead twice, in the rest once. An article whose
best score stays under the threshold goes to the theme "Other".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

from briefer.analyse import keyword_lemmas
from briefer.config import Theme
from briefer.models import AnalysedArticle

OTHER = "Other"
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
MIN_SCORE = 2.0

_STEMMER = SnowballStemmer("english")


@lru_cache(maxsize=65536)
def _normalize(lemma: str) -> str:
    """Lemma, then Snowball stem: joins derived forms the lemmatizer keeps apart
    (mediation, mediator -> mediat; negotiation -> negoti)."""
    return str(_STEMMER.stem(lemma))


@dataclass(frozen=True)
class ThemeMatcher:
    name: str
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def from_theme(cls, theme: Theme) -> ThemeMatcher:
        phrases = tuple(tuple(_normalize(w) for w in seq) for seq in keyword_lemmas(theme.keywords))
        return cls(theme.name, phrases)

    def count(self, lemmas: Sequence[str]) -> int:
        seq = [_normalize(w) for w in lemmas]
        hits = 0
        for phrase in self.phrases:
            n = len(phrase)
            hits += sum(1 for i in range(len(seq) - n + 1) if tuple(seq[i : i + n]) == phrase)
        return hits

    def score(self, item: AnalysedArticle) -> float:
        return (
            TITLE_WEIGHT * self.count(item.title_lemmas)
            + LEAD_WEIGHT * self.count(item.lead_lemmas)
            + BODY_WEIGHT * self.count(item.body_lemmas)
        )


def assign_themes(
    items: Sequence[AnalysedArticle], themes: Sequence[Theme], min_score: float = MIN_SCORE
) -> dict[str, list[tuple[AnalysedArticle, float]]]:
    """Theme name -> its articles with their scores, in config order, then "Other"."""
    matchers = [ThemeMatcher.from_theme(t) for t in themes]
    groups: dict[str, list[tuple[AnalysedArticle, float]]] = {m.name: [] for m in matchers}
    groups[OTHER] = []
    for item in items:
        scored = [(m.score(item), -i, m.name) for i, m in enumerate(matchers)]
        best = max(scored, default=(0.0, 0, OTHER))
        if best[0] >= min_score:
            groups[best[2]].append((item, best[0]))
        else:
            groups[OTHER].append((item, best[0]))
    for members in groups.values():
        members.sort(key=lambda pair: (-pair[1], -pair[0].article.published.timestamp(), pair[0].article.id))
    return groups
