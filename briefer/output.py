"""Where editions land: ``<output>/<YYYY-MM-DD>/<audience>/briefing.<format>``. A day's editions are
published as one set (briefer.publish: staged beside the day's folder, then swapped), and every other
file is written atomically (a temporary file in the same folder, then a rename), so a reader sees the
old file or the new one, never half of one."""

from __future__ import annotations

import logging
import mmap
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from briefer.render import Edition

log = logging.getLogger(__name__)

FormatName = Literal["md", "pdf", "json", "html"]
"""The files an edition can have: ``briefing.<format>``."""
FORMATS: tuple[FormatName, ...] = get_args(FormatName)


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


SPOOL_BUFFER = 1 << 20
"""Bytes a :class:`Spool` gathers before it writes them out."""


class WrittenFile(mmap.mmap):
    """A file of an edition that was written where it is published from (a staging folder) as it was
    made, rather than held in memory: its bytes are read from the file, mapped, only by whoever
    reads them (the store's digest of the edition), and the pages are let go with :meth:`close`.
    ``path``: the file."""

    path: Path


class Spool:
    """A file written as it is made (``spool += data``), a megabyte at a time: briefing.json's 100 MB at
    10,000 articles are never held whole (docs/performance.md, "Fifth pass"). :meth:`done` flushes it to
    disk and gives it back as a :class:`WrittenFile`; on an error the caller removes the folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._handle = open(path, "wb")  # closed by done, or by abandon on an error
        self._buffer = bytearray()

    def __iadd__(self, data: bytes | bytearray) -> Spool:
        self._buffer += data
        if len(self._buffer) >= SPOOL_BUFFER:
            self._flush()
        return self

    def _flush(self) -> None:
        self._handle.write(self._buffer)
        self._buffer.clear()

    def done(self) -> WrittenFile:
        try:
            self._flush()
            self._handle.flush()
            os.fsync(self._handle.fileno())
        finally:
            self._handle.close()
        os.chmod(self.path, 0o644)
        with open(self.path, "rb") as handle:
            written = WrittenFile(handle.fileno(), 0, access=mmap.ACCESS_READ)
        written.path = self.path
        return written

    def abandon(self) -> None:
        """Close the file without finishing it (the caller removes it, with its folder)."""
        self._handle.close()


def edition_dir(output: Path, day: date, audience: str) -> Path:
    """The folder of one audience's edition of ``day``."""
    return output / day.isoformat() / audience


def write_editions(editions: Sequence[Edition], output: Path, day: date, staging: Path | None = None) -> list[Path]:
    """Every file of every edition, published as the day's new set in one swap (see briefer.publish):
    readers see the day's previous editions or the new ones, never half of them. The paths written,
    in order. ``staging``: the day's staging folder, where the editions' files written as they were
    made are (:func:`briefer.publish.write_day`)."""
    from briefer.publish import write_day

    if not editions:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        return []
    files = {f"{e.audience}/{name}": data for e in editions for name, data in e.files.items()}
    return write_day(output, day, files, staging)


def update_archive(output: Path, title: str) -> None:
    """The output folder's index.html and feed.xml, brought up to date (see briefer.archive)."""
    from briefer.archive import update_archive as update

    try:
        update(output, title)
    except OSError as exc:
        log.warning("archive: cannot write index.html and feed.xml in %s (%s)", output, exc)
