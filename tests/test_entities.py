"""Key actors: spaCy's entities merged across spellings, ranked by articles."""

from __future__ import annotations

from datetime import UTC, datetime

from nlp_fixtures import analysed

from briefer import entities
from briefer.entities import is_place, key_actors, normal_form
from briefer.models import AnalysedArticle, Article


def _item(ident: str, *entities: tuple[str, str], text: str = "", title: str = "") -> AnalysedArticle:
    article = Article(
        id=ident,
        title=title or ident,
        url="",
        source="s",
        text=text,
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


def _placed(items: list[AnalysedArticle]) -> dict[str, bool]:
    """Each key actor of ``items`` (no limit), and whether it is a place (:func:`briefer.entities.is_place`)."""
    from briefer.entities import is_place

    return {e.name: is_place(e.name, e.label) for e in key_actors(items, limit=None)}


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


def test_a_datelines_place_is_no_actor_and_a_name_is_shown_as_written() -> None:
    items = [
        _item("a", ("LIMA", "GPE"), ("Lima", "GPE"), text="LIMA – Voters in Lima queued on Sunday."),
        _item("b", ("LIMA", "GPE"), text="LIMA – The count began."),
        _item("c", ("NICOSIA – Cyprus", "GPE"), text="NICOSIA – Cyprus rationed water."),
        _item("d", ("National Office of Electoral Processes (ONPE", "ORG"), ("U.S.", "GPE")),
        _item("e", ("LA", "GPE"), ("La Oroya", "GPE"), text="LA OROYA – Trains stopped at La Oroya."),
        _item("f", ("MW", "ORG"), ("Varne Power", "ORG"), text="Varne Power plans a 150 MW battery."),
        _item("g", ("Victoria, Nogoyá", "ORG"), ("Ministry of Water, Land and Resources", "ORG")),
        _item("h", ("Montague, O'Leary and", "ORG"), ("Mali, Burkina Faso", "PERSON")),
        _item("i", ("NAIROBI", "GPE"), ("Goma", "GPE"), text="NAIROBI/GOMA \u2014 A boat sank off Goma."),
        _item("j", ("CAPE HARROW/ELDEN", "ORG"), text="CAPE HARROW/ELDEN \u2014 Grain loading resumed at Elden."),
    ]
    actors = {e.name: e for e in key_actors(items)}
    assert "LA" not in actors and actors["La Oroya"].articles == 1  # "LA": the recogniser's piece of a dateline
    assert "MW" not in actors and "Varne Power" in actors  # a unit is no actor
    assert actors["Lima"].articles == 1  # named in a sentence once; the datelines file the reports
    assert "LIMA" not in actors and "NICOSIA" not in actors and "NICOSIA – Cyprus" not in actors
    assert "NAIROBI" not in actors and actors["Goma"].articles == 1  # each place of "NAIROBI/GOMA —" files it
    assert "CAPE HARROW/ELDEN" not in actors  # a dateline of two places the recogniser read as one name
    assert actors["Cyprus"].articles == 1
    assert "National Office of Electoral Processes" in actors and "U.S." in actors
    assert "Victoria" in actors and "Nogoyá" in actors and "Victoria, Nogoyá" not in actors  # a list of places
    assert {"Montague", "O'Leary", "Mali", "Burkina Faso"} <= set(actors)
    assert "Ministry of Water, Land and Resources" in actors  # a name with a comma in it is no list


def test_a_name_written_short_is_the_one_longer_name_it_begins_ends_or_abbreviates() -> None:
    items = [
        _item("a", ("Movimiento Horizonte", "ORG"), ("Organization of American States", "ORG")),
        _item("b", ("Horizonte", "PERSON"), ("OAS", "ORG"), ("Reserve Bank", "ORG")),
        _item("c", ("South African Reserve Bank", "ORG"), ("Reserve Bank of Zimbabwe", "ORG")),
        _item("d", ("Zambia", "GPE"), ("Bank of Zambia", "ORG")),
        _item("e", ("Valcárcel", "ORG"), ("Rosa Valcárcel", "PERSON"), ("Valcárcel courts Arequipa", "PERSON")),
    ]
    actors = {e.name: e for e in key_actors(items, limit=None)}
    assert actors["Movimiento Horizonte"].articles == 2 and "Horizonte" not in actors
    assert actors["Organization of American States"].variants == ("OAS",)
    assert "Reserve Bank" in actors  # two longer names have it: it stays apart
    assert actors["Zambia"].articles == 1 and actors["Bank of Zambia"].articles == 1  # a place stays a place
    assert actors["Rosa Valcárcel"].variants == ("Valcárcel",)  # a headline taken for a name owns nothing


def test_a_name_of_two_words_inside_one_longer_name_is_that_name() -> None:
    """ "Sea Rescue" is the "Norland Sea Rescue Society" the theme also names, not an actor of its own; one
    word inside ("Sea") owns nothing, nor do two words inside two longer names."""
    items = [
        _item("a", ("Norland Sea Rescue Society", "ORG"), ("Upper Vale Farm Union", "ORG")),
        _item("b", ("Sea Rescue", "ORG"), ("Vale Farm", "ORG"), ("Lower Vale Farm Union", "ORG")),
        _item("c", ("Sea Rescue", "ORG"), ("Sea", "LOC")),
    ]
    actors = {e.name: e for e in key_actors(items, limit=None)}
    assert actors["Norland Sea Rescue Society"].articles == 3 and "Sea Rescue" not in actors
    assert "Sea" in actors and "Vale Farm" in actors  # one word; two longer names hold it


def test_a_place_written_by_its_initials_is_the_one_longer_place_with_them() -> None:
    """ "U.S." and "United States" are one actor, as "N.S." and "Nova Scotia" are; initials join only a
    place ("UB" stays apart from the "Union Bank"), and a place's initials that two places share
    ("N.B.": "New Brunswick", "North Bay") join neither."""
    items = [
        _item("a", ("United States", "GPE"), ("Nova Scotia", "GPE"), ("Union Bank", "ORG")),
        _item("b", ("U.S.", "GPE"), ("N.S.", "GPE"), ("UB", "GPE")),
        _item("c", ("New Brunswick", "GPE"), ("North Bay", "GPE"), ("N.B.", "GPE")),
    ]
    actors = {e.name: e for e in key_actors(items, limit=None)}
    assert actors["United States"].articles == 2 and actors["United States"].variants == ("U.S.",)
    assert actors["Nova Scotia"].variants == ("N.S.",) and "U.S." not in actors
    assert actors["UB"].articles == 1 and actors["Union Bank"].variants == ()
    assert actors["N.B."].articles == 1 and actors["New Brunswick"].variants == ()


def test_a_countrys_other_name_that_ends_a_longer_countrys_is_that_country() -> None:
    """ "Congo" beside the "Democratic Republic of Congo" is that country (the list gives "Congo" as the
    other name of the Republic of the Congo, whose first name the day never writes); "Sudan", a country's
    own first name, stays apart from "South Sudan"; with both Congos named, "Congo" joins neither."""
    one = [
        _item("a", ("Democratic Republic of Congo", "GPE"), ("South Sudan", "GPE")),
        _item("b", ("Congo", "GPE"), ("Sudan", "GPE")),
    ]
    actors = {e.name: e for e in key_actors(one, limit=None)}
    assert actors["Democratic Republic of Congo"].articles == 2 and "Congo" not in actors
    assert actors["Sudan"].articles == 1 and actors["South Sudan"].articles == 1
    both = [*one, _item("c", ("Republic of the Congo", "GPE"))]
    assert "Congo" in {e.name for e in key_actors(both, limit=None)}


def test_words_in_lower_case_run_onto_a_names_end_are_cut_off() -> None:
    """The recogniser's "Varne dam" (of "Varne dam talks") and "Kessel province" are Varne and Kessel;
    "Route 8" and "Abdel Fattah al-Sisi" stay whole."""
    items = [
        _item("a", ("Varne dam", "LOC"), ("Kessel province", "GPE"), ("Route 8", "FAC")),
        _item("b", ("Varne", "LOC"), ("Kessel", "GPE"), ("Abdel Fattah al-Sisi", "PERSON")),
    ]
    actors = {e.name: e for e in key_actors(items, limit=None)}
    assert actors["Varne"].articles == 2 and actors["Kessel"].articles == 2
    assert {"Route 8", "Abdel Fattah al-Sisi"} <= set(actors) and "Varne dam" not in actors


def test_a_short_name_already_joined_to_one_person_does_not_join_a_second() -> None:
    # "Lin" is Mei Lin's surname (the people's rule); that it also begins "Lin Jian" must not make one person of two
    items = [_item("a", ("Lin Jian", "PERSON"), ("Mei Lin", "PERSON")), _item("b", ("Lin", "PERSON"))]
    actors = {e.name: e for e in key_actors(items, limit=None)}
    assert {"Lin Jian", "Mei Lin"} <= set(actors)
    assert actors["Mei Lin"].variants == ("Lin",) and actors["Lin Jian"].variants == ()


def test_an_everyday_plural_that_only_opens_sentences_is_no_actor() -> None:
    items = [
        _item(
            "a",
            ("Customs", "ORG"),
            ("Commuters", "ORG"),
            ("Torkham", "GPE"),
            text="Customs officials at Torkham said 5,000 lorries waited. Commuters walked across.",
        ),
        _item("b", ("Amazon", "ORG"), ("Siemens", "ORG"), text="Amazon said it would wait. Siemens agreed."),
        _item("c", ("Harbours", "ORG"), text="The board of Northfield Harbours met. Harbours said little."),
    ]
    actors = {e.name for e in key_actors(items)}
    assert "Customs" not in actors and "Commuters" not in actors  # a sentence's first word, capitalised
    assert {"Torkham", "Amazon", "Siemens"} <= actors  # no everyday plurals: names, wherever they stand
    assert "Harbours" in actors  # capitalised inside a sentence: a name


def test_a_name_cut_at_its_and_is_one_name_where_its_first_part_never_stands_alone() -> None:
    """spaCy's "Clyde" and "Isles Shipping" of "Clyde and Isles Shipping" are one company; "Russia" of
    "Russia and Rosneft Trading" stands alone in the other article, so both stay names of their own."""
    items = [
        _item(
            "a",
            ("Clyde", "PERSON"),
            ("Isles Shipping", "ORG"),
            ("Russia", "GPE"),
            ("Rosneft Trading", "ORG"),
            text="Clyde and Isles Shipping said so. Russia and Rosneft Trading signed.",
        ),
        _item("b", ("Isles Shipping", "ORG"), ("Russia", "GPE"), text="Clyde and Isles Shipping. Russia waits."),
    ]
    assert {e.name: e.articles for e in key_actors(items)} == {
        "Clyde and Isles Shipping": 2,
        "Russia": 2,
        "Rosneft Trading": 1,
    }


def test_two_names_the_recogniser_ran_into_one_are_two_actors_when_one_stands_alone() -> None:
    """ "Uztransgaz and Gazprom" and a ferry "from La Goulette for Palermo", run into one name each, are
    two actors when the day names one of the parts alone; a country, a firm whose name ends as a firm's
    does, and a name no part of which stands alone stay whole."""
    items = [
        _item(
            "a",
            ("Uztransgaz and Gazprom", "ORG"),
            ("La Goulette for Palermo", "ORG"),
            ("Bosnia and Herzegovina", "GPE"),
            ("Clyde and Isles Shipping", "ORG"),
            ("Ministry of Transport and Communications", "ORG"),
            ("Ministry of Health and Prevention", "ORG"),
            text="Uztransgaz and Gazprom signed. A ferry left La Goulette for Palermo. Bosnia and Herzegovina voted. "
            "Clyde and Isles Shipping sailed. The Ministry of Transport and Communications spoke. The Ministry "
            "of Health and Prevention agreed.",
        ),
        _item(
            "b",
            ("Uztransgaz", "ORG"),
            ("La Goulette", "GPE"),
            ("Bosnia", "GPE"),
            ("Isles Shipping", "ORG"),
            ("Ministry of Health", "ORG"),
            text="Uztransgaz said. La Goulette port. Bosnia. Clyde and Isles Shipping. Ghana's Ministry of Health.",
        ),
    ]
    found = {e.name: e.articles for e in key_actors(items)}
    assert found == {
        "Uztransgaz": 2,
        "Gazprom": 1,
        "La Goulette": 2,
        "Palermo": 1,
        "Bosnia and Herzegovina": 1,
        "Bosnia": 1,
        "Clyde and Isles Shipping": 2,
        "Ministry of Transport and Communications": 1,
        "Ministry of Health and Prevention": 2,  # not cut in two; the short name it begins joins it
    }


def test_a_name_cut_in_pieces_the_text_writes_together_is_one_organisation() -> None:
    """spaCy cuts "the Kivu Environmental and Socio-economic Review Board" into three ("the Kivu
    Environmental", a person "Socio-economic", "Review Board"): one body, as its text writes it. A
    date and a name side by side ("On Monday Rwanda said") stay apart, and so do two names the text
    also writes apart, and a country and its body ("Burundi's Lake Authority")."""
    items = [
        _item(
            "a",
            ("the Kivu Environmental", "ORG"),
            ("Socio-economic", "PERSON"),
            ("Review Board", "ORG"),
            ("Monday", "DATE"),
            ("Rwanda", "GPE"),
            ("Tanga", "GPE"),
            ("Port Authority", "ORG"),
            ("Burundi's", "GPE"),
            ("Lake Authority", "ORG"),
            text="A filing with the Kivu Environmental and Socio-economic Review Board. On Monday Rwanda said so. "
            "In Tanga Port Authority staff waited; the Port Authority said nothing. Burundi's Lake Authority agreed.",
        ),
    ]
    assert {e.name for e in key_actors(items)} == {
        "Kivu Environmental and Socio-economic Review Board",
        "Rwanda",
        "Tanga",
        "Port Authority",
        "Burundi",
        "Lake Authority",
    }


def test_a_body_cut_at_its_small_word_is_one_organisation() -> None:
    """spaCy cuts "União dos Pescadores de Moçâmedes" at "dos" into two bodies: one, as the text writes it. A first
    piece the text also writes alone ("Casa" beside "Casa dos Barcos") and one of two words ("Vila Nova" of "Vila Nova
    do Porto", a town the text also writes without its end) stay apart."""
    items = [
        _item(
            "a",
            ("União", "ORG"),
            ("Pescadores de Moçâmedes", "ORG"),
            ("Casa", "ORG"),
            ("Barcos", "ORG"),
            ("Vila Nova", "ORG"),
            ("Porto", "ORG"),
            text="The União dos Pescadores de Moçâmedes met at the Casa dos Barcos. The Casa opened late. "
            "Boats waited off Vila Nova do Porto.",
        ),
    ]
    assert {e.name for e in key_actors(items, places=False)} == {
        "União dos Pescadores de Moçâmedes",
        "Casa",
        "Barcos",
        "Vila Nova",
        "Porto",
    }


def test_a_name_run_on_from_its_owners_possessive_is_the_owner_and_what_it_owns() -> None:
    """The recogniser's "Kwenda Minerals' Lumbo" (a place) of "at Kwenda Minerals' Lumbo mine" is Kwenda Minerals and
    Lumbo when the articles name the firm alone too; so is "Tarra Energy's Ubik" when they name Ubik alone. A name
    whose owner the articles never name alone ("Adam's Bridge"), and a body owned by a place that names it nowhere
    alone ("Cuanza's Water Board"), stay whole."""
    items = [
        _item(
            "a",
            ("Kwenda Minerals' Lumbo", "LOC"),
            ("Kwenda Minerals", "ORG"),
            ("Tarra Energy's Ubik", "ORG"),
            ("Adam's Bridge", "LOC"),
            ("Cuanza's Water Board", "ORG"),
            ("Cuanza", "GPE"),
            text="A wall fell at Kwenda Minerals' Lumbo mine. Kwenda Minerals said two men were hurt. A fire shut "
            "Tarra Energy's Ubik field. Ferries stopped at Adam's Bridge. Cuanza's Water Board met in Cuanza.",
        ),
        _item(
            "b",
            ("Ubik", "GPE"),
            ("Tarra Energy", "ORG"),
            text="Ubik stayed shut on Monday, Tarra Energy said.",
        ),
    ]
    assert {e.name for e in key_actors(items, limit=None)} == {
        "Kwenda Minerals",
        "Lumbo",
        "Tarra Energy",
        "Ubik",
        "Adam's Bridge",
        "Cuanza's Water Board",
        "Cuanza",
    }


def test_a_town_named_after_a_title_and_a_time_zone() -> None:
    """spaCy reads "Prince Albert" of "the Port of Prince Albert" as the person "Albert": the town, as the text writes
    it after "of" and always with its title. A person so titled stays a person ("Prince Edmund visited"), and a time
    zone ("(1015 GMT)") is no actor."""
    items = [
        _item(
            "a",
            ("Albert", "PERSON"),
            ("Edmund", "PERSON"),
            ("GMT", "ORG"),
            text="Coal trains to the Port of Prince Albert stopped at 3:15 a.m. (1015 GMT). Trains to Prince Albert "
            "will run again on Tuesday. Prince Edmund visited the yard.",
        ),
    ]
    assert {(e.name, e.label) for e in key_actors(items, places=False)} == {
        ("Prince Albert", "GPE"),
        ("Edmund", "PERSON"),
    }


def test_a_datelines_abbreviated_region_is_no_actor() -> None:
    """ "Ont" of "HAMILTON, Ont. —" and "Minn." of "DULUTH, Minn. —" (the recogniser's person and place) are where the
    stories were filed, no key actors; a region written out in a dateline ("KENORA, Ontario —") stays a place."""
    items = [
        _item(
            "a", ("Ont", "PERSON"), ("Tarrow Steel", "ORG"), text="HAMILTON, Ont. — Tarrow Steel will bank a furnace."
        ),
        _item("b", ("Minn.", "GPE"), ("Tarrow Steel", "ORG"), text="DULUTH, Minn. — Tarrow Steel cut its orders."),
        _item("c", ("Ontario", "GPE"), text="KENORA, Ontario — The mill in Ontario closed."),
    ]
    assert {e.name for e in key_actors(items)} == {"Tarrow Steel", "Ontario"}


def test_a_route_a_score_a_clock_a_headline_label_and_lower_case_words_inside_a_name() -> None:
    items = [
        _item(
            "Explainer: why the causeway failed",
            ("Explainer", "PERSON"),
            ("Eriskay to South Uist", "GPE"),
            ("Motagua 2-1", "ORG"),
            ("10:14 Central Sulawesi", "LOC"),
            ("north Cork", "GPE"),
            ("statistics institute INEI", "ORG"),
            ("Irish Farmers Association in Government Buildings", "ORG"),
            ("Dar es Salaam", "GPE"),
            ("Bank of England", "ORG"),
        )
    ]
    assert sorted(e.name for e in key_actors(items)) == [
        "Bank of England",
        "Central Sulawesi",
        "Cork",
        "Dar es Salaam",
        "Eriskay",
        "Government Buildings",
        "INEI",
        "Irish Farmers Association",
        "Motagua",
        "South Uist",
    ]


def test_a_designation_whose_number_the_recogniser_cut_off_is_no_actor() -> None:
    """ "Storm Signal No. 4 was raised over Eastern Samar": the recogniser's "Signal No" is a warning
    level, not an actor; "Nosara" and "Pier No 9 Terminal" are left alone."""
    items = [
        _item(
            "Signal No. 4 over Eastern Samar",
            ("Signal No", "ORG"),
            ("Eastern Samar", "GPE"),
            ("Nosara", "GPE"),
            ("Pier No 9 Terminal", "FAC"),
            text="Storm Signal No. 4 was raised over Eastern Samar. Nosara and Pier No 9 Terminal were spared.",
        )
    ]
    assert sorted(e.name for e in key_actors(items)) == ["Eastern Samar", "Nosara", "Pier No 9 Terminal"]


def test_a_roman_numeral_the_recogniser_took_for_a_name_is_no_actor() -> None:
    """ "moves to tier III of its power plan": the recogniser's "III" is a level, not an actor; "Louis XIV Hotel" and
    "Vix" are names."""
    items = [
        _item(
            "Sichuan moves to tier III",
            ("III", "ORG"),
            ("IV", "ORG"),
            ("Vix", "ORG"),
            ("Louis XIV Hotel", "FAC"),
            text="Sichuan moves to tier III, then tier IV. Vix said so at the Louis XIV Hotel.",
        )
    ]
    assert sorted(e.name for e in key_actors(items)) == ["Louis XIV Hotel", "Vix"]


def test_a_figure_the_recogniser_ran_onto_a_name_before_percent_is_cut_off() -> None:
    """ "gives Keshi 37 percent of the flow": the recogniser's "Keshi 37" is Keshi; "Route 8" stays."""
    items = [
        _item("a", ("Keshi 37", "ORG"), ("Route 8", "FAC"), text="It gives Keshi 37 percent of the flow on Route 8."),
        _item("b", ("Keshi", "GPE"), text="Keshi signed."),
    ]
    assert {e.name: e.articles for e in key_actors(items)} == {"Keshi": 2, "Route 8": 1}


def test_the_titles_the_recogniser_took_into_a_persons_name_are_dropped_two_words_stay() -> None:
    items = [
        _item("a", ("Sergeant Paul Ndlovu", "PERSON"), ("Health Minister Sajid Khan", "PERSON")),
        _item("b", ("Paul Ndlovu", "PERSON"), ("Prince William", "PERSON"), ("Dr Okafor", "PERSON")),
        _item("c", ("State Bank of Pakistan", "ORG")),
    ]
    actors = {e.name: e.articles for e in key_actors(items)}
    assert actors == {
        "Paul Ndlovu": 2,
        "Sajid Khan": 1,
        "Prince William": 1,
        "Okafor": 1,  # an honorific goes, even from two words
        "State Bank of Pakistan": 1,
    }


def test_an_honorific_is_no_part_of_a_name_the_surname_alone_is_the_person() -> None:
    """ "Ms Okonkwo" is Ada Okonkwo, named in full elsewhere; "Mr Brown" is a name though the articles also
    write "brown" in lower case (a one-word name so written is otherwise taken for a common word)."""
    items = [
        _item("a", ("Ada Okonkwo", "PERSON"), text="Ada Okonkwo chairs the parents' association."),
        _item("b", ("Ms Okonkwo", "PERSON"), ("Mr Brown", "PERSON"), text="Mr Brown said the water ran brown."),
        _item("c", ("Dr. Brown", "PERSON"), text="The river ran brown, Dr. Brown said."),
    ]
    actors = {e.name: (e.articles, e.variants) for e in key_actors(items)}
    assert actors == {"Ada Okonkwo": (2, ("Okonkwo",)), "Brown": (2, ())}


def test_a_place_is_where_things_happen_and_a_country_or_capital_acts() -> None:
    from briefer.entities import is_place

    assert is_place("Torkham", "FAC") and is_place("Selayar Strait", "LOC") and is_place("Sigi", "GPE")
    assert not is_place("Pakistan", "GPE") and not is_place("Kabul", "GPE")
    assert not is_place("the Democratic Republic of the Congo", "GPE")
    assert not is_place("Ilse Varga", "PERSON") and not is_place("Tea Board of Kenya", "ORG")


def test_a_name_the_articles_write_as_a_place_is_one_whatever_the_recogniser_called_it() -> None:
    """The small model takes border towns for people and organisations; the articles write them "at
    Torkham", "the Chaman crossing". A company written "at Pomalaa Nikel's jetty" is where its jetty is,
    and what it said makes it an actor."""
    items = [
        _item(
            "a",
            ("Torkham", "PERSON"),
            ("Chaman", "ORG"),
            ("Pomalaa Nikel", "ORG"),
            text="Lorries queued at Torkham. Traders near the Chaman crossing waited. "
            "Pomalaa Nikel said it would wait. Fishermen blocked the road at Pomalaa Nikel's jetty.",
        ),
        _item("b", ("Torkham", "PERSON"), text="Torkham reopened after trucks crossed into Torkham at dawn."),
        _item("c", ("Velmet", "ORG"), text="A meteorologist at Velmet said the storm would ease, according to Velmet."),
        _item("d", ("VMHI", "GPE"), ("UAE", "GPE"), text="VMHI kept its warning. The UAE sent aid, VMHI said."),
    ]
    labels = {e.name: e.label for e in key_actors(items)}
    assert labels == {
        "Torkham": "LOC",
        "Chaman": "LOC",
        "Pomalaa Nikel": "ORG",
        "Velmet": "ORG",
        "VMHI": "ORG",  # an acronym called a place, never written as one
        "UAE": "GPE",  # a country
    }
    unplaced = {e.name: e.label for e in key_actors(items, places=False)}
    assert unplaced["Torkham"] == "PERSON"


def test_an_acronym_written_at_the_is_a_body_not_a_place() -> None:
    """ "Speaking to reporters at the PRD": an acronym the recogniser calls a building, written after "at the", is a
    body (the demo's Press Information Department); the same acronym "at the PRD crossing" is a place, a country's
    "at the UAE embassy" still a country."""
    items = [
        _item("a", ("PRD", "FAC"), text="Speaking to reporters at the PRD, the minister said talks had failed."),
        _item("b", ("PRD", "FAC"), text="The minister left the PRD after an hour."),
        _item("c", ("KRX", "FAC"), text="Lorries queued at the KRX crossing. Traders at the KRX crossing waited."),
    ]
    assert _placed(items) == {"PRD": False, "KRX": True}


def test_a_river_written_on_the_is_a_place_and_a_vessel_named_after_its_kind_is_no_place() -> None:
    """ "Traffic on the Merwe", "a barge aground on the Merwe", "the village of Bukit Sawa": a river or a
    village the small model calls a person or an organisation is a place. "The tanker Geertje", "the motor
    vessel Wendeline": a ship the recogniser calls a place is a vessel (spaCy's PRODUCT, among the key
    actors), not where anything happens, and the first
    words of a firm's name ("Sabun Raya" of "Sabun Raya Timber Sdn Bhd") an organisation. "On Monday",
    "on Islamabad's demands": no place."""
    items = [
        _item(
            "a",
            ("Merwe", "PERSON"),
            ("Geertje", "GPE"),
            text="The tanker Geertje ran aground on the Merwe on Monday. Traffic on the Merwe was stopped.",
        ),
        _item(
            "b",
            ("Geertje", "GPE"),
            ("Wendeline", "LOC"),
            ("Merwe", "ORG"),
            text="Tugs pulled the tanker Geertje free. The motor vessel Wendeline waited on the Merwe.",
        ),
        _item("c", ("Wendeline", "LOC"), text="The barge Wendeline sailed at dawn with a third of its load."),
        _item("d", ("Varnak", "ORG"), text="Talks turned on Varnak's demands. Varnak said it would wait."),
        _item(
            "e",
            ("Sabun Raya", "GPE"),
            text="Sabun Raya Timber Sdn Bhd halted felling. Sabun Raya Timber Sdn Bhd said it would appeal.",
        ),
        _item("f", ("Bukit Sawa", "PERSON"), text="Police reached the village of Bukit Sawa. Bukit Sawa was quiet."),
    ]
    labels = {e.name: e.label for e in key_actors(items)}
    assert labels == {
        "Merwe": "LOC",
        "Geertje": "PRODUCT",
        "Wendeline": "PRODUCT",
        "Varnak": "ORG",
        "Sabun Raya": "ORG",  # the first words of a firm's name ("... Timber Sdn Bhd")
        "Bukit Sawa": "LOC",  # "the village of Bukit Sawa"
    }
    from briefer.entities import is_place

    assert {name for name, label in labels.items() if is_place(name, label)} == {"Merwe", "Bukit Sawa"}


def test_a_name_cut_at_its_small_word_is_made_whole_from_the_text() -> None:
    """The small model reads "a Dar es Salaam-bound train" as "Dar es" and "in Dar es Salaam" as "Salaam": one
    city, not "Dar" and "Salaam" (Places listed both). A Spanish name's "de" does not make "Jaén" a part of
    "Olivareros de Jaén"."""
    items = [
        _item("a", ("Dar es", "GPE"), text="Three coaches of a Dar es Salaam-bound train left the track."),
        _item("b", ("Salaam", "GPE"), text="Lorries waited in Dar es Salaam for a second day."),
        _item("c", ("Jaén", "GPE"), text="Olivareros de Jaén met in Jaén, where the harvest began."),
    ]
    assert {e.name for e in key_actors(items)} == {"Dar es Salaam", "Jaén"}


def test_a_name_cut_at_a_hyphen_or_after_st_is_made_whole_from_the_text() -> None:
    """The small model reads "Pointe-aux-Chenes" as a person "Pointe", "Ivana Stojanovska-Petreska" as "Ivana
    Stojanovska" and "St. James Parish" as "James Parish": the brief listed "Pointe" and "James Parish" as key
    actors. A name the text writes whole after every use is that name ("Pointe-aux-Chenes" a place), but a city
    before "-based" stays the city."""
    items = [
        _item(
            "a",
            ("Pointe", "PERSON"),
            ("Ivana Stojanovska", "PERSON"),
            text="Water reached homes in Pointe-aux-Chenes. Minister Ivana Stojanovska-Petreska said the levee held.",
        ),
        _item(
            "b",
            ("James Parish", "ORG"),
            ("Houston", "GPE"),
            ("Pointe", "PERSON"),
            text="St. James Parish lifted its order. A Houston-based trader called. Pointe-aux-Chenes dried out.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {
        "Pointe-aux-Chenes": "GPE",
        "Ivana Stojanovska-Petreska": "PERSON",
        "St. James Parish": "ORG",
        "Houston": "GPE",
    }


def test_a_features_name_a_list_of_places_an_alert_for_a_place_and_a_journey_to_one_are_places() -> None:
    """The small model calls towns people and organisations. "Wattle Creek", "Mount Oree", "Bindi Downs": a
    feature's name is a place (not a ship's: "the bulk carrier Brolga Bay"). "In Tarrow, Kenda and Ulloo", "the
    Ulloo and Tarrow shires", "between Kenda and Tarrow": the names of a list written where places are, one of
    them a place the recogniser knows, are places; "an orange alert for Merriby", "redirected to Merriby",
    "from Kandra to Wessel" too. Not "goals from Joao Perrin", "talks between the Northern League and Tarrow",
    nor a list whose last name speaks."""
    items = [
        _item(
            "a",
            ("Wattle Creek", "PERSON"),
            ("Mount Oree", "PERSON"),
            ("Bindi Downs", "ORG"),
            ("Brolga Bay", "PERSON"),
            ("Tarrow", "GPE"),
            ("Kenda", "PERSON"),
            ("Ulloo", "ORG"),
            text="Water crossed the road at Wattle Creek below Mount Oree. The owners of Bindi Downs moved stock. "
            "The bulk carrier Brolga Bay sheltered. Roads closed in Tarrow, Kenda and Ulloo on Friday.",
        ),
        _item(
            "b",
            ("Kenda", "PERSON"),
            ("Ulloo", "ORG"),
            ("Tarrow", "GPE"),
            ("Merriby", "PERSON"),
            ("Kandra", "ORG"),
            text="The Ulloo and Tarrow shires were declared. Trucks ran between Kenda and Tarrow. An orange alert "
            "for Merriby stood, and a ship was redirected to Merriby. The ferry from Kandra to Wessel sailed.",
        ),
        _item(
            "c",
            ("Joao Perrin", "PERSON"),
            ("Northern League", "ORG"),
            ("Tarrow", "GPE"),
            ("Sami Oda", "PERSON"),
            text="Ulloo won with goals from Joao Perrin. Talks between the Northern League and Tarrow went on. "
            "In Tarrow, Sami Oda and Joao Perrin said they would stay.",
        ),
    ]
    from briefer.entities import is_place

    places = {e.name for e in key_actors(items, limit=None) if is_place(e.name, e.label)}
    assert {"Wattle Creek", "Mount Oree", "Bindi Downs", "Tarrow", "Kenda", "Ulloo", "Merriby", "Kandra"} <= places
    assert not {"Brolga Bay", "Joao Perrin", "Northern League", "Sami Oda"} & places


def test_the_end_of_a_journey_a_department_a_governors_region_and_two_named_areas_are_places() -> None:
    """ "A train from Sorvik to Amberly", "the department of Villa Hayter", "the governor of Alto Brena", "the
    Kessel and Norra areas" (two names before a plural kind of place, one of them a known place): places. A
    league's or a force's name is an organisation's wherever it is written ("in the Coastal Ice Hockey League",
    "troops from the Ground Defence Force")."""
    items = [
        _item(
            "a",
            ("Sorvik", "GPE"),
            ("Amberly", "PERSON"),
            ("Villa Hayter", "PERSON"),
            ("Alto Brena", "ORG"),
            text="A train from Sorvik to Amberly hit deer. A fire burned in the department of Villa Hayter, and the "
            "governor of Alto Brena asked for help.",
        ),
        _item(
            "b",
            ("Kessel", "ORG"),
            ("Norra", "GPE"),
            ("Coastal Ice Hockey League", "LOC"),
            ("Ground Defence Force", "FAC"),
            text="Deliveries stopped in the Kessel and Norra areas. He scored in the Coastal Ice Hockey League. "
            "Troops from the Ground Defence Force were sent to Norra.",
        ),
    ]
    found = _placed(items)
    assert all(found[name] for name in ("Amberly", "Villa Hayter", "Alto Brena", "Kessel"))
    assert not found["Coastal Ice Hockey League"] and not found["Ground Defence Force"]


def test_two_names_before_a_plural_kind_of_place_are_places_whatever_follows() -> None:
    """ "Residents of the Ali Tor and Barmel areas told ...": two names before "areas" are places, though neither is
    a known place and the words after them are those a speaker's would be; "Ana Kessel and Ivo Norra said" speak."""
    items = [
        _item("a", ("Ali Tor", "PERSON"), text="Residents of the Ali Tor and Barmel areas told the paper of drones."),
        _item(
            "b",
            ("Ana Kessel", "PERSON"),
            ("Ivo Norra", "PERSON"),
            text="In the Barmel area, Ana Kessel and Ivo Norra said the talks would go on.",
        ),
    ]
    found = _placed(items)
    assert found["Ali Tor"]
    assert not found["Ana Kessel"] and not found["Ivo Norra"]


def test_a_name_on_the_border_is_a_place() -> None:
    """ "Hairan on the border with Norland", "Kal Bora on the Norland border": crossings, whatever the recogniser
    called them."""
    items = [
        _item(
            "a",
            ("Hairan", "PERSON"),
            ("Kal Bora", "ORG"),
            ("Norland", "GPE"),
            text="Trade moved through Kal Bora on the Norland border and Hairan on the border with Norland.",
        ),
    ]
    found = _placed(items)
    assert found["Hairan"] and found["Kal Bora"]


def test_a_town_a_report_was_filed_from_is_a_place_whatever_the_recogniser_called_it() -> None:
    """ "PORTO VELLA — ...": the dateline's town is a place in every report of the theme that names it, though the
    recogniser called it an organisation ("said Porto Vella's harbour master"). A capital filed from still acts
    (``countries.tsv``)."""
    items = [
        _item(
            "a",
            ("Kabul", "GPE"),
            text="PORTO VELLA — The ferry was held at the quay on Monday.\n\nKABUL — Officials met on Monday.",
        ),
        _item(
            "b",
            ("Porto Vella", "ORG"),
            ("Kabul", "ORG"),
            text="Porto Vella's harbour master said the ferry would sail. Kabul said it would send an envoy.",
        ),
    ]
    found = _placed(items)
    assert found["Porto Vella"]
    assert not found["Kabul"]


def test_a_road_cut_before_its_number_takes_it_back_and_is_a_place() -> None:
    """ "National Route 44" read as "National Route", an organisation: the road's name with its number, a place."""
    items = [
        _item("a", ("National Route", "ORG"), text="Drifts closed National Route 44 east of Kushiro on Friday."),
        _item("b", ("Highway 16", "ORG"), text="Highway 16 reopened."),
    ]
    found = _placed(items)
    assert found == {"National Route 44": True, "Highway 16": True}


def test_a_union_local_cut_before_its_number_takes_it_back_and_is_no_place() -> None:
    """ "United Dockers Local" of "United Dockers Local 412" (the recogniser's cut): the local whole, a body."""
    items = [_item("a", ("United Dockers Local", "ORG"), text="United Dockers Local 412 voted to strike.")]
    assert _placed(items) == {"United Dockers Local 412": False}


def test_one_word_called_a_person_in_one_report_that_never_writes_it_as_one_is_no_key_actor() -> None:
    """The small model calls towns, firms and a painting's title people ("Pontara", "Veltrix"). One word so
    called in one report, never written as a person's name there (after a title, beside a speech verb, with
    an age), is left out of the key actors, as a name written only as a work's title ("her record, Salt Flats
    Waltz"); "Mr Ostrander", "said Quell", "Brannigan, 44," are people; a country or a capital the recogniser
    calls a person still acts."""
    items = [
        _item(
            "a",
            ("Pontara", "PERSON"),
            ("Veltrix", "PERSON"),
            ("Ostrander", "PERSON"),
            ("Quell", "PERSON"),
            ("Brannigan", "PERSON"),
            ("Nepal", "PERSON"),
            ("Salt Flats Waltz", "PERSON"),
            text='Trains to Pontara stopped. Veltrix shares fell. Mr Ostrander resigned. "No," said Quell. '
            "Brannigan, 44, was hurt. Nepal closed its border. She won for her record, Salt Flats Waltz.",
        ),
    ]
    names = {e.name for e in key_actors(items)}
    assert {"Ostrander", "Quell", "Brannigan", "Nepal"} <= names
    assert not {"Pontara", "Veltrix", "Salt Flats Waltz"} & names  # a record's title is no one either


def test_where_a_name_is_written_is_what_the_pattern_finds() -> None:
    """``entities._written_at`` finds a name where the pattern ``_hyphened`` used to compile for every entity finds
    it: not inside a longer word, not after "-", "." or an apostrophe, not before a word character or an apostrophe
    (its second surname, "St." and hyphened rest are read after it); and, with :func:`briefer.entities.a_work`'s
    boundaries, where its pattern found a work's title. Checked on hand-picked cases and on 20,000 random strings of
    the characters that decide it."""
    import random
    import re

    from briefer.entities import _written_at

    def pattern(text: str, article: str, before: str = "'’.-", after: str = "'’") -> list[int]:
        return [m.start() for m in re.finditer(rf"(?<![\w{before}]){re.escape(text)}(?![\w{after}])", article)]

    cases = [
        ("Ana", "Ana met Anabel and Ana-Maria; O'Ana, Ana's cousin, St. Ana, ana, Ana."),
        ("Ürgüp", "Ürgüp and Ürgüpli and _Ürgüp and Ürgüp_ and 3Ürgüp"),
        ("aa", "aaaa aa aa"),
        ("Kim", ""),
    ]
    for text, article in cases:
        assert _written_at(text, article) == pattern(text, article), (text, article)
        assert _written_at(text, article, "'’-", "-") == pattern(text, article, "'’-", "-"), (text, article)
    assert _written_at("Ana", cases[0][1]) == [0, 19, 55, 65]  # "Ana-Maria" and "St. Ana" too: read after it
    rng = random.Random(51)
    letters = "ab-'’.é_1 A"
    for _ in range(20_000):
        article = "".join(rng.choice(letters) for _ in range(rng.randint(0, 24)))
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))
        assert _written_at(text, article) == pattern(text, article), (text, article)
        assert _written_at(text, article, "'’-", "-") == pattern(text, article, "'’-", "-"), (text, article)


