"""Select: duplicates across sources become one article; different stories never do."""

from __future__ import annotations

import json
import pickle
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

import briefer.select as select_module
from briefer.executor import ForkPool, InProcess
from briefer.models import Article
from briefer.select import (
    PERMUTATIONS,
    Fingerprint,
    canonical_url,
    fingerprint_from_json,
    fingerprint_json,
    fingerprints,
    for_the_store,
    jaccard,
    lsh_bands,
    select,
    select_keeping,
    shingles,
    signature,
    text_key,
)

WINDOW = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 2, tzinfo=UTC))
WORDS = (
    "border crossing talks minister delegation convoy traders market river bridge rain village council "
    "province harvest fuel prices school clinic road police court election budget railway port airport "
    "drought water power grid factory strike union wages teachers doctors farmers exports imports"
).split()


def story(seed: int, paragraphs: int = 6, words: int = 45) -> list[str]:
    """Paragraphs of pseudo-text: unlike any other seed's, stable for one seed."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(words)) + "." for _ in range(paragraphs)]


def article(key: str, paragraphs: list[str], title: str = "Headline", url: str | None = None) -> Article:
    link = url or f"https://{key}.example/story"
    return Article(
        id=key,
        title=title,
        url=link,
        source=key,
        text="\n\n".join(paragraphs),
        published=datetime(2025, 3, 1, 8, tzinfo=UTC),
        published_from="metadata",
        sources=(key,),
        urls=(link,),
    )


def groups(result_articles: list[Article]) -> list[list[str]]:
    return sorted(sorted(a.sources) for a in result_articles)


def substitute(paragraphs: list[str], every: int) -> list[str]:
    out = []
    for p in paragraphs:
        words = p.split()
        out.append(" ".join("replaced" if i % every == every - 1 else w for i, w in enumerate(words)))
    return out


def test_lightly_edited_copies_merge_and_list_every_source() -> None:
    base = story(1)
    edits = {
        "words": substitute(base, 40),
        "dropped": base[:2] + base[3:],
        "added": [*base[:3], "An extra sentence written by the second outlet alone.", *base[3:]],
        "reordered": [base[0], base[2], base[1], *base[3:]],
    }
    for name, text in edits.items():
        result = select([article("wire", base), article(name, text, title="A changed headline")], WINDOW, threshold=0.5)
        assert groups(result.articles) == [sorted(["wire", name])], name
        assert result.merged == 1
        assert len(result.dropped) == 1


def test_different_stories_stay_apart() -> None:
    result = select([article(f"s{i}", story(i)) for i in range(5)], WINDOW, threshold=0.5)
    assert result.merged == 0
    assert len(result.articles) == 5


def test_short_article_quoted_whole_in_a_long_one_does_not_merge() -> None:
    short = story(2, paragraphs=2)
    long = [*story(3, paragraphs=5), *short, *story(4, paragraphs=5)]
    result = select([article("short", short), article("long", long)], WINDOW, threshold=0.5)
    assert result.merged == 0


def test_stories_from_one_wire_template_do_not_merge() -> None:
    boilerplate = story(99, paragraphs=2, words=60)  # the service's standard paragraphs
    items = [article(f"t{i}", [*story(10 + i, paragraphs=1, words=70), *boilerplate]) for i in range(4)]
    # On raw shingles they look like copies: the boilerplate is most of each text.
    a, b = shingles(items[0].text), shingles(items[1].text)
    assert jaccard(a, b) >= 0.45
    result = select(items, WINDOW, threshold=0.45)
    assert result.merged == 0


def test_syndicated_copies_merge_even_when_every_shingle_is_common() -> None:
    base = story(5)
    items = [article(f"outlet{i}", base if i % 2 else substitute(base, 60)) for i in range(5)]
    result = select(items, WINDOW, threshold=0.5)
    assert result.merged == 4
    assert groups(result.articles) == [sorted(f"outlet{i}" for i in range(5))]


def test_same_url_with_tracking_parameters_merges_within_one_source() -> None:
    one = article("feed", story(6), url="https://www.example.org/news/1/?utm_source=rss")
    two = replace(article("feed", story(6)[:3] + story(7)[:3], url="https://example.org/news/1#top"), id="feed-2")
    assert canonical_url(one.url) == canonical_url(two.url)
    result = select([one, two], WINDOW, threshold=0.5)
    assert result.merged == 1


def test_same_url_from_another_source_with_other_words_is_another_article() -> None:
    """A source can give any URL: only the text makes it another source's copy (issue 13, point 4)."""
    wire = article("wire", story(6), url="https://wire.example/news/1")
    blog = article("blog", story(6)[:3] + story(7)[:3], url="https://wire.example/news/1?utm_source=blog")
    result = select([wire, blog], WINDOW, threshold=0.5)
    assert result.merged == 0
    assert {a.source: a.text for a in result.articles} == {"wire": wire.text, "blog": blog.text}


