"""The store's JSON of the pipeline's values: round trips, shared objects, old entries, bad ones."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from briefer.codec import Codec, CodecError
from briefer.models import (
    AnalysedArticle,
    Article,
    Entity,
    SourceReport,
    SourceStatus,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)

KARACHI = timezone(timedelta(hours=5))


def article(n: int) -> SummarizedArticle:
    item = Article(
        id=f"a{n}",
        title=f"Ferry {n} runs again",
        url=f"https://wire.example/{n}",
        source="Wire",
        text="The ferry runs again. Crews said so.",
        published=datetime(2025, 11, 3, 9, n, tzinfo=KARACHI),
        published_from="metadata",
        sources=("Wire", "Post"),
        urls=(f"https://wire.example/{n}",),
    )
    analysed = AnalysedArticle(
        article=item,
        sentences=("The ferry runs again.", "Crews said so."),
        title_lemmas=(),
        lead_lemmas=(),
        body_lemmas=(),
        sentence_lemmas=(("ferry", "run"), ("crew", "say")),
        entities=(("Crews", "ORG"),),
    )
    return SummarizedArticle(analysed, (SummarySentence("The ferry runs again.", (item.id,), 0.5, 0, "lead"),))


def themes() -> list[ThemeGroup]:
    one, two = article(1), article(2)
    return [
        ThemeGroup(
            "Transport",
            (SummarySentence("The ferry runs again.", ("a1", "a2"), 1, 0),),  # an int in a float field
            (one, two),
            {"a1": 2.5, "a2": 1.0},
            (Entity("Crews", "ORG", 2, ("crews",)),),
            (Story("Ferries run again", (), ("a1", "a2")),),
        ),
        ThemeGroup("Other", (), (two,)),  # the same article object in two themes
    ]


CODEC = Codec(list[ThemeGroup], shared=(Article, SummarizedArticle))


def test_themes_come_back_equal_through_plain_json() -> None:
    value = themes()
    text = json.dumps(CODEC.encode(value))
    back = CODEC.decode(json.loads(text))
    assert back == value
    assert back[0].summary[0].score == 1 and type(back[0].summary[0].score) is int  # as the model held it
    assert back[0].articles[0].article.published.utcoffset() == timedelta(hours=5)
    assert isinstance(back[0].articles[0].analysed.sentence_lemmas[0], tuple)


def test_an_object_in_two_places_is_written_once_and_comes_back_as_one() -> None:
    data = json.loads(json.dumps(CODEC.encode(themes())))
    assert len(data["shared"]["SummarizedArticle"]) == 2 and len(data["shared"]["Article"]) == 2
    back = CODEC.decode(data)
    assert back[0].articles[1] is back[1].articles[0]
    assert data["fields"]["Article"][:3] == ["id", "title", "url"]  # any reader can name the values


def test_a_field_added_since_an_entry_was_written_takes_its_default() -> None:
    data = json.loads(json.dumps(CODEC.encode(themes())))
    written = data["fields"]["ThemeGroup"].index("entities")
    for theme in data["root"]:
        del theme[written:]  # written before entities, stories and what came after existed
    back = CODEC.decode(data)
    assert [t.entities for t in back] == [(), ()] and [t.stories for t in back] == [(), ()]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["shared"]["Article"][0].__setitem__(5, "not a date"),
        lambda d: d["root"][0].__setitem__(2, [7]),  # a shared article that is not there
        lambda d: d["root"][0].append("one value too many"),
        lambda d: d["root"].__setitem__(0, {"name": "Transport"}),
        lambda d: d.pop("shared"),
    ],
)
def test_an_entry_of_the_wrong_shape_is_a_codec_error(spoil: object) -> None:
    data = json.loads(json.dumps(CODEC.encode(themes())))
    spoil(data)  # type: ignore[operator]
    with pytest.raises(CodecError):
        CODEC.decode(data)


def test_enums_and_optional_values() -> None:
    codec = Codec(list[SourceReport])
    value = [SourceReport("Wire", SourceStatus.ERROR, 0, "HTTP 503", 3), SourceReport("Post", SourceStatus.OK)]
    back = codec.decode(json.loads(json.dumps(codec.encode(value))))
    assert back == value and back[0].status is SourceStatus.ERROR and back[1].error is None


def test_a_type_the_store_cannot_keep_fails_when_the_codec_is_made() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        when: set[str]

    with pytest.raises(TypeError, match="cannot keep"):
        Codec(Odd)


def test_naive_and_utc_times_keep_their_zone() -> None:
    @dataclasses.dataclass(frozen=True)
    class Times:
        aware: datetime
        naive: datetime

    value = Times(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1))
    assert Codec(Times).decode(json.loads(json.dumps(Codec(Times).encode(value)))) == value


def test_placements_unpacked_anew_as_they_are_read_come_back_each_its_own() -> None:
    """The themes' placements held packed (cached.PackedPlacements: a part unpacked when read, let go when
    the next is) make their objects as the codec reads them, and let them go: written by identity, a
    placement made at a freed one's address was written as that one (the day's memo read back with other
    articles' placements). Written by content, each comes back equal to its own; equal ones as one."""
    from briefer.cached import PackedPlacements
    from briefer.models import Placement

    def placement(n: int) -> Placement:
        return Placement(("Transport",), (), (), (f"ferry{n % 1000}",), f"Placed for reason {n % 1000}.")

    first = {f"a{n}": placement(n) for n in range(2500)}
    second = {f"b{n}": placement(n) for n in range(1500)}  # each equal to one of the first theme's
    value = {"Transport": PackedPlacements(first, 40), "Other": PackedPlacements(second, 40)}
    hint = dict[str, dict[str, Placement]]
    for codec in (Codec(hint, shared=(Placement,), by_content=(Placement,)),):
        for data in (codec.encode(value), json.loads(bytes(codec.encode_json(value)))):
            back = codec.decode(json.loads(json.dumps(data)))
            assert back == {"Transport": first, "Other": second}
            assert len(data["shared"]["Placement"]) == 1000  # equal ones written once
            assert back["Other"]["b1"] is back["Transport"]["a1"]
    with pytest.raises(ValueError, match="shared"):
        Codec(hint, by_content=(Placement,))