def test_a_feast_or_a_holiday_is_no_key_actor_nor_place() -> None:
    """The recogniser calls "Easter" a building or a place and "Mardi Gras" a person; a reader's key actors and
    places hold neither, and a firm named for a feast's season is kept."""
    items = [
        _item(
            "a",
            ("Easter", "FAC"),
            ("Tarran Nuts", "ORG"),
            text="Tarran Nuts said the kernels were sold to bakeries for delivery before Easter.",
        ),
        _item(
            "b",
            ("Mardi Gras", "PERSON"),
            ("Tarran Nuts", "ORG"),
            text="Parades for Mardi Gras were cut short, and Tarran Nuts closed its shop.",
        ),
    ]
    assert [e.name for e in key_actors(items)] == ["Tarran Nuts"]


def test_a_firm_written_after_its_kind_is_no_place_whatever_the_recogniser_called_it() -> None:
    """ "Walnut processor Tarranut" says what Tarranut is, once said; "the generating company Varne Cascade Energy"
    does not make Varne, the region its name holds, a firm."""
    items = [
        _item(
            "a",
            ("Tarranut", "GPE"),
            ("Varne", "GPE"),
            text="A fire hit the depot of walnut processor Tarranut. Growers stopped selling to Tarranut. "
            "Floods in Varne cut output, the generating company Varne Cascade Energy said.",
        ),
        _item("b", ("Tarranut", "GPE"), ("Varne", "GPE"), text="Buyers of Tarranut waited. Rain fell in Varne."),
    ]
    labels = {e.name: e.label for e in key_actors(items)}
    assert labels["Tarranut"] == "ORG"
    assert labels["Varne"] in ("GPE", "LOC")


