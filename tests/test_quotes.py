"""Who said what: quotations with their speakers, verbatim, speakers merged across spellings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nlp_fixtures import article

from briefer import quotes
from briefer.analyse import analyse
from briefer.models import AnalysedArticle, Quote
from briefer.quotes import _full_name, _titled, key_quotes, theme_quotes

FOLDER = Path(__file__).parent / "fixtures" / "quotes"


def _theme() -> tuple[list[AnalysedArticle], tuple[Quote, ...]]:
    items = analyse([article(name, (FOLDER / f"{name}.txt").read_text(encoding="utf-8")) for name in ("talks", "wire")])
    return items, theme_quotes(items)


def test_speakers_in_every_form_and_spellings_merged() -> None:
    _, quotes = _theme()
    said = {(q.speaker, q.text) for q in quotes}
    assert said == {
        ("Mohammad Ishaq Dar", "We are ready to sit down again. The agenda has not changed"),  # "said X", title dropped
        ("Mohammad Ishaq Dar", "Nobody should read our patience as weakness."),  # "X told reporters:"
        ("Mohammad Ishaq Dar", "A guarantor is needed"),  # '"...," X said.'
        ("Mohammad Ishaq Dar", "Without one, nothing that is signed will hold."),  # continues the quote before it
        ("Hakan Fidan", "spare no effort"),  # a partial quote in reported speech
        ("Gul Wali", "Nobody buys anything any more"),  # "he said": the person who spoke last
        (
            "Mujahid Khan",
            "This is a market, not a battlefield",
        ),  # "he told Kabul Ledger": the addressee is not the speaker
        ("Zabihullah Mujahid", "Our door was never closed. Theirs was."),  # "X, the spokesman, said:"
        ("Zabihullah Mujahid", "by both sides together"),  # "He added that ..."
        ("Zabihullah Mujahid", "Talks need trust, and trust needs deeds"),  # "Mujahid" is Zabihullah Mujahid
    }
    # Unnamed speakers are left out: "a spokesman said", "the diplomat said".
    assert not any("threats" in q.text or "chosen" in q.text for q in quotes)


def test_the_same_words_in_two_articles_are_one_quote_first() -> None:
    _, quotes = _theme()
    assert quotes[0] == Quote(
        "Mohammad Ishaq Dar", "We are ready to sit down again. The agenda has not changed", ("talks", "wire")
    )
    assert len({q.text for q in quotes}) == len(quotes)


def test_every_quote_stands_in_each_of_its_articles_character_for_character() -> None:
    items, quotes = _theme()
    texts = {item.article.id: item.article.text for item in items}
    assert quotes
    for q in quotes:
        for article_id in q.article_ids:
            assert q.text in texts[article_id]
        assert q.text == q.text.strip() and not q.text.endswith(",")


def test_an_edition_shows_each_speaker_once_before_anyone_twice() -> None:
    _, quotes = _theme()
    shown = key_quotes(quotes, 4)
    assert len(shown) == 4
    assert len({q.speaker for q in shown}) == 4
    assert shown[0] == quotes[0]


def test_an_edition_shows_statements_not_phrases_lifted_from_a_reporters_sentence() -> None:
    phrase = Quote("Hamid Sarwar", "in good faith", ("a",))
    statement = Quote("Nadia Qureshi", "We will not sit down again only for the sake of talking", ("b",))
    assert key_quotes((phrase, statement), 3) == (statement,)
    tail = Quote("Omar Hadi", "encouraged that both sides remain committed to the truce", ("c",))
    assert key_quotes((tail, statement), 3) == (statement,)
    long_tail = Quote("Omar Hadi", "ready to meet again as soon as both delegations have agreed on an agenda", ("c",))
    assert key_quotes((long_tail,), 3) == (long_tail,)
    # a long clause comes after the quotations that open like a sentence, not before them
    other = Quote("Lena Ward", "The patrols will go on every night until the crossings are closed", ("d",))
    assert key_quotes((long_tail, statement, other), 2) == (statement, other)
    assert key_quotes((long_tail, statement), 3) == (statement, long_tail)


def _said(name: str, text: str) -> list[tuple[str, str]]:
    """(speaker, quotation) of one article of ``text``, in order."""
    (item,) = analyse([article(name, text)])
    return [(q.speaker, q.text) for q in theme_quotes([item])]


def test_he_said_is_the_speaker_named_in_the_paragraph_before() -> None:
    """A spokesman named as the subject of "told" in one paragraph speaks the next one's
    '"...," he said', not the country the lead happens to name first."""
    text = (
        "Kestrel Bay weighs Norland offer\n"
        "Kestrel Bay is weighing an offer by Norland to act as a go-between, officials said on Monday.\n\n"
        "Spokesman Tamsin Orlo told the Harbour Post that the council had received the message on Sunday.\n\n"
        '"We did not start this quarrel and we do not want it to go on," he said. '
        '"If Norland can help, we welcome it."\n\n'
        '"Nothing has been decided," said Harbour Minister Ilse Varga.\n\n'
        "Officials in Ostrava told reporters they had not been asked.\n\n"
        '"Our door stays open to every honest broker," she said.'
    )
    said = _said("offer", text)
    assert ("Tamsin Orlo", "We did not start this quarrel and we do not want it to go on") in said
    assert ("Tamsin Orlo", "If Norland can help, we welcome it.") in said
    # the last named speaker was the minister: "Officials ... told" names nobody
    assert ("Ilse Varga", "Our door stays open to every honest broker") in said


def test_she_said_after_a_minister_who_welcomed_and_said_is_the_minister() -> None:
    """ "X, the minister, welcomed the plan and said ...": the speech verb's subject is the minister
    before the predicate it is joined to, not the lead's developer (nor, on the desk this came
    from, a town the recogniser took for a person)."""
    text = (
        "Varne site could host a data campus\n"
        "VARNE - A planned data campus in Ostrowo would be the largest of its kind, its developer, "
        "Tomas Rehn, said on Thursday.\n\n"
        "Norland's economy minister, Ilse Marten-Kask, welcomed the project and said the government "
        'was preparing a law on permits. "We want these investments, but we want the jobs to stay here," '
        "she said."
    )
    said = _said("campus", text)
    assert said == [("Ilse Marten-Kask", "We want these investments, but we want the jobs to stay here")]


def test_officials_are_nobody_and_a_job_before_a_name_is_a_title() -> None:
    """'Officials said: "..."' names nobody (not "Officials"); "Deputy Superintendent of Police
    Ramesh Khadka" is Ramesh Khadka, and "Manufacturer Nordvinge Turbines" is Nordvinge Turbines."""
    text = (
        "Pumping station fire cuts water to Varne\n"
        'The Ostrow station supplies eastern Varne. Officials said: "Arson is not suspected in this case."\n\n'
        '"The soil is still wet and moving, our teams have to stop," said Deputy Superintendent of Police '
        "Ramesh Khadka.\n\n"
        'Manufacturer Nordvinge Turbines said it was "deeply concerned about what happened at sea".'
    )
    said = _said("station", text)
    assert not any("Arson" in quote for _, quote in said)
    assert ("Ramesh Khadka", "The soil is still wet and moving, our teams have to stop") in said
    assert ("Nordvinge Turbines", "deeply concerned about what happened at sea") in said


def test_the_person_behind_a_place_a_job_or_an_apposition_is_the_speaker() -> None:
    """ "said Norland's environment minister, Leah Dumont" is Leah Dumont, not Norland; "said Varne
    wholesaler Dev Prasanth" is Dev Prasanth; "Dr Amin Sabri, director of the hospital, said ..."
    speaks the next '"...," he said'; so does "..., said Dr Jean-Marc Ahoua, the district officer";
    and "told the Evening Post:" names the listener, not the speaker."""
    text = (
        "Caribou plan approved\n"
        '"This plan was written with industry and towns at the table," said Norland\'s environment minister, '
        "Leah Dumont.\n\n"
        '"Nobody wanted to hold wood in October, now everybody wants it," said Varne wholesaler Dev Prasanth.\n\n'
        "Dr Amin Sabri, director of the Ostrow hospital, said the wounded included a woman in critical "
        'condition. "We had hoped these days were behind us at last," he said.\n\n'
        "The round pays attention to border markets, said Dr Jean-Marc Ahoua, the district officer in Kesto. "
        '"The virus does not show a passport at the border," he said.\n\n'
        'One woman on the upper deck told the Evening Post: "Everyone was thrown forward in the crash."\n\n'
        "Kendra Doucette, who chairs the Digby Area Health Services Foundation, said the town had raised "
        'money. "We just need somebody to say yes to the house," she said.'
    )
    said = {quote: speaker for speaker, quote in _said("plan", text)}
    assert said["This plan was written with industry and towns at the table"] == "Leah Dumont"
    assert said["Nobody wanted to hold wood in October, now everybody wants it"] == "Dev Prasanth"
    assert said["We had hoped these days were behind us at last"] == "Amin Sabri"
    assert said["The virus does not show a passport at the border"] == "Jean-Marc Ahoua"
    assert "Everyone was thrown forward in the crash." not in said
    assert said["We just need somebody to say yes to the house"] == "Kendra Doucette"
    for written, name in (
        ("Sheffield Central MP Priya Sandhu", "Priya Sandhu"),
        ("Regional Marshal Henryk Grabowiecki", "Henryk Grabowiecki"),
        ("Helen Marsden KC", "Helen Marsden"),
        ("Cllr Jenny Crawshaw", "Jenny Crawshaw"),
        ("Minister of Water and Irrigation Rania Al-Khatib visited the site and", "Rania Al-Khatib"),
        ("Halberd, which owns food businesses in Norland, confirmed the approach and", "Halberd"),
        ("The plants must report on spending, vice-minister Sungat Esimkhanov", "Sungat Esimkhanov"),
    ):
        assert quotes._speaker_before_verb(written) == name
    for written, name in (
        ("Julián Ferraro of the Buenos Aires energy institute IAE", "Julián Ferraro"),
        ("Ivana Horvat of Croatia's environment ministry", "Ivana Horvat"),
        ("Nordvinge's technical director, Rasmus Østergaard-Lind", "Rasmus Østergaard-Lind"),
    ):
        assert quotes._speaker_after_verb(written) == name


def test_a_speaker_is_neither_a_dateline_nor_an_object_nor_an_institute() -> None:
    text = (
        "Council ready for talks\n"
        "OSTRAVIN – The Harbour Council said on Monday it was ready to settle the dispute "
        '"through patient negotiation".\n\n'
        "The council is weighing an offer to act as an intermediary with Norland, a spokesman said, adding that "
        'Ostravin "has always valued the role of its friends".\n\n'
        '"Ostravin has spent years being the place where both sides can talk," said Elna Varkas of the '
        "Institute for Harbour Studies."
    )
    said = set(_said("council", text))
    assert ("Harbour Council", "through patient negotiation") in said  # not "OSTRAVIN The Harbour Council"
    assert not any(q == "has always valued the role of its friends" for _, q in said)  # not Norland's
    assert ("Elna Varkas", "Ostravin has spent years being the place where both sides can talk") in said


def test_a_long_quotation_over_paragraphs_does_not_hide_a_later_speaker() -> None:
    """A quotation whose first paragraph is left open (outlets close only its last part) does not
    make the speech verbs of the paragraphs after it look quoted: quotation marks pair within a
    paragraph."""
    text = (
        "Quays to reopen\n"
        "The harbour board met on Monday to decide when the quays would reopen.\n\n"
        "\u201cThe first part of a long statement runs on without a closing mark.\n\n"
        "\u201cAnd it ends here, with the board's thanks to the crews,\u201d said Harbour Minister Ilse Varga.\n\n"
        "Harbour chief Tomas Brek told reporters on Monday that the quays would reopen.\n\n"
        "\u201cWe are ready for the ships again,\u201d he said."
    )
    said = set(_said("quays", text))
    assert ("Tomas Brek", "We are ready for the ships again") in said


def test_a_quotation_after_the_rest_of_its_attribution_sentence_is_the_same_speakers() -> None:
    """'"...," union secretary Mara Lind said at a rally in Varne. "..."': the second quotation opens
    the sentence after the attribution's and is Mara Lind's too; not when another speech verb stands
    between them."""
    text = (
        "Dock strike goes on\n"
        '"The owners still have time to make a serious offer," union secretary Mara Lind said at a rally '
        'in Varne. "If they do not, two days become a week."\n\n'
        '"We will not move," said Tomas Brek, a docker at the Ostrow quay, as workers cheered. '
        '"We have waited long enough."\n\n'
        '"The berths are empty," harbour master Ilse Varga said as the owners told reporters they were ready. '
        '"Nobody has called us back."'
    )
    said = dict((q, s) for s, q in _said("strike", text))
    assert said["If they do not, two days become a week."] == "Mara Lind"
    assert said["We have waited long enough."] == "Tomas Brek"
    assert "Nobody has called us back." not in said


def test_a_day_before_an_unnamed_speaker_is_nobody() -> None:
    """'On Tuesday, the judge at Ostrow said ... "..."': the speaker is an unnamed judge, not Tuesday
    (nor Ostrow); a day is never a speaker."""
    text = (
        "Water firm fined\n"
        'On Tuesday, the judge at Ostrow said the firm had shown "a careless disregard for its permits".\n\n'
        'Friday, a spokesman said, would bring "a full account of the spill".'
    )
    assert _said("fine", text) == []
    assert quotes._speaker_before_verb("On Tuesday, the judge at Ostrow") is None


def test_he_or_she_is_neither_an_organisation_nor_the_subject_of_reported_speech() -> None:
    """ "Helen Dorne said Quaylink told investors ... "...," she said': she is Helen Dorne, not
    Quaylink (the subject of what she said); 'The Ostrow Harbour Board told reporters ... "...," he
    said': he is no board, but the person named before."""
    trial = (
        "Fraud trial opens\n"
        "The trial of two former directors of the payments firm Quaylink opened at Ostrow Crown Court on Monday.\n\n"
        "Opening the case, prosecutor Helen Dorne said Quaylink told investors it served 40,000 shops. "
        '"The true figure was never above 3,000," she said.'
    )
    assert _said("trial", trial) == [("Helen Dorne", "The true figure was never above 3,000")]
    quays = (
        "Quays shut\n"
        "Harbour chief Tomas Brek spoke on Monday.\n\n"
        "The Ostrow Harbour Board told reporters on Monday the quays were shut. "
        '"We will reopen when the wind drops," he said.'
    )
    assert _said("quays", quays) == [("Tomas Brek", "We will reopen when the wind drops")]


