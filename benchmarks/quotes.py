"""Who said what on our own days, scored against a reader's gold speakers (issue 12, part 4).

    python benchmarks/quotes.py [--days kurilfish,...] [--cache DIR] [--show]

Each desk of ``benchmarks/own_days/<day>/`` that has a ``speakers.json`` is read as briefer
reads it (gathered, extracted, selected and analysed by the pipeline, ``--fresh``, on the
day's date) and :func:`briefer.quotes.find_quotes` is run over every article the day kept
(not only the key quotes an edition shows). ``speakers.json`` holds one entry per quotation,
written by a reader: the two digits that open the article's file name (``file``), the
quotation's first 40 characters (``quote``, character for character) and its ``speaker``: the
person as the text names them, an organisation when an unnamed spokesperson speaks for it, or
null when the text names nobody.

Scored, per desk and over all of them:

- **named** (gold is a person): *found* is the share of these quotations briefer returns
  (matched by text), *right* the share it credits to the gold person (the same full name, or a
  part of it that ends with the last name, accents and case aside: "Zharov", "Dmitry Zharov"),
  *wrong* the share it credits to someone else. Recall is *right*.
- **unnamed** (gold is an organisation or null): how many briefer leaves with no speaker
  (it returns no speaker-less quotation), credits to an organisation (a name that shares a
  word with the gold organisation, or one the article's recogniser calls ORG), or credits to
  a wrong person. A quotation credited to the wrong person misleads the reader; one with no
  speaker only leaves them less informed. *wrong credits* counts both kinds.
- **extra**: quotations briefer returns that the gold does not hold (phrases in quotation
  marks, titles): not errors in themselves; ``--show`` lists them.

``--cache DIR`` keeps each day's analysed articles (keyed by the desk's files and briefer's
analysis code), so that a change to ``briefer/quotes.py`` is scored again in seconds.
``--show`` prints every error: missed and wrong named quotations, unnamed ones credited.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from own_days import DATES, HERE, build_watched

from briefer.models import AnalysedArticle


def _key(item: AnalysedArticle) -> str:
    found = re.search(r"/(\d\d)-", item.article.url or "")
    if not found:
        raise ValueError(f"an article's file name does not start with its gold key: {item.article.url}")
    return found.group(1)


def _stamp(day: str) -> str:
    """What a day's analysis depends on: the desk's files and briefer's code (not quotes.py)."""
    digest = hashlib.sha256()
    for path in sorted((HERE / day).rglob("*")):
        if path.is_file() and path.name != "speakers.json":
            digest.update(str(path.relative_to(HERE)).encode() + path.read_bytes())
    import briefer

    for path in sorted(Path(briefer.__file__).parent.glob("*.py")):
        if path.name != "quotes.py":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def day_articles(day: str, cache: Path | None = None) -> list[AnalysedArticle]:
    """The day's analysed articles, as the pipeline hands them to the themes."""
    kept = cache / f"{day}-{_stamp(day)}.pkl" if cache else None
    if kept is not None and kept.exists():
        loaded: list[AnalysedArticle] = pickle.loads(kept.read_bytes())
        return loaded
    captured: list[AnalysedArticle] = []

    def watch(analysed: list[AnalysedArticle], summarized: list[object]) -> bool:
        captured.extend(analysed)
        return False  # the analysed articles are all find_quotes needs

    build_watched(day, watch)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(pickle.dumps(captured))
    return captured


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"['’]s\b", "", folded)
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)


LEGAL_FORMS = frozenset("ag gmbh inc ltd llc plc corp co sa sas spa bv nv ab asa oyj kk pty".split())
"""A company's legal form after its name, which the desks' gold writes or leaves out as the article did at the
quotation ("Brenner Automobil" for "Brenner Automobil AG"): the same body either way (session 60)."""


def same_person(found: str, gold: str) -> bool:
    """``found`` names ``gold``: the same words, or the end of them ("Zharov", "Sosa Elizalde" for
    "Walter Sosa Elizalde"), or ``gold`` with a middle name or a title more ("Dmitry A. Zharov"), or a body with
    its legal form or without it (:data:`LEGAL_FORMS`)."""
    f, g = _words(found), _words(gold)
    while len(f) > 1 and f[-1] in LEGAL_FORMS:
        f = f[:-1]
    while len(g) > 1 and g[-1] in LEGAL_FORMS:
        g = g[:-1]
    if not f or not g:
        return False
    if f == g or (len(f) < len(g) and g[-len(f) :] == f):
        return True
    if (len(g) == 1 and len(f) > 1 and g[0] == _initials(found)) or (
        len(f) == 1 and len(g) > 1 and f[0] == _initials(gold)
    ):
        return True  # a body by its initials or spelled out ("MERA", "Malawi Energy Regulatory Authority")
    return len(f) > len(g) and f[-1] == g[-1] and g[0] in f


_LINKING = frozenset({"the", "of", "for", "and"})


def _initials(name: str, links: frozenset[str] = _LINKING | {"de", "del", "la"}) -> str:
    """A name's initials, its linking words (``links``) left out: "afm" for "Armed Forces of Malta"."""
    return "".join(word[0] for word in _words(name) if word not in links)


_GENERIC = frozenset("the of for and a an in on at to by ministry department office".split())


