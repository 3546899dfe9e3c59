"""Render: Jinja -> Markdown; Markdown -> HTML -> WeasyPrint PDF; and JSON.

Article text is untrusted. In Markdown every ``{{ value }}`` is escaped by
default (a ``finalize`` hook), so a template cannot forget it; the HTML made
from that Markdown is then passed through an allow-list of tags and
attributes; and WeasyPrint gets a URL fetcher that serves only the template
folders' own files, so nothing in an article can make it read a local file or
reach the network. Jinja never compiles article text: ``{{ 7*7 }}`` in an
article stays literally that.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib.metadata
import importlib.util
import logging
import re
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import jinja2.meta
import jinja2.nodes
import lxml.html
import markdown as md
from lxml import etree

from briefer import __version__, article_memo
from briefer.codec import Lazy, Raw, indented_text, json_into
from briefer.config import Audience, Config
from briefer.context import (
    CONTEXT_VERSION,
    PAGE_LINES,
    VARIABLES,
    Context,
    build_context,
    fit_page,
    page_lines,
    quiet_stories,
)
from briefer.models import Briefing, Placement, Story, ThemeGroup
from briefer.output import Spool, WrittenFile
from briefer.store import json_bytes
from briefer.text import slug
from briefer.tuning import old_objects_set_aside

log = logging.getLogger(__name__)

JSON_SCHEMA_VERSION = "1.0"
MARKDOWN_TEMPLATE = "briefing.md.j2"
HTML_TEMPLATE = "briefing.html.j2"
SAFE_SCHEMES = {"http", "https", "file"}


class RenderError(Exception):
    """A template could not be loaded or rendered; the message names file and line."""


class TemplateSetNotFound(RenderError):
    """An audience names a template set that no folder provides: a configuration error."""


def packaged_templates() -> Path:
    return Path(str(resources.files("briefer") / "templates"))


# -- escaping ----------------------------------------------------------------


class MarkdownSafe(str):
    """Markdown produced by a filter; ``finalize`` passes it through unescaped."""


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(value: Any) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    if value is None:
        return ""
    if isinstance(value, MarkdownSafe):
        return value
    raw = str(value)
    text = " ".join(raw.split())
    if not text:
        return " " if raw else ""
    # Keep one space where the value had some at either end, so separators
    # such as ", " survive; the text itself starts and ends with no space.
    lead = " " if raw[0].isspace() else ""
    trail = " " if raw[-1].isspace() else ""
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line that starts like a list item or a heading must stay a paragraph.
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    text = re.sub(r"^([+\-=])", r"\\\1", text)
    return lead + text + trail


def safe_url(url: Any) -> str | None:
    """The URL, percent-encoded for a Markdown link, or None when it must not be a link."""
    if not url:
        return None
    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or any(ord(ch) < 32 for ch in text):
        return None
    if parts.scheme.lower() != "file" and not parts.netloc:
        return None
    if parts.scheme.lower() == "file" and not parts.path.startswith("/"):
        return None
    return quote(text, safe="/:?#[]@!$&'*+,;=%~-._")  # spaces, quotes, <, >, (, ) encoded


def md_link(text: Any, url: Any) -> MarkdownSafe:
    """``[text](url)`` when the URL is safe, else the text alone."""
    label = md_escape(text)
    target = safe_url(url)
    if target is None:
        return MarkdownSafe(label)
    target = target.replace("(", "%28").replace(")", "%29")
    return MarkdownSafe(f"[{label}]({target})")


def day_label(value: Any) -> str:
    """A day as a reader says it: ``"2025-11-03"`` -> ``"3 Nov 2025"``; a value that is no ISO day as it is."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


_CLAUSE_ENDS = (
    re.compile(r"[,;:]\s|\s[—–]\s"),
    re.compile(r"\s(?=(?:and|but|while|which|who|because|amid|following)\s)"),
)
"""Where a clause of a sentence ends: at a comma's break or a dash's first, else before a joining word."""
_APPOSITION = re.compile(r"(?:[^\s,;:]+\s+){0,5}[^\s,;:]+,\s+(?:the|a|an|who|which|whose|its|his|her|their)\b[^,;:]*")
"""A sentence's subject (six words at most) and the apposition after it, no verb yet: "Qatar and Turkey, the two
countries that brokered the ceasefire" is no clause to end on; "... on their border, the Saudi foreign ministry
said on Saturday" is."""
_NAME_RUN = re.compile(r"(?:\s+[A-Z][\w'’.-]*)+$")
CLAUSE_SHARE = 0.6
"""A sentence cut for room ends at its last clause's end, if that keeps this share of the room at least."""
SHORTEN_LEEWAY = 5
"""Characters a sentence may run past its room uncut (as Jinja's ``truncate``)."""


def shorten(value: Any, limit: int) -> str:
    """``value`` cut to ``limit`` characters with "…", at the end of a clause where one ends late enough
    ("... coated Catania airport's runway with volcanic ash…", not "... forced the cancellation of at…"),
    else at a word's end, not inside a name ("a header from substitute…", not "... Davide Lo…"); whole
    when it runs at most :data:`SHORTEN_LEEWAY` past the limit."""
    text = str(value)
    if len(text) <= limit + SHORTEN_LEEWAY:
        return text
    room = max(1, limit - 1)
    floor = CLAUSE_SHARE * limit
    for clause_end in _CLAUSE_ENDS:
        ends = [
            m.start()
            for m in clause_end.finditer(text, 0, room + 1)
            if m.start() >= floor and not _APPOSITION.fullmatch(text[: m.start()])
        ]
        if ends:
            return text[: ends[-1]].rstrip(" ,;:—–") + "…"
    end = text.rfind(" ", 0, room + 1)
    if end <= 0:
        return text[:room] + "…"
    if text[end + 1 : end + 2].isupper() and (name := _NAME_RUN.search(text, 0, end)) and name.start() >= floor:
        end = name.start()  # not inside a name: before it
    return text[:end].rstrip(" ,;:—–") + "…"


