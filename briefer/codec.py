"""Plain JSON of the pipeline's values: what the store keeps, readable by any tool.

:class:`Codec` turns a frozen dataclass of :mod:`briefer.models` (or any
dataclass whose fields are made of the same few types) into JSON and back,
led by the fields' type hints: ``str``, ``int``, ``float``, ``bool``,
``None``, aware ``datetime`` (ISO 8601), a ``StrEnum`` (its value),
``tuple``, ``list``, ``dict`` with ``str`` keys, ``X | None`` and nested
dataclasses. A field added to a model (at the end, with a default) is kept
without any change here. A type it does not know fails when the codec is
made, not when a value is read back.

A dataclass is written as a JSON array of its fields' values, in the order
of its fields (named once, under ``"fields"``, for any reader): half the
size of an object per value, and faster to read back. A value written
before a field was added (at the end, with a default) is shorter: the
default fills it in.

Objects of the ``shared`` classes are written once, in a table, and referred
to by their place in it: an article in two themes, or kept by the selection
and by a theme, comes back as one object, as it was (a day of a thousand
articles holds each article's text once, not three times).

Nothing read back is ever evaluated: JSON, then constructors of known
classes. A value of the wrong shape (an array where an object was written, a
table index out of range, a date that is not one) raises :class:`CodecError`;
numbers and strings are taken as JSON gives them, unchecked.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """A stored value does not have the shape its type says."""


class Codec:
    """JSON for one root type; ``shared``: dataclasses kept once each, listed so that a class comes
    after every shared class it holds (``Article`` before ``SummarizedArticle``)."""

    def __init__(
        self, root: Any, shared: Sequence[type] = (), keep_pieces: int = 0, by_content: Sequence[type] = ()
    ) -> None:
        """``keep_pieces``: :meth:`encode_json_parts` keeps the JSON text of up to this many shared objects
        of its last value, each with the object, and writes an object it meets again (the very object: all
        are frozen) from its kept text. Only for one shared class, which holds none (a shared object's text
        would hold the places of others in this value's tables).

        ``by_content``: shared classes (holding no shared object) whose objects are written once by their
        JSON text, not by identity: objects the value makes as it is read (a theme's placements held packed,
        :class:`briefer.cached.PackedPlacements`, each part unpacked anew and let go) may be let go while it
        is encoded, and a later object at the same address was taken for the earlier one. Equal objects
        come back as one."""
        if keep_pieces and len(shared) != 1:
            raise ValueError("a codec keeps the text of one shared class's objects only")
        if not set(by_content) <= set(shared):
            raise ValueError("a class written by its content must be a shared one")
        self._by_content = tuple(by_content)
        self._texts: dict[type, dict[bytes, int]] = {}
        self._keep = keep_pieces
        self._pieces: dict[int, tuple[Any, Any]] = {}
        self._used: dict[int, tuple[Any, Any]] | None = None
        self._shared = tuple(shared)
        self._encoders: dict[Any, Encoder] = {}
        self._decoders: dict[Any, Decoder] = {}
        self._tables: dict[type, list[Any]] = {}
        self._ids: dict[type, dict[int, int]] = {}
        self._decoded: dict[type, list[Any]] = {}
        self._field_names: dict[str, list[str]] = {}
        self._streaming = False  # encode_json: each shared object's table holds its JSON text
        self._compressed = False  # encode_json_parts(compressed=True): that text compressed
        self._inline_encoders = {cls: self._dataclass_encoder(cls) for cls in self._shared}
        self._inline_decoders = {cls: self._dataclass_decoder(cls) for cls in self._shared}
        self._root_encoder = self._encoder(root)
        self._root_decoder = self._decoder(root)

    def encode(self, value: Any) -> dict[str, Any]:
        """``value`` as plain JSON data (dicts, lists, strings, numbers)."""
        self._tables = {cls: [] for cls in self._shared}
        self._ids = {cls: {} for cls in self._shared}
        self._texts = {cls: {} for cls in self._by_content}
        try:
            root = self._root_encoder(value)
            return {
                "fields": self._field_names,
                "shared": {cls.__name__: self._tables[cls] for cls in self._shared},
                "root": root,
            }
        finally:
            self._tables, self._ids, self._texts = {}, {}, {}

    def encode_json(self, value: Any) -> bytearray:
        """``value`` as UTF-8 JSON: what ``json.loads`` reads back is :meth:`encode`'s result; the
        parts of :meth:`encode_json_parts`, in one buffer."""
        out = bytearray()
        for part in self.encode_json_parts(value):
            out += part
        return out

    def encode_json_parts(self, value: Any, size: int = 4 << 20, compressed: bool = False) -> Iterator[bytearray]:
        """:meth:`encode_json`'s bytes in parts of about ``size`` bytes (at least, but the last), for the
        store to write one at a time (:meth:`briefer.store.Store.cache_put_parts`): the whole text of
        a large value is never held, nor a copy of it.

        ``value`` is encoded here, before the first part is asked for (so that a store's write
        transaction waits for none of it); the parts are then the JSON of that encoding. Made piece
        by piece, for a large value (the day's memo): each shared object is written as JSON text as
        soon as it is encoded and its encoded form let go, and the root is written item by item down
        to :data:`ROOT_PIECES` levels, so that the whole encoded value (lists of every article's
        sentences and every placement's scores: three times the size of its JSON) is never held at
        once, only the JSON (docs/performance.md, "The curve").

        ``compressed``: each shared object's JSON text is held compressed (zlib, level 1) until it is
        written, a third of its size: the tables come first in the JSON, so every article's and
        placement's text is held until the root is encoded (some 8 KB an article, the last peak of a
        large day's run: docs/performance.md, session 48). The same bytes; not with ``keep_pieces``.
        """
        if compressed and self._keep:
            raise ValueError("a codec that keeps its pieces' text holds them as they are")
        self._tables = {cls: [] for cls in self._shared}
        self._ids = {cls: {} for cls in self._shared}
        self._texts = {cls: {} for cls in self._by_content}
        self._streaming = True
        self._compressed = compressed
        self._used = {} if self._keep else None
        try:
            root = self._root_encoder(value)
            tables = self._tables
            if self._used is not None:
                self._pieces = self._used  # this value's, the last value's let go
        finally:
            self._tables, self._ids, self._texts, self._streaming, self._used = {}, {}, {}, False, None
            self._compressed = False
        return self._json_parts(root, tables, size, compressed)

    def _json_parts(
        self, root: Any, tables: dict[type, list[Any]], size: int, compressed: bool = False
    ) -> Iterator[bytearray]:
        out = bytearray(b'{"fields": ')
        out += _dumps(self._field_names)
        out += b', "shared": {'
        for n, cls in enumerate(self._shared):
            out += b", " if n else b""
            out += _dumps(cls.__name__) + b": ["
            table = tables[cls]
            for i, piece in enumerate(table):
                out += b", " if i else b""
                out += zlib.decompress(piece) if compressed else piece
                table[i] = b""  # let each piece go once it is in ``out``
                if len(out) >= size:
                    yield out
                    out = bytearray()
            out += b"]"
        del tables
        out += b'}, "root": '
        # The root written a part at a time too (its text was held whole beside its encoded form: some 140 MB
        # at 100,000 articles for the day's base, the run's peak: docs/performance.md, session 49).
        yield from _json_parts_of(out, root, ROOT_PIECES, size)
        out += b"}"
        yield out

    def decode(self, data: Any) -> Any:
        """The value :meth:`encode` was given; :class:`CodecError` when ``data`` is not of its shape."""
        try:
            tables = data["shared"]
            self._decoded = {}
            for cls in self._shared:  # in order: a table refers only to the ones before it
                decode = self._inline_decoders[cls]
                self._decoded[cls] = [decode(item) for item in tables[cls.__name__]]
            return self._root_decoder(data["root"])
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise CodecError(f"not a stored {self._root_name()}: {type(exc).__name__}: {exc}") from None
        finally:
            self._decoded = {}

    def _root_name(self) -> str:
        return getattr(self._root_decoder, "__qualname__", "value")

    # -- encoders ------------------------------------------------------------------

    def _encoder(self, hint: Any) -> Encoder:
        if hint in self._encoders:
            return self._encoders[hint]
        if hint in self._shared:
            encoder = self._shared_encoder(hint)
        elif dataclasses.is_dataclass(hint):
            self._encoders[hint] = lambda v: self._encoders[hint](v)  # a class that holds itself
            encoder = self._dataclass_encoder(hint)
        else:
            encoder = self._plain_encoder(hint)
        self._encoders[hint] = encoder
        return encoder

    def _plain_encoder(self, hint: Any) -> Encoder:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in (str, type(None)):
            return _same
        if hint in (int, float, bool):
            return _number(hint)
        if hint is datetime:
            return _iso
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return _enum_value
        if origin in (typing.Union, types.UnionType):
            return self._union_encoder(args)
        if origin in (tuple, list):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                items = [self._encoder(a) for a in args]
                return lambda v: [e(x) for e, x in zip(items, v, strict=True)]
            item = self._encoder(args[0])
            return (lambda v: list(v)) if item is _same else (lambda v: [item(x) for x in v])
        if origin is dict and args[0] is str:
            value = self._encoder(args[1])
            return lambda v: {str(k): value(x) for k, x in v.items()}
        raise TypeError(f"the store cannot keep a value of type {hint!r}")

    def _union_encoder(self, args: tuple[Any, ...]) -> Encoder:
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"the store cannot keep a union of {options!r}")
        inner = self._encoder(options[0])
        return lambda v: None if v is None else inner(v)

    def _dataclass_encoder(self, cls: Any) -> Encoder:
        hints = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        self._field_names[cls.__name__] = names
        fields = [(name, self._encoder(hints[name])) for name in names]

        def encode(value: Any) -> list[Any]:
            return [encoder(getattr(value, name)) for name, encoder in fields]

        return encode

    def _shared_encoder(self, cls: type) -> Encoder:
        if cls in self._by_content:
            return self._content_encoder(cls)

        def encode(value: Any) -> int:
            ids = self._ids[cls]
            place = ids.get(id(value))
            if place is None:
                table = self._tables[cls]
                place = ids[id(value)] = len(table)
                if not self._streaming:
                    table.append(self._inline_encoders[cls](value))
                    return place
                kept = self._pieces.get(id(value))
                if kept is not None and kept[0] is value:
                    piece = kept[1]
                else:
                    piece = _dumps(self._inline_encoders[cls](value))
                    if self._compressed:
                        piece = zlib.compress(piece, 1)
                if self._used is not None and len(self._used) < self._keep:
                    self._used[id(value)] = (value, piece)
                table.append(piece)
            return place

        return encode

    def _content_encoder(self, cls: type) -> Encoder:
        """The shared encoder of a ``by_content`` class: an object's place is that of the first one of the
        same JSON text (its piece made each time the value holds one, never kept after it is written;
        compressed, when the pieces are, the same way: equal texts, equal pieces)."""
        inline = self._inline_encoders[cls]

        def encode(value: Any) -> int:
            encoded = inline(value)
            piece = _dumps(encoded)
            if self._compressed:
                piece = zlib.compress(piece, 1)
            texts = self._texts[cls]
            place = texts.get(piece)
            if place is None:
                table = self._tables[cls]
                place = texts[piece] = len(table)
                table.append(piece if self._streaming else encoded)
            return place

        return encode

    # -- decoders ------------------------------------------------------------------

    def _decoder(self, hint: Any) -> Decoder:
        if hint in self._decoders:
            return self._decoders[hint]
        if hint in self._shared:
            decoder: Decoder = self._shared_decoder(hint)
        elif dataclasses.is_dataclass(hint):
            self._decoders[hint] = lambda v: self._decoders[hint](v)
            decoder = self._dataclass_decoder(hint)
        else:
            decoder = self._plain_decoder(hint)
        self._decoders[hint] = decoder
        return decoder

    def _plain_decoder(self, hint: Any) -> Decoder:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in (str, int, bool, float, type(None)):
            return _same
        if hint is datetime:
            return datetime.fromisoformat
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return hint
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            inner = self._decoder(options[0])
            return inner if inner is _same else (lambda v: None if v is None else inner(v))
        if origin in (tuple, list):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                items = [self._decoder(a) for a in args]
                if all(d is _same for d in items):  # (text, label) pairs: as JSON gives them
                    return tuple
                return lambda v: tuple(d(x) for d, x in zip(items, v, strict=True))
            item = self._decoder(args[0])
            if item is _same:  # strings, numbers: the list as JSON gives it
                return tuple if origin is tuple else _list
            return (lambda v: tuple(map(item, v))) if origin is tuple else (lambda v: list(map(item, v)))
        if origin is dict and args[0] is str:
            value = self._decoder(args[1])
            if value is _same:
                return _dict
            return lambda v: {k: value(x) for k, x in v.items()}  # JSON keys are strings
        raise TypeError(f"the store cannot keep a value of type {hint!r}")

    def _dataclass_decoder(self, cls: Any) -> Decoder:
        """Values into a new object's ``__dict__``, as unpickling does: a frozen dataclass's
        ``__init__`` (a ``object.__setattr__`` per field) was most of the time of reading a day."""
        hints = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        names = [f.name for f in fields]
        decoders = [self._decoder(hints[name]) for name in names]
        count = len(names)
        direct = not hasattr(cls, "__post_init__") and "__slots__" not in cls.__dict__
        new = object.__new__

        def decode(value: list[Any]) -> Any:
            if type(value) is not list or len(value) > count:
                raise TypeError(f"{cls.__name__}: expected an array of at most {count} values")
            values = [x if d is _same else d(x) for d, x in zip(decoders, value, strict=False)]
            if len(values) < count:  # fields added since it was written take their defaults
                values += [_default(f) for f in fields[len(values) :]]
            if not direct:
                return cls(*values)
            obj = new(cls)
            obj.__dict__.update(zip(names, values, strict=True))
            return obj

        decode.__qualname__ = cls.__name__
        return decode

    def _shared_decoder(self, cls: type) -> Decoder:
        def decode(place: int) -> Any:
            if type(place) is not int:
                raise TypeError(f"{cls.__name__}: expected a table index")
            return self._decoded[cls][place]

        return decode


ROOT_PIECES = 3
"""Levels of the root's lists and dicts that :meth:`Codec.encode_json` writes item by item."""


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class Lazy:
    """A JSON array whose items are made one at a time as :func:`json_into` writes them, each let go
    once written: a large part of a document (briefing.json's articles: 10 KB of JSON an article,
    their placements made as dicts) is never held whole. ``count``: how many items ``items`` makes."""

    def __init__(self, count: int, items: Callable[[], Iterable[Any]]) -> None:
        self.count = count
        self.items = items

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> typing.Iterator[Any]:
        return iter(self.items())


class Raw:
    """A value's JSON text made already, as :func:`json_into` writes it with an indent of 2 at nesting
    ``level`` (:func:`indented_text`): written as it is (briefing.json's entry of an article a resident
    process wrote the same the run before, :mod:`briefer.render`)."""

    __slots__ = ("level", "text")

    def __init__(self, text: str, level: int) -> None:
        self.text = text
        self.level = level


def indented_text(value: Any, level: int) -> Raw:
    """``value``'s text as :func:`json_into` writes it with an indent of 2 where it is ``level`` deep."""
    pieces: list[str] = []
    _indented(value, level, pieces)
    return Raw("".join(pieces), level)


def lazy_items(value: Any) -> list[Any]:
    """A :class:`Lazy` as the list JSON writes (``json.dumps``'s ``default``); TypeError for anything else."""
    if isinstance(value, Lazy):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# JSON with an indent of 2 (briefing.json): ``json.dumps(value, ensure_ascii=False, indent=2)``. With an indent, json
# encodes in pure Python, a generator per container: 1.8 s of CPU for the 47 MB brief of a 5,000-article
# day, 0.43 s at 1,114 articles, in every run that changes the brief. Below, the same text made about
# twice as fast: a container of scalars only (a list of ids, a sentence's scores) is encoded whole by
# json's C encoder with this depth's separator; a scalar is written where it is met, not by a call per
# value. Anything else (a subclass of int or float, a dict with other than string keys, a Lazy below
# the piecewise levels) is left to json.dumps itself. :func:`json_into` writes its leaves so when
# its indent is 2; tests/test_render.py checks it against json.dumps.

_INFINITY = float("inf")


def _float_text(value: float) -> str:
    """A float as json writes it (``allow_nan``: NaN and the infinities as JavaScript names them)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


_SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,  # the C one where there is one
    int: int.__repr__,
    float: _float_text,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}
_SCALAR_TYPES = frozenset(_SCALAR_TEXT)
_STRING_TYPE = frozenset((str,))
_FLAT_ENCODERS: dict[int, Callable[[Any, int], Iterable[str]]] = {}
"""json's C encoder of a container of scalars at each nesting level: its item separator is the
comma, a new line and that level's indent."""


def _flat_encoder(level: int) -> Callable[[Any, int], Iterable[str]]:
    encoder = _FLAT_ENCODERS.get(level)
    if encoder is None:
        separator = ",\n" + "  " * (level + 1)
        make_c = json.encoder.c_make_encoder  # type: ignore[attr-defined]
        if make_c is not None:
            encoder = make_c(None, None, _SCALAR_TEXT[str], None, ": ", separator, False, False, True)
        else:  # no C encoder in this Python: json's own Python one, compact, with the same separators
            encoder = json.encoder._make_iterencode(  # type: ignore[attr-defined]
                None, None, _SCALAR_TEXT[str], None, _float_text, ": ", separator, False, False, True
            )
        _FLAT_ENCODERS[level] = encoder
    return encoder


def _indented(value: Any, level: int, out: list[str]) -> None:
    """``value``'s text as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it nested ``level``
    deep (its own lines indented for that level), appended to ``out`` in pieces."""
    kind = type(value)
    scalar = _SCALAR_TEXT.get(kind)
    if scalar is not None:
        out.append(scalar(value))
        return
    if kind is Raw:
        if value.level != level:
            raise ValueError(f"JSON text made {value.level} deep, written {level} deep")
        out.append(value.text)
        return
    if kind is not dict and kind is not list and kind is not tuple:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=lazy_items)
        out.append(text.replace("\n", "\n" + "  " * level) if level else text)
        return
    if not value:
        out.append("{}" if kind is dict else "[]")
        return
    if kind is dict and not _STRING_TYPE.issuperset(map(type, value)):  # keys json turns into strings
        out.append(
            json.dumps(value, ensure_ascii=False, indent=2, default=lazy_items).replace("\n", "\n" + "  " * level)
        )
        return
    inner = "\n" + "  " * (level + 1)
    if _SCALAR_TYPES.issuperset(map(type, value.values() if kind is dict else value)):
        text = "".join(_flat_encoder(level)(value, 0))  # "[a,<inner>b]": the brackets get their new lines
        out.append(text[0] + inner + text[1:-1] + "\n" + "  " * level + text[-1])
        return
    separator, text_of, encode_key = "," + inner, _SCALAR_TEXT.get, _SCALAR_TEXT[str]
    opening, closing = ("{", "}") if kind is dict else ("[", "]")
    pairs: Iterable[tuple[Any, Any]] = value.items() if kind is dict else ((None, item) for item in value)
    out.append(opening + inner)
    for i, (key, item) in enumerate(pairs):
        if i:
            out.append(separator)
        head = "" if key is None else encode_key(key) + ": "
        scalar = text_of(type(item))
        if scalar is not None:
            out.append(head + scalar(item))
        else:
            if head:
                out.append(head)
            _indented(item, level + 1, out)
    out.append("\n" + "  " * level + closing)


class Sink(typing.Protocol):
    """Where :func:`json_into` writes: a ``bytearray``, or a file written as it is made
    (:class:`briefer.output.Spool`)."""

    def __iadd__(self, data: bytes, /) -> typing.Self: ...


def _container(value: Any, depth: int) -> tuple[Iterable[tuple[str | None, Any]], bytes, bytes] | None:
    """A list (or a :class:`Lazy`) or a string-keyed dict to be written item by item within ``depth`` levels: its
    (key or None, item) pairs and its brackets; None for a value written whole."""
    if depth > 0 and isinstance(value, list | tuple | Lazy) and value:
        return ((None, item) for item in value), b"[", b"]"
    if depth > 0 and isinstance(value, dict) and value and all(type(k) is str for k in value):
        return value.items(), b"{", b"}"
    return None


def json_into(out: Sink, value: Any, depth: int, indent: int | None = None, level: int = 0) -> None:
    """``value`` as JSON at the end of ``out``: the text of ``json.dumps(value, ensure_ascii=False,
    indent=indent)`` (at nesting ``level``), its lists and string-keyed dicts down to ``depth`` levels
    written item by item, so that no whole copy of a large value's text is made
    (:func:`briefer.store.json_bytes`, :meth:`Codec.encode_json`). A :class:`Lazy` is written as the
    list of its items, made one at a time when it is within ``depth`` levels."""
    container = _container(value, depth)
    if container is not None:
        items, opening, closing = container
    elif indent == 2:  # briefing.json: the same text, made twice as fast (see _indented)
        pieces: list[str] = []
        _indented(value, level, pieces)
        out += "".join(pieces).encode("utf-8")
        return
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent, default=lazy_items)
        if indent is not None and level:  # its own lines indented as json.dumps would at this depth
            text = text.replace("\n", "\n" + " " * (indent * level))
        out += text.encode("utf-8")
        return
    inner = b"\n" + b" " * (indent * (level + 1)) if indent is not None else b""
    separator = b"," + inner if indent is not None else b", "
    out += opening + inner
    for i, (key, item) in enumerate(items):
        if i:
            out += separator
        if key is not None:
            out += json.dumps(key, ensure_ascii=False).encode("utf-8") + b": "
        json_into(out, item, depth - 1, indent, level + 1)
    out += (b"\n" + b" " * (indent * level) if indent is not None else b"") + closing


def _json_parts_of(out: bytearray, value: Any, depth: int, size: int) -> Iterator[bytearray]:
    """:func:`json_into` (without an indent) of ``value`` at the end of ``out``, ``out``'s text so far yielded
    (and ``out`` emptied) whenever it reaches ``size`` bytes between two items within ``depth`` levels."""
    container = _container(value, depth)
    if container is None:
        json_into(out, value, 0)
        return
    items, opening, closing = container
    out += opening
    for i, (key, item) in enumerate(items):
        if i:
            out += b", "
        if key is not None:
            out += json.dumps(key, ensure_ascii=False).encode("utf-8") + b": "
        yield from _json_parts_of(out, item, depth - 1, size)
        if len(out) >= size:
            yield bytearray(out)
            out.clear()
    out += closing


def _same(value: Any) -> Any:
    return value


def _iso(value: datetime) -> str:
    return value.isoformat()


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _number(kind: type) -> Encoder:
    """Numbers as they are (an int stays an int in a float field, as the model held it); NumPy's
    scalars, which JSON does not know, as the Python number of the field's type."""

    def encode(value: Any) -> Any:
        return value if type(value) in (int, float, bool) else kind(value)

    return encode


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    raise TypeError(f"a stored value has no {field.name!r}")


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError(f"expected an array, got {type(value).__name__}")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value
