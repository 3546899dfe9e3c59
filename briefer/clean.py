"""Boilerplate out: the lines a news page carries that are not the article.

Rules are small regular expressions over whole lines (paragraphs), each with
a name so the run can say what it removed. They are deliberately anchored:
a sentence that merely *mentions* comments or cookies stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from briefer.words import SENTENCE_END


def _any(*phrases: str) -> str:
    """One regex group matching any of ``phrases`` (each itself a regex)."""
    return "(" + "|".join(phrases) + ")"


# A name in a byline: capitalised words (case-sensitive even though the rules
# are not), with an optional particle such as "al-" or "van".
_NAME_WORD = r"(?-i:(?:[a-z]{1,3}-)?[A-Z][\w.'’-]*)"
_PARTICLE = r"(?-i:van|von|de|der|da|di|du|le|la|al|el|bin|ibn|ul|ur)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,3}}"
_NAMES = rf"{_NAME}((\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*"

# Labels that open a related link and nothing else: "Read more: <any headline>" is a link
# line whatever follows, even a headline that ends like a sentence ("... can it last?").
_RELATED = _any(
    "read",
    "read more",
    "see more",
    "read also",
    "also read",
    "learn more",
    r"related( stories| story| articles?| news| reading)?",
    "see also",
    "also see",
    "recommended",
    "trending",
    "further reading",
    "more on this( story| topic)?",
    "must read",
    "you (may|might) also (like|be interested in|enjoy)",
    "don'?t miss",
)
# Labels a sentence can open with too ("Listen: we will not back down."): a link only
# when what follows does not read like prose.
_RELATED_WEAK = _any("more", "watch", "listen")
_RELATED_HEADING = _any(
    r"related( articles| stories| posts| news)?",
    "read more",
    "more stories",
    r"more from [\w ]+",
    "you (may|might) also like",
    "don'?t miss",
    "more",
    "also",
    "recommended( for you)?",
    "trending( now)?",
    r"most (read|popular|viewed|shared)( in [\w ]+)?",
    "latest news",
    "top stories",
)
_COMMENT_PROMPT = _any(
    "leave a (comment|reply)",
    "post a comment",
    "add a comment",
    r"\d+\s+comments?",
    r"comments?(\s*\(\d+\))?",
    "join the (conversation|discussion)",
    "show comments",
    "view comments",
    "cancel reply",
)
_COMMENT_FORM = _any(
    "your email address will not be published",
    "required fields are marked",
    "save my name, email",
    "notify me of (new|follow-up)",
)
_NAVIGATION = _any(
    "scroll to top",
    "back to top",
    "skip to (main )?content",
    "go to top",
    "top of page",
    "home",
    "menu",
    "search",
    "next article",
    "previous article",
    "next post",
    "previous post",
    "continue reading",
    "load more",
)
_SHARE = _any(
    r"share( this)?( article| story| post| page)?( on [\w ]+)?",
    r"share via [\w ]+",
    "tweet",
    "print( this)?( article| page)?",
    "email( this)?( article)?",
    "copy link",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "telegram",
)
_NEWSLETTER = _any(
    r"subscribe( now)?( to [\w ]+)?",
    r"sign up (for|to) [\w ]*newsletter",
    # an outlet's own alert or digest: "Sign up for the Monitor's coast alert, sent every morning at 7."
    r"sign up (for|to)\b(?=.{0,80}\b(alerts?|digests?|briefings?|bulletins?|updates|sent|delivered|every|daily|"
    r"weekly)\b)",
    r"get (our|the) [\w ]*newsletter",
    "join our newsletter",
    "subscribe to our newsletter",
)
_COOKIE_BUTTON = _any(
    "(accept|reject|allow|decline|manage)( all| necessary| essential| optional)?( cookies)?",
    "cookie (policy|settings|preferences|notice|consent)",
)
_SITE_VOICE = r"(we|this (site|website|page)|our (site|website|partners))"
_ADVERT = _any("advertisement", "sponsored( content)?", "ad", "story continues below( advertisement)?")

# (name, pattern, unless_prose). With unless_prose the rule does not apply to
# a line that reads like a sentence (ends like prose and has several ordinary
# lower-case words), so "By Tuesday, officials had reopened the crossing." stays.
_RULES: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (name, re.compile(pattern, re.I), unless_prose)
    for name, pattern, unless_prose in (
        # "Read: Iran, Russia call for dialogue", "Learn more: ...", "Related: ...": a link
        # whatever its headline says. Not inside a quotation ('"Read more: ..." he said').
        ("related link", rf"^[^\w\"“‘']*{_RELATED}(\s*[:|»>]|\s+[-–—])\s*\S", False),
        ("related link", rf"^\W*{_RELATED_WEAK}(\s*[:|»>]|\s+[-–—])\s*\S", True),
        # "Click here to read the full statement.", "Tap here for live updates"
        ("call to action", r"^\W*(click|tap) (here|this link|the link( below)?)\b.{0,120}$", False),
        ("related heading", rf"^\W*{_RELATED_HEADING}\W*$", False),
        ("comment prompt", rf"^\W*{_COMMENT_PROMPT}\W*$", False),
        ("comment form", rf"^\W*{_COMMENT_FORM}", False),
        ("navigation", rf"^\W*{_NAVIGATION}\W*$", False),
        ("share prompt", rf"^\W*{_SHARE}\W*$", False),
        ("share prompt", r"^\W*(share|follow us)( on| via)?\s*:", False),
        ("newsletter prompt", rf"^\W*{_NEWSLETTER}\b.{{0,80}}$", False),
        # A cookie banner speaks for the site ("We use cookies", "This website
        # uses cookies") or is a button; a sentence reporting on cookies stays.
        ("cookie notice", rf"^\W*{_SITE_VOICE}\b.{{0,30}}\buses? cookies\b", False),
        ("cookie notice", r"^\W*by (continuing|using|browsing|clicking)\b.{0,100}\bcookies\b", False),
        ("cookie notice", r"\byou (agree|consent) to (our|the) use of cookies\b", False),
        ("cookie notice", rf"^\W*{_COOKIE_BUTTON}\W*$", False),
        # "By Sana Qureshi", "By A and B in Kabul | Staff Reporter"
        (
            "byline",
            rf"^\W*(by|written by|story by|words by)\s+{_NAMES}(\s+(in|at|for)\s+{_NAME})?"
            r"(\s*[|,/\-–—]\s*[\w ,.&'’/-]{0,60})?\s*$",
            True,
        ),
        # "Reporting by X in Kabul; Editing by Y"
        ("byline", rf"^\W*((additional )?reporting|writing|editing|compiled|edited) by\s+{_NAME}", True),
        ("byline", r"^\W*(published|updated|posted|last updated)( on| at)?\s*:?\s*\w{0,12}\s*\d.{0,60}$", True),
        ("copyright", r"^\W*(©|\(c\)|copyright\s*(©|\(c\)|\d{4}))|\ball rights reserved\b", False),
        ("copyright", r"^\W*copyright\b", True),
        ("advert", rf"^\W*{_ADVERT}\W*$", False),
        ("navigation", r"^([^|»›]{1,30}\s*[|»›]\s*){2,}[^|»›]{0,30}$", False),
        ("caption credit", r"^\W*(photo|image|file photo|picture)( credit)?\s*:.{0,120}$", False),
        # "SOURCE: News agencies", "Filed under: Politics |"
        ("source credit", r"^\W*sources?\s*:\s*[^.!?:]{1,60}$", False),
        ("taxonomy", r"^\W*(filed under|tags|tagged( with)?|categor(y|ies)|posted in|topics)\s*:.{0,160}$", False),
        # A line that is one time and date ("5:45 AM PST 11/19/2019 by ...")
        ("dateline", r"^(?=.*\b\d{1,2}[:h]\d{2}\b)(?=.*\b(19|20)\d{2}\b)[^.!?]{0,60}$", False),
        # The site's own pitches inside prose-like lines; reported speech about them stays.
        ("newsletter prompt", r"\b(subscribe|subscribing|sign up|signing up)\b.{0,60}\bnewsletters?\b", False),
        ("newsletter prompt", r"\b(delivered|straight|right) (to|in|into) your inbox\b", False),
        ("newsletter prompt", r"^[\w'’ -]{0,40}\bnewsletters?\W*$", False),
        # An outlet's pitch for itself, its name or a plea first: "Westman Prairie News: your news, every
        # morning. Subscribe for $12.99 a month.", "Support local news. Subscribe to the Interlake Courier from
        # $3.50 a week.", "Get the Ponce Southern Herald at your door every morning."
        (
            "subscription pitch",
            r"^(?=.{0,220}$)(?:.*?(?:[.!?:]\s+|[—–]\s*))?\W*subscribe\b(?=.{0,120}?(\d|\b(today|now|to (the|our))\b))",
            False,
        ),
        ("subscription pitch", r"^\W*get (the|our) [^.!?]{0,60}\b(in your inbox|at your door)\b", False),
        ("subscription pitch", r"\b(is|are) available to subscribers\b|\bcontact our sales desk\b", False),
        ("author note", r"\bfollow (him|her|them|me|us) on (twitter|facebook|instagram|x)\b", False),
        ("author note", r"\b(may|can) be reached at\b", False),
        ("share prompt", r"^\W*follow\b.{0,80}\b(on|at)\s+(twitter|facebook|instagram|youtube|https?://)", False),
        ("share prompt", r"\bclick to tweet\W*$", False),
        ("membership pitch", r"^\W*if you (enjoy(ed)?|liked?|valued?|appreciated?) (this|our) (article|story)", False),
    )
)

# Words that bylines and credits are made of besides names; other lower-case
# words in a line that ends like a sentence mean it is prose.
_CREDIT_WORDS = frozenset(
    "by and in at of for from the with on a p m am pm staff reporter correspondent writer editor desk".split()
)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
# Reported speech ("..., the company said.") is news, not a banner.
_REPORTED = re.compile(r"\b(said|says|told|according to|warned|added)\b", re.I)
# The rules whose words a news sentence may report ("the senator asked voters to follow her on
# Twitter, her aide said").
_UNLESS_REPORTED = frozenset(
    {"cookie notice", "newsletter prompt", "subscription pitch", "author note", "membership pitch"}
)


@dataclass(frozen=True)
class CleanSettings:
    """The tunable numbers of cleaning (``benchmarks/extraction.py`` chooses them by cross-validation).

    ``repeats``: which repeated lines go: ``all`` of them, only those that read as
    ``sentences`` (a pull quote, a repeated call to action), or ``none``.
    ``prose_words``: ordinary lower-case words that make a line which ends like a
    sentence prose, so a rule marked "unless prose" does not remove it.
    ``mention_chars``: a cookie or copyright line longer than this is a sentence
    that mentions them in passing, and stays.
    """

    repeats: Literal["all", "sentences", "none"] = "none"
    prose_words: int = 3
    mention_chars: int = 160


CLEAN_DEFAULTS = CleanSettings()


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[tuple[str, str], ...]  # (rule, line)
    truncated: bool


def boilerplate_rule(line: str, settings: CleanSettings = CLEAN_DEFAULTS) -> str | None:
    """Name of the rule that marks ``line`` as boilerplate, or None."""
    stripped = line.strip()
    if not stripped:
        return None
    return _rule_of(stripped, settings)


@lru_cache(maxsize=4096)
def _rule_of(stripped: str, settings: CleanSettings) -> str | None:
    """:func:`boilerplate_rule` of a stripped line. Kept for the last lines asked: extraction asks
    it of each line as it joins an article's lines into paragraphs, and again of each paragraph as
    it cleans them, most of which are those very lines (docs/performance.md, "session 30")."""
    for name, pattern, unless_prose in _RULES:
        if not pattern.search(stripped):
            continue
        if unless_prose and _reads_like_prose(stripped, settings.prose_words):
            continue
        # A long real sentence that mentions cookies or copyright in passing stays,
        # and so does a sentence that reports what someone said about cookies.
        if name in ("cookie notice", "copyright") and len(stripped) > settings.mention_chars:
            continue
        if name in _UNLESS_REPORTED and _REPORTED.search(stripped):
            continue
        return name
    return None


def _reads_like_prose(line: str, min_words: int) -> bool:
    """Ends like a sentence and has at least ``min_words`` ordinary lower-case words."""
    if not is_sentence_paragraph(line):
        return False
    words = [w for w in _LOWER_WORD.findall(line) if w not in _CREDIT_WORDS]
    return len(words) >= min_words


def is_sentence_paragraph(paragraph: str) -> bool:
    """A paragraph that ends like prose; headings, standfirsts and labels do not."""
    return bool(SENTENCE_END.search(paragraph.strip()))


def clean_paragraphs(
    paragraphs: list[str], title: str, max_chars: int, settings: CleanSettings = CLEAN_DEFAULTS
) -> Cleaned:
    """Drop boilerplate lines, the echoed headline and repeats (as ``settings.repeats`` says); cut at
    ``max_chars``."""
    removed: list[tuple[str, str]] = []
    kept: list[str] = []
    seen: set[str] = set()
    title_key = " ".join(title.lower().split())
    for para in paragraphs:
        para = " ".join(para.split())
        if not para:
            continue
        key = para.lower()
        rule = boilerplate_rule(para, settings)
        if rule is None and key == title_key:
            rule = "headline repeated"
        if rule is None and key in seen and _drops_repeat(para, settings.repeats):
            rule = "repeated line"
        if rule:
            removed.append((rule, para))
            continue
        seen.add(key)
        kept.append(para)
    text = "\n\n".join(kept)
    truncated = len(text) > max_chars
    if truncated:
        text = cut_text(text, max_chars)
    return Cleaned(text=text, removed=tuple(removed), truncated=truncated)


def _drops_repeat(para: str, repeats: str) -> bool:
    return repeats == "all" or (repeats == "sentences" and is_sentence_paragraph(para))


def cut_text(text: str, max_chars: int) -> str:
    """The start of ``text``, at most ``max_chars`` long, ending on a paragraph
    break (when that keeps at least half), else on a sentence end, else
    between words, so no sentence is cut in half when it can be helped."""
    if len(text) <= max_chars:
        return text
    window = text[: max_chars + 1]  # one more, so a sentence ending exactly at the limit counts
    boundary = window.rfind("\n\n")
    if boundary < max_chars // 2:
        ends = [m.end() for m in re.finditer(r"""[.!?…]["'”’)\]]*(?=\s)""", window)]
        boundary = ends[-1] if ends else window.rfind(" ")
    if boundary <= 0:
        boundary = max_chars
    return text[:boundary].rstrip()
