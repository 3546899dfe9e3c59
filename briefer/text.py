"""Bytes to text, and small HTML to text: the parts every source shares."""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_LATIN_1 = {codecs.lookup("latin-1").name, "latin_1", "iso8859-1"}  # read as cp1252, its superset in practice
# Characters text never has many of: C0 controls but tab and line breaks, C1
# controls (undecodable bytes read as Latin-1), and the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "") -> str:
    """``text`` as an id or a file name: lower case ASCII letters and digits, every other run of
    characters one dash, none at either end; ``fallback`` when nothing is left."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or fallback


# Control characters (Unicode Cc) but tab and line feed, and terminal escape sequences whole (ESC [ 31 m):
# a stranger's text never carries them into a brief.
_STRIP = re.compile("(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without control characters or terminal escape sequences; a carriage return becomes a
    line break."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _STRIP.sub("", text)


class NotText(ValueError):
    """The bytes are not text (binary, or empty)."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes in any common encoding; :class:`NotText` if they are not text.

    Order: a byte-order mark; UTF-16 without one (every other byte NUL);
    strict UTF-8 (valid UTF-8 is almost never an accident, so it wins over a
    wrong declared charset); the charset declared by the server or in the
    document; Windows-1252, which is what "latin-1" pages really are;
    Latin-1, which accepts every byte. Bytes that decode to mostly control
    characters are binary, whatever they decode as.
    """
    if not data.strip():
        raise NotText("empty file")
    text = _decode(data, declared)
    if not text.strip():
        raise NotText("empty file")
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > len(sample) * 0.05:
        raise NotText("binary content (control characters)")
    return text


def _decode(data: bytes, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise NotText("binary content (NUL bytes)")
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [_codec(declared), _codec(found.group(1).decode("ascii")) if found else None, "cp1252"]
    for name in candidates:
        # UTF-8 already failed; a UTF-16 or UTF-32 claim without NUL bytes is wrong.
        if name and name not in ("utf-8", "ascii") and not name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            try:
                return data.decode("cp1252" if name in _LATIN_1 else name)
            except UnicodeDecodeError:
                continue
    return data.decode("latin-1")


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes fall where mostly-ASCII UTF-16 puts them."""
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    if not odd:
        return None
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "tr",
    "table",
    "pre",
    "figure",
    "header",
    "footer",
}
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "head",
    "form",
    "button",
    "title",
    "textarea",
    "select",
    "audio",
    "video",
    "canvas",
    "dialog",
)
_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template|iframe|textarea|title)\b.*?(</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--.*?-->", re.S)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def html_to_text(html: str, _unescaped_once: bool = False) -> str:
    """Plain text of an HTML fragment, one paragraph per block element.

    Scripts, styles and other non-text elements are dropped entirely; tags
    never survive as text and nothing is fetched. Markup that was escaped
    twice (``&amp;lt;p&amp;gt;``, common in feeds) comes out as tags after one
    pass, so it gets a second one.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalize_paragraphs(_TAG.sub(" ", _DROP_BLOCKS.sub(" ", html)))
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            parts.append("\n")  # a line break inside a paragraph; two of them make a paragraph break
        elif tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS and tag != "br":
            parts.append("\n\n")
        if node.tail:
            parts.append(node.tail)

    walk(root)
    text = "".join(parts)
    if not _unescaped_once and _TAG.search(text):
        return html_to_text(text, _unescaped_once=True)
    return normalize_paragraphs(text)


def normalize_paragraphs(text: str) -> str:
    """Collapse spaces inside paragraphs; paragraphs separated by one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text)
    out = []
    for para in paragraphs:
        para = _SPACES.sub(" ", para.replace("\n", " ")).strip()
        if para:
            out.append(para)
    return "\n\n".join(out)


def squash(text: str) -> str:
    """One line, single spaces: the form used to compare sentences."""
    return " ".join(text.split())
