"""Two small days of our own writing (tests/fixtures/themes), with the themes a desk would configure
and the placements a careful reader would choose."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from nlp_fixtures import article

from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, ThemeScores, explain, score_themes
from briefer.models import AnalysedArticle

FOLDER = Path(__file__).parent / "fixtures" / "themes"

BORDER_THEMES = [
    Theme(name="Mediation", keywords=["mediation", "mediate", "mediator", "good offices", "broker"]),
    Theme(name="Border tensions", keywords=["border", "cross-border", "ceasefire", "airspace", "firing"]),
    Theme(name="Talks", keywords=["talks", "negotiation", "round", "delegation", "dialogue"]),
]
BORDER_READER = {
    "russia-mediation": "Mediation",
    "qatar-good-offices": "Mediation",
    "china-envoy": "Mediation",
    "iran-offer": "Mediation",
    "airspace-violation": "Border tensions",
    "torkham-closed": "Border tensions",
    "chitral-shelling": "Border tensions",
    "doha-round": "Talks",
    "talks-stall": "Talks",
    "negotiators-agenda": "Talks",
    "karachi-stocks": "Other",
    "cricket": "Other",
}
BORDER_READER_DAY_2 = {  # the next day: the envoy story uses no keyword of any theme
    "turkey-envoy": "Mediation",
    "kurram-shelling": "Border tensions",
    "crossing-traders": "Border tensions",
    "third-round": "Talks",
    "rupee": "Other",
}
ENERGY_THEMES = [
    Theme(name="Gas markets", keywords=["gas price", "TTF", "LNG", "gas futures", "spot price"]),
    Theme(name="Households and industry", keywords=["household", "bills", "consumers", "industry", "factories"]),
    Theme(name="Renewables", keywords=["wind", "solar", "renewable", "offshore"]),
    Theme(name="Security of supply", keywords=["storage", "pipeline", "supply", "Norway"]),
]
ENERGY_READER = {
    "household-bills": "Households and industry",
    "chemical-plants": "Households and industry",
    "ttf-jumps": "Gas markets",
    "lng-asia": "Gas markets",
    "offshore-wind": "Renewables",
    "solar-record": "Renewables",
    "storage-full": "Security of supply",
    "norway-pipeline": "Security of supply",
    "competition-head": "Other",
}


@lru_cache(maxsize=3)
def day(name: str) -> tuple[AnalysedArticle, ...]:
    """The day's articles (``border-day``, ``border-day-2`` or ``energy-day``), analysed, in file order."""
    files = sorted((FOLDER / name).glob("*.txt"))
    return tuple(analyse([article(f.stem, f.read_text(encoding="utf-8")) for f in files]))


def placed_in(items: Sequence[AnalysedArticle], scores: ThemeScores) -> dict[str, str]:
    """Each article's theme (the best of those it is placed in), or Other: by article id."""
    return {
        item.article.id: scores.themes[int(row.argmax())] if row.any() else OTHER
        for item, row in zip(items, scores.placed, strict=True)
    }


def placed_and_why(texts: Mapping[str, str], themes: Sequence[Theme]) -> tuple[dict[str, str], dict[str, str]]:
    """Articles written for a test (id -> headline, a newline, text) placed in ``themes``: each one's theme, and why
    (``--explain``'s words), by article id."""
    items = analyse([article(ident, text) for ident, text in texts.items()])
    scores = score_themes(items, list(themes))
    why = {item.article.id: e.reason for item, e in zip(items, explain(items, scores), strict=True)}
    return placed_in(items, scores), why