def md_anchor(name: Any) -> MarkdownSafe:
    """``{#name}``: gives the heading before it that id (letters, digits and dashes only)."""
    return MarkdownSafe("{#" + slug(str(name), "section") + "}")


@jinja2.pass_context
def cite_anchor(context: Any, article: Any) -> str:
    """Where a citation ``[n](#...)`` of ``article`` points: its heading, or its line under "More in
    <theme>". That line has an id only in HTML (``target == "html"``): in briefing.md a Markdown
    viewer would print ``{#article-n}`` as text, so a one-line article is cited by its theme's
    "More in" heading there."""
    if getattr(article, "full", True) or context.get("target") != "md":
        return str(article.anchor)
    for theme in context.get("themes") or ():
        if theme.name == article.theme:
            return f"{theme.anchor}-more"
    return str(article.anchor)


def _markdown_concat(parts: Iterable[str]) -> MarkdownSafe:
    return MarkdownSafe("".join(parts))


def _finalize(value: Any) -> Any:
    if isinstance(value, MarkdownSafe) or isinstance(value, int | float):
        return value
    return md_escape(value)


# -- template lookup ---------------------------------------------------------


def template_search_path(config: Config, template: str) -> list[Path]:
    """Folders searched for an audience's templates, first match wins.

    The workspace's ``templates/<template>/``, the workspace's ``templates/``,
    the built-in ``<template>/``, then the built-in ``analyst/``: a template
    set may override one file and inherit the rest.
    """
    packaged = packaged_templates()
    return [config.templates / template, config.templates, packaged / template, packaged / "analyst"]


def check_template_set(config: Config, template: str) -> None:
    """Raise :class:`RenderError` when no folder provides the template set ``template``."""
    candidates = [config.templates / template, packaged_templates() / template]
    if not any(folder.is_dir() for folder in candidates):
        searched = ", ".join(str(f) for f in candidates)
        raise TemplateSetNotFound(f"template set {template!r} not found (searched: {searched})")