def test_threshold_is_honoured() -> None:
    base = story(8)
    copy = substitute(base, 8)  # one word in eight replaced: most shingles change
    assert select([article("a", base), article("b", copy)], WINDOW, threshold=0.9).merged == 0
    assert select([article("a", base), article("b", copy)], WINDOW, threshold=0.2).merged == 1


def test_shingles_are_word_four_grams_or_the_whole_short_text() -> None:
    assert shingles("One, two; THREE four five") == frozenset({"one two three four", "two three four five"})
    assert shingles("just three words") == frozenset({"just three words"})
    assert shingles("") == frozenset({""})


def test_minhash_and_bands_are_datasketchs() -> None:
    """Signatures and bands computed with numpy are datasketch's to the bit: the same candidates."""
    datasketch = pytest.importorskip("datasketch")
    lsh_module = pytest.importorskip("datasketch.lsh")
    texts = ["\n\n".join(story(seed)) for seed in range(12)] + ["", "short text", "Ünïcödé wörds — and dashes"]
    for text in texts:
        expected = datasketch.MinHash(num_perm=PERMUTATIONS, seed=7)
        expected.update_batch([s.encode() for s in shingles(text)])
        np.testing.assert_array_equal(signature(shingles(text)), expected.hashvalues)
    for threshold in (0.05, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9):
        assert lsh_bands(threshold) == lsh_module._optimal_param(threshold, PERMUTATIONS, 0.5, 0.5)


def busy_day(seed: int = 11) -> list[Article]:
    """Copies, rewrites, shared URLs and text, template stories, short texts, one article out of the window."""
    rng = random.Random(seed)
    boilerplate = story(98, paragraphs=2, words=50)
    items: list[Article] = []
    for i in range(24):
        base = story(100 + i, paragraphs=rng.randint(1, 5))
        items.append(article(f"wire{i}", base))
        if i % 2:
            items.append(article(f"copy{i}", substitute(base, rng.choice((9, 20, 40)))))
        if i % 3 == 0:
            items.append(article(f"tmpl{i}", [*story(200 + i, paragraphs=1, words=30), *boilerplate]))
        if i % 5 == 0:
            items.append(article(f"same{i}", base, url=f"https://same{i}.example/x"))
    items.append(article("short", ["Just four short words"]))
    items.append(article("empty", [""]))
    items.append(article("url", story(300), url=items[0].url))
    items.append(replace(article("late", story(301)), published=WINDOW[1] + timedelta(hours=1)))
    rng.shuffle(items)
    return items


def test_fingerprints_shared_out_to_forked_workers_give_the_same_selection() -> None:
    items = busy_day()
    for threshold in (0.3, 0.5, 0.8):
        expected = select(items, WINDOW, threshold=threshold, executor=InProcess())
        assert expected.merged > 5
        assert select(items, WINDOW, threshold=threshold, executor=ForkPool(2, min_items=1)) == expected


def test_fingerprints_pickle_and_match_the_signature() -> None:
    """What a Dask worker sends back: the MinHash is the signature of the text's shingle set."""
    texts = ["\n\n".join(story(seed)) for seed in range(3)] + ["", "three short words"]
    prints = pickle.loads(pickle.dumps((fingerprints, fingerprints(texts))))[1]
    for text, found in zip(texts, prints, strict=True):
        assert isinstance(found, Fingerprint)
        np.testing.assert_array_equal(found.signature, signature(shingles(text)))
        assert len(found.shingle_ids) == len(shingles(text))