def test_a_peoples_name_is_no_key_actor_whatever_the_recogniser_called_it() -> None:
    """ "Kazakh" of "the Kazakh grid operator" (a place, the recogniser says) and "Moldovan" (a person) are
    adjectives of a country's people; the country is an actor, and so are its people written as a plural."""
    items = [
        _item(
            "a",
            ("Kazakh", "GPE"),
            ("Moldovan", "PERSON"),
            ("Kazakhstan", "GPE"),
            ("Moldovans", "GPE"),
            text="The Kazakh grid operator said Kazakhstan would buy power. A Moldovan winery said Moldovans buy less.",
        )
    ]
    names = {e.name for e in key_actors(items)}
    assert "Kazakh" not in names and "Moldovan" not in names
    assert {"Kazakhstan", "Moldovans"} <= names


def test_a_plant_s_numbered_line_or_a_post_s_initials_is_no_key_actor_and_a_street_is_a_place() -> None:
    """ "Line 2" of a pellet plant (which the recogniser calls a person), "Plant 2" and "the CFO" name no one who
    acts; "Carrow Parkway" is a street, a place, though the recogniser calls it a person, and so is "Boulevard
    Tarrasa" (its kind first) and "Carrow Street East" (a direction after its kind); "Lock 7" is a place on the
    canal."""
    items = [
        _item(
            "a",
            ("Line 2", "PERSON"),
            ("CFO", "ORG"),
            ("Tarran Iron", "ORG"),
            ("Plant 2", "ORG"),
            text="Tarran Iron will idle Line 2 at its pellet plant, the CFO said. Tarran Iron employs 640 at Plant 2.",
        ),
        _item(
            "b",
            ("Carrow Parkway", "PERSON"),
            ("Lock 7", "ORG"),
            ("Tarran Iron", "ORG"),
            ("Boulevard Tarrasa", "PERSON"),
            ("Carrow Street East", "ORG"),
            text="A fire broke out at the Carrow Parkway substation. Barges waited at Lock 7 for Tarran Iron's ore. "
            "Residents shut Boulevard Tarrasa for an hour. Trucks queued on Carrow Street East.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {
        "Tarran Iron": "ORG",
        "Carrow Parkway": "LOC",
        "Lock 7": "LOC",
        "Boulevard Tarrasa": "LOC",
        "Carrow Street East": "LOC",  # a direction after the street's kind
    }


def test_a_sum_in_a_currency_s_short_name_or_a_dateline_s_abbreviation_is_no_actor_and_a_road_is_a_place() -> None:
    """ "Rs 48.5" of "Rs 48.5 lakh" is a sum, whatever the recogniser called it; "ST" of "ST. ANDREWS —" is a piece
    of the dateline, which the recogniser ended at the abbreviation's point; "Breezy Point Road" is a road."""
    items = [
        _item(
            "a",
            ("ST", "ORG"),
            ("Rs 48.5", "PERSON"),
            ("Tarran Iron", "ORG"),
            text="ST. ANDREWS \u2014 Police found Rs 48.5 lakh in a lorry of Tarran Iron.",
        ),
        _item(
            "b",
            ("Breezy Point Road", "ORG"),
            ("Tarran Iron", "ORG"),
            text="Water closed Breezy Point Road, Tarran Iron said.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {"Tarran Iron": "ORG", "Breezy Point Road": "LOC"}


def test_a_weather_system_is_no_key_actor_and_a_cape_or_an_island_is_a_place() -> None:
    """ "Storm Carrow" and "Tropical Storm Tarran", and "Tarran" alone once so named, are what happened, no one who
    acts, whatever the recogniser called them; "Storm Bay" is a bay. "Cap Varne" and "Île de Brume" are places."""
    items = [
        _item(
            "a",
            ("Storm Carrow", "PERSON"),
            ("Tropical Storm Tarran", "ORG"),
            ("Varne Rail", "ORG"),
            text="Storm Carrow closed the line, Varne Rail said. Tropical Storm Tarran formed to the east.",
        ),
        _item(
            "b",
            ("Tarran", "PERSON"),
            ("Storm Bay", "LOC"),
            ("Cap Varne", "PERSON"),
            ("Île de Brume", "ORG"),
            ("Varne Rail", "ORG"),
            text="Tarran may reach Storm Bay by Friday. Varne Rail ran no trains past Cap Varne or to Île de Brume.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {"Varne Rail": "ORG", "Storm Bay": "LOC", "Cap Varne": "LOC", "Île de Brume": "LOC"}


def test_a_name_written_once_whole_after_a_vessel_s_kind_is_a_vessel_not_a_place() -> None:
    """ "the trawler Gwenn" says what Gwenn is, though "worked on the Gwenn" and "off the Gwenn" read as a place's
    uses; "the supply vessel Carrow Banks Tern" does not make the Carrow Banks, where it drifted, a vessel."""
    items = [
        _item(
            "a",
            ("Gwenn", "FAC"),
            ("Carrow Banks", "LOC"),
            text="The trawler Gwenn sank off the Carrow Banks. A man who worked on the Gwenn was missing.",
        ),
        _item(
            "b",
            ("Gwenn", "FAC"),
            ("Carrow Banks", "LOC"),
            text="Divers searched off the Gwenn and the supply vessel Carrow Banks Tern stood by on the Carrow Banks.",
        ),
        _item("c", ("Gwenn", "FAC"), text="A body was found near the Gwenn on Thursday."),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found["Gwenn"] == "PRODUCT"  # a vessel: neither a key actor nor a place
    assert found["Carrow Banks"] == "LOC"


def test_a_name_written_with_an_age_after_it_is_a_person_whatever_the_recogniser_called_it() -> None:
    """ "Ronan Carrow, 51," is a man the recogniser took for a place; "In Tarran, 1,800 workers" is a place."""
    items = [
        _item(
            "a",
            ("Ronan Carrow", "GPE"),
            ("Tarran", "GPE"),
            text="Police named the missing man as Ronan Carrow, 51, from Tarran. In Tarran, 1,800 workers waited.",
        ),
        _item("b", ("Ronan Carrow", "GPE"), ("Tarran", "GPE"), text="Ronan Carrow had fished out of Tarran for years."),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {"Ronan Carrow": "PERSON", "Tarran": "GPE"}


def test_a_country_a_region_and_a_firm_are_labelled_by_their_names() -> None:
    """A country of countries.tsv the recogniser called a person ("Togo") is a country; "Alder Prefecture", called a
    person, is a region, a place; "Tarn Offshore Ltd", called a person, is a company."""
    items = [
        _item(
            "a",
            ("Togo", "PERSON"),
            ("Alder Prefecture", "PERSON"),
            ("Tarn Offshore Ltd", "PERSON"),
            text="Togo closed its border. Alder Prefecture confirmed the outbreak on Tuesday. Tarn Offshore Ltd will "
            "build the yard.",
        ),
        _item(
            "b",
            ("Togo", "PERSON"),
            ("Alder Prefecture", "PERSON"),
            ("Tarn Offshore Ltd", "PERSON"),
            text="Traders in Togo waited. Alder Prefecture said 40 farms were checked. Tarn Offshore Ltd hired 90.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {"Togo": "GPE", "Alder Prefecture": "GPE", "Tarn Offshore Ltd": "ORG"}
    assert is_place("Alder Prefecture", found["Alder Prefecture"]) and not is_place("Togo", found["Togo"])


def test_a_ministry_s_portfolio_is_no_body_of_its_own() -> None:
    """ "Finance" of "Finance Minister Ana Roos" (which the recogniser calls an organisation) is a job's word, no key
    actor, and so is "Federal Transport" of "Federal Transport Minister Ines Vale"; "Energy" of "the Energy Ministry
    said" is that ministry."""
    items = [
        _item(
            "a",
            ("Finance", "ORG"),
            ("Ana Roos", "PERSON"),
            ("Energy", "ORG"),
            ("Federal Transport", "ORG"),
            text="Finance Minister Ana Roos signed the loan. The Energy Ministry said the plant would open in June. "
            "Federal Transport Minister Ines Vale was not there.",
        ),
        _item(
            "b",
            ("Finance", "ORG"),
            ("Ana Roos", "PERSON"),
            text="The loan was signed by Finance Minister Ana Roos on Monday.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found == {"Ana Roos": "PERSON", "Energy Ministry": "ORG"}


def test_a_name_the_recogniser_cut_before_its_second_surname_is_whole() -> None:
    """ "Marta Quispe" of "Marta Quispe Rojas" (the recogniser's cut) is the whole name, and "Quispe Rojas", which the
    recogniser called an organisation, is her; "Tarn Vale" of "the Tarn Vale River" takes no "River" (a word the
    article writes in lower case)."""
    items = [
        _item(
            "a",
            ("Marta Quispe", "PERSON"),
            ("Quispe Rojas", "ORG"),
            ("Tarn Vale", "PERSON"),
            text="Mayor Marta Quispe Rojas said the bridge over the Tarn Vale River would reopen. Quispe Rojas said "
            "the river had fallen.",
        ),
        _item(
            "b",
            ("Marta Quispe", "PERSON"),
            text="The bridge works were approved by Marta Quispe Rojas on Monday.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found.get("Marta Quispe Rojas") == "PERSON" and "Quispe Rojas" not in found and "Marta Quispe" not in found
    assert not any(name.startswith("Tarn Vale ") for name in found)


def test_a_region_s_people_is_no_key_actor() -> None:
    """ "Welsh" of "the Welsh side" (which the recogniser calls a person) is an adjective, as a country's people's is,
    and counts for no name it begins ("Welsh Ambulance Service" is named by one article)."""
    items = [
        _item(
            "a",
            ("Welsh", "PERSON"),
            ("Tarn Steel", "ORG"),
            text="Tarn Steel will close the mill. The Welsh side of the story was not heard, the union said.",
        ),
        _item(
            "b",
            ("Welsh", "PERSON"),
            ("Welsh Ambulance Service", "ORG"),
            ("Tarn Steel", "ORG"),
            text="Tarn Steel shares fell. The Welsh Ambulance Service said crews waited; Welsh hospitals were full.",
        ),
    ]
    found = {e.name: e.articles for e in key_actors(items)}
    assert "Welsh" not in found and found["Tarn Steel"] == 2 and found["Welsh Ambulance Service"] == 1


def test_a_surname_with_its_particle_is_its_person_and_a_river_a_town_stands_on_is_a_place() -> None:
    """ "van Heyden" after "Annette van Heyden" is her, one actor; "Tumbatu" beside the ferry "Fahari ya Tumbatu" stays
    the island (only a name holding a particle looks up the names a particle joins); "Isar" of "Landau an der Isar",
    which the recogniser calls a person, is a place."""
    items = [
        _item(
            "a",
            ("Annette van Heyden", "PERSON"),
            ("Isar", "PERSON"),
            ("Fahari ya Tumbatu", "ORG"),
            ("Tumbatu", "LOC"),
            text="The court appointed Annette van Heyden as administrator. The plant in Landau an der Isar stopped. "
            "The ferry Fahari ya Tumbatu sailed to Tumbatu.",
        ),
        _item(
            "b",
            ("van Heyden", "PERSON"),
            ("Isar", "PERSON"),
            ("Tumbatu", "LOC"),
            text="Van Heyden said wages were safe. Workers in Landau an der Isar went home. Tumbatu waited.",
        ),
    ]
    found = {e.name: (e.label, e.articles) for e in key_actors(items)}
    assert found["Annette van Heyden"] == ("PERSON", 2) and "van Heyden" not in found
    assert found["Isar"][0] == "LOC"
    assert found["Tumbatu"] == ("LOC", 2)


def test_a_surname_the_recogniser_called_a_place_is_its_person_when_written_as_a_person_s() -> None:
    """ "Dorsey said" after "Kiran Dorsey" is her, though the recogniser called "Dorsey" a place; "Andes" of
    "Silverpeak Andes said" (a firm's last word) and a town written as one ("in Quillan") stay places."""
    items = [
        _item(
            "a",
            ("Kiran Dorsey", "PERSON"),
            ("Silverpeak Andes", "PERSON"),
            ("Andes", "LOC"),
            text="Lawyer Kiran Dorsey filed the appeal. Silverpeak Andes said its trucks crossed the Andes at night.",
        ),
        _item(
            "b",
            ("Dorsey", "GPE"),
            ("Kiran Quillan", "PERSON"),
            ("Quillan", "GPE"),
            text="Dorsey said the court would hear it in May. Kiran Quillan, a farmer in Quillan, said so too.",
        ),
    ]
    found = {e.name: (e.label, e.articles) for e in key_actors(items)}
    assert found["Kiran Dorsey"] == ("PERSON", 2) and "Dorsey" not in found
    assert found["Andes"][0] == "LOC" and found["Quillan"][0] in ("GPE", "LOC")


def test_a_way_s_two_ends_are_places_and_a_name_run_on_into_a_day_is_the_name() -> None:
    """ "the line between Ostheim and Kellbach" names two places, which the recogniser called a person and an
    organisation; "a deal between Volvo and Geely" names no place; "Ostheim on Maundy" of a headline's "Ostheim on
    Maundy Thursday" is Ostheim."""
    items = [
        _item(
            "a",
            ("Ostheim", "PERSON"),
            ("Kellbach", "ORG"),
            ("Volvo", "ORG"),
            ("Geely", "ORG"),
            text="The line between Ostheim and Kellbach was closed. A deal between Volvo and Geely was signed.",
        ),
        _item(
            "b",
            ("Ostheim on Maundy", "ORG"),
            ("Ostheim", "PERSON"),
            ("Kellbach", "ORG"),
            text="Trains between Ostheim and Kellbach ran late. Volvo said nothing.",
            title="Ostheim on Maundy Thursday: what we are watching",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found["Ostheim"] == "LOC" and found["Kellbach"] == "LOC" and found["Volvo"] == "ORG"
    assert "Ostheim on Maundy" not in found


def test_a_first_name_the_recogniser_called_an_organisation_before_a_titled_surname_is_the_person_s() -> None:
    """ "Wagner" (an organisation, the recogniser says) and "Teodoro Lima" of "Mayor Wagner Teodoro Lima" are one
    person; "State" of "Minister of State Amal Haddad" is the title's, not her first name."""
    items = [
        _item(
            "a",
            ("Wagner", "ORG"),
            ("Teodoro Lima", "PERSON"),
            ("State", "ORG"),
            ("Amal Haddad", "PERSON"),
            text="Mayor Wagner Teodoro Lima signed the decree at City Hall. Minister of State Amal Haddad visited the "
            "clinic on Tuesday.",
        ),
    ]
    found = {e.name: e.label for e in key_actors(items)}
    assert found.get("Wagner Teodoro Lima") == "PERSON" and "Wagner" not in found and "Teodoro Lima" not in found
    assert found.get("Amal Haddad") == "PERSON"
    assert entities._run_together(items[0])[1:] == (("State", "ORG"), ("Amal Haddad", "PERSON"))


def test_a_place_is_no_first_word_of_a_longer_name_that_is_never_a_place() -> None:
    """ "Kallo", a place two times in five (an organisation three times, the recogniser says), is Kallo: not the
    residents' group "Kallo Breathes", which the recogniser took for a person."""
    text = (
        "Residents of Kallo were told to stay indoors after the leak in Kallo. The residents' group Kallo Breathes "
        "said the plant should close."
    )
    items = [
        _item("a", ("Kallo", "GPE"), ("Kallo", "ORG"), ("Kallo Breathes", "PERSON"), text=text),
        _item("b", ("Kallo", "GPE"), ("Kallo", "ORG"), text="The Kallo plant stayed shut, and Kallo stayed indoors."),
        _item("c", ("Kallo", "ORG"), text="The Kallo plant stayed shut on Friday."),
    ]
    found = {e.name: e.articles for e in key_actors(items)}
    assert found.get("Kallo") == 3 and found.get("Kallo Breathes") == 1


def test_a_name_with_an_ampersand_an_ordinal_run_into_it_and_a_road_s_number() -> None:
    """ "Harlan & Pike" is the "Harlan & Pike Railway" the theme names in full; "Second Harlan & Pike derailment in
    13 hours" names the railway, not a "Second Harlan & Pike" ("Second League" stays a name where the article never
    writes "League" alone); "U.S." of "U.S. 23", written only before a number, is a road, no actor."""
    items = [
        _item(
            "a",
            ("Harlan & Pike Railway", "ORG"),
            text="A Harlan & Pike Railway freight train left the track at Caledon on Sunday night.",
        ),
        _item(
            "b",
            ("Second Harlan & Pike", "ORG"),
            ("Harlan & Pike", "ORG"),
            title="Second Harlan & Pike derailment in 13 hours",
            text="Six cars of a Harlan & Pike train left the track at the Tarn yard. Harlan & Pike said it would help.",
        ),
        _item(
            "c",
            ("U.S.", "ORG"),
            ("Second League", "ORG"),
            text="The bus and a pickup collided on U.S. 23 south of Caledon. The driver played in the Second League.",
        ),
    ]
    found = {e.name: e.articles for e in key_actors(items)}
    assert found.get("Harlan & Pike Railway") == 2
    assert not {"Harlan & Pike", "Second Harlan & Pike", "U.S."} & set(found)
    assert found.get("Second League") == 1


def test_a_town_named_with_a_small_a_is_one_place() -> None:
    """ "Poggio a Caiano", "San Piero a Ponti": Italian towns of three words or more, the recogniser's pieces of them
    (a person "Poggio", a person "Caiano", a place "San Piero") one place; a dateline of them ("POGGIO A CAIANO —")
    files the report; a weekday before "a" is no town's."""
    items = [
        _item(
            "a",
            ("Poggio", "PERSON"),
            ("Caiano", "PERSON"),
            ("Furbone", "ORG"),
            text="POGGIO A CAIANO \u2014 The river spilled over near Poggio a Caiano and into the Furbone.",
        ),
        _item("b", ("San Piero", "GPE"), text="The bank broke at San Piero a Ponti; San Piero a Ponti was cleared."),
        _item("c", ("Monday", "DATE"), ("Carrara", "GPE"), text="On Monday a Carrara court met."),
    ]
    actors = {e.name: e for e in key_actors(items)}
    assert actors["Poggio a Caiano"].articles == 1 and actors["San Piero a Ponti"].articles == 1
    assert not {"Poggio", "Caiano", "POGGIO", "CAIANO", "San Piero"} & set(actors)
    assert "Carrara" in actors


def test_a_community_written_short_is_the_first_nation_or_township_of_its_name() -> None:
    """ "Giizhigong" is the "Giizhigong First Nation" (which the recogniser calls an organisation), "Baoshan" the
    "Baoshan Township"; but Texas is no "Texas City" (a city or a county may be another place of the name)."""
    items = [
        _item("a", ("Giizhigong First Nation", "ORG"), text="Giizhigong First Nation declared an emergency."),
        _item("b", ("Giizhigong", "GPE"), text="Water ran brown in Giizhigong."),
        _item("c", ("Baoshan Township", "GPE"), ("Baoshan", "GPE"), text="Baoshan Township ... Baoshan."),
        _item("d", ("Texas", "GPE"), ("Texas City", "GPE"), text="Texas ... Texas City."),
    ]
    actors = {e.name: e.articles for e in key_actors(items)}
    assert actors["Giizhigong First Nation"] == 2 and "Giizhigong" not in actors
    assert "Baoshan Township" in actors and "Baoshan" not in actors
    assert "Texas" in actors and "Texas City" in actors
