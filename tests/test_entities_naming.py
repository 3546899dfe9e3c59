"""The surnames the recogniser called places (:func:`briefer.entities._surname_taken_for_a_place`) found through an
index of a theme's words made once (:class:`briefer.entities._Naming`): the same answers as the scan of every text for
each name it replaced (session 69), on every word of our own fixtures' texts and on words spelt with the letters a
pattern's any-case match reaches beyond ASCII."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from test_entities import _item

from briefer import entities
from briefer.analyse import dateline_places
from briefer.entities import normal_form
from briefer.models import AnalysedArticle

FIXTURES = Path(__file__).parent / "fixtures"


def _scanned(key: str, items: Sequence[AnalysedArticle], by_last: Mapping[str, Sequence[tuple[str, ...]]]) -> bool:
    """The function as it was before the index (c06f708): every text scanned for each name."""
    if len(by_last.get(key, ())) != 1 or entities._without_the(key) in entities._country_names():
        return False
    name = rf"(?i:{re.escape(key)})"
    use = re.compile(rf"(?<![\w'’-]){name}(?![\w'’-])")
    texts = [item.article.text for item in items if use.search(item.article.text)]
    if any(normal_form(place) == key for text in texts for place in dateline_places(text)):
        return False
    placed = re.compile(rf"{entities._BEFORE_A_PLACE}{name}(?![\w-])|{name}{entities._AFTER_A_PLACE}")
    if any(placed.search(text) for text in texts):
        return False
    said = re.compile(rf"(?<![\w'’-]){name}\s+(?:said|says|told|added|recalled|explained)\b")
    titled = re.compile(rf"\b(?:Mr|Mrs|Ms|Dr)\.?\s+{name}(?![\w'’-])")
    return any(
        titled.search(text)
        or any(not entities._NAME_BEFORE.search(text, 0, found.start()) for found in said.finditer(text))
        for text in texts
    )


def _answers(items: list[AnalysedArticle], keys: set[str]) -> tuple[dict[str, bool], dict[str, bool]]:
    """Old and new answers for each key, each key the surname of one person (so that every key is looked for)."""
    by_last = {key: [("Someone", key)] for key in keys}
    naming = entities._Naming(items, by_last)
    new = {key: entities._surname_taken_for_a_place(key, naming, by_last) for key in sorted(keys)}
    old = {key: _scanned(key, items, by_last) for key in sorted(keys)}
    return old, new


def test_the_index_answers_as_the_scan_on_every_word_of_the_fixtures() -> None:
    files = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    items = [_item(str(p.relative_to(FIXTURES)), text=p.read_text(encoding="utf-8")) for p in files]
    assert len(items) > 100
    keys = {normal_form(w) for item in items for w in re.findall(r"[A-Z][\w'’.&-]+", item.article.text)}
    keys = {key for key in keys if key and " " not in key}
    assert len(keys) > 400  # the fixtures' capitalised words, each looked for as a surname
    old, new = _answers(items, keys)
    assert new == old
    assert sum(old.values()) > 10  # written as a person's, some of them: not every answer False


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Mr Doobary met them. DOOBARY said no.", "doobary"),
        ("Doobary-based firms grew. In Doobary, Mr Doobary said so.", "doobary"),
        ("Mr Iſmail said so.", "ismail"),  # long s: (?i:s) matches it
        ("Mr İnan said so.", "inan"),  # dotted capital I: (?i:i) matches it
        ("Mr Kırca said so.", "kirca"),  # dotless i
        ("Mr \u212aoval said so.", "koval"),  # Kelvin sign
        ("Mr O'Neill said so. O’Neill said more.", "o'neill"),
        ("Mr O’Neill said so.", "o’neill"),
        ("Mr Al-Amin said so, al-amin said.", "al-amin"),
        ("Mr Smith_Jones said so.", "smith_jones"),
        ("The U.S. said so. Mr U.S. said so.", "u.s"),  # not indexed: scanned
        ("Mr Müller said so.", "müller"),  # not indexed: scanned
        ("Mr Dorsey's lawyer said so. Dorseys said.", "dorsey"),
        ("Mr Nadal2 said so.", "nadal2"),
    ],
)
def test_the_index_answers_as_the_scan_on_letters_beyond_ascii(text: str, key: str) -> None:
    items = [
        _item("a", text=text),
        _item("b", text="Nothing here."),
        _item("c", text=text.upper()),
        _item("d", text=text.lower()),
    ]
    old, new = _answers(items, {key})
    assert new == old


def test_the_index_is_made_once_and_only_of_the_surnames_asked() -> None:
    items = [_item("a", text="Mr Doobary said so in Quillan."), _item("b", text="Doobary said more. Quillan grew.")]
    by_last = {"doobary": [("kiran", "doobary")], "quillan": [("a", "quillan"), ("b", "quillan")]}
    naming = entities._Naming(items, by_last)
    use = re.compile(r"(?<![\w'’-])(?i:doobary)(?![\w'’-])")
    assert naming.texts("doobary", use) == [items[0].article.text, items[1].article.text]
    where = naming._where
    assert where is not None and set(where) == {"doobary"}  # "quillan" names two people: never asked
    naming.texts("doobary", use)
    assert naming._where is where


def test_no_other_letter_matches_an_ascii_word_letter_in_any_case() -> None:
    """The letters _ALIKE folds are all the letters beyond ASCII that an any-case pattern of an ASCII word letter
    matches (on this Python), and each is a word letter (so a match is a whole run of the index's words)."""
    letter = re.compile(r"(?i)[a-z0-9_'’-]")
    odd = {chr(c) for c in range(128, 0x110000) if chr(c) != "’" and letter.fullmatch(chr(c))}
    assert odd == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert all(re.fullmatch(r"\w", ch) for ch in odd)
    assert {entities._folded(ch) for ch in odd} <= set("iks")


def test_the_key_actors_of_the_analysed_fixtures_are_those_of_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_fixtures import analysed

    items = analysed()
    new = entities.key_actors(items, limit=None)
    monkeypatch.setattr(
        entities, "_surname_taken_for_a_place", lambda key, naming, by_last: _scanned(key, naming._items, by_last)
    )
    assert entities.key_actors(items, limit=None) == new
    assert len(new) > 5
