"""Select: duplicates across sources become one article; different stories never do."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import pytest

from briefer.models import Article
from briefer.select import PERMUTATIONS, canonical_url, jaccard, lsh_bands, select, shingles, signature

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
        id=key, title=title, url=link, source=key, text="\n\n".join(paragraphs),
        published=datetime(2025, 3, 1, 8, tzinfo=UTC), published_from="metadata", sources=(key,), urls=(link,),
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


def test_same_url_with_tracking_parameters_merges() -> None:
    one = article("feed", story(6), url="https://www.example.org/news/1/?utm_source=rss")
    two = article("page", story(6)[:3] + story(7)[:3], url="https://example.org/news/1#top")
    assert canonical_url(one.url) == canonical_url(two.url)
    result = select([one, two], WINDOW, threshold=0.5)
    assert result.merged == 1


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