def test_a_description_after_a_name_or_a_place_after_it_leaves_the_person() -> None:
    """ "Ilse Varga, operations manager at Ostlink, said" is Ilse Varga (not Ostlink, not the speaker
    before her); "Tomas Brek, executive director of the Chamber of Varne Exporters" is Tomas Brek, not
    the chamber; "health officer Mara Lind in Ostrow" is Mara Lind. "Officials in Ostrow" stay nobody."""
    for written, name in (
        ("Ilse Varga, operations manager at Ostlink", "Ilse Varga"),
        ("Tomas Brek, executive director of the Chamber of Varne Exporters", "Tomas Brek"),
        ("Community health officer Mara Lind in Ostrow", "Mara Lind"),
    ):
        assert quotes._speaker_before_verb(written) == name
    assert quotes._speaker_before_verb("Officials in Ostrow") is None
    text = (
        "Terminal strike\n"
        '"Nobody goes back under those rules," said the union secretary, Nils Hald.\n\n'
        "Ilse Varga, operations manager at Ostlink, said the company had kept every job. "
        '"We cannot pay full crews to stand beside an empty berth," she said.\n\n'
        "Tomas Brek, executive director of the Chamber of Varne Exporters, said the rule was "
        '"tight but workable" for large traders.'
    )
    said = {q: s for s, q in _said("terminal", text)}
    assert said["We cannot pay full crews to stand beside an empty berth"] == "Ilse Varga"
    assert said["tight but workable"] == "Tomas Brek"


def test_a_kin_description_after_a_name_leaves_the_person_and_alone_names_nobody() -> None:
    """'"...," Ama Tonye, his younger sister, said' is Ama Tonye: a description opening on "his", "her" or
    "their" is read past as one opening on "the" is; '"...," her father said' alone names nobody."""
    assert quotes._speaker_before_verb("Ama Tonye, his younger sister,") == "Ama Tonye"
    assert quotes._speaker_before_verb("Ebi Pere, their lawyer,") == "Ebi Pere"
    text = (
        "Chairman taken from his house\n"
        "Gunmen took the chairman of the Ekpa community from his house before dawn on Sunday.\n\n"
        '"They knocked twice and called him by name," Ama Tonye, his younger sister, said. '
        '"Nobody in the family has slept since."\n\n'
        '"He has never owed anybody money," her father said.'
    )
    said = {q: s for s, q in _said("chairman", text)}
    assert said["They knocked twice and called him by name"] == "Ama Tonye"
    assert "He has never owed anybody money" not in said


def test_he_said_with_no_speech_verb_before_it_is_the_person_the_sentence_before_opens_with() -> None:
    """A paragraph with no speech verb before its '"...," he said': he is the person the sentence before
    opens with, when a job before the name says it is a person ("Chief executive Tomas Brek blamed
    ..."), not whoever spoke last; a place or an outfit opening the sentence is nobody's name."""
    text = (
        "Brewer cuts outlook\n"
        '"Sales to pubs fell in April," the brewer said in a trading update.\n\n'
        '"We will raise prices in June," said finance director Ilse Varga.\n\n'
        "Chief executive Tomas Brek blamed a wet April and careful drinkers. "
        '"People still go to the pub, but they have one drink where they had two," he said.'
    )
    said = {q: s for s, q in _said("brewer", text)}
    assert said["People still go to the pub, but they have one drink where they had two"] == "Tomas Brek"
    assert quotes._sentence_subject("", "Ostrow Harbour Board shut the quays on Monday. ", [], [], []) is None
    assert quotes._sentence_subject("", "Chief executive Tomas Brek blamed April. ", [], [], []) == "Tomas Brek"
    assert quotes._sentence_subject("", "Brek, who came on late, scored. ", ["Tomas Brek"], [], []) is None
    assert quotes._sentence_subject("", "Brek, who came on late, scored. ", ["Brek"], [], []) == "Brek"


def test_a_paragraph_that_opens_on_he_said_after_one_where_nobody_spoke_is_the_person_that_one_ends_on() -> None:
    """A quotation that opens its paragraph, '"...," she said', after a paragraph where nobody speaks: she is
    the person that paragraph's last sentence opens with ("His wife, Ana Kell, drove ..."), not whoever was
    quoted last; after a paragraph where someone speaks, the speaker as before."""
    text = (
        "Fisherman home after two nights on Tarn islet\n"
        'Jon Brek, 52, was found on Tarn islet on Saturday. "The engine stopped and the tide took us," Brek said.\n\n'
        "His wife, Ana Kell, drove from Port Alder in the morning with their three children.\n\n"
        '"I cooked rice and fish. He ate it all," she said.\n\n'
        "Brek said he would be back at sea within a week. His daughter, Mira Brek, works at the harbour.\n\n"
        '"I owe the helicopter crew a dinner," he said.'
    )
    said = {q: s for s, q in _said("islet", text)}
    assert said["I cooked rice and fish. He ate it all"] == "Ana Kell"
    assert said["I owe the helicopter crew a dinner"] == "Jon Brek"


def test_a_dateline_is_never_the_speaker_a_pronoun_takes_up() -> None:
    """ "SAINT ALDER — The woman who kept the books told jurors ... that he told her to "..."": "he" is not the
    dateline the sentence opens on (which the recogniser calls a person); nobody named is the speaker."""
    text = (
        "Bookkeeper tells jury she warned the director\n"
        "SAINT ALDER — The woman who kept the books at Carrow Academy told jurors on Friday that she warned the "
        'school\'s director in writing, and that he told her to "leave the grown-up decisions to the grown-ups."'
    )
    assert all(speaker != "SAINT ALDER" for speaker, _ in _said("books", text))


def test_guards_on_the_person_before_a_place_and_the_sentence_subject() -> None:
    """ "Mayor Tomas Brek, of the Varne Harbour Authority, said" is Tomas Brek; a place phrase far from
    the verb ("... named players for the Varne Cup in Ostrow, saying") names nobody; "Ostrow coach Ilse
    Varga praised ..." opens with Ilse Varga, not the club; a job before a name makes a person of what
    the recogniser calls an organisation ("General manager Ravi Lal said ... "...," he said")."""
    assert quotes._speaker_before_verb("Mayor Tomas Brek, of the Varne Harbour Authority, ") == "Tomas Brek"
    assert quotes._speaker_before_verb("In Ostrow, at the meeting, ") is None
    assert quotes._speaker_before_verb("Coach Ilse Varga on Monday named players for the Varne Cup in Ostrow, ") is None
    assert quotes._sentence_subject("", "Ostrow coach Ilse Varga praised her side. ", [], [], []) == "Ilse Varga"
    head = "General manager Ravi Lal said the plant had half its fish. "
    assert quotes._last_speaker(head, set(), {"ravi lal"}) == ("Ravi Lal", head.index("said"))
    assert quotes._last_speaker(
        "The Ostrow Harbour Board said the quays were shut. ", set(), {"ostrow harbour board"}
    ) == (
        None,
        -1,
    )


def test_the_person_after_a_job_with_an_occasion_or_an_institution_or_after_a_description() -> None:
    """ "said coach Ilse Varga at the news conference" is Ilse Varga; "said political scientist Tomas
    Brek of the University of Varne" is Tomas Brek; "said the spokesman of the harbour police, Captain
    Mara Lind" is Mara Lind; "said the ministry in a statement" names nobody."""
    for written, name in (
        ("coach Ilse Varga at the news conference", "Ilse Varga"),
        ("political scientist Tomas Brek of the University of Varne", "Tomas Brek"),
        ("the spokesman of the harbour police, Captain Mara Lind", "Mara Lind"),
        ("the company's vice-president of operations, Nils Hald", "Nils Hald"),
    ):
        assert quotes._speaker_after_verb(written) == name
    assert quotes._speaker_after_verb("the ministry in a statement") is None
    assert quotes._speaker_after_verb("the head of the union, adding that") is None


def test_according_to_after_a_quotation_names_its_speaker() -> None:
    """'... should resume "within six weeks", according to Ostlink's regional director, Nils Hald.' is
    Nils Hald's; 'according to the ministry' names nobody."""
    text = (
        "Mine to restart\n"
        'Production should resume "within six weeks", according to Ostlink\'s regional director, Nils Hald.\n\n'
        'The site will take "several more months to reach full output", according to the ministry.'
    )
    assert _said("mine", text) == [("Nils Hald", "within six weeks")]


def test_called_and_described_name_a_speaker_but_he_after_an_unnamed_person_is_nobody() -> None:
    """'Varne's energy minister, Ilse Varga, called the rise "a transfer of costs to the towns"' is Ilse
    Varga's; "the Norland Foreign Ministry called it ..." keeps the
    ministry whole; 'The remarks were made by a Norland member of parliament. He described ... as
    "..."': he is that unnamed member, not the person the article named first."""
    text = (
        "Power price rise\n"
        "Harbour chief Tomas Brek met the envoy on Monday.\n\n"
        'Varne\'s energy minister, Ilse Varga, called the rise "a transfer of costs to the towns".\n\n'
        'The Norland Foreign Ministry called the closure "an unfriendly and provocative step".\n\n'
        "The remarks were made at the weekend by a Norland member of parliament on television. He described "
        'the operations as "a danger for the stability of the region".'
    )
    said = {q: s for s, q in _said("power", text)}
    assert said["a transfer of costs to the towns"] == "Ilse Varga"
    assert said["an unfriendly and provocative step"] == "Norland Foreign Ministry"
    assert "a danger for the stability of the region" not in said


def test_names_keep_their_particles_and_lose_their_party() -> None:
    """ "Foreign Minister Khalid al-Rawahi" is Khalid al-Rawahi, spelt as written (not "Khalid al Rawahi"),
    and "al-Rawahi said" finds him in full; "Hernán Vidal of Frente Sur said" is Hernán Vidal; but
    "District of Varne Reeve Dale Orme" is Dale Orme, not the district."""
    text = (
        "Swap proposed\n"
        "MUSCAT – Foreign Minister Khalid al-Rawahi told reporters that both sides had a written proposal.\n\n"
        '"The lists are closer than they have ever been," al-Rawahi said.\n\n'
        'Hernán Vidal of Frente Sur said the old plans had "failed for ten years".'
    )
    said = {q: s for s, q in _said("swap", text)}
    assert said["The lists are closer than they have ever been"] == "Khalid al-Rawahi"
    assert said["failed for ten years"] == "Hernán Vidal"
    assert quotes._speaker_before_verb("District of Varne Reeve Dale Orme") == "Dale Orme"
    assert quotes._speaker_before_verb("University College of Varne") == "University College of Varne"


def test_an_indefinite_subject_after_a_place_is_nobody_and_a_given_name_is_somebody() -> None:
    """'In Norland, a State Department spokesman said ... "..."' is the State Department's (not Norland's); "Tomas
    Brek, a docker at Ostrow, said" and "19-year-old Mara Lind, a student at Varne, said" are people;
    'said a neighbour who gave only her first name, Mariela' is Mariela."""
    assert quotes._speaker_before_verb("In Norland, a State Department spokesman ") == "State Department"
    assert quotes._speaker_before_verb("In Norland, a spokesman ") is None
    assert quotes._speaker_before_verb("Tomas Brek, a docker at Ostrow, ") == "Tomas Brek"
    assert quotes._speaker_before_verb("The youngest, 19-year-old Mara Lind, a student at Varne") == "Mara Lind"
    assert quotes._speaker_after_verb("a neighbour who gave only her first name, Mariela") == "Mariela"
    assert quotes._speaker_after_verb("an elder who gave his name only as Haji Gul") == "Haji Gul"
    assert quotes._speaker_after_verb("a man who gave his name") is None


def test_a_participle_after_a_sentence_speaks_for_its_subject() -> None:
    """'Ilse Varga returned to Ostrow on Saturday, telling a crowd the road would be built "with our own
    hands"' is Ilse Varga's; '..., the army said on Wednesday, adding that the trucks came "despite the
    attack on the road"' is the army's (nobody named), not the sentence's first word."""
    text = (
        "Road promised\n"
        "OSTROW – Ilse Varga returned to Ostrow on Saturday, telling a crowd the road would be built "
        '"with our own hands and our own money".\n\n'
        "VARNE – A convoy was attacked on Tuesday, the army said on Wednesday, adding that the trucks came "
        '"despite the attack on the road".\n\n'
        'In Varne, officials met on Monday, saying the bridge was "safe for every lorry".'
    )
    said = {q: s for s, q in _said("road", text)}
    assert said == {"with our own hands and our own money": "Ilse Varga"}
    assert quotes._opening_subject("National team coach Nils Hald on Friday named three players, ") == "Nils Hald"


def test_an_outfits_job_before_an_apposition_is_the_person_after_it() -> None:
    """ "said Ostlink's director of development, Mara Lind" is Mara Lind, not Ostlink; "said Varne's
    head of research at the bank" names nobody (not Varne)."""
    assert quotes._speaker_after_verb("Ostlink's director of development, Mara Lind") == "Mara Lind"
    assert quotes._speaker_after_verb("Varne's head of research at the bank, adding") is None
    assert quotes._speaker_after_verb("Varne's head of research") is None


def test_a_titles_full_stop_ends_no_sentence() -> None:
    """'"...," ministry spokesman Dr. Tomas Brek said.' and '"...," said Dr. Ilse Varga, a biologist.'
    are theirs (the full stop of "Dr." had cut the attribution short); the quotation keeps its text
    as written; "In a report on Friday, chief forester Dr. Nils Hald said ..." names Nils Hald for
    the next "he wrote", not the dateline the recogniser took for a person."""
    text = (
        "Cluster traced\n"
        "OSTROW HARBOUR — Officials traced a cluster of cases on Monday.\n\n"
        '"There is no sign of spread beyond one family," ministry spokesman Dr. Tomas Brek said.\n\n'
        '"Every tag that comes back tells us where a fish went, said Dr. Smith," said Dr. Ilse Varga, a biologist.\n\n'
        "In a report on Friday, chief forester Dr. Nils Hald said the old limit had been too high. "
        '"The cut must reflect the forest that remains," he wrote.'
    )
    said = {q: s for s, q in _said("cluster", text)}
    assert said["There is no sign of spread beyond one family"] == "Tomas Brek"
    assert said["Every tag that comes back tells us where a fish went, said Dr. Smith"] == "Ilse Varga"
    assert said["The cut must reflect the forest that remains"] == "Nils Hald"


def test_a_surname_that_is_also_a_title_and_an_owner_before_its_ministry() -> None:
    """ "Dr Imran Sheikh" is Imran Sheikh (a surname can be a title word), "Prime Minister" stays as
    it was; "Norland's foreign ministry welcomed the talks and urged ..." is the ministry, unnamed,
    not Norland."""
    assert quotes._clean_name(["Dr", "Imran", "Sheikh"]) == "Imran Sheikh"
    assert quotes._clean_name(["Prime", "Minister"]) == "Prime Minister"
    assert quotes._clean_name(["Foreign", "Minister", "Ilse", "Varga"]) == "Ilse Varga"
    assert quotes._speaker_before_verb("Norland's foreign ministry welcomed the talks and ") is None
    assert quotes._speaker_before_verb("Harbour Minister Ilse Varga visited the quay and ") == "Ilse Varga"


