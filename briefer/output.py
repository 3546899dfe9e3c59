"""Where editions land: ``<output>/<YYYY-MM-DD>/<audience>/briefing.<format>``. A day's editions are
published as one set (briefer.publish: staged beside the day's folder, then swapped), and every other
file is written atomically (a temporary file in the same folder, then a rename), so a reader sees the
old file or the new one, never half of one."""

from __future__ import annotations

import logging
import os
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


def edition_dir(output: Path, day: date, audience: str) -> Path:
    """The folder of one audience's edition of ``day``."""
    return output / day.isoformat() / audience


def write_editions(editions: Sequence[Edition], output: Path, day: date) -> list[Path]:
    """Every file of every edition, published as the day's new set in one swap (see briefer.publish):
    readers see the day's previous editions or the new ones, never half of them. The paths written,
    in order."""
    from briefer.publish import write_day

    if not editions:
        return []
    return write_day(output, day, {f"{e.audience}/{name}": data for e in editions for name, data in e.files.items()})


def update_archive(output: Path, title: str) -> None:
    """The output folder's index.html and feed.xml, brought up to date (see briefer.archive)."""
    from briefer.archive import update_archive as update

    try:
        update(output, title)
    except OSError as exc:
        log.warning("archive: cannot write index.html and feed.xml in %s (%s)", output, exc)
