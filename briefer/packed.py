"""How an analysed article keeps its sentences and lemmas in memory: compactly.

A large day holds every analysed article from analysis to the end of the
themes' stage. As tuples of strings, an article's sentences (a copy of its
text, one string object each) and lemmas (a pointer per word, a tuple per
sentence, and the lead's and body's lemmas again) took about 14 KB of the
19 KB an analysed article held (docs/performance.md, "The curve"). Packed:

- **sentences** are the places (start, end) where each one stands in the
  article's text, which the article holds anyway; a sentence that is not a
  piece of the text (an analysis made by hand, in a test) keeps its string;
- **lemmas** are ids in this process's vocabulary (:data:`_WORDS`; a day's
  vocabulary is small), four bytes a word in one array per article, with
  where each sentence ends; the lemmas of the lead and of the body are those
  of the sentences put end to end, so they are not kept again (unless they
  were given otherwise).

:class:`briefer.models.AnalysedArticle` packs what it is given and unpacks on
each read of ``sentences``, ``title_lemmas``, ``lead_lemmas``, ``body_lemmas``
or ``sentence_lemmas``, which stay tuples of strings to every reader (a new
tuple each read: read them once per use). The ids mean something only in this
process: an analysed article travels to another process (a pickle) as its
strings, and is packed again there.

A forked worker reading packed articles touches a few objects per article
instead of hundreds: each object it touches (its reference count written)
copies the page that holds it into the worker.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Sequence

LEAD_SENTENCES = 2
"""The sentences whose lemmas are an article's lead lemmas (``analyse.LEAD_SENTENCES``)."""

FROM_SENTENCES: tuple[str, ...] = ("\x00lemmas of the sentences",)
"""Given as an analysed article's ``lead_lemmas`` or ``body_lemmas`` (this very object): those of its
sentences, which it then need not compare with them (``analyse.analysed``)."""

_ADDING = threading.Lock()
_WORDS: list[str] = []
_IDS: dict[str, int] = {}
"""This process's vocabulary: every lemma packed so far, by id. It only grows (a resident process
that briefs day after day keeps each day's new words: some 10 MB per 100,000 words)."""


def word_ids(words: Iterable[str]) -> array[int]:
    """The words as ids in the vocabulary (new words added to it)."""
    if not isinstance(words, list | tuple):
        words = list(words)
    get = _IDS.get
    found = [get(w, -1) for w in words]
    if -1 in found:
        with _ADDING:  # a Dask worker may analyse in several threads: one id a word, its word at that id
            for k, i in enumerate(found):
                if i == -1:
                    w = words[k]
                    i = _IDS.get(w, -1)
                    if i == -1:
                        _WORDS.append(w)
                        i = _IDS[w] = len(_WORDS) - 1
                    found[k] = i
    return array("I", found)


def words_of(ids: array[int]) -> tuple[str, ...]:
    """The words that ``ids`` stand for."""
    return tuple(map(_WORDS.__getitem__, ids))


class Packed:
    """An analysed article's sentences and lemmas, packed (see the module's doc)."""

    __slots__ = ("body", "ends", "lead", "lemmas", "places", "text", "title")

    text: str | None  # the text the sentences are pieces of, or None: ``places`` holds them as strings
    places: array[int] | tuple[str, ...]  # start, end of each sentence in ``text``
    lemmas: array[int]  # the lemmas of every sentence, end to end
    ends: array[int]  # where each sentence's lemmas end in ``lemmas``
    title: array[int]
    lead: array[int] | None  # None: those of the first LEAD_SENTENCES sentences
    body: array[int] | None  # None: those of the others

    def __init__(
        self,
        text: str | None,
        sentences: Sequence[str],
        title_lemmas: Sequence[str],
        lead_lemmas: Sequence[str],
        body_lemmas: Sequence[str],
        sentence_lemmas: Sequence[Sequence[str]],
    ) -> None:
        self.text, self.places = _places(text, sentences)
        flat = [w for seq in sentence_lemmas for w in seq]
        self.lemmas = word_ids(flat)
        ends, end = array("I"), 0
        for seq in sentence_lemmas:
            end += len(seq)
            ends.append(end)
        self.ends = ends
        self.title = word_ids(title_lemmas)
        cut = ends[LEAD_SENTENCES - 1] if len(ends) >= LEAD_SENTENCES else end
        same_lead = lead_lemmas is FROM_SENTENCES or (len(lead_lemmas) == cut and list(lead_lemmas) == flat[:cut])
        same_body = body_lemmas is FROM_SENTENCES or (len(body_lemmas) == end - cut and list(body_lemmas) == flat[cut:])
        self.lead = None if same_lead else word_ids(lead_lemmas)
        self.body = None if same_body else word_ids(body_lemmas)

    def sentences(self) -> tuple[str, ...]:
        text, places = self.text, self.places
        if text is None or isinstance(places, tuple):
            return places  # type: ignore[return-value]
        return tuple(text[places[k] : places[k + 1]] for k in range(0, len(places), 2))

    def sentence_lemmas(self) -> tuple[tuple[str, ...], ...]:
        words = list(map(_WORDS.__getitem__, self.lemmas))
        out, start = [], 0
        for end in self.ends:
            out.append(tuple(words[start:end]))
            start = end
        return tuple(out)

    def title_lemmas(self) -> tuple[str, ...]:
        return words_of(self.title)

    def lead_lemmas(self) -> tuple[str, ...]:
        if self.lead is not None:
            return words_of(self.lead)
        return words_of(self.lemmas[: self._cut()])

    def body_lemmas(self) -> tuple[str, ...]:
        if self.body is not None:
            return words_of(self.body)
        return words_of(self.lemmas[self._cut() :])

    def _cut(self) -> int:
        ends = self.ends
        return ends[LEAD_SENTENCES - 1] if len(ends) >= LEAD_SENTENCES else len(self.lemmas)


def _places(text: str | None, sentences: Sequence[str]) -> tuple[str | None, array[int] | tuple[str, ...]]:
    """``text`` and where each sentence stands in it, in order; else None and the sentences."""
    if text is None or not isinstance(text, str):
        return None, tuple(sentences)
    places, start = array("I"), 0
    find = text.find
    for sentence in sentences:
        at = find(sentence, start)
        if at < 0 or not sentence:
            return None, tuple(sentences)
        start = at + len(sentence)
        places.append(at)
        places.append(start)
    return text, places