def test_an_institution_keeps_its_owner_and_loses_its_abbreviation() -> None:
    """ "The Varne Traders' Forum (VTF) said" is Varne Traders' Forum, not "... Forum VTF"; "the
    President's Media Division" keeps its owner (a person's owner is still cut: "Keshi's Tomas Brek")."""
    assert quotes._speaker_before_verb("The Varne Traders Forum (VTF) ") == "Varne Traders Forum"
    assert quotes._speaker_before_verb("President's Media Division ") == "President's Media Division"
    assert quotes._speaker_before_verb("Keshi's Tomas Brek ") == "Tomas Brek"


def test_a_dateline_an_accented_first_name_and_an_ombudswoman() -> None:
    """ "VARNE, Norland – Ilse Varga told ..." is Ilse Varga, not "Norland Ilse Varga"; "Varga said" finds
    her in full as "Óla Varga" when the article wrote it with an accented capital; "said Ombudswoman
    Mara Lind" is Mara Lind; "The Harbour Council of Varne" stays whole (no person opens with "The")."""
    assert quotes._speaker_before_verb("VARNE, Norland – Ilse Varga ") == "Ilse Varga"
    assert quotes._speaker_before_verb("OSTROW – A convoy was attacked, the army ") is None
    assert quotes._full_name("Police chief General Óla Varga spoke. Varga said", "Varga") == "Óla Varga"
    assert quotes._speaker_after_verb("Ombudswoman Mara Lind") == "Mara Lind"
    assert quotes._speaker_before_verb("The Harbour Council of Varne ") == "Harbour Council of Varne"


