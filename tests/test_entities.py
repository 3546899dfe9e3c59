"""Key actors: spaCy's entities merged across spellings, ranked by articles."""

from __future__ import annotations

from datetime import UTC, datetime

from nlp_fixtures import analysed

from briefer.entities import key_actors, normal_form
from briefer.models import AnalysedArticle, Article


def _item(ident: str, *entities: tuple[str, str]) -> AnalysedArticle:
    article = Article(
        id=ident,
        title=ident,
        url="",
        source="s",
        text="",
        published=datetime(2026, 1, 1, tzinfo=UTC),
        published_from="none",
    )
    return AnalysedArticle(
        article=article,
        sentences=(),
        title_lemmas=(),
        lead_lemmas=(),
        body_lemmas=(),
        sentence_lemmas=(),
        entities=entities,
    )


def test_spellings_of_one_person_merge_and_rank_by_articles() -> None:
    items = [
        _item("a", ("Maria Zakharova", "PERSON"), ("Sergei Lavrov", "PERSON"), ("Russia", "GPE")),
        _item("b", ("Zakharova", "PERSON"), ("Sergey Lavrov", "PERSON"), ("Russia", "GPE")),
        _item("c", ("Zakharova", "PERSON"), ("Khawaja Asif", "PERSON"), ("Russia", "GPE")),
        _item("d", ("Khawaja Muhammad Asif", "PERSON"), ("Asif", "PERSON"), ("the Foreign Ministry's", "ORG")),
    ]
    actors = {e.name: e for e in key_actors(items)}
    assert actors["Maria Zakharova"].articles == 3
    assert actors["Maria Zakharova"].variants == ("Zakharova",)
    lavrov = actors.get("Sergei Lavrov") or actors["Sergey Lavrov"]
    assert lavrov.articles == 2 and len(lavrov.variants) == 1
    assert actors["Khawaja Muhammad Asif"].articles == 2
    assert "Zakharova" not in actors and "Asif" not in actors
    assert actors["Foreign Ministry"].label == "ORG"
    ranked = key_actors(items)
    assert [e.articles for e in ranked] == sorted((e.articles for e in ranked), reverse=True)
    assert ranked[0].name in ("Russia", "Maria Zakharova")


def test_different_people_with_one_surname_stay_apart() -> None:
    items = [_item("a", ("Anna Khan", "PERSON"), ("Imran Khan", "PERSON")), _item("b", ("Khan", "PERSON"))]
    names = {e.name for e in key_actors(items)}
    assert {"Anna Khan", "Imran Khan", "Khan"} <= names  # "Khan" alone is ambiguous


def test_normal_form() -> None:
    assert normal_form("the  Kremlin's") == "kremlin"
    assert normal_form("KABUL") == normal_form("Kabul")


def test_actors_from_spacy_on_fixtures() -> None:
    actors = {e.name: e for e in key_actors(analysed("med-velmark", "med-ostria"), limit=None)}
    assert actors["Norland"].articles == 2
    assert actors["Lena Varga"].label == "PERSON" and actors["Lena Varga"].articles == 1
    assert actors["Ivan Petrov"].articles == 1 and "Petrov" not in actors
