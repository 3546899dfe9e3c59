"""The analyse stage: rule-cut sentences, POS-free lemmas, entities from headline and lead.

The texts here are written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefer.analyse import LEAD_SENTENCES, NER_SENTENCES, analyse, dateline_places, keyword_lemmas, lemma
from briefer.config import Theme
from briefer.group import ThemeMatcher
from briefer.models import AnalysedArticle, Article
from briefer.stem import stem as normalize


def _article(text: str, title: str = "A headline", ident: str = "a") -> Article:
    return Article(
        id=ident,
        title=title,
        url=f"file:{ident}",
        source="Test",
        text=text,
        published=datetime(2026, 1, 5, tzinfo=UTC),
        published_from="none",
    )


def _one(text: str, title: str = "A headline") -> AnalysedArticle:
    return analyse([_article(text, title)])[0]


def _sentences(text: str) -> list[str]:
    return list(_one(text).sentences)


TEXT = (
    "The harbour authority of Velmark said on Tuesday that ferries would run again. "
    "Mr. Orlov, its director, gave no date.\n\n"
    'Dr. Anna Pike told reporters: "We are ready. The quays are open," before leaving. '
    '"Will they come?" she asked. "We listened. "We acted."\n'
    "A line without final punctuation\n"
    'Prices rose by 3.5% to £1,400 in the U.S. market last year. "It is a good year. " Pike added.'
)


def test_sentences_are_exact_substrings_in_order() -> None:
    sentences = _sentences(TEXT)
    position = 0
    for s in sentences:
        found = TEXT.find(s, position)
        assert found >= 0, s
        position = found + len(s)
        assert s == s.strip()


def test_cut_where_expected() -> None:
    assert _sentences(TEXT) == [
        "The harbour authority of Velmark said on Tuesday that ferries would run again.",
        "Mr. Orlov, its director, gave no date.",
        'Dr. Anna Pike told reporters: "We are ready. The quays are open," before leaving.',
        '"Will they come?" she asked.',
        '"We listened.',
        '"We acted."',
        "A line without final punctuation",
        "Prices rose by 3.5% to £1,400 in the U.S. market last year.",
        '"It is a good year. "',
        "Pike added.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "First line without a stop\nSecond line.",
        'Ends inside a quote: "we will\nnot stop," he said.',
        "One paragraph ends here\n\n\nAnother begins.",
        "A sentence. And another\r\nthird",
    ],
)
def test_line_breaks_always_end_a_sentence(text: str) -> None:
    sentences = _sentences(text)
    assert len(sentences) >= 2
    assert not any("\n" in s or "\r" in s for s in sentences)
    assert all(s in text for s in sentences)


def test_quotes_stay_joined() -> None:
    assert _sentences('"We are ready. The door is open," she said. Then she left.') == [
        '"We are ready. The door is open," she said.',
        "Then she left.",
    ]
    assert _sentences("\u201cWe are ready. The door is open,\u201d she said. Then she left.") == [
        "\u201cWe are ready. The door is open,\u201d she said.",
        "Then she left.",
    ]
    assert _sentences('"Is it over?" asked Mr Hale. "Not yet!" came the reply.') == [
        '"Is it over?" asked Mr Hale.',
        '"Not yet!" came the reply.',
    ]


def test_a_number_after_no_does_not_open_a_sentence() -> None:
    """ "Hokuei Maru No. 8" is one name: a round-up's line had stopped at "No." in the brief."""
    assert _sentences("Guards held the Hokuei Maru No. 8 off Kunashir. Its crew of six is safe.") == [
        "Guards held the Hokuei Maru No. 8 off Kunashir.",
        "Its crew of six is safe.",
    ]
    assert _sentences("See Art. 5 of the code. We said no. 2026 will be hard.") == [
        "See Art. 5 of the code.",
        "We said no.",
        "2026 will be hard.",
    ]


def test_sentences_without_letters_are_dropped() -> None:
    assert _sentences("The market fell.\n\n* * *\n\n2024.\n\nIt rose again.") == ["The market fell.", "It rose again."]


def test_lemmas_line_up_with_sentences() -> None:
    item = _one(TEXT)
    assert len(item.sentence_lemmas) == len(item.sentences)
    assert item.lead_lemmas == tuple(w for s in item.sentence_lemmas[:LEAD_SENTENCES] for w in s)
    assert item.body_lemmas == tuple(w for s in item.sentence_lemmas[LEAD_SENTENCES:] for w in s)
    assert item.sentence_lemmas[0][:4] == ("the", "harbour", "authority", "of")
    assert all(w == w.lower() and w.strip() for s in item.sentence_lemmas for w in s)