def test_a_name_given_first_is_the_full_name_that_begins_with_it() -> None:
    """Thai and Bangladeshi officials are named by their given name after the first mention:
    "Chaiwat said" is read as Chaiwat Boonyasit (the brief merged the spellings already, as key actors
    are; the attribution itself now names him in full)."""
    text = (
        "Thailand signs rice deal with Bangladesh\n"
        "Deputy Commerce Minister Chaiwat Boonyasit said the rice would ship in three lots, after signing "
        "the deal with a delegation led by Food Secretary Mahbubur Rahim.\n\n"
        '"We can deliver on time and the quality is consistent," Chaiwat said.\n\n'
        'Mahbubur said stocks had to be rebuilt. "We are buying early so that prices at home stay calm," he said.'
    )
    (item,) = analyse([article("rice-deal", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Chaiwat Boonyasit", "Mahbubur Rahim"]
    assert [speaker for speaker, _ in _said("rice-deal", text)] == ["Chaiwat Boonyasit", "Mahbubur Rahim"]


def test_a_chief_of_a_place_beside_a_saints_river_and_a_chairman_after_its() -> None:
    """ "St." inside a sentence ends nothing: "he said" after "Chief Ada Tenaskwe of Kinoshe, a community
    at the mouth of the St. Elzear River, said ..." is Ada Tenaskwe, not "Elzear River" (the words after
    the abbreviation); the title before the name leaves "of Kinoshe" out of it; and "said its chairman,
    Malik Sowe" is Malik Sowe, as "said the chairman, Malik Sowe" is."""
    text = (
        "Dam deal opposed upstream\n"
        "Chief Ada Tenaskwe of Kinoshe, a community at the mouth of the St. Elzear River, said her people "
        'fish in the watershed. "Nobody asked us before the deal was signed," she said. "We will go to court."\n\n'
        'The bakers\' association met on Sunday. "The offer is a start, but flour is our real problem," said '
        "its chairman, Malik Sowe."
    )
    (item,) = analyse([article("dam-deal", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Ada Tenaskwe", "Ada Tenaskwe", "Malik Sowe"]
    assert quotes._speaker_after_verb("its chairman Malik Sowe") == "Malik Sowe"


def test_an_age_a_decimal_and_a_companys_abbreviation_do_not_break_the_attribution() -> None:
    """ "Ana Ruiz, 27, who farms near Loja, said ... "...," she said" is Ana Ruiz; a quotation after
    "said X, who farms 1.5 hectares near Loja." or "said X, director at Varne Rice Co., an exporter."
    continues X's words."""
    text = (
        "Farmers count the cost\n"
        "Many in the crowd were young. Ana Ruiz, 27, who farms near Loja, said she could not pay. "
        '"We have done the sums twenty times," she said.\n\n'
        '"I have seed ready and they tell me to wait," said Tomas Vell, who farms 1.5 hectares near Loja. '
        '"If we wait too long, the salt comes."\n\n'
        '"At this price we sell at a loss," said Mira Koss, sales director at Varne Rice Co., an exporter. '
        '"Nobody is buying in Ostrow."'
    )
    (item,) = analyse([article("farmers", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == [
        "Ana Ruiz", "Tomas Vell", "Tomas Vell", "Mira Koss", "Mira Koss"
    ]  # fmt: skip


def test_a_named_organisations_spokesperson_is_the_organisation_a_nationality_is_nobody() -> None:
    """ "a Gulfway spokeswoman said" and "a spokesperson for Erne Dairies said" credit the organisation
    (and "she said" after the first is hers); "a spokesman said", "a police spokesman" and "an Ethiopian
    spokesperson" name nobody."""
    text = (
        "Utility under review\n"
        'A Gulfway spokeswoman said the company would cooperate. "We welcome the review of the outage," she said.\n\n'
        '"Our suppliers get the same price as everyone else," a spokesperson for Erne Dairies said.\n\n'
        '"The road will stay closed until Monday," a police spokesman said.\n\n'
        '"The talks can work when the parties cooperate," an Ethiopian spokesperson said.\n\n'
        '"Nothing has been decided on the dam," a spokesman said.'
    )
    (item,) = analyse([article("utility", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Gulfway", "Erne Dairies"]


def test_a_trade_opening_the_sentence_before_a_name_is_no_part_of_it() -> None:
    """ "Singer Maeve Rooney said" is Maeve Rooney; "Violinist Tam Doig" is Tam Doig; a nationality and a
    rank before a name are no part of it. A two-word run keeps its first word: "Farmer Giles" may be a
    surname."""
    text = (
        "Band back on the road\n"
        'Singer Maeve Rooney said the tour had sold out. "We never expected a second night in Dundee," she said.\n\n'
        'Violinist Tam Doig said the van had broken down twice. "It is held together with tape," Doig said.\n\n'
        '"The hall is booked until March," Farmer Giles said.\n\n'
        'Senegalese Awa Sarr Diallo said the crowd had been patient. "They waited two hours," Diallo said.\n\n'
        '"The road is open," Commandant Yao Kouassi Sylvain said.'
    )
    (item,) = analyse([article("band", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == [
        "Maeve Rooney",
        "Tam Doig",
        "Farmer Giles",
        "Awa Sarr Diallo",
        "Yao Kouassi Sylvain",
    ]


def test_a_long_apposition_an_owners_job_and_an_accusation_name_their_speaker() -> None:
    """An apposition of more than 80 characters, "X, Alboran Aqua's chief executive, said" and "X accused
    Y of '...'" credit X; "X was accused of '...'" credits nobody."""
    text = (
        "Plant and prices\n"
        '"Buyers have shown where the ceiling is," Sophie Lindqvist, a fertiliser analyst at London-based '
        "Meridian Agri Intelligence, said.\n\n"
        '"We know how to build these plants," Álvaro Pinedo Sala, Alboran Aqua\'s chief executive, said.\n\n'
        'Minister Tarek Samir Lotfi accused the operator of "unilateral and reckless" management of the dam.\n\n'
        'Mayor Tom Ellery was accused of "gross negligence" by the opposition.'
    )
    (item,) = analyse([article("plant", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == [
        "Sophie Lindqvist",
        "Álvaro Pinedo Sala",
        "Tarek Samir Lotfi",
    ]


def test_the_company_or_it_said_is_the_organisation_that_spoke_last_nearby() -> None:
    """ "the statement said" after "Haedong said in a statement" is Haedong; "the spokesperson said" after
    "a spokesperson for Tessel Water said" is Tessel Water; after "a spokesman said", or after a person,
    nobody."""
    text = (
        "Yard and water\n"
        'Haedong said in a statement that work had stopped on two lines. "The company remains open to '
        'dialogue," the statement said.\n\n'
        'A spokesperson for Tessel Water said no decision had been taken. "The assessment exists so that '
        'concerns are heard," the spokesperson said.\n\n'
        'A spokesman said the road was shut. "Nothing will move before Monday," the spokesman said.\n\n'
        'Mira Dahl said the river was high. "The company has done nothing for us," it said.'
    )
    (item,) = analyse([article("yard", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Haedong", "Tessel Water"]


def test_a_bodys_one_word_name_is_its_full_name_with_of() -> None:
    """ "a Department spokesperson said" after "the Department of Agriculture said" is the Department of
    Agriculture, as "Asif" is "Khawaja Asif"."""
    text = (
        "Herd restricted\n"
        "The Department of Agriculture said on Wednesday that one herd was under restriction.\n\n"
        '"The risk of spread is low at this time," a Department spokesperson said.'
    )
    (item,) = analyse([article("herd", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Department of Agriculture"]


def test_she_said_after_a_neighbour_who_gave_no_name_is_nobody() -> None:
    """ "A neighbour who declined to give her name ... she said" credits nobody, not the meteorologist
    quoted in the paragraph before."""
    text = (
        "Bayous rise\n"
        '"The bayous will keep rising after the rain stops," said Kyle Brenner, a meteorologist.\n\n'
        "A neighbour who declined to give her name stood on her porch. "
        '"Every time they tell us it is fixed, it comes back," she said.'
    )
    (item,) = analyse([article("bayou", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Kyle Brenner"]


def test_a_quotation_standing_after_x_said_an_age_and_an_abbreviated_given_name() -> None:
    """ "X said the key months were ahead. "..."" is X's, but not after "Residents of Velm said";
    "said the 23-year-old" is the person named last; "Md." is no sentence's end."""
    text = (
        "Rain and goals\n"
        'Tomas Brekke said the key months were still ahead. "A wet January can change everything."\n\n'
        'Residents of Velm said the shooting went on late. "The children could not sleep at all."\n\n'
        "Ilse Varga, who had missed a penalty last week, said she had not slept. "
        '"When the ball went in I did not know whether to laugh," said the 23-year-old.\n\n'
        '"If we plant now, in ten years they will be forest," said Md. Shahidul Alam, a forest officer.'
    )
    (item,) = analyse([article("rain", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Tomas Brekke", "Ilse Varga", "Md Shahidul Alam"]


def test_he_said_after_the_company_said_is_not_the_company() -> None:
    """ "the company said" resolves to the organisation for its own quotation, but a later "he said" is
    no organisation's: nobody, as before "the company said" was read."""
    text = (
        "Yard to reopen\n"
        "Haedong said output fell. The company said on Monday that the yard would reopen. "
        '"We will recover by March," he said.'
    )
    (item,) = analyse([article("yard", text)])
    assert quotes.find_quotes(item) == []


def _one_article_each(texts: dict[str, str]) -> list[AnalysedArticle]:
    """Each text an article of its own, under a headline, named by its key."""
    return analyse([article(name, f"Headline\n\n{text}") for name, text in texts.items()])


def _credited(texts: dict[str, str]) -> set[tuple[str, tuple[str, ...]]]:
    """Who each article's quotations are credited to, each article a theme of its own."""
    return {(q.speaker, q.article_ids) for item in _one_article_each(texts) for q in theme_quotes([item])}


def test_ranks_and_job_titles_before_a_name_and_according_to_before_the_quote() -> None:
    texts = {
        "police": "Sergeant Paul Ndlovu of the Cape Varo police said officers were called at 3 a.m. "
        '"The driver had already left the scene when we arrived," Ndlovu said.',
        "bridge": '"The bridge is safe to cross, but we are limiting it to light vehicles for now," '
        "County Engineer Owen Price said in a briefing.",
        "growers": "According to Tomas Ruiz, head of the growers' union, "
        '"the prices paid this season do not cover the cost of diesel".',
    }
    said = _credited(texts)
    # the rank is no part of the name, in the quote and in the key actors its spelling merges with
    assert said == {("Paul Ndlovu", ("police",)), ("Owen Price", ("bridge",)), ("Tomas Ruiz", ("growers",))}


def test_a_statement_from_an_organisation_and_titles_the_recogniser_called_an_organisation() -> None:
    texts = {
        "bank": '"We apologise to every customer affected," said a statement from Trellis Bank.',
        "council": 'Councillor Rhian Evans (Labour) said: "This is a scandal and the cabinet must answer for it."',
        "church": "The bishop of Carrow, the Rt Rev Simon Hale, said: "
        '"The church will open its halls to anyone who needs a warm place."',
        "shelter": '"It is a very good day for the valley," said Sister Margaret Doyle, who runs the shelter.',
    }
    said = _credited(texts)
    assert said == {
        ("Trellis Bank", ("bank",)),
        ("Rhian Evans", ("council",)),
        ("Simon Hale", ("church",)),
        ("Margaret Doyle", ("shelter",)),
    }


def test_the_minister_said_is_the_person_named_last_with_that_title() -> None:
    texts = {
        "named": 'Minister Olu Adebayo denied the claims. "There was no cover-up at all," the minister said.',
        "apposed": 'The coach, Stefan Brandt, was furious. "The referee decided this game," the coach said.',
        # the minister met someone: that person is no minister, so the quotation names nobody
        "met": 'The minister met union leader Grace Obi on Monday. "Nobody will lose a job," the minister said.',
    }
    said = _credited(texts)
    assert said == {("Olu Adebayo", ("named",)), ("Stefan Brandt", ("apposed",))}


def test_the_company_said_after_its_chief_executive_spoke_is_the_company() -> None:
    text = (
        "Greenway Energy's chief executive, Rosa Lind, said the plant would close in March. "
        '"We tried everything to keep it open," the company said in a separate statement.'
    )
    (item,) = analyse([article("plant", f"Headline\n\n{text}")])
    assert [(q.speaker, q.text) for q in theme_quotes([item])] == [
        ("Greenway Energy", "We tried everything to keep it open")
    ]


def test_asked_after_a_question_an_aside_between_dashes_and_a_vessel_after_of_the() -> None:
    texts = {
        "asked": '"Is this what they call consultation?" asked resident Bill Tanner.',
        "dashes": "Premier Tom Hale — speaking at a press conference in Hobart — said: "
        '"We will not let the mills close."',
        "vessel": "Asked if the fleet would return, Captain Lars Eriksen of the icebreaker Nordlys replied: "
        '"Next year, if the money is there."',
    }
    said = _credited(texts)
    assert said == {("Bill Tanner", ("asked",)), ("Tom Hale", ("dashes",)), ("Lars Eriksen", ("vessel",))}


def test_quoted_as_saying_and_any_verb_before_a_colon() -> None:
    texts = {
        "object": 'The statement quoted Foreign Minister Lena Sorvik as saying: "Norway will not accept this."',
        "subject": "Port director Abel Mensah was quoted by the Harbour Times as saying the berth "
        '"will be ready before the rains".',
        "colon": "Grace Achieng said the smell was unbearable. "
        'Her neighbour, Peter Otieno, agreed: "It is every night now."',
        "blamed": "Two workers were injured. Union representative Farid Mammadli blamed the company: "
        '"They cut the maintenance crews by half last year."',
    }
    said = _credited(texts)
    assert said == {
        ("Lena Sorvik", ("object",)),
        ("Abel Mensah", ("subject",)),
        ("Peter Otieno", ("colon",)),
        ("Farid Mammadli", ("blamed",)),
    }


def test_the_paragraph_before_is_the_last_one_with_words_and_a_trade_before_a_name() -> None:
    texts = {
        "tours": '"Tourists come for the wilderness," said guide Nora Fitz. Her employer, Wild Tasman Tours, said '
        'bookings were down a third.\n\n"We have cancelled twelve trips," the company said.',
        "fire": "Forester Ian Burke said the fire had started near a logging coupe.\n\n"
        '"We saw the smoke from the ridge," he said.',
    }
    items = _one_article_each(texts)
    said = {(q.speaker, q.text) for item in items for q in theme_quotes([item])}
    assert said == {
        ("Nora Fitz", "Tourists come for the wilderness"),
        ("Wild Tasman Tours", "We have cancelled twelve trips"),
        ("Ian Burke", "We saw the smoke from the ridge"),
    }


def test_she_after_a_sentence_that_opens_with_a_person_and_the_agency_that_spoke_last() -> None:
    texts = {
        "boyd": "The Greens' fisheries spokesman, Peter Ross, said the review was overdue. "
        '"The river cannot take more pens," Ross said. The minister, Clare Boyd, disagreed. '
        '"The science says otherwise," she said.',
        "agency": "HOBART — The state's forestry agency, Forestry Tasmania North, said on Monday it would suspend "
        'harvesting.\n\n"The fire risk is simply too high this week," the agency said in a statement.',
        # the ministry is not the company that spoke last: nobody
        "ministry": 'Haedong Shipping said it would appeal.\n\n"The fine will be collected," the ministry said.',
    }
    items = _one_article_each(texts)
    said = {(q.speaker, q.text[:14]) for item in items for q in theme_quotes([item])}
    assert said == {
        ("Peter Ross", "The river cann"),
        ("Clare Boyd", "The science sa"),
        ("Forestry Tasmania North", "The fire risk "),
    }


def test_he_or_she_past_the_lead_where_the_recogniser_named_nobody() -> None:
    # The recogniser reads only the lead: the later people are known by how the sentence describes them.
    lead = "Fire crews fought a blaze near the coast on Friday. Roads were closed all afternoon.\n\n"
    texts = {
        "who": lead + "Noelene Firth, who has owned a shack there for 31 years, left with her dog. "
        '"I have put the hose out and that is all I can do," she said.',
        "trade": lead
        + 'Farmer Alec Hume moved 400 sheep. "We saw the smoke come over the ridge at breakfast," he said.',
        "of": lead + "Bryce Moreton said the fire was under control. \n\n"
        "Kirsty Dunleavy of the Shore Alliance welcomed the news but said more crews were needed. "
        '"This was always going to be a long night," she said.',
        "statement": "Harbour Timber, the company that manages the forests, said on Friday the harvest was lawful.\n\n"
        "In a statement issued later, the company said the coupe had been surveyed. It said trees were kept.\n\n"
        '"Every hour a machine is stopped costs contractors money," the statement said.',
    }
    said = _credited(texts)
    assert said == {
        ("Noelene Firth", ("who",)),
        ("Alec Hume", ("trade",)),
        ("Kirsty Dunleavy", ("of",)),
        ("Harbour Timber", ("statement",)),
    }


def test_a_plural_trade_is_nobody_and_an_owners_job_after_a_name_leaves_the_name() -> None:
    texts = {
        # "Hydrologists say" is no speaker: "she" is the person whose job is her county's
        "county": "Hydrologists say the lake has risen by a metre since March. Ruth Akinyi Were, Siaya county's "
        'director of water, said the dykes would not hold. "We cannot hold back a lake with sandbags," she said.',
        "plural": 'Boat owners met on Sunday. "The ban came without a single warning," said Peter Oduya, their '
        'chairman. Fishermen say the patrols have doubled since June. "We have families to feed," he said.',
    }
    assert _credited(texts) == {("Ruth Akinyi Were", ("county",)), ("Peter Oduya", ("plural",))}


def test_she_said_reaches_past_a_she_sentence_an_inverted_subject_and_a_trade() -> None:
    lead = "Police commander Tom Anyango said the search would resume at first light. The boat had left at dusk.\n\n"
    texts = {
        "she": lead + "Agnes Mwikali, 64, has sold fish at the jetty for forty years. She remembers when a perch "
        'was as long as a man. "Now they are the size of my hand," she said.',
        "among": lead + "Families waited at the jetty all night. Among them was Daniel Okello Wanyama, whose son was "
        'on the boat. "He is fourteen and he cannot swim," he said.',
        "trade": lead + 'Geologist Marta Lindqvist-Hale mapped the fault. "The rock moved three metres," she said.',
        # a place after "is" is no one: "he" is the commander, who spoke last
        "place": lead + 'The nearest landing is Sena Beach, a fishing village. "We could not reach it," he said.',
    }
    said = _credited(texts)
    assert said == {
        ("Agnes Mwikali", ("she",)),
        ("Daniel Okello Wanyama", ("among",)),
        ("Marta Lindqvist-Hale", ("trade",)),
        ("Tom Anyango", ("place",)),
    }


def test_an_unnamed_spokesperson_speaks_for_the_organisation_named_before_or_described_as_a_thing() -> None:
    texts = {
        "which": "A spokesperson for Tarn Valley Ferries, which runs the crossing, said the boat had been checked. "
        '"The engine was serviced last month," the spokesperson said.',
        "apposition": "A spokesman for Loch Arn Anglers, a club with 300 members, said the ban was unfair. "
        '"We were never asked what we thought," the spokesman said.',
        "group": "Divers from the Kessel Sound Rescue group searched the bay until dark. A spokeswoman for the "
        'group said the water was cold. "We can only stay down for twenty minutes," the spokeswoman said.',
        "thing": "Harlow Sugar Works, which crushes 4,000 tonnes of beet a day, said in a statement that the spill "
        'was small. "The leak was stopped within the hour," the statement said.',
        "and": '"The road stays shut until both lanes are clear," a spokesperson for Roads and Bridges said.',
        # a group in apposition is an organisation; "it said" inside the sentence that the quotation ends
        "it": "A boat owners' group in the town, Mar Claro Pesca, said it backed the limits. Crews that keep "
        'to their quota, it said in a statement, "should not pay for those who cheat".',
        # nobody named as a group before: nobody
        "nobody": 'A spokeswoman for the group said the water was cold. "We can only dive by day," she said.',
    }
    said = _credited(texts)
    assert said == {
        ("Tarn Valley Ferries", ("which",)),
        ("Loch Arn Anglers", ("apposition",)),
        ("Kessel Sound Rescue", ("group",)),
        ("Harlow Sugar Works", ("thing",)),
        ("Roads and Bridges", ("and",)),
        ("Mar Claro Pesca", ("it",)),
    }


def test_a_role_before_a_name_and_a_ministers_portfolio_are_no_part_of_the_name() -> None:
    texts = {
        "role": "The boat overturned at dusk.\n\nPassenger Ruth Wanjiru Kamau, a nurse, said the crew had no life "
        'jackets. "We held on to the sacks of maize until the fishermen came," she said.',
        "portfolio": "Minister for Fisheries Aoife Brannigan said the quota cut would be appealed. "
        '"Our boats have fished these grounds for four hundred years," Brannigan said.',
        # a role word opening an organisation's name stays: "Passenger Transport Authority"
        "body": 'The Passenger Transport Authority said: "Fares will not rise before the new year."',
    }
    assert _credited(texts) == {
        ("Ruth Wanjiru Kamau", ("role",)),
        ("Aoife Brannigan", ("portfolio",)),
        ("Passenger Transport Authority", ("body",)),
    }


def test_a_bodys_or_a_portfolios_list_is_one_name_and_a_portfolio_alone_no_speaker() -> None:
    texts = {
        "ministry": '"Every outbreak is reported within a day," a spokesperson for the Ministry of Agriculture, '
        "Forestry and Fisheries said.",
        "after": '"The islands will not be forgotten in this budget," said the Minister for Rural Affairs, Food and '
        "the Islands, Morag Lindsay.",
        "before": "Ewan Tait, Minister for Transport, said the contract would be signed in March. "
        '"Nobody wants another winter like the last one," Tait said.',
        # "the Minister for Fisheries" names nobody: not "Fisheries"
        "alone": '"We will look at every option for the harbour," the Minister for Fisheries said.',
    }
    assert _credited(texts) == {
        ("Ministry of Agriculture, Forestry and Fisheries", ("ministry",)),
        ("Morag Lindsay", ("after",)),
        ("Ewan Tait", ("before",)),
    }


def test_quotations_in_single_marks_are_read_as_double_marked_ones_are() -> None:
    """British, Irish, Australian, Indian and African copy quotes with single marks, curly or straight,
    and nests double marks inside them; the quotations stand in the article as written."""
    text = (
        "Dairy co-op holds milk price\n"
        "'We cannot pay more than the market pays us,' said Ciarán Doherty, chair of the Lough Erne co-op.\n\n"
        "Farmer Róisín Kelly said: 'The co-op's members have carried this for a year.' "
        "'They told us \"the price will turn by spring\" last October,' she added.\n\n"
        "‘We’ve sold cattle we’d never have sold,’ said Declan Moran, who milks 90 cows near Ballina. "
        "‘Nobody wants that.’"
    )
    said = _said("co-op", text)
    assert said == [
        ("Ciarán Doherty", "We cannot pay more than the market pays us"),
        ("Róisín Kelly", "The co-op's members have carried this for a year."),
        ("Róisín Kelly", 'They told us "the price will turn by spring" last October'),
        ("Declan Moran", "We’ve sold cattle we’d never have sold"),
        ("Declan Moran", "Nobody wants that."),
    ]
    assert all(quote in text for _, quote in said)


def test_apostrophes_open_or_close_no_quotation() -> None:
    """An apostrophe inside a word, a plural's, one before a year or an elision is no quotation mark; a
    plural's apostrophe inside a quotation does not close it, nor does one end a phrase quoted before."""
    text = (
        "Growers' group rejects offer\n"
        "O'Brien's farm has not had prices this low since the '90s, and the growers' group said they'd "
        "play rock 'n' roll outside the mart till the buyers came back.\n\n"
        "'The growers' group will not sell below cost,' said Nuala O'Brien, its secretary.\n\n"
        "Her deputy, Tadhg Walsh, called the offer 'an insult to members' and left the meeting. "
        "'We will be back when they are serious,' he said."
    )
    assert _said("growers", text) == [
        ("Nuala O'Brien", "The growers' group will not sell below cost"),
        ("Tadhg Walsh", "an insult to members"),
        ("Tadhg Walsh", "We will be back when they are serious"),
    ]
    # A quotation running on to the next paragraph (no closing mark in the first): no plural's apostrophe
    # closes it, "the members' own" included.
    runs_on = (
        "Growers' group rejects offer\n"
        "'The growers' union has said it for months, and the members' own fund is empty. Nobody listens.\n\n"
        "'Now they will have to,' said Tadhg Walsh."
    )
    assert _said("growers", runs_on) == [("Tadhg Walsh", "Now they will have to")]
    assert quotes._single_marked(runs_on).split("\n")[1] == runs_on.split("\n")[1]


def test_single_marks_nested_in_a_double_marked_quotation_are_part_of_it() -> None:
    text = (
        "Ferry service cut\n"
        "\"My father used to say 'the sea gives and the sea takes', and he was right,\" said Nora Keane, "
        "who has run the ferry for 30 years."
    )
    assert _said("ferry", text) == [
        ("Nora Keane", "My father used to say 'the sea gives and the sea takes', and he was right"),
    ]
    # Double-marked quotations running on past the paragraph (its paragraphs run together, as some pages are
    # read): what the single marks nest in is unclear, and they are left as they are.
    runs_on = (
        "Ferry service cut\n"
        'Nora Keane, who has run the ferry for 30 years, said: "My father used to say it every winter. '
        "\"He always told me, 'The sea gives and the sea takes,' and go back to his nets. "
        '"He was right about the sea, and about the rest.'
    )
    assert quotes._single_marked(runs_on) == runs_on


def test_a_two_word_quotation_is_said_when_its_speaker_follows_it_or_it_goes_on_from_one() -> None:
    """'"Not yet," said X' and '"...," X said. "Everyone knew."' are statements; two words set apart
    ("called it "Iron Lady""), or the opening of a sentence an attribution breaks, are not."""
    text = (
        "Bridge reopens\n"
        'The Carrow bridge reopened on Monday. "For instance," said Tom Reid, the engineer, '
        '"we replaced every bolt on the span."\n\n'
        '"Not yet," said Mary Quill when asked whether the toll would return. "Maybe next year."\n\n'
        'Locals call the bridge "Old Faithful" and "Grey Lady" in jest.'
    )
    assert _said("bridge", text) == [
        ("Tom Reid", "we replaced every bolt on the span."),
        ("Mary Quill", "Not yet"),
        ("Mary Quill", "Maybe next year."),
    ]


def test_the_company_described_is_the_organisation_that_spoke_last() -> None:
    """ "the Halifax-based company said", "the salmon company's statement said": the organisation that spoke
    last, as "the company said" is; "the parent company" is another one."""
    text = (
        "Ferry sailings cut\n"
        "Northline Ferries said on Monday it would cut two sailings a day from January.\n\n"
        '"We cannot crew the boats we have," the Halifax-based company said.\n\n'
        "Tasman Salmon Ltd said its pens near Dover would grow. The salmon company's statement said it "
        '"takes its responsibilities to the bay seriously".\n\n'
        '"No decision on the routes has been taken yet," the parent company said.'
    )
    assert _said("ferry", text) == [
        ("Northline Ferries", "We cannot crew the boats we have"),
        ("Tasman Salmon Ltd", "takes its responsibilities to the bay seriously"),
    ]


def test_an_article_quoting_in_single_marks_throughout() -> None:
    """An Irish farm story in single marks: apostrophes in every form among them ("We've", "Suirvale's",
    "members'", "O'Keeffe", "the '90s-style"), every quotation with its speaker."""
    text = (FOLDER / "blockade.txt").read_text(encoding="utf-8")
    said = _said("blockade", text)
    assert said == [
        ("Siobhán Treacy", "the last straw"),
        (
            "Siobhán Treacy",
            "We've taken cut after cut since the spring and nobody in Suirvale's boardroom has had to take one",
        ),
        ("Siobhán Treacy", "Our members' bills haven't gone down by a cent."),
        ("Pádraig O'Keeffe", "My father supplied this co-op for 40 years. He'd be ashamed of what it's become"),
        ("Suirvale", "regrettable but unavoidable"),
        (
            "Declan Hennessy",
            "We understand the anger of our suppliers and we will meet the farmers' representatives on Thursday",
        ),
        (
            "Conor Lynch",
            "Farmers can't be the shock absorbers for every dip in the market. If the co-ops won't share the pain, "
            "the minister must step in.",
        ),
        ("Siobhán Treacy", "Till Thursday, at least."),
        ("Seán Brady", "not interfere in commercial decisions"),
        ("Seán Brady", "Nobody wins when milk is poured down the drain"),
    ]
    assert all(quote in text for _, quote in said)


def test_a_named_spokesperson_a_long_apposition_and_a_job_of_a_group_name_their_speaker() -> None:
    """'X, a spokeswoman for Y, a group that ..., said' is X (past 100 characters too), and "the company said"
    after it is Y; 'job X of Z, one of the ..., said' and 'said job X of the Z group, which ...' are X. A
    reporter's clause as long that reaches a later verb names no speaker of the words quoted before it."""
    text = (
        "Quarry and ferries\n"
        '"We asked for one more winter of counting before anyone digs," Tove Lindahl-Brekke, a spokeswoman for '
        "Save the Skerries, a campaign that collected 4,200 names against the quarry, said.\n\n"
        '"The ice road will not hold the trucks past March," Gunnar Vik, a spokesman for Nordfjell Haulage, said. '
        '"We have told the mine so," the company said.\n\n'
        '"Every boat that stays in port costs the town a week of wages," harbour master Ole Dahlstrøm of Skarvik, '
        "one of the busiest landing ports on the whole of the northern coast, said.\n\n"
        '"They promised the river would run clear again within a year," said retired teacher Ingrid Solvang of '
        "the Elvedal Rivers group, which has asked for an inquiry.\n\n"
        'A man known as "Big Harald", was held with two others at a farm outside the village of Nordre Skarvik '
        "late on Sunday night, the Coastal Police Service said."
    )
    (item,) = analyse([article("quarry", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == [
        "Tove Lindahl-Brekke",
        "Gunnar Vik",
        "Nordfjell Haulage",
        "Ole Dahlstrøm",
        "Ingrid Solvang",
    ]


def test_a_quotation_over_several_paragraphs_is_its_speakers_throughout() -> None:
    """Newspaper style for a quotation of several paragraphs: each but the last left open, the next opened
    with a mark again. Every part is the speaker's, whether the attribution comes before the first part or
    after the last; a mark no later paragraph answers (an inch's, or a paragraph after it that opens
    without a mark) makes no quotation."""
    text = (
        "Crossing and clinic\n"
        "The ferry company wrote to islanders on Monday.\n\n"
        '"The Skerray crossing will run twice a day until the new hull is fitted in April.\n\n'
        '"Freight will have the first sailing of each day, passengers the second.\n\n'
        '"We are sorry it has come to this," said operations director Fiona Gunn.\n\n'
        'Clinic manager Joanna Mwale said: "We saw ninety people today with two nurses and one doctor.\n\n'
        '"Tomorrow we will see more."\n\n'
        'The water main under the pier, a 12" pipe, burst at dawn.\n\n'
        '"It was laid in 1960 and never replaced," said engineer Tomas Brek.\n\n'
        '"The last of the statement runs on without a closing mark.\n\n'
        "The council has not said when the pier will reopen."
    )
    (item,) = analyse([article("crossing", text)])
    said = [(q.speaker, item.article.text[q.start : q.end]) for q in quotes.find_quotes(item)]
    assert said == [
        ("Fiona Gunn", "The Skerray crossing will run twice a day until the new hull is fitted in April."),
        ("Fiona Gunn", "Freight will have the first sailing of each day, passengers the second."),
        ("Fiona Gunn", "We are sorry it has come to this"),
        ("Joanna Mwale", "We saw ninety people today with two nurses and one doctor."),
        ("Joanna Mwale", "Tomorrow we will see more."),
        ("Tomas Brek", "It was laid in 1960 and never replaced"),
    ]


def test_the_army_said_is_the_army_named_with_its_state_before() -> None:
    """ "The army said" after "escorted by the Malian army" is the Malian army, and "the government said"
    after "Chad's government" is Chad's; "the army" that the article never names with a state is nobody."""
    text = (
        "Convoys and camps\n"
        "Lorries carrying grain to Tessit were escorted by the Malian army on Sunday. The army said in a statement "
        'that the escort had "pushed back an attack by armed men" near the river.\n\n'
        "Chad's government sent two ministers to the border town. "
        '"Aid will reach every camp before the rains," the government said in a statement.'
    )
    (item,) = analyse([article("convoys", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Malian army", "Chad's government"]
    unnamed = (
        'Floodwater reached the barracks on Monday. "Every soldier has been moved to higher ground," the army said.'
    )
    (item,) = analyse([article("barracks", "Barracks flooded\n" + unnamed)])
    assert quotes.find_quotes(item) == []


def test_she_said_is_the_person_who_takes_up_when_the_recogniser_found_nobody() -> None:
    """A name of a language the entity recogniser knows little of is no PERSON to it; the text still
    says it is a person: "Hodan Warsame Farah, who runs ...". Her '"...," she said' two paragraphs on
    is hers, not nobody's."""
    text = (
        "Families reach Dollow camps after long walk\n"
        "More families reached the camps outside Dollow on Sunday after the rains failed again.\n\n"
        "Hodan Warsame Farah, who runs a women's group at the Kabasa site, walked for a week with her "
        "four children. She said water at the site lasted until noon.\n\n"
        '"Every week the people who come are thinner than the week before," she said.'
    )
    (item,) = analyse([article("walk", text)])
    unnamed = dataclasses.replace(item, entities=tuple(e for e in item.entities if e[1] != "PERSON"))
    said = [(q.speaker, item.article.text[q.start : q.end]) for q in quotes.find_quotes(unnamed)]
    assert said == [("Hodan Warsame Farah", "Every week the people who come are thinner than the week before")]
    # "The" opens no name: "The Kabasa committee, who ..." is nobody's name
    assert quotes._who_before("The Kabasa Camp Committee, who met on Sunday", 40, set()) is None


def test_she_said_after_a_name_the_recogniser_never_read() -> None:
    """The recogniser reads only an article's lead, so a person first named further down is nobody's
    entity. '"...," she said' after "Zarina Tokhtasinova, the clinic's head nurse, arrived ..." or after
    "Nodira Ergasheva has sold rice ..." is that person: a job after the name says so, or two words the
    article never writes in lower case. A headline's "Rice" the recogniser calls a person, which the text
    writes in lower case ("sold rice"), is no one to fall back on."""
    text = (
        "Rice prices climb at Kokand market before the holidays\n"
        "Wholesale rice prices at the main market in Kokand rose by a fifth in two weeks, traders said on "
        "Monday, as deliveries from the south slowed.\n\n"
        "Traders blame a slow harvest and dearer diesel for the trucks.\n\n"
        "Nodira Ergasheva has sold rice and beans at the market for eleven years. "
        '"Families used to buy a whole sack for the holidays. Now they buy a few kilos at a time," she said.\n\n'
        "The clinic near the market has seen more patients with colds this week. "
        "Zarina Tokhtasinova, the clinic's head nurse, arrived early to open a second room. "
        '"We have twice the usual queue every morning, mostly children," she said.'
    )
    said = dict((q, s) for s, q in _said("rice", text))
    assert said["Families used to buy a whole sack for the holidays. Now they buy a few kilos at a time"] == (
        "Nodira Ergasheva"
    )
    assert said["We have twice the usual queue every morning, mostly children"] == "Zarina Tokhtasinova"
    assert quotes._sentence_subject("", "Kokand Market has closed early. ", [], [], []) is None


def test_a_job_that_lists_in_lower_case_is_one_apposition() -> None:
    """ "..., Dr Timur Alimov, the clinic's head of ear, nose and throat surgery, said": the commas of the
    job's own list ("ear, nose and throat") do not hide the name before it."""
    np = "Dr Timur Alimov, the clinic's head of ear, nose and throat surgery, "
    assert quotes._speaker_before_verb(np) == "Timur Alimov"
    assert quotes._comma_parts("Timur Alimov, the head of ear, nose and throat surgery") == [
        "Timur Alimov",
        " the head of ear, nose and throat surgery",
    ]


def test_a_relation_named_between_commas_is_who_she_is() -> None:
    """ "His sister, Petra Olund, had waited at the quay all night. "...," she said" is Petra Olund, not the
    officer quoted just before (the sentence opens with "His sister", and the apposition names her)."""
    text = (
        "Trawlerman rescued off Kalvo\n"
        "A trawlerman missing since Sunday was picked up alive on Tuesday, the coastguard said.\n\n"
        '"He had lashed himself to a fuel drum, and that saved him," said Captain Aron Dahl, who led the search.\n\n'
        "The crew of a ferry spotted him at dawn.\n\n"
        "His sister, Petra Olund, had waited at the quay all night. "
        '"I kept the kettle on for him until the morning came," she said.'
    )
    (item,) = analyse([article("trawler", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Aron Dahl", "Petra Olund"]


def test_a_rank_before_the_name_is_no_part_of_it() -> None:
    """ "said Lieutenant Siri Vang" is Siri Vang and "said Lieutenant-Commander Ola Brenna" Ola Brenna, as
    "said Colonel ..." already was: a rank, hyphenated or not, is no part of a name."""
    text = (
        "Ice patrol\n"
        'The patrol found the ice thin. "Nobody should walk past the point today," said Lieutenant Siri Vang, '
        "who leads the ice patrol.\n\n"
        '"We will check it again at dawn and post the result," said Lieutenant-Commander Ola Brenna, her superior.'
    )
    (item,) = analyse([article("ice", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Siri Vang", "Ola Brenna"]


def test_a_job_for_a_place_after_a_possessive_and_one_name_with_an_age_are_people() -> None:
    """ "Inés Varga, Sernapesca's director for Magallanes, said ... "...," she said": the name before the
    job, not a farm named earlier; "Wulandari, 41, a trader from Benteng, was pulled from the water.
    "...," she said": many people go by one name, and an age says it is one."""
    text = (
        "Storm breaks pens at Punta Laguna\n"
        "Punta Laguna lost most of its fish when a storm broke the moorings on Thursday.\n\n"
        "Inés Varga, Sernapesca's director for Magallanes, said the company had sent a plan overnight. "
        '"An anchor line should not break in a storm that was forecast," she said.\n\n'
        "Wulandari, 41, a trader from Benteng travelling with her two children, was pulled from the water. "
        '"Nobody told us what to do, so I jumped with both of them," she said at Bira.'
    )
    (item,) = analyse([article("pens", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Inés Varga", "Wulandari"]


def test_initials_an_age_before_a_name_and_a_body_after_a_place_leave_the_person() -> None:
    """ "said R. Venugopal": the initial's full stop ends no sentence and stays in the name (the
    quotation after the attribution is his too); "Nineteen-year-old Meera Nair" is Meera Nair; "Detective
    Inspector Shane Morrow of Tully police" is Morrow; "a spokesman for the Agrigento prefecture" is the
    prefecture."""
    text = (
        "Weavers stop work in Alleppey\n"
        "Mat weavers walked out on Tuesday.\n\n"
        '"The old deal ran out two winters ago and the cost of dal has doubled," said R. Venugopal, secretary '
        'of the Mat Weavers\' Guild. "Nobody can live on this."'
    )
    assert _said("weavers", text) == [
        ("R. Venugopal", "The old deal ran out two winters ago and the cost of dal has doubled"),
        ("R. Venugopal", "Nobody can live on this."),
    ]
    text = (
        "Teen wins in Kochi\nNineteen-year-old Meera Nair won the junior title on Sunday.\n\n"
        '"I stopped looking at the scoreboard after the first set," Meera said after the final.'
    )
    assert _said("teen", text) == [("Meera Nair", "I stopped looking at the scoreboard after the first set")]
    text = (
        "Man swept away near Tully\nA man is missing after his car left a flooded causeway.\n\n"
        '"We have a boat on the water and divers on standby, but the current is very strong," Detective '
        "Inspector Shane Morrow of Tully police said."
    )
    assert [s for s, _ in _said("tully", text)] == ["Shane Morrow"]
    text = (
        "Rescue ship fined\nThe rescue ship was fined on Monday.\n\n"
        '"The crew was told to sail for the port it was given and refused," a spokesman for the Agrigento '
        "prefecture said."
    )
    assert [s for s, _ in _said("ship", text)] == ["Agrigento prefecture"]
    # an initial of two letters, one sound of another alphabet: "Christos Ph. Georgiades", not "Christos Ph"
    text = (
        "Pump prices to rise\nThe diesel tax cut ends in March.\n\n"
        '"We estimate a small effect on prices in March," said Dr. Christos Ph. Georgiades, an economist in Nicosia.'
    )
    assert [s for s, _ in _said("pump", text)] == ["Christos Ph. Georgiades"]


def test_she_who_wrote_a_record_is_the_person_named_with_an_age_not_the_records_title() -> None:
    """ "Quill, 31, won for her third record, Salt Flats Waltz, most of it written ...": the recogniser
    calls the fiddler an organisation; a name with an age after it is a person, "songs she wrote" has her
    as its subject and a record's title is nobody, so '"...," she said' is hers, by her full name."""
    text = (
        "Mackay fiddler takes the top prize\n"
        "MACKAY — Mackay fiddler Tahnee-Rose Quill has been named instrumentalist of the year at the folk "
        "awards in Woodford.\n\n"
        "Quill, 31, won for her third record, Salt Flats Waltz, a set of reels she wrote on her uncle's cane "
        "farm.\n\n"
        '"Half of these tunes I played to the cows first," she said on stage.'
    )
    assert [s for s, _ in _said("fiddler", text)] == ["Tahnee-Rose Quill"]


def _speakers_are(cases: list[tuple[str, list[str]]]) -> None:
    """Each case's body, under a headline and a first paragraph, credits its quotations to ``speakers``."""
    for number, (body, speakers) in enumerate(cases):
        text = f"Storm day on the coast\nCrews worked through the night on Tuesday.\n\n{body}"
        assert [s for s, _ in _said(f"case{number}", text)] == speakers, body


def test_titles_bodies_particles_and_spokespeople_give_the_one_who_spoke() -> None:
    """Session 45's held-out desks: "Cmdr." is a title, not a name; "Station Officer X of the Y Association"
    and "Commissioner X of the National Civil Police" are X (a body's last word "Police" is no title before
    a name); "X, Y's sister, waited ... she said" is X, not "X Y"; "Marguerite van den Berg, 64, who runs
    ..." is a person with her particles; "a spokesman for N, the Halifax firm that owns the Sea Lark" is N; "a
    Harbour Ridge spokeswoman" is "Harbour Ridge Energy", named so before."""
    cases = [
        (
            '"The river crested at dawn and the levee held," said Cmdr. Ruth Abernathy, the duty officer for '
            "the district.",
            ["Ruth Abernathy"],
        ),
        (
            '"We cannot be in both places at once," Station Officer Pieter Fourie of the Overberg Fire '
            "Protection Association said.",
            ["Pieter Fourie"],
        ),
        (
            '"We will let the milk tankers through first," Commissioner Marta Quiroga of the National Civil '
            "Police said at the bridge.",
            ["Marta Quiroga"],
        ),
        (
            'Sgt. Ola Brandvik said a plane was on standby. "We hope they found shelter," Brandvik said.\n\n'
            "Anna Kelleher, Thomas's sister, waited through the night at the school gym with other relatives. "
            '"He knows the ice better than anyone on this bay," she said.',
            ["Ola Brandvik", "Anna Kelleher"],
        ),
        (
            'The blaze was "the worst on this ridge in a decade", according to Dr. Thabo Nkosi, head of the '
            "district's disaster centre.\n\nMarguerite van den Berg, 64, who runs a guest house in the village, "
            'drove out at midnight. "We took the cat and the passports and nothing else," she said.',
            ["Thabo Nkosi", "Marguerite van den Berg"],
        ),
        (
            '"Nobody was hurt and the hull is sound," a spokesman for Northwind Fisheries, the Halifax firm '
            "that owns the Sea Lark, said in an email.",
            ["Northwind Fisheries"],
        ),
        (
            "Harbour Ridge Energy said a gas leak at its Kettle Point terminal was found at 9 p.m.\n\n"
            '"The leak is isolated and the terminal is shut while we investigate," a Harbour Ridge '
            "spokeswoman said.",
            ["Harbour Ridge Energy"],
        ),
    ]
    _speakers_are(cases)


def test_spokespeople_of_names_with_particles_after_a_time_and_the_airline() -> None:
    """Session 46's held-out desks: "a spokesman for Aguas Corrientes del Estado" is the body with its particle;
    "At about 11 a.m. a spokeswoman for X said:" is X (a time before her, no comma); '"...," the airline said'
    after "Koa Pacific Air said in a statement" is the airline that spoke."""
    cases = [
        (
            '"The two leaks are not connected," a spokesman for Aguas Corrientes del Estado said.',
            ["Aguas Corrientes del Estado"],
        ),
        (
            'At about 11 a.m. a spokeswoman for the Harbour Board said: "Six more tugs are on their way."',
            ["Harbour Board"],
        ),
        (
            "Koa Pacific Air said in a statement that the crew had shut the engine down.\n\n"
            '"The safety of our passengers comes first," the airline said.',
            ["Koa Pacific Air"],
        ),
    ]
    _speakers_are(cases)


def test_initials_titles_after_names_relations_and_inverted_subjects_give_the_one_who_spoke() -> None:
    """Session 46's fiji, srilanka and iceland desks: an initial with an accent ("Ragnar Þ. Ólafsson"); "X, the
    Ratnapura District Secretary, said" is X, not the title; "X, the director of the ... Office, told the Post
    that ... such as Wairiki and Nasese ... "...," he said" is X though the recogniser calls X an organisation
    and a place a person; "Sela Vuki's brother, Tevita Vuki, spent the day ..." is Tevita; "Among the families
    at the harbour was Mala Fernando, the wife of ..." opens the sentences her "she said" follows."""
    cases = [
        (
            '"The swarm is not moving towards the town," said Ragnar Þ. Ólafsson, a geophysicist at the office.',
            ["Ragnar Þ. Ólafsson"],
        ),
        (
            'Chamari Wickramasinghe, the Ratnapura District Secretary, said: "Cooked food comes first today."',
            ["Chamari Wickramasinghe"],
        ),
        (
            "Sela Vuki's brother, Tevita Vuki, spent the day on a village boat with the searchers. "
            '"Please, everyone who has a boat, look for my sister," he said.',
            ["Tevita Vuki"],
        ),
        (
            "Among the families at the harbour was Mala Fernando, the wife of Anton Fernando, the skipper of "
            "one of the seized boats. She said her husband had borrowed money for the engine. "
            '"He told me this would be his last season," she said.',
            ["Mala Fernando"],
        ),
    ]
    _speakers_are(cases)


def test_jobs_before_a_name_possessive_appositions_and_second_surnames() -> None:
    """Session 47's held-out desks: "Norland's minister of ports and energy, Ana Beltrão, welcomed ..." and "The
    Kesso district administrator, Marta da Silveira, met ..." open on a job, then the name "she said" takes up;
    "X, its spokesman, said" is X; "X, president of ..., welcomed the cut but warned" is X's sentence; "Pech said"
    after "Mario Pech Caamal" is the whole name with its second surname (not "Soto" and a day after it); "Furtado"
    after "Dr. Maria da Graça Furtado" keeps the particle."""
    cases = [
        (
            'Pierre Lavaud, the consortium chief, spoke first. "We are back," Lavaud said.\n\n'
            "Norland's minister of ports and energy, Ana Beltrão, welcomed the plan at a news conference. "
            '"This is the day the coast has waited for," she said.',
            ["Pierre Lavaud", "Ana Beltrão"],
        ),
        (
            'Rosa Mbeki, a member of the strike committee, spoke for the women. "We have heard Monday before," she '
            "said.\n\nThe Kesso district administrator, Marta da Silveira, met both sides in the morning. "
            '"The workers have a right to be paid on time," she said after the meeting.',
            ["Rosa Mbeki", "Marta da Silveira"],
        ),
        (
            'The Upland Shepherds\' Committee said the plan was not enough. "Ten million is a sticking plaster," '
            "Paolo De Marchis, its spokesman, said.",
            ["Paolo De Marchis"],
        ),
        (
            "Minister Rosa Mendes said the ceiling would hold.\n\nTomas Vala Okonjo, president of the Kesso "
            "Shoppers' Union, welcomed the cut but warned that earlier ceilings were ignored. \"A cut is welcome. "
            'But will the corner shop apply it?" he said.',
            ["Tomas Vala Okonjo"],
        ),
        (
            'Tourism Secretary Ana Lucía Gómez Quintal said the state regretted it. "The port is open," Gómez said.',
            ["Ana Lucía Gómez Quintal"],
        ),
        ('Lina Soto Tuesday said the river was high. "We are ready," Soto said.', ["Lina Soto"]),
        (
            'Dr. Maria da Graça Furtado, the regional director, ordered the inquiry. "This is a suspension," '
            "Furtado said.",
            ["Maria da Graça Furtado"],
        ),
    ]
    _speakers_are(cases)
    # a second surname, not a rank in capitals, a day or a word the text writes in lower case
    assert _full_name("Mario Pech Caamal, director of the board, spoke.", "Pech") == "Mario Pech Caamal"
    assert _full_name("Spokesperson Fiona Mallon TD was scathing.", "Mallon") == "Fiona Mallon"
    assert _full_name("Lina Soto Tuesday said so.", "Soto") == "Lina Soto"
    assert _full_name("Ana Reid Harbour said so; the harbour was shut.", "Reid") == "Ana Reid"


def test_a_second_surname_with_its_particle_a_place_before_the_person_and_a_grower_left_unnamed() -> None:
    """Session 48's desks: "Errázuriz said" after "Tomás Errázuriz del Río" is the whole name, particle and second
    surname (but not "of Reuters"); "At the corner of Avenida Brasil, Yolanda Cortés, 72, had been watching ...
    "...," she said" is the person after the place the sentence opens on; "One grower from Palékastro ... was
    more blunt. "...," he said" is a grower nobody names, not the woman quoted before."""
    cases = [
        (
            'Tomás Errázuriz del Río, the country manager, said work would begin in June. "We are proud," Errázuriz '
            "said.",
            ["Tomás Errázuriz del Río"],
        ),
        (
            'A spokesman for the utility, Nelson Araya, said the pipe was old. "It cracked," Araya said.\n\n'
            "At the corner of Avenida Brasil and Calle Serrano, Yolanda Cortés Alquinta, 72, had been watching the "
            'work since the morning. "I have seen them dig this same hole three times," she said.',
            ["Nelson Araya", "Yolanda Cortés Alquinta"],
        ),
        (
            '"The quality is the best I remember," said Evangelía Tzanidáki, who grows olives near Zákros.\n\n'
            "One grower from Palékastro, waiting outside the union's offices, was more blunt. "
            '"Thirty-five cents is a gesture," he said, asking not to be named.',
            ["Evangelía Tzanidáki"],
        ),
    ]
    _speakers_are(cases)
    assert _full_name("Ali Khan of Reuters spoke to him.", "Khan") == "Ali Khan"
    # who said something "in a statement" is a body, though the recogniser found none: "it said" is that body
    statement = (
        "Bahari Azur Marine said in a statement that the captain had followed procedures. "
        '"Our priority is to bring every passenger safely to Malindi terminal," it said.'
    )
    _speakers_are([(statement, ["Bahari Azur Marine"])])
    # "according to the sheikh" is the sheikh named last, past the lead the recogniser read too; a name the
    # recogniser cut short before a capitalised word ("Omar bin Said" of "Omar bin Said Kitwana") goes on
    sheikh = (
        "In the mosque, the imam, Sheikh Omar bin Said Kitwana, told mourners to stay home. The crossing was "
        '"a road without a pavement, and we have been walking on it for a hundred years", according to the sheikh.'
    )
    _speakers_are([(sheikh, ["Omar bin Said Kitwana"])])
    text = "The imam, Sheikh Omar bin Said Kitwana, told mourners to stay home."
    assert _titled(text, "sheikh", ["Omar bin Said"]) == "Omar bin Said Kitwana"
    assert _titled("Minister Ana Lopez opened the bridge on Monday.", "minister", ["Ana Lopez"]) == "Ana Lopez"
    # "who said" takes up the person named before it, past "according to" and the body they lead
    who = (
        "The flames were confined to the top floor, according to Commissioner Rashid Mzee Abdallah of the Fire and "
        'Rescue Force, who said his crews were "keeping it on the roof and away from the old timbers below".'
    )
    _speakers_are([(who, ["Rashid Mzee Abdallah"])])


def test_faroese_and_spanish_particles_a_trade_after_the_place_and_a_titled_apposition() -> None:
    """Session 49's desks: Faroese names keep their particles ("Gunnvá í Heygum", "Rógvi við Á": "í", "á", "við"
    are no English words) and so do Spanish ones with "de los"; "In Sandvík, baker Elin Poulsen kept ... "...,"
    she said" is the person after the place and the trade, not the doctor quoted before; "The Mayor of Hvalba,
    Tóra Zachariasen, walked to the quay. "...," she said" is the name the apposition gives, not the body that
    spoke in the paragraph before."""
    cases = [
        ('"We will sail at noon," said Gunnvá í Heygum, the ferry company\'s director.', ["Gunnvá í Heygum"]),
        ('Rógvi við Á, the harbour master, closed the quay. "Nobody sails today," he said.', ["Rógvi við Á"]),
        (
            'Evaristo Luna de los Reyes, a grower in Matatlán, kept his plants in the ground. "They keep," Luna said.',
            ["Evaristo Luna de los Reyes"],
        ),
        (
            '"The wards stayed warm," said Dr. Heini Mikkelsen, the hospital\'s director.\n\n'
            'In Sandvík, baker Elin Poulsen kept her shop open by candlelight. "We sold all the bread by ten," she '
            "said.",
            ["Heini Mikkelsen", "Elin Poulsen"],
        ),
        (
            'A spokesperson for the Coast Guard said: "Two boats are searching the bay."\n\n'
            "The Mayor of Hvalba, Tóra Zachariasen, walked to the quay with the crew's families. "
            '"Every house here knows one of the men," she said.',
            ["Coast Guard", "Tóra Zachariasen"],
        ),
    ]
    _speakers_are(cases)


def test_a_person_of_a_region_for_a_client_or_past_an_apposition_before_who() -> None:
    """Session 49's desks: "Governor X of the Vestur region said:" is X (the region's lower-case kind ended no name
    before); "Advocate X, for the accused, told the court" is X, whom X speaks for set aside and "Advocate" a title;
    "according to Dr. X, the chief veterinary officer, who said ... "..."" is X, past the apposition."""
    cases = [
        (
            'Water tankers reached the clinics.\n\nGovernor Anna Dalsgaard of the Vestur region said: "The clinics '
            'come first."',
            ["Anna Dalsgaard"],
        ),
        ('"The state has found nothing," Advocate Pieter Malan, for Mr Kotze, told the court.', ["Pieter Malan"]),
        (
            "Boats may not leave the zone, according to Dr. Ragna Olsen, the chief veterinary officer, who said the "
            'cull was "going as well as anyone could hope" on its first day.',
            ["Ragna Olsen"],
        ),
        # a name of four words, two given names and two surnames, is the person's, not its town's with it
        (
            '"These were men from the valley," said Mayor José Manuel Ortega Félix of Tarrasa, who spent the night '
            "at the hospital.",
            ["José Manuel Ortega Félix"],
        ),
        # a job opened by its modifier after the name, a firm at its end: the person
        (
            'Ana Kell, purchasing director at Tarn wine importer Vinoteka Alder, said: "We will wait for them."',
            ["Ana Kell"],
        ),
        # a club, a job, then a name with a particle: the person
        ('"Credit to them. That is us, not the pitch," said Esk Rovers coach Hendrik van Tarn.', ["Hendrik van Tarn"]),
        # a spokesman for a body the apposition names: the body
        (
            '"The hull is intact," said a spokesman for the operator, Tarn Tankvaart, which is based in Alder.',
            ["Tarn Tankvaart"],
        ),
        # ... and a name with a Galician or Portuguese "do" inside it
        (
            '"We understand the measure," said Xan Carlos do Campo Vidal, secretary general of the farmers\' union.',
            ["Xan Carlos do Campo Vidal"],
        ),
        # "she said" after a sentence about her relative, unnamed: the woman the sentence before opens with, not the
        # doctor quoted before her
        (
            'Dr. Ivo Marsh, who heads the forensic centre, said: "It will take days."\n\nLucia Fenn, 52, had come '
            'from Alder on a night bus. Her son, 27, had been serving a sentence for theft. "He was going to be out '
            'in June," she said.',
            ["Ivo Marsh", "Lucia Fenn"],
        ),
        # ... or a Welsh "ap"
        ('"The damage is done," said Iolo ap Gwyn, the board\'s river manager.', ["Iolo ap Gwyn"]),
        # a spokesperson of a body named in full before, after "Shares of <body>": the body, not its shares
        (
            "Tarnwell Pharmaceuticals will close its Alder plant.\n\nShares of Tarnwell rose 2 percent.\n\n"
            'A Tarnwell spokesperson said staff would be paid. "We will work with every employee," the spokesperson '
            "said.",
            ["Tarnwell Pharmaceuticals"],
        ),
        # "Chief Executive" before the name, both words capitalised: no part of it
        ('"This was a hard call," Chief Executive Tomas Arden said on a call with analysts.', ["Tomas Arden"]),
        # a job its place opens, after the name
        ('Ffion Rees, Tarn officer for the Dockers union, said: "This is a hard day."', ["Ffion Rees"]),
        # a job its body's possessive opens, after the name: the person, not the body
        (
            "The Tarn Rivers Agency issued flood warnings.\n\nMali Prys, TRA's duty flood officer for mid Tarn, "
            'said: "The ground is already full."',
            ["Mali Prys"],
        ),
    ]
    _speakers_are(cases)


def test_he_said_after_a_name_with_its_job_after_it_or_after_an_unnamed_supporter() -> None:
    """Session 50's desks: "Colonel X Y, head of the fire service, welcomed the order. "...," he said" is X Y (a job
    after the name's comma is no job before a name); "One supporter, who drove down ..., was less forgiving. "...," he
    said" is nobody in particular, not the player quoted before him; "Vongsay, who ..., now has nine goals. "...," he
    said" is Bounmy Vongsay, named in full before, though the recogniser never read him."""
    cases = [
        (
            'Ines Marrow, president of the farmers\' union, said: "We accept a pause."\n\n'
            "Colonel Dario Castelli, head of the fire service, welcomed the order. "
            '"Most of our winter fires start from a burn that gets away," he said.',
            ["Ines Marrow", "Dario Castelli"],
        ),
        (
            'Orsini, a plumber, said he had never scored three goals. "The third one I did not see go in," he said.\n\n'
            "One supporter, who drove down from the coast with his two sons, was less forgiving. "
            '"This is the third bad result in a month," he said as he left the stand.',
            ["Orsini"],
        ),
        (
            'Tigers coach Anousone Keola said: "We knew their legs would go."\n\n'
            "The crowd of 4,000 stayed to the end. The home side had lost three in a row.\n\n"
            "Bounmy Vongsay scored twice after the break.\n\n"
            "Vongsay, who was playing for a village side two years ago, now has nine goals. "
            '"I told the boys at half-time that it would break," he said.',
            ["Anousone Keola", "Bounmy Vongsay"],
        ),
    ]
    _speakers_are(cases)


def test_he_after_an_opening_phrase_is_the_person_the_sentence_before_opens_with() -> None:
    """ "Outside, he told the Herald:" and "Asked whether ..., he said" take up the person the sentence before
    opens with (the farmer who kept silent in the meeting; the singer shaking his head as his opponent's lawyer
    spoke), not whoever was quoted last; "the mayor said" after "Mayor X Y of Town" is X Y, not the town."""
    text = (
        "Council defers tank vote\n"
        'The chairman, Councillor Nils Aagaard, said the vote must wait. "We will take it up again," Aagaard said.\n\n'
        "The farmer, Ole P. Vinding, came to the hall but did not speak during the meeting. Outside, he told the "
        'Herald: "I understand that people are angry, and they have every reason."\n\n'
        'Mayor Hanne Roslev of Vester Kirkeby said the town would pay for tests. "This is a town that knows slurry, '
        'but not like this," the mayor said.'
    )
    said = {q: s for s, q in _said("tank", text)}
    assert said["I understand that people are angry, and they have every reason."] == "Ole P. Vinding"
    assert said["This is a town that knows slurry, but not like this"] == "Hanne Roslev"
    court = (
        "Singer sues station\n"
        'Singer Devan Ramlall told the court the station owed him. "Everybody making money except me," '
        "Ramlall said.\n\n"
        'Lawyer Marcia Oduya, for the station, said several songs were never aired. "They breach the code," she '
        "said.\n\n"
        "Ramlall shook his head in the witness box as she spoke. Asked whether his lyrics were crude, he said they "
        'were "no worse than what calypsonians sing every carnival."'
    )
    said = {q: s for s, q in _said("court", court)}
    assert said["no worse than what calypsonians sing every carnival."] == "Devan Ramlall"


def test_a_body_quoted_by_its_initials_is_named_as_the_text_spells_them_out() -> None:
    """ "the Administradora Boliviana de Carreteras (ABC)" then "A spokesperson for the ABC said:": the roads
    agency by its name; initials the text never spells out stay as they are."""
    text = (
        "Roads agency warns travellers\n"
        "About 420 trucks were stranded, according to the Administradora Boliviana de Carreteras (ABC), the roads "
        'agency. A spokesperson for the ABC said: "We recommend that anyone planning to travel postpone the trip."'
    )
    assert [s for s, _ in _said("roads", text)] == ["Administradora Boliviana de Carreteras"]
    assert quotes._spelled_out("the National Hydrocarbons Agency (ANH) said", "ANH") is None  # not its initials
    assert quotes._spelled_out("the Armed Forces of Malta (AFM) said", "AFM") == "Armed Forces of Malta"


def test_an_unnamed_speaker_after_a_group_a_surname_the_recogniser_called_a_body_and_a_relative_s_first_name() -> None:
    """'"...," one fisherman said' after "Fishermen at Trou d'Eau Douce said ..." is nobody we can name (not the
    place); "he said" after "one of the loader operators said" is nobody, not the union's official quoted before;
    "Quill said he would rest" is Quill whatever the recogniser called the surname alone; "Varn's brother, Tomas,"
    is Tomas Varn."""
    text = (
        "Sheen drifts to the mangroves\n"
        "TROU D'EAU DOUCE — The catamaran came off the reef on Thursday.\n\n"
        "Fishermen on the shore at Trou d'Eau Douce said they had seen the sheen drifting. \"At lunchtime it was like "
        'a rainbow on the water all along the pass," one fisherman said as he mended his nets.'
    )
    assert _said("sheen", text) == []
    shift = (
        "Crews stay on the surface\n"
        "Hanna-Riikka Salo, the union's ombudsman, said: \"This is a safety decision by the people who do the "
        'work."\n\n'
        'Outside the canteen, one of the loader operators on the evening shift said the mood was quiet. "My wife '
        'asked me this morning if I was going in tonight," he said.'
    )
    assert [s for s, _ in _said("shift", shift)] == ["Hanna-Riikka Salo"]
    fight = (
        "Quill takes the title\n"
        "Jordan Quill won the African title at the Vacoas gymnasium. The Quill Boxing Club trained him.\n\n"
        'His trainer, Gilbert Ah-Kong, said few gave him a chance. "Tonight they found out," said Ah-Kong.\n\n'
        'Quill said he would rest for a month. "First I go home and eat my mother\'s curry," he said.'
    )
    said = {q: s for s, q in _said("fight", fight)}
    assert said["First I go home and eat my mother's curry"] == "Jordan Quill"
    boat = (
        "Two fishermen missing\n"
        "Two fishermen were missing after their pirogue overturned off Le Morne, among them Jean Varn.\n\n"
        'Varn\'s brother, Tomas, spoke outside the hospital. "He told me the third wave lifted the whole boat," he '
        "said."
    )
    assert [s for s, _ in _said("boat", boat)] == ["Tomas Varn"]


def test_a_body_by_its_initials_or_its_name_cut_short_is_named_as_the_text_writes_it_in_full() -> None:
    """ "the MD said" after "The Municipal District of Pincher Creek said" is the district; "Prairie Pacific said"
    where the text named "Prairie Pacific Railway" is the railway; the parish's council is another body than the
    parish, and "the PM" a title, not a body's initials."""
    text = (
        "Residents can go home\n"
        "COWLEY — The Municipal District of Pincher Creek said the evacuation order would be downgraded. "
        '"Residents should be ready to leave again at short notice," the MD said in a notice.\n\n'
        "Prairie Pacific Railway reopened the line on Saturday evening. Prairie Pacific said it would send empty "
        'cars "as quickly as the backlog allows and not a day later."'
    )
    assert [s for s, _ in _said("cowley", text)] == ["Municipal District of Pincher Creek", "Prairie Pacific Railway"]
    assert quotes._named_whole("Jefferson Parish Council met. Jefferson Parish said", "Jefferson Parish") is None
    assert quotes._initialled("The Prime Minister spoke. the PM said", "PM") is None


def test_who_speaks_past_a_district_what_it_covers_a_surname_first_initials_together_and_a_time_opening() -> None:
    """ "X, a legislator for a district, which covers A and B, said" is X, not the places the district covers; "Kuo
    said" after "Minister of Economic Affairs Kuo Shu-fen" is Kuo Shu-fen (a surname first, not "Affairs Kuo");
    initials written together ("Jason C.H. Pan") are the name's, a body's ("the U.S. Coast Guard") stay its own;
    "Before the performance, the company's general director, Dr. X, stepped out ... "...," he said" is X, not the
    person the lead named."""
    district = (
        "Inquiry into Halden substation fire\n"
        "HALDEN — Minister of Economic Affairs Tsai Mei-ling on Saturday ordered an inquiry into the fire at the "
        "Halden substation that left 90,000 homes without power overnight.\n\n"
        '"I want to know why one transformer took down a whole district," Tsai said at the site.\n\n'
        "Ong Li-wen, a legislator for the county's second district, which covers Halden and Norwick, said the "
        'utility should text residents. "Old people sat in the dark for hours without knowing why," she said.'
    )
    assert [s for s, _ in _said("district", district)] == ["Tsai Mei-ling", "Ong Li-wen"]
    initials = (
        "Packaging lines to restart\n"
        "The Brookhall packaging plant will restart its test lines on Monday after a smoke clean-up.\n\n"
        '"The oven room is a write-off, but the test bays are dirty, not damaged," said Jason K.T. Marlow, the '
        "plant's spokesman."
    )
    assert [s for s, _ in _said("initials", initials)] == ["Jason K.T. Marlow"]
    for written, read in [("said Jason K.T. Marlow,", "said Jason K T  Marlow,"), ("the U.S. Coast", "the U.S. Coast")]:
        assert quotes._ABBREVIATION.sub(quotes._unstopped, written) == read
    opera = (
        "A new Parsifal opens in Feldheim\n"
        "FELDHEIM — The Feldheim opera opened its first new Parsifal in 30 years, staged by the director Ines "
        "Varga, to 14 minutes of applause.\n\n"
        "Before the performance, the company's general director, Dr. Anton Reissler, stepped in front of the curtain "
        'to thank the donors. "This house has been in intensive care for two years, and tonight you will see what '
        'the doctors have managed to save," he said.'
    )
    assert [s for s, _ in _said("opera", opera)] == ["Anton Reissler"]


def test_a_body_of_two_words_is_named_as_the_text_first_names_it() -> None:
    """ "a Red Marina spokeswoman said" after "Red Marina de Energía's substation" is "Red Marina de Energía", the
    body as first named, its particle and all."""
    text = (
        "Substation fire cuts power\n"
        "A fire broke out at Red Marina de Energía's substation in Hormigos on Tuesday, cutting power to 40,000 "
        "homes.\n\n"
        '"We would rather tell people at noon that the lights will be back by six than promise it now," a Red Marina '
        "spokeswoman said."
    )
    assert [s for s, _ in _said("substation", text)] == ["Red Marina de Energía"]


def test_a_rank_of_first_class_is_no_part_of_the_name_nor_the_body_after_it() -> None:
    """ "Sgt. First Class Tomás Vega Ruiz of the National Guard, who led a team, said" is Tomás Vega Ruiz: "First
    Class" is the rank's, "of the National Guard" where he serves."""
    text = (
        "Rescues rise in the hills\n"
        "Rescue teams reached 31 people cut off by floods in the hills on Sunday.\n\n"
        "Sgt. First Class Tomás Vega Ruiz of the National Guard, who led one of the teams, said his soldiers reached a "
        'family standing on a table. "The water was at the level of the table and still rising when we got in," he '
        "said."
    )
    assert [s for s, _ in _said("rescues", text)] == ["Tomás Vega Ruiz"]


def test_a_body_s_initials_without_its_state_name_the_body() -> None:
    """ "a DEQ spokeswoman said" after "The Ardenne Department of Environmental Quality said" is that department: its
    initials without the state's name that opens it."""
    text = (
        "Air readings below levels of concern\n"
        "The Ardenne Department of Environmental Quality said readings taken overnight showed benzene below levels of "
        'concern. "Our readings did not show anything that would be a health threat to the public, but we will keep '
        'monitoring today," a DEQ spokeswoman said.'
    )
    (item,) = analyse([article("deq", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Ardenne Department of Environmental Quality"]


def test_a_department_named_of_a_state_s_word_is_named_whole() -> None:
    """ "a spokesman for the department said" after "The Department of State Growth, which manages the contract" is
    that department, whole: "State" there is a word of its name, no title."""
    text = (
        "Ferry breakdown under review\n"
        "The Department of State Growth, which manages the contract, said it would look at the breakdown. "
        "\"The contract sets clear standards for reliability and the department will be assessing this weekend's "
        'events against them," a spokesman for the department said.'
    )
    (item,) = analyse([article("ferry", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Department of State Growth"]


def test_a_body_named_after_a_job_that_ends_on_it_is_no_speaker() -> None:
    """ "Tomás R. Vela Ruiz, director of the Ostra water operator, Aguamar, said:" is Tomás R. Vela Ruiz: "Aguamar"
    renames the operator his job ends on."""
    text = (
        "Main bursts in Ostra\n"
        "A water main burst under the port road in Ostra on Monday.\n\n"
        'Tomás R. Vela Ruiz, director of the Ostra water operator, Aguamar, said: "The pipe opened along about a metre '
        'and a half. We expect to be pumping again in 18 to 24 hours."'
    )
    assert [s for s, _ in _said("main", text)] == ["Tomás R. Vela Ruiz"]


def test_a_spokesperson_for_a_body_named_after_its_kind_or_for_its_local_unit_speaks_for_the_body() -> None:
    """ "a spokesperson for the growers' association Coltivatori di Murge said" is Coltivatori di Murge, and "a
    spokesperson for the Guardia Costiera's Brindisi command said" is the Guardia Costiera."""
    text = (
        "Growers gather in the grove\n"
        "About 80 growers gathered at a grove near Murge on Tuesday.\n\n"
        '"We will stand among the trees when the chainsaws come," said a spokesperson for the growers\' association '
        "Coltivatori di Murge, which organised the gathering.\n\n"
        '"The boat was low in the water and we escorted it to port," a spokesperson for the Guardia Costiera\'s '
        "Brindisi command said."
    )
    assert [s for s, _ in _said("grove", text)] == ["Coltivatori di Murge", "Guardia Costiera"]


def test_a_name_before_a_relative_clause_of_several_parts_speaks() -> None:
    """ "Rosaria Colucci, 61, whose family owns 30 trees inside the circle, none of them infected, said: ..." is
    Rosaria Colucci."""
    text = (
        "Growers refuse the chainsaws\n"
        "The region ordered healthy trees near the outbreak felled on Tuesday.\n\n"
        'Rosaria Colucci, 61, whose family owns 30 trees inside the circle, none of them infected, said: "Every one '
        'of my trees came back clean, and now they want to cut them down."'
    )
    assert [s for s, _ in _said("trees", text)] == ["Rosaria Colucci"]
    # "Agent X of the Y unit in Z, who led the dive team, said ... he said": X, not the bureau
    dive = (
        "Body found in Lake Dos Bocas\n"
        "Divers found the body of a retired driver in Lake Dos Bocas on Tuesday, the police said.\n\n"
        "Agent Luis M. Ortega Vidal of the Police Bureau's maritime unit in Arecibo, who led the dive team, said the "
        'body was found at 3:50 p.m. "The water was brown and full of wood, and we could see almost nothing," he said.'
    )
    assert [s for s, _ in _said("dive", dive)] == ["Agent Luis M. Ortega Vidal"]  # a rank briefer does not know


def test_he_after_a_person_the_recogniser_called_an_organisation_is_that_person() -> None:
    """ "he said" after "Ramesh Kotkar said ..." is Ramesh Kotkar when the text describes him as someone "who" does
    something ("Ramesh Kotkar, a former sarpanch who lives below the hill"), whatever the recogniser called him, not
    the officer quoted before."""
    text = (
        "Fire burns on Sonal hill\n"
        "Villagers saw smoke on the ridge at 16:30, according to Ramesh Kotkar, a former sarpanch who lives below the "
        "hill.\n\n"
        'Anil Desai, the station officer, said his tenders could not climb the slope. "Beyond this point it is beaters '
        'and shovels," he said.\n\n'
        'Ramesh Kotkar said the village had asked for a fire team for years. "Every year it is the same story in '
        'March. They come after the fire, not before," he said.'
    )
    (item,) = analyse([article("hill", text)])
    item = dataclasses.replace(
        item, entities=tuple((t, "ORG" if t == "Ramesh Kotkar" else label) for t, label in item.entities)
    )
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Anil Desai", "Ramesh Kotkar"]


def test_he_after_a_sentence_opening_on_a_description_then_a_name_is_that_name() -> None:
    """ "The opposition PTR's candidate, K. Selvaraj, dismissed the explanation. "...," he said" is K. Selvaraj, not
    the man quoted in the paragraph before."""
    text = (
        "Cash seized from a car in Tiruchi\n"
        "Officials seized cash from a car near Srirangam on Tuesday night, the district collector said.\n\n"
        'M. Ramesh, the car\'s owner, said the money was for a wedding. "I have the bank slips," Ramesh said.\n\n'
        "The opposition PTR's candidate, K. Selvaraj, dismissed the explanation. \"A wedding fund does not travel at "
        'night with a list of voters," he said.'
    )
    assert [s for s, _ in _said("cash", text)][-1] == "K. Selvaraj"


def test_she_after_a_sentence_opening_on_a_name_with_an_initial_and_two_surnames_is_that_name() -> None:
    """ "Rosa M. Iglesias Pardo, who has worked on the ward for 19 years, was among those who spoke. "...," she said"
    is Rosa M. Iglesias Pardo (four words, one an initial), not the nurse quoted before."""
    text = (
        "Nurses at Vigo hospital vote to strike\n"
        "Nurses at the Álvaro Cunqueiro hospital voted on Tuesday to strike over staffing.\n\n"
        'Lucía Ferreiro Baz, the union\'s delegate, said the vote was clear. "The wards cannot go on," she said.\n\n'
        "Rosa M. Iglesias Pardo, who has worked on the oncology ward for 19 years, was among those who spoke at the "
        'assembly. "We are not asking for money this time. We are asking for colleagues," she said.'
    )
    assert [s for s, _ in _said("nurses", text)][-1] == "Rosa M. Iglesias Pardo"


def test_a_job_in_a_body_whose_name_lists_with_commas_leaves_the_name_before_it_the_speaker() -> None:
    """ "Aiko Tamaki, director of the prefecture's Culture, Tourism and Sports Department, told the committee ... "...,"
    she said" is Aiko Tamaki: the commas list the department's name, not apposed parts."""
    text = (
        "Okinawa lodging tax backed\n"
        "An assembly committee backed a 2% lodging tax on Tuesday.\n\n"
        "Aiko Tamaki, director of the prefecture's Culture, Tourism and Sports Department, told the committee that the "
        'rate would be lower in towns with a tax of their own. "We do not want guests in Ishigaki to pay twice," she '
        "said."
    )
    assert [s for s, _ in _said("tax", text)] == ["Aiko Tamaki"]


def test_a_name_after_a_job_whose_body_is_named_is_who_speaks() -> None:
    """ "In Ostra, the spokesman for the Civil Protection Service, Commissioner Dário Mbala, said ... 'They are two
    storms,' he said" is Dário Mbala: the job names its body, and the name after it is no new name for it."""
    text = (
        "Two floods, two storms\n"
        "Floods hit Ostra and Velm on Tuesday. Mayor Inês Tavora said the river rose in an hour.\n\n"
        "In Ostra, the spokesman for the Civil Protection Service, Commissioner Dário Mbala, said the floods were "
        'separate. "They are two storms and two rivers, 300 kilometres apart," he said.'
    )
    assert [s for s, _ in _said("floods", text)] == ["Dário Mbala"]


def test_a_ship_named_in_its_master_s_job_and_a_place_an_unnamed_person_comes_from_do_not_speak() -> None:
    """ "Captain Amir bin Salleh, master of the bulk carrier Coral Venture, which has waited off Tarn since dawn,
    said: ..." is the captain, not the ship (which the recogniser may call a person); "One visitor from Alder, who said
    she drove up ...: '...,' she said" and "a rider from Eastmoor who said she takes two buses ...: '...,' she said"
    are someone unnamed (no speaker), not the place they come from nor the senator quoted before."""
    ship = (
        "Ships wait off Tarn\n"
        "Dockers in Tarn stopped work for 24 hours on Friday.\n\n"
        "Captain Amir bin Salleh, master of the bulk carrier Coral Venture, which has waited off Tarn since dawn, said "
        'by satellite phone: "We have food and fuel. What we do not have is a berth."'
    )
    assert [s for s, _ in _said("ships", ship)] == ["Amir bin Salleh"]
    show = (
        "Prints draw crowds in Tarn\n"
        "The museum's show of early prints opened in Tarn on Friday.\n\n"
        "Marcus Delvaux, the museum's director, said the show had drawn school groups. \"People come for the famous "
        'images and stay for the mistakes," Delvaux said.\n\n'
        "One visitor from Alder, who said she had driven up with her two daughters, stood for a long time in front of "
        'a faded portrait. "You can see the mistakes. That is what I like. He was just a kid from the valley figuring '
        'it out," she said.'
    )
    assert [s for s, _ in _said("show", show)] == ["Marcus Delvaux"]  # nobody named: no quotation of anyone
    rider = (
        "Tarn transit board votes to cut trains\n"
        "The board voted on Thursday to cut a fifth of its trains.\n\n"
        'Sen. Harold W. Brandt, who chairs the transport committee, said the vote was a threat. "The agency has had '
        'two years to control costs," Brandt said in a statement.\n\n'
        "Outside the meeting, a rider from Eastmoor who said she takes two buses to her job at the hospital held a "
        'sign. "If they cut my train, I lose my job. It is that simple, and nobody in that room rides it," she said.'
    )
    assert [s for s, _ in _said("rider", rider)] == ["Harold W. Brandt"]


def test_a_spokeswoman_for_a_titled_person_is_nobody_named_and_one_for_a_body_is_the_body() -> None:
    """ "A spokeswoman for Mayor Ana Brás said: '...'" is someone unnamed, not the mayor; "a spokesman for the General
    Harbour Board" is the board, whose name opens on a word that may be a title."""
    assert quotes._spokesperson("A spokeswoman for Mayor Ana Brás") is None
    assert quotes._spokesperson("A spokesperson for Minister Jan de Vries") is None
    assert quotes._spokesperson("a spokesman for the General Harbour Board") == "General Harbour Board"
    assert quotes._spokesperson("a State Department spokesman") == "State Department"
    text = (
        "Alder nurses to stay home on Thursday\n"
        "Nurses in Alder will stay home for 24 hours from 07:00 on Thursday, their union said on Wednesday.\n\n"
        'A spokeswoman for Mayor Ana Brás said: "The mayor has invited the union to a meeting at eight tomorrow '
        'morning, before the stoppage starts, and hopes it will be called off."'
    )
    assert "Ana Brás" not in [s for s, _ in _said("nurses", text)]


def test_a_body_s_spokesperson_by_its_first_word_is_the_body_the_text_names_in_full() -> None:
    """ "A Kessel spokesperson said" where the text named "Kessel Steel's Alder Works" is Kessel Steel (a last word of a
    company's name after it: "Steel")."""
    text = (
        "Alder steelworkers vote to refuse overtime\n"
        "Members of the union voted on Thursday to stop working overtime at Kessel Steel's Alder Works.\n\n"
        "A Kessel spokesperson said the company respected its employees' views. \"We expect the collective agreement "
        'to be honored, and we will keep meeting the union about the transition," the spokesperson said.'
    )
    (item,) = analyse([article("alder", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Kessel Steel"]


def test_initials_written_together_are_a_name_s_and_a_first_name_of_two_words_is_the_full_name() -> None:
    """ "said R.S. Tanwar": a name's initials, as "Jason C.H. Pan"'s are (not a place's, "the U.S. Coast Guard"); a
    speaker named by a first name of two words ("Hanuman Ram said") is the person the text named in full before."""
    fire = (
        "Fire doused at Marh solar park\n"
        'The state company is examining why the grass grew so thick under the panels. "The grass under the rows was '
        'supposed to be cut before March 31," said R.S. Tanwar, director of the company.'
    )
    well = (
        "Girl rescued from borewell\n"
        "The girl is the daughter of farmer Hanuman Ram Godara, who sat at the edge of the field all night. "
        '"She went to see the goats and then she was gone," Hanuman Ram said.'
    )
    told, found = analyse([article("marh", fire), article("kesar", well)])
    assert [q.speaker for q in quotes.find_quotes(told)] == ["R.S. Tanwar"]
    assert [q.speaker for q in quotes.find_quotes(found)] == ["Hanuman Ram Godara"]


def test_a_body_named_with_an_ampersand_speaks_whole() -> None:
    """ "Harlan & Pike said": the ampersand is part of the body's name, which the text names in full before."""
    text = (
        "Freight cars derail at Tarn yard\n"
        "Six cars of a Harlan & Pike Railway freight train left the track at the Tarn yard on Monday.\n\n"
        'Harlan & Pike said it would cooperate "fully and openly with any state or federal review," according to a '
        "statement from the railroad."
    )
    (item,) = analyse([article("tarn", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Harlan & Pike Railway"]


def test_a_body_named_by_according_to_after_the_speech_verb_says_what_follows() -> None:
    """ "Mayor X said the city would work with the team, which according to the Department of Labour will hold
    sessions to help workers "file for benefits": the words quoted are the department's, named last before them, not
    the mayor's."""
    text = (
        "Plant to cut 240 jobs\n"
        "Heath Mayor Kaye Brunner said the city would work with the state team, which according to the Department of "
        'Labour will hold sessions to help workers "file for benefits, find training and connect with employers who '
        'are hiring now."'
    )
    (item,) = analyse([article("heath", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Department of Labour"]


def test_a_body_named_short_is_the_body_the_text_named_in_full_before() -> None:
    """ "A spokeswoman for Grand Erie said": the body the text named in full two words longer ("Grand Erie Health
    Partners"), not another body whose name opens on it ("Grand Erie Nurses' Union")."""
    text = (
        "Council holds back hospital money\n"
        "Tarn County council voted on Thursday to hold back a $1.5-million payment it owes Grand Erie Health Partners "
        "for a new wing at the Dunmore hospital.\n\n"
        "A spokeswoman for Grand Erie said the corporation was disappointed by the decision. "
        '"We share the council\'s goal, and we have been open about the recruitment challenges we face," the '
        "spokeswoman said."
    )
    (item,) = analyse([article("erie", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Grand Erie Health Partners"]
    union = [("Grand Erie Nurses' Union", "ORG"), ("Grand Erie", "ORG")]
    assert quotes._longer_names(union, "Grand Erie") == set()


def test_a_surname_is_the_person_not_the_firm_named_after_them() -> None:
    """ "said John T. Harwood of Harwood Beverage Research", then "Harwood said ... he said": the person, not the
    person and the first words of the firm that bears their name."""
    text = (
        "Second wine consortium cuts yields\n"
        'Growers voted on Tuesday. "Two consortia voting for less in two days is not a coincidence," said John T. '
        "Harwood of Harwood Beverage Research.\n\n"
        'Harwood said the freeze on plantings could matter more than the cut. "Yields can go back up next year. A '
        'vineyard that was never planted does not come back," he said.'
    )
    (item,) = analyse([article("harwood", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["John T. Harwood", "John T. Harwood"]


def test_who_heads_a_body_whose_name_goes_on_after_a_comma_is_who_speaks() -> None:
    """ "Chief Investigator Marguerite Dacre, who heads the Office of the Chief Investigator, Transport Safety, said":
    the body's name goes on after the comma; the investigator speaks, not "Transport Safety"."""
    text = (
        "Eleven hurt in crossing crash\n"
        "Chief Investigator Marguerite Dacre, who heads the Office of the Chief Investigator, Transport Safety, said a "
        'team of four was at the scene. "Passive crossings rely entirely on the road user seeing the train in time," '
        "she said."
    )
    (item,) = analyse([article("dacre", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == ["Marguerite Dacre"]


def test_surnames_joined_by_i_or_y_are_one_name_and_written_alone_the_person_named_before() -> None:
    """Catalan and Spanish surnames joined by "i" or "y" ("said Jordi Puig i Serra"): one name, not "Jordi Puig";
    then "Puig i Serra said ... he said" is that person, whom the recogniser named only as "Jordi Puig"."""
    text = (
        "Port approves rail link\n"
        'The port authority approved the plan on Tuesday. "We need the trains to reach the quay," said Jordi Puig i '
        "Serra, the port's director of logistics.\n\n"
        'Puig i Serra said the works would start in June. "It will take two years," he said.\n\n'
        '"The quay is ready," said Ana Ortega y Lucas, the harbour master.'
    )
    (item,) = analyse([article("puig", text)])
    assert [q.speaker for q in quotes.find_quotes(item)] == [
        "Jordi Puig i Serra",
        "Jordi Puig i Serra",
        "Ana Ortega y Lucas",
    ]