def names_organisation(found: str, gold: str, orgs: set[str]) -> bool:
    """``found`` is an organisation: the gold one (a word in common, past the generic ones, or its
    initials), or one the recogniser calls ORG in the article."""
    common = (set(_words(found)) & set(_words(gold))) - _GENERIC
    # or its initials, as the text abbreviates it ("AFM" for "Armed Forces of Malta")
    initials = _initials(gold, _LINKING)
    return bool(common) or " ".join(_words(found)) in orgs or (len(initials) > 1 and _words(found) == [initials])


@dataclass
class Tally:
    named: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    unnamed: int = 0
    left: int = 0
    organisation: int = 0
    wrong_person: int = 0
    extra: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("named", "found", "right", "wrong", "unnamed", "left", "organisation", "wrong_person", "extra"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        def share(n: int, of: int) -> str:
            return f"{n / of:.3f}" if of else "-"

        return (
            f"named {self.named:3d}: found {share(self.found, self.named)} right {share(self.right, self.named)}"
            f" wrong {self.wrong:2d} | unnamed {self.unnamed:2d}: none {self.left:2d} org {self.organisation:2d}"
            f" wrong person {self.wrong_person:2d} | wrong credits {self.wrong + self.wrong_person:2d}"
            f" | extra {self.extra:2d}"
        )


def _matches(found_text: str, gold_quote: str) -> bool:
    """The quotation found begins with the gold one's first 40 characters; a comma the reader copied at
    the end of a quotation ("cold and frustrated,", "They have the history, we have the legs,": 40
    characters with it) is no part of it."""
    gold_quote = gold_quote.rstrip(" ,")
    return found_text.startswith(gold_quote) or (len(found_text) < len(gold_quote) and gold_quote == found_text)


def score_day(day: str, items: list[AnalysedArticle]) -> Tally:
    from briefer.quotes import find_quotes

    gold = json.loads((HERE / day / "speakers.json").read_text())
    by_key = {_key(item): item for item in items}
    found = {
        k: [(item.article.text[q.start : q.end], q.speaker) for q in find_quotes(item)] for k, item in by_key.items()
    }
    used: set[tuple[str, int]] = set()
    tally = Tally()
    for entry in gold:
        key, quote, speaker = entry["file"], entry["quote"], entry["speaker"]
        item = by_key.get(key)
        if item is None:
            raise ValueError(f"{day}: no article {key} among the day's kept articles")
        if quote not in item.article.text:
            raise ValueError(f"{day} {key}: the gold quote {quote!r} is not in the article's text")
        hits = [i for i, (text, _) in enumerate(found[key]) if _matches(text, quote) and (key, i) not in used]
        said = found[key][hits[0]][1] if hits else None
        if hits:
            used.add((key, hits[0]))
        where = f"{day} {key} {quote[:40]!r}"
        is_person = speaker is not None and not is_organisation(speaker)
        if is_person:
            tally.named += 1
            if said is None:
                tally.errors.append(f"  missed  {where}: gold {speaker!r}")
                continue
            tally.found += 1
            if same_person(said, speaker):
                tally.right += 1
            else:
                tally.wrong += 1
                tally.errors.append(f"  WRONG   {where}: gold {speaker!r}, briefer {said!r}")
        else:
            tally.unnamed += 1
            orgs = {" ".join(_words(t)) for t, label in item.entities if label == "ORG"}
            if said is None:
                tally.left += 1
            elif (speaker is not None and names_organisation(said, speaker, orgs)) or " ".join(_words(said)) in orgs:
                tally.organisation += 1
                tally.errors.append(f"  org     {where}: gold {speaker!r}, briefer {said!r}")
            else:
                tally.wrong_person += 1
                tally.errors.append(f"  WRONG*  {where}: gold {speaker!r} (no person), briefer {said!r}")
    for key, quotes in sorted(found.items()):
        for i, (text, said) in enumerate(quotes):
            if (key, i) not in used:
                tally.extra += 1
                tally.errors.append(f"  extra   {day} {key} {text[:40]!r}: briefer {said!r}")
    return tally


_ORGANISATION_WORDS = re.compile(
    r"\b(?:ministry|department|office|directorate|agency|service|secretariat|authority|council|chamber|cámara|"
    r"union|association|federation|compan(?:y|ies)|corporation|group|firm|brewer|government|presidency|embassy|"
    r"police|guard|army|staff|forces|court|board|commission|committee|bureau|institute|exchange|bank|"
    r"administration|command|alliance|movement|management|shipping|division|shipbuilding|industries|hydro|"
    r"terminals|refining|power|resources|eau|co|corp|ltd|inc|delegation|services|volunteers|unit|millers|watch|works|"
    r"environment)\b",
    re.I,
)


def is_organisation(speaker: str) -> bool:
    """A gold speaker that is an organisation (an unnamed spokesperson's, a statement's): the gold
    writes it with the word that says so ("Economy Ministry", "French group Vernex")."""
    return _ORGANISATION_WORDS.search(speaker) is not None


def desks() -> list[str]:
    return [day for day in DATES if (HERE / day / "speakers.json").exists()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", default=None, help="which desks (default: every one with a speakers.json)")
    parser.add_argument("--cache", type=Path, help="keep each day's analysed articles here")
    parser.add_argument("--show", action="store_true", help="print every error")
    args = parser.parse_args()
    days = args.days.split(",") if args.days else desks()
    total = Tally()
    for day in days:
        tally = score_day(day, day_articles(day, args.cache))
        print(f"{day:12s} {tally.line()}")
        if args.show and tally.errors:
            print("\n".join(tally.errors))
        total.add(tally)
    print(f"{'all':12s} {total.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