_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?(["'])(?P<name>(?!/)(?![a-z][a-z0-9+.-]*:)[\w./-]+\.css)\1\s*\)?\s*;""", re.I
)


class _StylesheetImports(jinja2.BaseLoader):
    """A loader whose stylesheets may ``@import`` another template stylesheet, inlined where it stands.

    ``@import "default/analyst/style.css";`` at the top of a workspace ``style.css`` keeps the
    built-in print style (pages, margins, page numbers) and adds the rules after it; the import
    becomes ``{% include %}``, so the PDF and the standalone HTML carry it whole and WeasyPrint
    loads nothing. Only template names are imported (no URL, no absolute path, no ``..``).
    """

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template.endswith(".css"):
            source = _CSS_IMPORT.sub(lambda m: _css_include(m.group("name"), template), source)
        return source, filename, uptodate


def _css_include(name: str, importer: str) -> str:
    if ".." in name.split("/"):
        return f"/* briefer: @import of {name!r} refused: '..' */"
    if name == importer:
        return f"/* briefer: {name!r} cannot import itself */"
    return '{% include "' + name + '" %}'


def _environment(config: Config, template: str, *, markdown: bool) -> jinja2.Environment:
    """The Jinja environment of ``template``'s folders. A resident process (:func:`briefer.article_memo.kept`)
    keeps it from one run to the next, with the templates it compiled, for as long as the files of
    the folders stand as they were (:func:`template_stamp`: a template added, edited or removed
    gives a new one); any other process makes one per call, as before."""
    from briefer import article_memo

    folders = tuple(str(p) for p in template_search_path(config, template))
    if article_memo.kept():
        return _kept_environment(folders, markdown, template_stamp(Path(f) for f in folders))
    return _new_environment(folders, markdown)


@functools.lru_cache(maxsize=4)
def _kept_environment(folders: tuple[str, ...], markdown: bool, stamp: str) -> jinja2.Environment:
    """:func:`_new_environment`, kept by its folders, kind and ``stamp`` (the files they hold)."""
    return _new_environment(folders, markdown)


def _new_environment(folders: tuple[str, ...], markdown: bool) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(list(folders)),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(packaged_templates()))}),
        ]
    )
    env = jinja2.Environment(
        loader=_StylesheetImports(loader),
        undefined=jinja2.StrictUndefined,
        autoescape=not markdown,
        finalize=_finalize if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if markdown:
        # What a template block renders is Markdown already escaped by ``finalize``: marked so,
        # ``{{ super() }}`` in an override keeps the built-in block's Markdown instead of escaping it again.
        env.concat = _markdown_concat  # type: ignore[method-assign]
    env.filters["link"] = md_link if markdown else (lambda url: safe_url(url) or "")
    env.filters["safe_url"] = lambda url: safe_url(url) or ""
    env.filters["md"] = md_escape
    env.filters["anchor"] = md_anchor
    env.filters["cite"] = cite_anchor
    env.filters["day"] = day_label
    env.filters["shorten"] = shorten
    env.globals["briefer_version"] = __version__
    env.globals["fit_page"] = fit_page  # what a one-page edition shows (briefer/context.py)
    return env


def _load(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        searched = ", ".join(str(f) for f in folders)
        raise RenderError(f"template {name!r} not found (searched: {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None


def check_templates(config: Config, template: str) -> None:
    """Find and compile a template set's templates, so a typo fails before any work is done.

    Catches a missing set or file, syntax errors and unknown top-level
    variables (``{{ titel }}``), each with file and line, in the templates and
    in every template they extend, include or import. A wrong attribute
    (``{{ theme.nmae }}``) can only show when the brief is rendered, which is
    still before anything is written.
    """
    check_template_set(config, template)
    folders = template_search_path(config, template)
    for name, markdown in ((MARKDOWN_TEMPLATE, True), (HTML_TEMPLATE, False)):
        env = _environment(config, template, markdown=markdown)
        _load(env, name, folders)
        _check_variables(env, name, folders)
        _check_blocks(env, name, folders)
    env = _environment(config, template, markdown=False)
    try:
        env.get_template(STYLESHEET).render()  # its @imports found; a stylesheet has no variables
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(f) for f in folders)
        raise RenderError(f"{STYLESHEET}: @import of {exc.name!r}: not found (searched: {searched})") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"{STYLESHEET}: {exc}") from None


STYLESHEET = "style.css"


def _parse(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> tuple[str, jinja2.nodes.Template]:
    """A template's file name and syntax tree; :class:`RenderError` when it is missing or broken."""
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        searched = ", ".join(str(f) for f in folders)
        raise RenderError(f"template {name!r} not found (searched: {searched})") from None
    try:
        return filename or name, env.parse(source, name, filename)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None


def _check_blocks(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> None:
    """Raise :class:`RenderError` when a template that extends another overrides a block the other
    does not have: Jinja would drop it without a word (``{% block sumary %}``)."""
    filename, tree = _parse(env, name, folders)
    extends = next(iter(tree.find_all(jinja2.nodes.Extends)), None)
    if extends is None or not isinstance(extends.template, jinja2.nodes.Const):
        return
    parent = str(extends.template.value)
    _check_blocks(env, parent, folders)
    known: set[str] = set()
    ancestor: str | None = parent
    while ancestor is not None:  # every block up the chain can be overridden
        _, ancestor_tree = _parse(env, ancestor, folders)
        known.update(block.name for block in ancestor_tree.find_all(jinja2.nodes.Block))
        above = next(iter(ancestor_tree.find_all(jinja2.nodes.Extends)), None)
        ancestor = str(above.template.value) if above and isinstance(above.template, jinja2.nodes.Const) else None
    for block in _outer_blocks(tree):  # blocks nested in an override are its own, new ones
        if block.name not in known:
            close = difflib.get_close_matches(block.name, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise RenderError(
                f"{filename}:{block.lineno}: block {block.name!r} is not in {parent}{hint}: "
                f"it has {', '.join(_block_order(env, parent, folders))}"
            )


def _check_blocks_once(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> None:
    """:func:`_check_blocks`, once per environment and template: an environment a resident process keeps
    from one run to the next stands for the same files (:func:`_environment`: another file, another
    environment), so what was checked stands; each run parsed the template again (0.02 s)."""
    checked = _BLOCKS_CHECKED.setdefault(env, set())
    if name not in checked:
        _check_blocks(env, name, folders)
        checked.add(name)


_BLOCKS_CHECKED: weakref.WeakKeyDictionary[jinja2.Environment, set[str]] = weakref.WeakKeyDictionary()
"""The templates :func:`_check_blocks_once` found sound, by environment (let go with it)."""


def _outer_blocks(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Block]:
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            yield child
        else:
            yield from _outer_blocks(child)


def _block_order(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> list[str]:
    """The blocks of a template, in the order they stand."""
    _, tree = _parse(env, name, folders)
    return list(dict.fromkeys(block.name for block in tree.find_all(jinja2.nodes.Block)))


def _check_variables(env: jinja2.Environment, name: str, folders: Iterable[Path]) -> None:
    """Raise :class:`RenderError` at the first variable that is not in the context (file and line).

    Looks at ``name`` and every template it extends, includes or imports. A
    name the templates set themselves (a loop variable, ``{% set %}``, a macro
    argument) anywhere in that family counts as known: an overriding block may
    use the loop variable of the template it extends (``theme``).
    """
    assert env.loader is not None
    trees: dict[str, tuple[str, jinja2.nodes.Template]] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in trees:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            searched = ", ".join(str(f) for f in folders)
            raise RenderError(f"template {current!r} not found (searched: {searched})") from None
        try:
            tree = env.parse(source, current, filename)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{filename or current}:{exc.lineno}: template syntax error: {exc.message}") from None
        trees[current] = (filename or current, tree)
        pending.extend(c for c in jinja2.meta.find_referenced_templates(tree) if c and c.endswith(".j2"))
    known = set(VARIABLES) | set(env.globals)
    for _, tree in trees.values():
        known.update(n.name for n in tree.find_all(jinja2.nodes.Name) if n.ctx in ("store", "param"))
    for filename, tree in trees.values():
        unknown = jinja2.meta.find_undeclared_variables(tree) - known
        if unknown:
            first = min(
                (n for n in tree.find_all(jinja2.nodes.Name) if n.name in unknown and n.ctx == "load"),
                key=lambda n: n.lineno,
            )
            listed = ", ".join(sorted(VARIABLES))
            raise RenderError(
                f"{filename}:{first.lineno}: {first.name!r} is undefined: not a template variable "
                f"(context version {CONTEXT_VERSION} has: {listed}; see docs/templates.md)"
            )


def _render(env: jinja2.Environment, name: str, folders: Iterable[Path], **context: Any) -> str:
    template = _load(env, name, folders)
    try:
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(f) for f in folders)
        raise RenderError(
            f"{_template_line(exc, name)}: template {exc.name!r} not found (searched: {searched})"
        ) from None
    except jinja2.TemplateSyntaxError as exc:  # in a template that this one includes or extends
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{_template_line(exc, name)}: {exc.message}") from None
    except Exception as exc:  # a template expression that fails: {{ 1 / 0 }}, a bad filter argument
        raise RenderError(f"{_template_line(exc, name)}: {type(exc).__name__}: {exc}") from None


def _template_line(exc: BaseException, fallback: str) -> str:
    """file:line of the template frame where ``exc`` was raised (Jinja rewrites tracebacks)."""
    where = fallback
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename.endswith(".py"):  # Jinja gives template frames the template's file name
            where = f"{frame.filename}:{frame.lineno}"
    return where


# -- HTML clean-up -----------------------------------------------------------

_ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "blockquote",
    "hr",
    "br",
    "div",
    "span",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "small",
    "nav",
    "section",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "abbr",
    "del",
    "ins",
    "mark",
    "figure",
    "figcaption",
    "svg",
    "g",
    "rect",
    "line",
    "text",
    "title",
    "polyline",
    "circle",
    "path",
    "tspan",
}
_ALLOWED_ATTRS = {
    "id",
    "class",
    "href",
    "title",
    "colspan",
    "rowspan",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "fill",
    "stroke",
    "stroke-width",
    "viewbox",
    "points",
    "r",
    "cx",
    "cy",
    "d",
    "text-anchor",
    "font-size",
    "transform",
    "role",
    "aria-label",
    "dominant-baseline",
    "xmlns",
    "preserveaspectratio",
}


def sanitize_html(fragment: str) -> str:
    """Keep only known-safe tags and attributes; links only to safe URLs."""
    if not fragment.strip():
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for node in list(root.iter()):
        if not isinstance(node.tag, str):  # comments, processing instructions
            node.drop_tree()
            continue
        if node is root:
            continue
        tag = node.tag.lower()
        if tag not in _ALLOWED_TAGS:
            if tag in ("script", "style", "link", "img", "iframe", "object", "embed", "meta", "base", "image", "use"):
                node.drop_tree()
            else:
                node.drop_tag()
            continue
        for attr in list(node.attrib):
            name = attr.lower()
            if name not in _ALLOWED_ATTRS or name.startswith("on"):
                del node.attrib[attr]
            elif name == "href":
                value = node.attrib[attr]
                if not (value.startswith("#") or safe_url(value)):
                    del node.attrib[attr]
    html = etree.tostring(root, encoding="unicode", method="html")
    return html[len("<div>") : -len("</div>")]


# -- WeasyPrint ----------------------------------------------------------------


def _pdf(html: str, folders: list[Path]) -> bytes:
    with old_objects_set_aside():
        return _weasyprint_pdf(html, folders)


def _weasyprint_pdf(html: str, folders: list[Path]) -> bytes:
    return bytes(_layout(html, folders).write_pdf())


@contextmanager
def _libraries_from_ldconfig() -> Iterator[None]:
    """``ctypes.util.find_library``, for the duration, looks names up in one ``ldconfig -p`` listing.

    WeasyPrint's import opens GObject, Pango, HarfBuzz, fontconfig and PangoFT2,
    trying up to six names for each, the Windows and macOS ones first; cffi
    hands every name that does not open to ``find_library``, which on Linux
    runs ``ldconfig -p`` and then, for a name that is not there, gcc and ld:
    16 misses, over 50 processes started (their cost: docs/performance.md). Here each
    name is matched against one listing, as ``find_library``'s own first step matches
    it, and a miss stays a miss.
    Elsewhere than on Linux, or without ldconfig, nothing changes.
    """
    import ctypes.util
    import os
    import struct
    import subprocess
    import sys

    try:
        if not sys.platform.startswith("linux"):
            raise OSError("not Linux")
        listing = subprocess.run(
            ["/sbin/ldconfig", "-p"], capture_output=True, env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        yield
        return
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
    }.get(machine, "libc6")  # as ctypes.util has it

    def find_library(name: str) -> str | None:
        found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)), abi.encode()), listing)
        return os.fsdecode(found.group(1)) if found else None

    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _import_weasyprint() -> None:
    """Import WeasyPrint, its libraries found by :func:`_libraries_from_ldconfig`; should one be
    found only by gcc or ld (a library outside ldconfig's cache), the import is made again as usual."""
    import sys

    if "weasyprint" in sys.modules:
        return
    try:
        with _libraries_from_ldconfig():
            importlib.import_module("weasyprint")
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        importlib.import_module("weasyprint")


