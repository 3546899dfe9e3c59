"""``briefer init``: a new workspace, ready to run and to make one's own.

The starter files ship inside the package (``briefer/scaffold/``) and are
read with :mod:`importlib.resources`, so this works from an installed wheel.
The workspace gets a commented ``sources.yaml``, an ``inbox/`` folder source
with one sample article (so ``briefer run`` works at once), ``templates/``
with a README, an example override of one block and copies of the built-in
templates to read, and ``output/``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

log = logging.getLogger(__name__)

ORIGINALS = "templates/originals"
"""Where the copies of the built-in templates go (briefer does not read them there)."""


class WorkspaceExists(Exception):
    """Files of the workspace are already there; nothing was written."""


@dataclass(frozen=True)
class Scaffold:
    folder: Path
    written: tuple[Path, ...]


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    files = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name in ("__pycache__",) or child.name.endswith((".pyc", ".py")):
            continue
        name = f"{prefix}{child.name}"
        files.extend(_walk(child, name + "/") if child.is_dir() else [(name, child)])
    return files


def starter_files() -> list[tuple[str, bytes]]:
    """Every file of a new workspace, as (relative path, content)."""
    package = resources.files("briefer")
    files = [(name, item.read_bytes()) for name, item in _walk(package / "scaffold")]
    files += [(f"{ORIGINALS}/{name}", item.read_bytes()) for name, item in _walk(package / "templates")]
    return files


def _symlink_on_the_way(folder: Path, name: str) -> Path | None:
    """The first symbolic link (dangling or not) among ``folder/name`` and the folders leading to it."""
    path = folder
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            return path
        if not path.exists():
            return None
    return None


def _write_new(target: Path, content: bytes) -> None:
    """Write ``target`` as a plain file; a symbolic link put there meanwhile is refused, never followed."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(content)


def init_workspace(folder: Path, *, force: bool = False) -> Scaffold:
    """Write a new workspace into ``folder`` (created when missing).

    Raises :class:`WorkspaceExists`, writing nothing, when any of its files
    is already there, unless ``force`` (which replaces those files and leaves
    every other file alone).
    """
    files = starter_files()
    if folder.exists() and not folder.is_dir():
        raise WorkspaceExists(f"{folder} is a file, not a folder")
    links = sorted({link for name, _ in files if (link := _symlink_on_the_way(folder, name)) is not None})
    if links:
        raise WorkspaceExists(
            f"{links[0]} is a symbolic link; briefer init never writes through one (remove it first); nothing written"
        )
    clashes = [folder / name for name, _ in files if (folder / name).exists()]
    if clashes and not force:
        shown = ", ".join(str(p) for p in clashes[:3]) + (f" and {len(clashes) - 3} more" if len(clashes) > 3 else "")
        verb = "exists" if len(clashes) == 1 else "exist"
        raise WorkspaceExists(f"{shown} already {verb}; nothing written (use --force to replace them)")
    written = []
    for name, content in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_new(target, content)
        written.append(target)
    (folder / "output").mkdir(parents=True, exist_ok=True)
    log.info("workspace written to %s (%d files)", folder, len(written))
    return Scaffold(folder, tuple(written))
