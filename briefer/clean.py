"""Boilerplate out: the lines a news page carries that are not the article.

Rules are small regular expressions over whole lines (paragraphs), each with
a name so the run can say what it removed. They are deliberately anchored:
a sentence that merely *mentions* comments or cookies stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        # "Read: Iran, Russia call for dialogue", "Learn more: ...", "Related: ..."
        ("related link", r"^\W*(read|read more|read also|also read|learn more|related|related story|related article|see also|more|watch|listen|also see|recommended|trending|further reading|more on this|must read)\s*[:|»>\-–—]\s*\S"),
        ("related heading", r"^\W*(related( articles| stories| posts| news)?|read more|more stories|more from [\w ]+|you may also like|recommended( for you)?|trending( now)?|most (read|popular)|latest news|top stories)\W*$"),
        ("comment prompt", r"^\W*(leave a (comment|reply)|post a comment|add a comment|\d+\s+comments?|comments?(\s*\(\d+\))?|join the (conversation|discussion)|show comments|view comments|cancel reply)\W*$"),
        ("comment form", r"^\W*(your email address will not be published|required fields are marked|save my name, email|notify me of (new|follow-up))"),
        ("navigation", r"^\W*(scroll to top|back to top|skip to (main )?content|go to top|top of page|home|menu|search|next article|previous article|next post|previous post|continue reading|load more)\W*$"),
        ("share prompt", r"^\W*(share( this)?( article| story| post| page)?( on [\w ]+)?|share via [\w ]+|tweet|print( this)?( article| page)?|email( this)?( article)?|copy link|whatsapp|facebook|twitter|linkedin|telegram)\W*$"),
        ("share prompt", r"^\W*(share|follow us)( on| via)?\s*:"),
        ("newsletter prompt", r"^\W*(subscribe( now)?( to [\w ]+)?|sign up (for|to) [\w ]*newsletter|get (our|the) [\w ]*newsletter|join our newsletter|subscribe to our newsletter)\b.{0,80}$"),
        ("cookie notice", r"\b(we|this (site|website)) use[s]? cookies\b|\baccept (all )?cookies\b|\bcookie (policy|settings|preferences)\b"),
        ("byline", r"^\W*(by|written by|story by|words by)\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}((\s*,\s*|\s+and\s+)[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})*(\s*[|,\-–—]\s*[\w ,.]{0,60})?\s*$"),
        ("byline", r"^\W*((additional )?reporting|writing|editing|compiled|edited) by\b.{0,160}$"),
        ("byline", r"^\W*(published|updated|posted|last updated)( on| at)?\s*:?\s*\w{0,12}\s*\d.{0,60}$"),
        ("copyright", r"^\W*(©|\(c\)|copyright\b)|\ball rights reserved\b"),
        ("advert", r"^\W*(advertisement|sponsored( content)?|ad|story continues below( advertisement)?)\W*$"),
        ("navigation", r"^([^|»›]{1,30}\s*[|»›]\s*){2,}[^|»›]{0,30}$"),
        ("caption credit", r"^\W*(photo|image|file photo|picture)( credit)?\s*:.{0,120}$"),
    )
)

_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[tuple[str, str], ...]  # (rule, line)
    truncated: bool


def boilerplate_rule(line: str) -> str | None:
    """Name of the rule that marks ``line`` as boilerplate, or None."""
    stripped = line.strip()
    if not stripped:
        return None
    for name, pattern in _RULES:
        if pattern.search(stripped):
            # A long real sentence that mentions cookies or copyright in passing stays.
            if name in ("cookie notice", "copyright") and len(stripped) > 160:
                continue
            return name
    return None


def is_sentence_paragraph(paragraph: str) -> bool:
    """A paragraph that ends like prose; headings, standfirsts and labels do not."""
    return bool(_SENTENCE_END.search(paragraph.strip()))


def clean_paragraphs(paragraphs: list[str], title: str, max_chars: int) -> Cleaned:
    """Drop boilerplate and non-prose lines, the echoed headline and repeats; cut at ``max_chars``."""
    removed: list[tuple[str, str]] = []
    kept: list[str] = []
    seen: set[str] = set()
    title_key = " ".join(title.lower().split())
    for para in paragraphs:
        para = " ".join(para.split())
        if not para:
            continue
        key = para.lower()
        rule = boilerplate_rule(para)
        if rule is None and key == title_key:
            rule = "headline repeated"
        if rule is None and key in seen:
            rule = "repeated line"
        if rule is None and not is_sentence_paragraph(para):
            rule = "heading or label"
        if rule:
            removed.append((rule, para))
            continue
        seen.add(key)
        kept.append(para)
    text = "\n\n".join(kept)
    truncated = False
    if len(text) > max_chars:
        truncated = True
        cut = text[:max_chars]
        # End on a paragraph break, else a sentence end, so no sentence is cut in half.
        boundary = cut.rfind("\n\n")
        if boundary < max_chars // 2:
            ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*\s", cut)]
            boundary = ends[-1] if ends else max_chars
        text = cut[:boundary].rstrip()
    return Cleaned(text=text, removed=tuple(removed), truncated=truncated)