def test_entities_from_headline_and_lead() -> None:
    item = _one(TEXT, title="Velmark ferries return as Anna Pike reopens the port of Ostria")
    found = {text for text, _ in item.entities}
    assert "Velmark" in found
    assert "Anna Pike" in found
    assert {label for _, label in item.entities} <= {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
    assert NER_SENTENCES >= LEAD_SENTENCES


def test_empty_and_odd_texts() -> None:
    items = analyse([_article("", ident="e"), _article("\n\n", ident="n"), _article("...", ident="d")])
    assert [i.sentences for i in items] == [(), (), ()]
    assert all(i.entities == () or all(label for _, label in i.entities) for i in items)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("said", "say"),
        ("children", "child"),
        ("talks", "talk"),
        ("talked", "talk"),
        ("reported", "report"),
        ("years", "year"),
        ("news", "news"),
        ("gas", "gas"),
        ("mediation", "mediation"),
        ("the", "the"),
        ("1,400", "1,400"),
        ("u.s.", "u.s."),
    ],
)
def test_lemma_without_part_of_speech(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_the_lemmatizer_tables_read_alone_are_the_pipelines(monkeypatch: pytest.MonkeyPatch) -> None:
    # A process that has not loaded the pipeline (a Dask driver) reads the lemmatizer's tables from its files.
    from briefer import analyse

    alone = analyse._lemma_lookups() if not analyse.load_nlp.cache_info().currsize else None
    if alone is None:
        monkeypatch.setattr(analyse.load_nlp, "cache_info", lambda: type("Info", (), {"currsize": 0})())
        alone = analyse._lemma_lookups()
        monkeypatch.undo()
    loaded = analyse.load_nlp().get_pipe("lemmatizer").lookups
    assert sorted(loaded.tables) == sorted(alone) == sorted(analyse.LEMMA_TABLES)
    for name in analyse.LEMMA_TABLES:
        table = loaded.get_table(name)
        assert alone[name] == {pos: table[pos] for pos in ("verb", "noun", "adj", "adv")}
        assert all(alone[name].values())


def test_the_lemmatizer_tables_read_without_spacy() -> None:
    # The tables read with MessagePack alone, not spaCy's import; srsly's reader gives the same; the keys
    # are spaCy's string ids.
    import subprocess
    import sys

    import srsly
    from spacy.strings import get_string_id

    from briefer import analyse

    found = analyse._lookups_file()
    assert found is not None
    data = found.read_bytes()
    assert analyse._read_lookups(data) == srsly.msgpack_loads(data)
    for key in ("noun", "verb", "adj", "adv", "a key of more than eight bytes", "Zürich"):
        assert analyse._string_id(key) == get_string_id(key)
    code = "import sys; from briefer.analyse import lemma; "
    code += "print(lemma('children'), lemma('said'), 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["child", "say", "False"]


def test_proper_nouns_inside_a_sentence_are_kept() -> None:
    item = _one("Talks resumed. The Tories and the Greens said the talks failed.")
    assert item.sentence_lemmas[0][0] == "talk"
    assert item.sentence_lemmas[1] == ("the", "tories", "and", "the", "greens", "say", "the", "talk", "fail")


def test_keywords_match_article_stems_as_group_expects() -> None:
    item = _one(
        "Officials mediated between the two sides. Mediation talks went on for days; "
        "the mediators hoped to mediate again.",
        title="Mediators talk again",
    )
    (seq,) = keyword_lemmas(["mediate"])
    stem = normalize(seq[0])
    stems = [normalize(w) for w in (*item.title_lemmas, *item.lead_lemmas, *item.body_lemmas)]
    assert stems.count(stem) == 5
    matcher = ThemeMatcher.from_theme(Theme(name="Mediation", keywords=["mediate", "peace talks", "talk"]))
    assert matcher.count(item.title_lemmas) == 2
    assert keyword_lemmas(["peace talks", "", "Geneva"]) == [("peace", "talk"), ("geneva",)]


def test_a_dateline_is_cut_off() -> None:
    text = "KABUL \u2013 The pass was closed on Monday. Drivers waited.\n\nTEHRAN, Nov 1 (Wire) - Iran is ready."
    assert _sentences(text) == [
        "KABUL \u2013",
        "The pass was closed on Monday.",
        "Drivers waited.",
        "TEHRAN, Nov 1 (Wire) -",
        "Iran is ready.",
    ]
    assert _sentences("US: a short word is no dateline.") == ["US: a short word is no dateline."]
    # ...but opening a place of two words it is: "LA PAZ", "EL ALTO"
    assert _sentences("LA PAZ \u2013 The pass was closed.") == ["LA PAZ \u2013", "The pass was closed."]
    # ...and a place of five words, its particle in capitals too: a dateline, no actor of the story
    opened = "SAN PIERO VAL DI GRETA \u2014 Growers voted on Monday."
    assert _sentences(opened) == ["SAN PIERO VAL DI GRETA \u2014", "Growers voted on Monday."]
    assert dateline_places(opened) == {"SAN PIERO VAL DI GRETA"}
    assert dateline_places("POGGIO A CAIANO \u2014 The river rose.") == {"POGGIO A CAIANO"}  # a particle of one letter


def test_a_dateline_in_capitals_beyond_ascii_is_cut_off() -> None:
    text = "GALAȚI – Workers walked out.\n\nMOHÁCS – A ship ran aground.\n\nÖSTRAVIK, Nov 3 – Ferries ran."
    assert _sentences(text) == [
        "GALAȚI –",
        "Workers walked out.",
        "MOHÁCS –",
        "A ship ran aground.",
        "ÖSTRAVIK, Nov 3 –",
        "Ferries ran.",
    ]


def test_a_dateline_with_a_region_beyond_ascii_or_a_place_of_two_letters_is_cut_off() -> None:
    """A region written with accents or an apostrophe ("Córdoba", "Ma'an", "Hưng Yên"), a place in Vietnamese
    capitals ("HÀ NỘI") or of two letters before its dash ("BA —"): the dateline is cut off, not printed in a
    summary."""
    text = (
        "VILLANUEVA, Córdoba \u2014 Two cooperatives voted to merge.\n\n"
        "AL-QASR, Ma'an \u2014 Hundreds walked behind the coffin.\n\n"
        "KHOÁI CHÂU, Hưng Yên \u2014 A riverbank slid.\n\n"
        "HÀ NỘI \u2014 The haze lifted.\n\n"
        "BA \u2014 The river fell."
    )
    assert _sentences(text) == [
        "VILLANUEVA, Córdoba \u2014",
        "Two cooperatives voted to merge.",
        "AL-QASR, Ma'an \u2014",
        "Hundreds walked behind the coffin.",
        "KHOÁI CHÂU, Hưng Yên \u2014",
        "A riverbank slid.",
        "HÀ NỘI \u2014",
        "The haze lifted.",
        "BA \u2014",
        "The river fell.",
    ]
    assert _sentences("US: a short word is no dateline.") == ["US: a short word is no dateline."]


def test_a_title_written_short_before_a_name_ends_no_sentence() -> None:
    """ "said Eng. Basel Qadri", "Lt. Col. Dana Ash": the title's full stop ends no sentence (a summary printed
    "Basel Qadri, director of the mines." alone)."""
    text = (
        '"The ramp was graded on Sunday," said Eng. Basel Qadri, director of the mines. "We stopped loading."\n\n'
        "Lt. Col. Dana Ash said the lock would shut. It opened at noon, said Cpl. Ray Oduya."
    )
    assert _sentences(text) == [
        '"The ramp was graded on Sunday," said Eng. Basel Qadri, director of the mines.',
        '"We stopped loading."',
        "Lt. Col. Dana Ash said the lock would shut.",
        "It opened at noon, said Cpl. Ray Oduya.",
    ]


def test_a_dateline_with_a_country_or_a_dated_agency_is_cut_off() -> None:
    """The wire forms: "CITY, Country (Agency) -", "CITY (Agency) —", "CITY, Nov. 3, 2025 (Agency) -";
    the sentence that follows is printed without them and stays a substring of the text."""
    text = (
        "VELMARK, Norland (Harbour Wire) - Ferries ran again on Sunday.\n\n"
        "OSTRAVIN (Harbour Wire) \u2014 The quays reopened.\n\n"
        "PORT ELLAN, Nov. 3, 2025 (Harbour Wire) - Fishermen went back to sea.\n\n"
        "ELLAN CITY, West Norland: Crews were paid."
    )
    assert _sentences(text) == [
        "VELMARK, Norland (Harbour Wire) -",
        "Ferries ran again on Sunday.",
        "OSTRAVIN (Harbour Wire) \u2014",
        "The quays reopened.",
        "PORT ELLAN, Nov. 3, 2025 (Harbour Wire) -",
        "Fishermen went back to sea.",
        "ELLAN CITY, West Norland:",
        "Crews were paid.",
    ]
    # a region abbreviated, as North American wires write it: "Alta." is not a sentence's end
    text = "SLAVE LAKE, Alta. \u2014 A fire grew.\n\nSALMON ARM, B.C. \u2014 Crews were pulled back."
    assert _sentences(text) == [
        "SLAVE LAKE, Alta. \u2014",
        "A fire grew.",
        "SALMON ARM, B.C. \u2014",
        "Crews were pulled back.",
    ]
    # a country whose name joins words with "of" or "and"
    text = (
        "GOMA, Democratic Republic of Congo \u2014 A boat capsized.\n\n"
        "MOSTAR, Bosnia and Herzegovina \u2014 The bridge reopened.\n\n"
        "BRAZZAVILLE, Republic of the Congo \u2014 Rain fell."
    )
    assert _sentences(text) == [
        "GOMA, Democratic Republic of Congo \u2014",
        "A boat capsized.",
        "MOSTAR, Bosnia and Herzegovina \u2014",
        "The bridge reopened.",
        "BRAZZAVILLE, Republic of the Congo \u2014",
        "Rain fell.",
    ]
    # capitals that open an ordinary sentence are no dateline
    assert _sentences("NATO, Russia and China met - briefly.") == ["NATO, Russia and China met - briefly."]