def _layout(html: str, folders: list[Path]) -> Any:
    """``html`` laid out by WeasyPrint (a ``weasyprint.Document``), templates' files from ``folders`` only."""
    _import_weasyprint()
    import weasyprint
    from weasyprint.urls import URLFetcher

    allowed = [f.resolve() for f in folders if f.is_dir()]

    class TemplateFilesOnly(URLFetcher):
        """Serves files under the template folders; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                from urllib.request import url2pathname

                path = Path(url2pathname(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed) and path.is_file():
                    return super().fetch(url, headers)
            log.warning("PDF renderer: refused to load %s", url[:120])
            raise ValueError(f"briefer loads only template files, not {url[:120]}")

    base_url = allowed[0].as_uri() + "/" if allowed else None
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=TemplateFilesOnly()).render()


MEASURED_LINES = (60.0, 57.0, 54.0)
"""Lines a one-page edition's plan (``fit_page``) is tried at when its PDF is made, the fullest first: the first
whose laid-out page holds it all is kept (:func:`_holds_all`); when none does, the estimate's
:data:`briefer.context.PAGE_LINES`. At 52 the desks' pages ended 8 to 29 % above the sheet's foot with
articles left out; at 56 five of 82 passed it (benchmarks/results/session42-20261205.txt)."""
PAGE_END = "page-end"
"""Id of the empty element a one-page layout puts after its last line (the executive's ``briefing.html.j2``)."""
PAGE_FOOT = "page-foot"
"""Id of the empty element it puts at the foot of the box the page clips to."""


def _holds_all(document: Any) -> bool | None:
    """Whether a laid-out one-page edition shows all it holds: its end marker is on the first page, no lower
    than the foot of the box that clips it (a line past it would be cut, unseen). None when the layout has
    no such markers (a workspace's own ``briefing.html.j2``): nothing is measured then."""
    if not document.pages:
        return None
    anchors = document.pages[0].anchors
    foot = anchors.get(PAGE_FOOT)
    if foot is None:
        return None
    end = anchors.get(PAGE_END)
    return end is not None and len(document.pages) == 1 and end[1] <= foot[1] + 0.5


def _one_page_html(
    context: Context, config: Config, template: str, env: jinja2.Environment, measure: list[Path] | None
) -> tuple[str, float, Any]:
    """The edition's HTML, the lines its page plan counted, and its layout when measured. ``measure``: the
    template folders, when the PDF is made: a template that plans its page (``fit_page``) is then tried at
    each of :data:`MEASURED_LINES` until its laid-out page holds it all; else, or when none does, the plan
    counts :data:`briefer.context.PAGE_LINES`. The same day always gives the same plan."""

    def at(lines: float) -> tuple[str, bool]:
        with page_lines(lines) as asked:
            body = render_markdown(context, config, template, target="html", env=env)
        return render_html(context, body, config, template), bool(asked)

    if measure is not None:
        for lines in MEASURED_LINES:
            html, asked = at(lines)
            if not asked:
                return html, PAGE_LINES, None  # no page plan: the lines count for nothing
            with old_objects_set_aside():
                document = _layout(html, measure)
            held = _holds_all(document)
            if held is None:
                break  # a layout of the workspace's own, with no markers: the estimate alone
            if held:
                return html, lines, document
    return at(PAGE_LINES)[0], PAGE_LINES, None


# -- JSON ------------------------------------------------------------------------


def briefing_json(
    briefing: Briefing, audience: Audience, context: Context | None = None, printed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The machine-readable brief (schema documented in docs/briefing-json.md).

    It keeps every theme and article of the day, whatever the edition shows;
    ``edition`` states what the audience's edition selected.
    """
    data = _briefing_data(briefing, audience, context, printed)
    for theme in data["themes"]:
        theme["articles"] = list(theme["articles"])
    return data


def briefing_json_bytes(
    briefing: Briefing, audience: Audience, context: Context | None = None, printed: Mapping[str, str] | None = None
) -> bytes | bytearray:
    """briefing.json's bytes: ``json.dumps(briefing_json(...), ensure_ascii=False, indent=2) + "\n"``,
    byte for byte, written piece by piece, each article's dict made as it is written and let go (at
    10,000 articles the whole-day dict, and the text, its chunks and its UTF-8 copy held at once, set
    the run's peak: docs/performance.md)."""
    return json_bytes(_briefing_data(briefing, audience, context, printed), 4, indent=2, end="\n")


def write_briefing_json(
    path: Path,
    briefing: Briefing,
    audience: Audience,
    context: Context | None = None,
    printed: Mapping[str, str] | None = None,
) -> WrittenFile:
    """:func:`briefing_json_bytes`, written to ``path`` as it is made, a megabyte at a time: the file's
    bytes are never held whole (100 MB at 10,000 articles, held from render to the end of the run:
    docs/performance.md, "Fifth pass"). ``path`` is where the file is published from (a staging
    folder, :func:`briefer.publish.stage`), which the caller removes if this fails."""
    out = Spool(path)
    try:
        json_into(out, _briefing_data(briefing, audience, context, printed), 4, indent=2)
        out += b"\n"
    except BaseException:
        out.abandon()
        raise
    return out.done()


def _briefing_data(
    briefing: Briefing, audience: Audience, context: Context | None, printed: Mapping[str, str] | None
) -> dict[str, Any]:
    """:func:`briefing_json`, each theme's articles a :class:`Lazy` list (made as they are written)."""

    def sentence(s: Any) -> dict[str, Any]:
        return {
            "text": s.text,
            "article_ids": list(s.article_ids),
            "score": s.score,
            "position": s.position,  # index of the sentence in its article
            "why": s.why,  # why it was chosen (what `briefer run --explain` prints)
            **_printed_json(s.text, printed),
        }

    def article(theme: ThemeGroup, item: Any) -> dict[str, Any] | Raw:
        if not article_memo.kept():
            return article_data(theme, item)
        return _article_text(theme, item, printed, article_data)

    def article_data(theme: ThemeGroup, item: Any) -> dict[str, Any]:
        return {
            "id": item.article.id,
            "title": item.article.title,
            "url": item.article.url,
            "source": item.article.source,
            "sources": list(item.article.sources),
            "urls": list(item.article.urls),
            "published": item.article.published.isoformat(),
            "published_from": item.article.published_from,
            "theme_score": theme.scores.get(item.article.id, 0.0),
            "truncated": item.article.truncated,
            "summary": [sentence(s) for s in item.summary],
            "placement": placement_json(theme.placements.get(item.article.id)),
        }

    def articles(theme: ThemeGroup) -> Lazy:
        return Lazy(len(theme.articles), lambda: (article(theme, item) for item in theme.articles))

    themes = []
    for theme in briefing.themes:
        themes.append(
            {
                "name": theme.name,
                "summary": [sentence(s) for s in theme.summary],
                "entities": [
                    {"name": e.name, "label": e.label, "articles": e.articles, "variants": list(e.variants)}
                    for e in theme.entities
                ],
                "stories": [
                    {
                        "title": s.title,
                        "summary": [sentence(x) for x in s.summary],
                        "article_ids": list(s.article_ids),
                        **_story_memory_json(s),
                    }
                    for s in theme.stories
                ],
                **_theme_memory_json(theme),
                "articles": articles(theme),
            }
        )
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "generator": f"briefer {__version__}",
        "date": briefing.date,
        "title": briefing.title,
        "audience": audience.name,
        "timezone": briefing.timezone,
        "generated_at": briefing.generated_at.isoformat(timespec="seconds"),
        "edition": _edition_json(audience, context),
        "themes": themes,
        "sources_report": [
            {
                "name": r.name,
                "status": r.status.value,
                "articles": r.articles,
                "error": r.error,
                "failing_runs": r.failing_runs,
            }
            for r in briefing.sources_report
        ],
        "dropped": [{"title": d.title, "url": d.url, "reason": d.reason} for d in briefing.dropped],
        "quiet_stories": _quiet_json(briefing, audience),
    }


ARTICLE_LEVEL = 4
"""How deep briefing.json holds an article's entry: the root, ``themes``, a theme, its ``articles``."""
ARTICLE_TEXTS_MOST = 5000
"""Article entries a resident process keeps at most (:data:`_ARTICLE_TEXTS`: some 10 KB each)."""
_ARTICLE_TEXTS = article_memo.Memo[tuple[Any, ...]]("briefing.json's articles")
"""A resident process's briefing.json entries of the articles of its last runs, as their JSON text, by theme
and article, each with what it was made of: the same objects (the article, its summary and its placement:
a grown update keeps a stored article's placement, :class:`briefer.group.DayBase`, and the process hands each
run the articles and summaries of the run before, :func:`briefer.cached.summarized`), its theme score and
its sentences' ``printed_before``. All frozen values: the same objects write the same text. An update of the
1,114-article day writes some 1,070 of its 1,178 entries again unchanged."""


def _article_text(
    theme: ThemeGroup,
    item: Any,
    printed: Mapping[str, str] | None,
    made: Callable[[ThemeGroup, Any], dict[str, Any]],
) -> Raw:
    """An article's briefing.json entry as text (:data:`_ARTICLE_TEXTS`), made again only when what it is
    made of changed."""
    placement = theme.placements.get(item.article.id)
    score = repr(theme.scores.get(item.article.id, 0.0))
    said = tuple(_printed_json(s.text, printed)["printed_before"] for s in item.summary)
    key = f"{theme.name}\0{item.article.id}"
    found = _ARTICLE_TEXTS.get(key)
    if (
        found is not article_memo.MISSING
        and found[0] is item.article
        and found[1] is item.summary
        and found[2] is placement
        and found[3] == score
        and found[4] == said
    ):
        text: Raw = found[5]
        return text
    text = indented_text(made(theme, item), ARTICLE_LEVEL)
    if len(_ARTICLE_TEXTS) < ARTICLE_TEXTS_MOST:
        _ARTICLE_TEXTS.put(key, (item.article, item.summary, placement, score, said, text))
    return text


def placement_json(placement: Placement | None) -> dict[str, Any] | None:
    """Why the article sits in its theme (docs/briefing-json.md, ``briefer run --explain``)."""
    if placement is None:
        return None
    return {
        "themes": list(placement.themes),
        "reason": placement.reason,
        "scores": [
            {
                "theme": s.theme,
                "score": s.score,
                "keyword_points": s.keyword_points,
                "similarity": s.similarity,
                "fits": s.fits,
            }
            for s in placement.scores
        ],
        "keywords": [
            {
                "theme": k.theme,
                "keyword": k.keyword,
                "headline": k.headline,
                "lead": k.lead,
                "body": k.body,
                "ignored": k.ignored,
                "weight": k.weight,
            }
            for k in placement.keywords
        ],
        "learned_terms": list(placement.learned),
        "similar_words": [
            {
                "theme": w.theme,
                "word": w.word,
                "like": w.like,
                "headline": w.headline,
                "lead": w.lead,
                "body": w.body,
                "points": round(w.points, 2),
            }
            for w in placement.similar
        ],
        "earlier_days": placement.earlier_days,
    }


def _theme_memory_json(theme: ThemeGroup) -> dict[str, Any]:
    """What issue 12 adds to a theme: who said what, and its surge (docs/briefing-json.md)."""
    return {
        "quotes": [{"speaker": q.speaker, "text": q.text, "article_ids": list(q.article_ids)} for q in theme.quotes],
        "surge": theme.surge,
    }


def _quiet_json(briefing: Briefing, audience: Audience) -> list[dict[str, Any]]:
    """Stories of the last brief, in the edition's themes, with no report today (docs/briefing-json.md)."""
    return [
        {"id": q.id, "title": q.title, "theme": q.theme, "last_seen": q.last_seen, "articles": q.articles}
        for q in quiet_stories(briefing, audience)
    ]


def _story_memory_json(story: Story) -> dict[str, Any]:
    """What issue 12 adds to a story: its id across days, status, first day, days and surge."""
    return {
        "id": story.id or None,
        "status": story.status or None,
        "first_seen": story.first_seen or None,
        "days": list(story.days),
        "surge": story.surge,
    }


def _printed_json(text: str, printed: Mapping[str, str] | None) -> dict[str, Any]:
    """``printed_before``: the first earlier day this audience's brief printed the sentence (then this
    edition leaves it out), or None."""
    if not printed:
        return {"printed_before": None}
    from briefer.memory import sentence_key

    return {"printed_before": printed.get(sentence_key(text))}


def _edition_json(audience: Audience, context: Context | None) -> dict[str, Any]:
    """What the audience's edition shows of the day (the JSON itself has everything)."""
    if context is None:
        return {"template": audience.template, "themes": list(audience.themes) if audience.themes else None}
    limits = context.limits
    return {
        "template": audience.template,
        "themes": [t.name for t in context.themes],
        "max_stories": limits.max_stories,
        "max_articles": limits.max_articles,
        "max_listed": limits.max_listed,
        "article_sentences": limits.article_sentences,
        "theme_sentences": limits.theme_sentences,
        "articles_shown": context.shown_count,
        "articles_omitted": context.omitted_count,
    }


# -- an edition ------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    audience: str
    files: dict[str, bytes | bytearray | WrittenFile]  # file name -> content, all rendered before anything is
    # published (a WrittenFile is in the staging folder already)
    pending: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    """Files still being made (a PDF laid out in a child process): call to wait for them."""
    printed: tuple[str, ...] = ()
    """Every sentence the edition prints (for the store: not printed again on a later day)."""
    page_lines: float = PAGE_LINES
    """The lines its page's plan counted (``fit_page``): the fullest of :data:`MEASURED_LINES` its PDF's
    layout held, else :data:`briefer.context.PAGE_LINES`."""

    def complete(self) -> Edition:
        """The edition with every pending file made."""
        if not self.pending:
            return self
        files = {**self.files, **{name: wait() for name, wait in self.pending.items()}}
        return Edition(self.audience, files, printed=self.printed, page_lines=self.page_lines)

    def close(self) -> None:
        """Let go of the pages of the files written as they were made (:class:`WrittenFile`) that a
        reader mapped (the store's digest reads every byte)."""
        for content in self.files.values():
            if isinstance(content, WrittenFile):
                content.close()


def render_markdown(
    context: Context, config: Config, template: str, target: str = "md", env: jinja2.Environment | None = None
) -> str:
    """The edition's Markdown; ``target="html"`` when it becomes the body of the HTML layout
    (the layout then draws the cover and the chart itself). ``env``: a Markdown environment
    of this template set made before (its templates are then compiled only once)."""
    env = env or _environment(config, template, markdown=True)
    text = _render(env, MARKDOWN_TEMPLATE, template_search_path(config, template), target=target, **context.as_dict())
    return separate_blocks(text)


_LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])[ \t]")
_HEADING = re.compile(r"^ {0,3}#{1,6}([ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def separate_blocks(text: str) -> str:
    """A blank line where a template left none: after a list, before a line that is neither an item
    nor indented under one (Markdown would otherwise fold it into the last item), and before a heading.

    So a section a template adds after a list (``## Contacts`` in an overriding block) stands on
    its own in briefing.md and in the PDF. Article text cannot start a line with ``-`` or ``#``
    (it is escaped); fenced code is left as it is.
    """
    out: list[str] = []
    in_list = in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            blank = not line.strip()
            if blank:
                in_list = False
            elif _LIST_ITEM.match(line):
                in_list = True
            elif in_list and not line.startswith((" ", "\t")):
                out.append("")
                in_list = False
            if _HEADING.match(line) and out and out[-1].strip():
                out.append("")
        out.append(line)
    return "\n".join(out)


def markdown_to_safe_html(markdown_text: str) -> str:
    """An edition's Markdown as HTML, through the allow-list (:func:`sanitize_html`): the one way
    briefer turns its Markdown into HTML, for the HTML and PDF editions and the email's body. A short
    citation is kept on one line (:func:`keep_citations_whole`)."""
    body = md.markdown(markdown_text, extensions=["attr_list", "sane_lists", "tables"], output_format="html")
    return keep_citations_whole(sanitize_html(body))


CITATION_CHARACTERS = 60
"""A citation of at most this many characters as printed ("(Lunda Valley Voice, 8)") is kept on one line."""
_CITED = r'<a href="#[^"<>]*">\d{1,4}</a>'
_CITATION = re.compile(rf"\((?:[^()<>]{{0,{CITATION_CHARACTERS}}}?{_CITED})+[^()<>]{{0,3}}\)")


def keep_citations_whole(html: str) -> str:
    """``html`` with each short citation in parentheses that ends on an article's number ("(Lunda Valley Voice,
    <a href="#article-8">8</a>)", "(3 reports: 1, 2, 5)") set in a ``span class="cite"`` that the stylesheets keep
    on one line, and the text just before it in a ``span`` of its own. WeasyPrint, finding a citation too wide for the
    end of a line, broke the plain text before it at its first space rather than its last, and left one word on a
    line of its own ("burying" alone, its sentence going on below: 7 such lines in the 143 desks' analyst briefs);
    with that text an inline box of its own it breaks at the last space that fits (none in the 143). The article's
    text is escaped before it gets here: no "<a" of its own can look like a citation's link."""
    out: list[str] = []
    done = 0
    for found in _CITATION.finditer(html):
        if len(re.sub(r"<[^>]*>", "", found.group(0))) > CITATION_CHARACTERS:
            continue
        run_start = max(html.rfind(">", done, found.start()) + 1, done)  # the text since the last tag
        run = html[run_start : found.start()]
        text = run.rstrip()
        out.append(html[done:run_start])
        out.append(f"<span>{text}</span>{run[len(text) :]}" if text.strip() else run)
        out.append(f'<span class="cite">{found.group(0)}</span>')
        done = found.end()
    out.append(html[done:])
    return "".join(out)


def render_html(context: Context, markdown_text: str, config: Config, template: str) -> str:
    """The HTML layout around ``markdown_text`` (rendered with ``target="html"``)."""
    body = markdown_to_safe_html(markdown_text)
    env = _environment(config, template, markdown=False)
    return _render(
        env,
        HTML_TEMPLATE,
        template_search_path(config, template),
        body=jinja2.utils.markupsafe.Markup(body),
        target="html",
        **context.as_dict(),
    )


def template_stamp(folders: Iterable[Path]) -> str:
    """Every file the templates may use (path, size, time): a user's edit to a template or its
    stylesheet changes it. Briefer's own code is versioned by the cache kinds (:mod:`briefer.cache`)."""
    digest = hashlib.sha256()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"\n{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


Aside = Callable[..., Callable[[], Any]]
"""Runs ``fn(*args)`` elsewhere and gives back a call that waits for its result:
:func:`briefer.executor.run_aside`, or a :class:`briefer.executor.Standby`'s ``run``."""

PdfJob = Callable[[str, list[Path]], Callable[[], bytes]]
"""Starts the PDF of ``(html, template folders)`` and gives back a call that waits for its bytes:
:func:`briefer.cached.pdf_maker` (the store's PDF of the same HTML, or one laid out aside)."""


def lay_out_pdf(html: str, folders: list[Path]) -> bytes:
    """The PDF of ``html``, laid out here by WeasyPrint (templates' files from ``folders`` only)."""
    return _pdf(html, folders)


def prepare_pdf() -> None:
    """What the first PDF of a process pays before its own layout: WeasyPrint's import (half a
    second) and Pango's fonts. A :class:`briefer.executor.Standby` does it while the brief is finished
    (:meth:`~briefer.executor.Standby.ready`, once the day is analysed).

    Once per process and the children it forks after: a resident process prepares when it starts
    (:mod:`briefer.warm`), and each run's PDF child, forked from it, starts prepared (a second small
    layout there cost 0.02-0.05 s of CPU a run and made the brief's own layout no cheaper)."""
    global _PREPARED
    if _PREPARED:
        return
    _pdf("<p>briefer</p>", [])
    _PREPARED = True


_PREPARED = False
"""Whether :func:`prepare_pdf` has run in this process (or in the one that forked it)."""


def render_edition(
    briefing: Briefing,
    audience: Audience,
    config: Config,
    formats: Iterable[str],
    history: Mapping[str, Mapping[str, int]] | None = None,
    pdf_job: PdfJob | None = None,
    printed: Mapping[str, str] | None = None,
    spool: Path | None = None,
) -> Edition:
    """Render every requested format of one audience's edition, in memory.

    ``history``: the theme volume of the days before (``Store.theme_volume``), for the trend.
    ``pdf_job``: how the PDF is made (:data:`PdfJob`; default: laid out here, at once). It is
    started before the other formats are rendered; the edition comes back with the PDF pending
    (:meth:`Edition.complete`).
    ``printed``: sentences earlier briefs of the audience printed (:func:`briefer.memory.printed_before`),
    left out of the edition and marked in its JSON.
    ``spool``: a folder where ``briefing.json`` is written as it is made (:func:`write_briefing_json`),
    rather than held in memory; the edition then gives it as a :class:`briefer.output.WrittenFile`.
    """
    wanted = list(dict.fromkeys(formats))
    check_template_set(config, audience.template)
    context = build_context(briefing, audience, history, wanted, printed)
    files: dict[str, bytes | bytearray | WrittenFile] = {}
    pending: dict[str, Callable[[], bytes]] = {}
    env = _environment(config, audience.template, markdown=True)  # both Markdown targets: compiled once
    _check_blocks_once(env, MARKDOWN_TEMPLATE, template_search_path(config, audience.template))  # every caller,
    # not only `briefer run`: a misspelt block in an override is an error, never a part of the brief dropped unseen
    lines = PAGE_LINES
    if "html" in wanted or "pdf" in wanted:
        folders = template_search_path(config, audience.template)
        html, lines, document = _one_page_html(
            context, config, audience.template, env, folders if "pdf" in wanted else None
        )
        if "pdf" in wanted:
            if pdf_job is not None:
                pending["briefing.pdf"] = pdf_job(html, folders)
            elif document is not None:
                with old_objects_set_aside():
                    files["briefing.pdf"] = bytes(document.write_pdf())
            else:
                files["briefing.pdf"] = _pdf(html, folders)
        if "html" in wanted:
            files["briefing.html"] = html.encode("utf-8")
    if "md" in wanted:
        with page_lines(lines):
            files["briefing.md"] = render_markdown(context, config, audience.template, env=env).encode("utf-8")
    if "json" in wanted:
        if spool is None:
            files["briefing.json"] = briefing_json_bytes(briefing, audience, context, printed)
        else:
            files["briefing.json"] = write_briefing_json(spool / "briefing.json", briefing, audience, context, printed)
    from briefer.memory import printed_sentences

    return Edition(
        audience=audience.name,
        files=files,
        pending=pending,
        printed=tuple(printed_sentences(context)),
        page_lines=lines,
    )