def test_stored_fingerprints_read_back_whole_and_refuse_what_is_not_one() -> None:
    texts = ["\n\n".join(story(seed)) for seed in range(3)] + ["", "three short words", "Café, naïve: «déjà vu»"]
    for text, found in zip(texts, fingerprints(texts), strict=True):
        stored = json.loads(json.dumps(fingerprint_json(found)))  # plain JSON, as the store keeps it
        back = fingerprint_from_json(stored, text)
        assert (back.words, back.text_hash) == (found.words, found.text_hash)
        assert back.signature.dtype == found.signature.dtype and back.shingle_ids.dtype == found.shingle_ids.dtype
        np.testing.assert_array_equal(back.signature, found.signature)
        np.testing.assert_array_equal(back.shingle_ids, found.shingle_ids)
    good = fingerprint_json(fingerprints(texts[:1])[0])
    for broken in (
        {},
        [],
        "a string",
        {**good, "signature": good["signature"][:-8]},
        {**good, "shingle_ids": good["shingle_ids"] + "AAA="},
        {**good, "signature": "not base64!"},
        {**good, "shingle_ids": None},
    ):
        with pytest.raises(ValueError):
            fingerprint_from_json(broken, texts[0])


def test_an_update_makes_only_the_new_texts_fingerprints_and_selects_as_from_scratch() -> None:
    """Fingerprints made by an earlier run of the day (read back from their bytes, as from the store)
    stand for those a later run would make: the same selection, and only the new texts made."""
    day = [a for a in busy_day() if a.published < WINDOW[1]]
    earlier, later = day[: len(day) // 2], day[len(day) // 2 :]
    first, made = select_keeping(earlier, WINDOW, None, 0.5)
    assert first == select(earlier, WINDOW, threshold=0.5)
    assert set(made) == {text_key(a.text) for a in earlier}
    texts = {text_key(a.text): a.text for a in earlier}
    stored = {key: fingerprint_from_json(fingerprint_json(value), texts[key]) for key, value in made.items()}
    for executor in (InProcess(), ForkPool(2, min_items=1)):
        update, made_now = select_keeping(day, WINDOW, None, 0.5, stored, executor)
        assert update == select(day, WINDOW, threshold=0.5)
        assert update.merged > 3
        assert set(made_now) == {text_key(a.text) for a in later} - set(stored)
    # A fingerprint stored under a text's key is used as it is: the key must hold the text and its settings.
    assert text_key("a text") != text_key("a text ") and len(text_key("a text")) == 64
    monkey = {text_key(earlier[0].text): fingerprints([later[0].text])[0]}
    assert select_keeping(earlier[:1], WINDOW, None, 0.5, monkey)[1] == {}


def test_fingerprints_sent_to_the_store_without_their_words_select_as_with_them() -> None:
    """A forked select sends back its fingerprints for the store without their words (for_the_store:
    the size of the text again); given back to select as known ones, its words are made from the
    texts: the same selection, on a day with template stories, copies and shared URLs."""
    day = [a for a in busy_day(13) if a.published < WINDOW[1]]
    expected, made = select_keeping(day, WINDOW, None, 0.5)
    assert expected.merged > 3 and all(p.words is not None for p in made.values())
    bare = {key: for_the_store(print_) for key, print_ in made.items()}
    assert all(p.words is None for p in bare.values())
    assert len(pickle.dumps(bare)) < 0.8 * len(pickle.dumps(made))
    for key, print_ in bare.items():  # what the store keeps of it is the same
        assert fingerprint_json(print_) == fingerprint_json(made[key])
    for threshold in (0.3, 0.5, 0.8):
        again, made_again = select_keeping(day, WINDOW, None, threshold, bare)
        assert again == select(day, WINDOW, threshold=threshold) and made_again == {}


def _boilerplate_on_strings(seed: int) -> tuple[list[Article], list[str], list[frozenset[str]]]:
    """A busy day's articles in the window, their texts, and each text's boilerplate shingles
    counted on the shingle strings themselves (what the ids must give)."""
    items = [a for a in busy_day(seed) if a.published < WINDOW[1]]
    texts = [a.text for a in items]
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update(shingles(text))
    expected = [frozenset(s for s in shingles(text) if frequency[s] >= select_module.BOILERPLATE_DF) for text in texts]
    return items, texts, expected


def test_boilerplate_is_counted_exactly_even_when_shingle_ids_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boilerplate is counted on 64-bit shingle ids and confirmed on the words: ids that collide
    (forced here by keeping a few bits) change nothing, neither the count nor the merges."""
    items, texts, expected = _boilerplate_on_strings(12)
    assert any(expected)
    selections = {}
    real_ids = select_module._shingle_ids
    for bits in (64, 8, 3, 1):
        if bits < 64:
            mask = np.uint64((1 << bits) - 1)
            monkeypatch.setattr(select_module, "_shingle_ids", lambda digests, mask=mask: real_ids(digests) & mask)
        prints = fingerprints(texts)
        counted = select_module._Shingles([p.words for p in prints], [p.shingle_ids for p in prints], range(len(texts)))
        assert [counted.common(i) for i in range(len(texts))] == expected, bits
        assert [counted.of(i) for i in range(len(texts))] == [shingles(t) for t in texts]
        selections[bits] = [select(items, WINDOW, threshold=t) for t in (0.3, 0.5, 0.7)]
    assert all(found == selections[64] for found in selections.values())


@pytest.mark.parametrize("bits", [64, 3])
def test_what_select_holds_is_bounded_and_counts_as_the_whole_day(monkeypatch: pytest.MonkeyPatch, bits: int) -> None:
    """Ids looked up a few at a time (``BLOCK_IDS``) and the shingles of two articles kept at once
    (``KEPT``) give every article's shingles and boilerplate and every merge that holding them all
    gives: counted on the strings here, with ids that collide or not."""
    items, texts, expected = _boilerplate_on_strings(13)
    assert sum(map(bool, expected)) > 3
    whole = [select(items, WINDOW, threshold=t) for t in (0.3, 0.5, 0.7)]
    if bits < 64:
        mask = np.uint64((1 << bits) - 1)
        real_ids = select_module._shingle_ids
        monkeypatch.setattr(select_module, "_shingle_ids", lambda digests: real_ids(digests) & mask)
    monkeypatch.setattr(select_module._Shingles, "BLOCK_IDS", 50)
    monkeypatch.setattr(select_module._Shingles, "KEPT", 2)
    prints = fingerprints(texts)
    assert sum(len(p.shingle_ids) for p in prints) > 20 * 50  # many blocks
    counted = select_module._Shingles([p.words for p in prints], [p.shingle_ids for p in prints], range(len(texts)))
    for i in reversed(range(len(texts))):  # asked again after being let go
        assert counted.common(i) == expected[i] and counted.of(i) == shingles(texts[i])
        assert len(counted.kept) <= 2
    assert [counted.common(i) for i in range(len(texts))] == expected
    assert [select(items, WINDOW, threshold=t) for t in (0.3, 0.5, 0.7)] == whole


def test_what_select_keeps_of_its_boilerplate_verdicts_holds_no_shingle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once every article's boilerplate is worked out, :class:`_Shingles` holds the shingle strings of the
    ``KEPT`` articles it keeps and no other: its verdicts are kept by id, not by shingle (a dict of the
    shingles grew with the day's candidates: 24.6 MB at 20,000 articles, docs/performance.md, session 64).
    The answers are the ones counted on the strings (the tests above, with ids that collide too)."""
    _, texts, expected = _boilerplate_on_strings(14)
    monkeypatch.setattr(select_module._Shingles, "KEPT", 2)
    prints = fingerprints(texts)
    counted = select_module._Shingles([p.words for p in prints], [p.shingle_ids for p in prints], range(len(texts)))
    assert [counted.common(i) for i in range(len(texts))] == expected
    every = set().union(*(shingles(t) for t in texts))
    kept = set().union(*(entry.set for entry in counted.kept.values()))
    assert sum(map(len, expected)) > 20 * len(kept & set().union(*expected))  # most verdicts are of shingles let go

    def strings(value: object, seen: set[int]) -> Iterator[str]:
        if id(value) in seen or isinstance(value, np.ndarray):
            return
        seen.add(id(value))
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from strings(k, seen)
                yield from strings(v, seen)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                yield from strings(v, seen)

    held = {name: value for name, value in vars(counted).items() if name not in ("words", "kept")}
    assert not (set(strings(held, set())) & every)


def test_counting_a_days_shingle_ids_holds_a_few_mb_of_arrays_at_once() -> None:
    """:class:`_Shingles` counts the day's ids a block at a time: what it makes at once to count 3,000,000 ids
    (6,000 articles) is a few MB over what it keeps (39 MB with blocks of 1 << 19 ids, session 64)."""
    import tracemalloc

    rng = np.random.default_rng(5)
    pool = rng.integers(0, 2**63, 400_000, dtype=np.uint64)
    ids = [pool[rng.integers(0, len(pool), 500)] for _ in range(6000)]
    tracemalloc.start()
    try:
        counted = select_module._Shingles([""] * len(ids), ids, range(0, len(ids), 5))
        kept, most = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(counted.counts) > 100_000  # many ids that may be boilerplate, their carriers kept
    assert most - kept < 16 * 2**20, (kept, most)


def test_what_select_keeps_of_the_queried_ids_is_a_few_bytes_each() -> None:
    """:class:`_Shingles` keeps each queried id (8 bytes), whether it may be boilerplate (1) and a bit of
    flags, and more only for the ids that may be boilerplate: some 11 bytes a queried id here, where most
    are not (19.4 with a bool of flags and a row number for every queried id, session 64)."""
    rng = np.random.default_rng(6)
    shared = rng.integers(0, 2**63, 20_000, dtype=np.uint64)
    ids = [
        np.concatenate([rng.integers(0, 2**63, 400, dtype=np.uint64), shared[rng.integers(0, len(shared), 100)]])
        for _ in range(3000)
    ]
    counted = select_module._Shingles([""] * len(ids), ids, range(0, len(ids), 3))
    assert len(counted.queried) > 20 * len(counted.counts) > 20 * 10_000
    held = sum(value.nbytes for value in vars(counted).values() if isinstance(value, np.ndarray))
    assert held < 13 * len(counted.queried), held / len(counted.queried)


def test_the_ids_queried_are_found_with_twice_their_size_at_once() -> None:
    """The wanted articles' ids, each once and sorted, are made with about twice their size at once (the
    block's found, then the ones kept), not four times (a list of each block's, joined, np.unique's copy:
    some 60 MB at 20,000 articles, session 64); the same ids as np.unique's, blocks of one article or many."""
    import tracemalloc

    rng = np.random.default_rng(8)
    ids = [rng.integers(0, 2**63, 500, dtype=np.uint64) for _ in range(4000)]
    blocks = [list(range(start, start + 250)) for start in range(0, len(ids), 250)]
    size = 8 * sum(map(len, ids))
    tracemalloc.start()
    try:
        found = select_module._unique_ids(ids, blocks)
        _, most = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert most < 2.4 * size, most / size
    assert np.array_equal(found, np.unique(np.concatenate(ids)))
    shared = [ids[0][:100], ids[0][50:], ids[1]]
    assert np.array_equal(select_module._unique_ids(shared, [[0], [1], [2]]), np.unique(np.concatenate(shared)))
    assert not len(select_module._unique_ids(ids, []))


def _prepared_day() -> list[Article]:
    """A day with every kind of merge: near copies, the same text twice, one source's URL twice (with a
    tracking parameter), boilerplate shared by three stories, non-ASCII text and URLs, a NUL in a source's
    name and a URL, and an article outside the window."""
    base = story(101)
    boiler = "Sign up for our newsletter to get the day's news from the border every morning at seven."
    out = [
        article("a", base),
        article("b", substitute(base, 60)),  # a near copy of a
        article("c", base),  # the same text as a
        article("d", story(102), url="https://d.example/story?utm_source=x"),
        replace(article("d", story(103)), id="d2", url="https://d.example/story"),  # d's URL again
        article("é", [*story(104), "Le ministre a déclaré «non» à Genève — 12 €."], url="https://é.example/çà"),
        article("x", story(106), url="https://x.example/1"),
        article("y\0url:x", story(107), url="https://x.example/1"),  # its key is not x's, whatever it holds
    ]
    out += [article(f"t{n}", [*story(200 + n), boiler]) for n in range(3)]
    out.append(replace(article("late", story(105)), published=datetime(2025, 3, 3, tzinfo=UTC)))
    return out


def test_a_prepared_day_is_selected_as_select_does() -> None:
    """select_prepared finds select's groups from the day as prepared() wrote it (its texts and URL keys in
    a file, a block at a time), and merged_from makes select's selection of the day's own articles."""
    from briefer.select import merged_from, prepared, select_prepared

    day = _prepared_day()
    expected = select(day, WINDOW, set(), 0.6)
    assert expected.merged == 3 and len(expected.dropped) == 4  # b and c into a, d2 into d; late
    sent: list[tuple[str, Fingerprint]] = []
    ready = prepared(day, WINDOW, set())
    try:
        got = merged_from(day, ready, select_prepared(ready, 0.6, None, sent.extend))
    finally:
        ready.close()
    assert got == expected
    assert {key for key, _ in sent} == {text_key(a.text) for a in day if a.id != "late"}
    assert all(print_.words is None for _, print_ in sent)  # blockwise: without their words
    kept = {a.id: a for a in got.articles}
    assert kept["é"] is day[5]  # an article no duplicate joined is the day's own object


def test_a_prepared_day_lets_go_of_the_texts_and_gives_the_kept_ones_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dask driver's select: once the day is written for the child, every article of the caller's list is
    made again without its text (the process forked holds no text while the child runs), and merged_from
    reads back the text of each article the selection keeps (a group's first, the fullest copy): the
    selection is select's, texts and all, with blocks of two texts too."""
    from briefer.select import merged_from, prepared, select_prepared

    monkeypatch.setattr(select_module, "PRINTS_BLOCK", 2)
    day = _prepared_day()
    expected = select(day, WINDOW, set(), 0.6)
    given = list(day)
    ready = prepared(given, WINDOW, set(), let_go_of_texts=True)
    try:
        assert all(a.text == "" for a in given) and any(a.text for a in day)
        assert [replace(a, text="") for a in day] == given  # nothing else of them changed
        got = merged_from(given, ready, select_prepared(ready, 0.6))
    finally:
        ready.close()
    assert got == expected
    assert all(a.text for a in got.articles)
    assert [a.text for a in got.articles] == [a.text for a in expected.articles]


def test_a_shelved_selection_leaves_its_texts_in_the_file_and_gives_each_back_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Dask driver that keeps its day on the cluster leaves the texts the selection keeps in select's file
    (shelved_from, a select.Shelf): the selection is select's but for its articles' texts, which the shelf gives
    back, equal and each a new string, when asked; an article it does not have is its own (issue 15)."""
    from briefer.select import prepared, select_prepared, shelved_from

    monkeypatch.setattr(select_module, "PRINTS_BLOCK", 2)
    day = _prepared_day()
    expected = select(day, WINDOW, set(), 0.6)
    given = list(day)
    ready = prepared(given, WINDOW, set(), let_go_of_texts=True)
    got, shelf = shelved_from(given, ready, select_prepared(ready, 0.6))
    try:
        assert all(a.text == "" for a in got.articles)
        assert [replace(a, text="") for a in expected.articles] == got.articles
        assert got.dropped == expected.dropped and got.merged == expected.merged
        assert [shelf.texted(a) for a in got.articles] == expected.articles
        assert [shelf.text(a) for a in got.articles] == [a.text for a in expected.articles]
        stranger = replace(day[0], id="stranger", text="its own")
        assert "stranger" not in shelf and shelf.texted(stranger) is stranger and shelf.text(stranger) == "its own"
    finally:
        shelf.close()
    assert ready.file.closed


def test_a_prepared_day_keeps_no_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a forked select is given holds no article object (a child reading one copies its pages), and
    its texts are read back from the file a block at a time: the same with blocks of two texts."""
    import gc as collector

    from briefer.select import merged_from, prepared, select_prepared

    monkeypatch.setattr(select_module, "PRINTS_BLOCK", 2)
    day = _prepared_day()
    ready = prepared(day, WINDOW, set())
    try:
        held = collector.get_referents(*collector.get_referents(ready))
        assert not any(isinstance(value, Article) for value in held)
        assert not any(isinstance(value, Article) for value in vars(ready).values())
        assert [ready.text(row) for row in range(len(ready))] == [day[i].text for i in ready.order.tolist()]
        got = merged_from(day, ready, select_prepared(ready, 0.6))
    finally:
        ready.close()
    assert got == select(day, WINDOW, set(), 0.6)
