"""Publish a day's editions whole: stage them beside the day's folder, then swap the two.

A reader of ``output/<YYYY-MM-DD>/`` (a person, a web server, ``briefer
send``) sees the day's previous complete set of editions or the new complete
set, never a mixture: not when SIGTERM or Ctrl-C stops a run while it writes,
not when the disk fills up half way, not when the power goes.

How: every file of the run is written into a staging folder next to the day's
folder (``output/.<day>.staging-<pid>-<random>/``, same file system), with
the files of the day that this run does not rewrite (another audience, a
format not asked for this time) linked in from the current folder. Then the
two folders are exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``;
elsewhere two renames, with Ctrl-C and SIGTERM held off between them), and
the old set, now in the staging folder's place, is removed. A failure or a
signal before the exchange removes the staging folder and leaves the day as
it was. A run killed outright (SIGKILL) leaves its staging folder behind; the
next publish of that day removes it, and puts back a day folder that two
renames had moved aside.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from briefer.output import WrittenFile

log = logging.getLogger(__name__)

PAUSE_ENV = "BRIEFER_TEST_PAUSE_PUBLISH"
"""Test hook: a folder holding two FIFOs, ``staged`` and ``resume``. When set, publishing writes the
name of its first staged file to ``staged`` and then waits until ``resume`` is opened and closed, so
a test can stop a real run in the middle of writing, deterministically."""

_LEFTOVER = re.compile(r"^\.(?P<day>\d{4}-\d{2}-\d{2})\.(?P<kind>staging|old)-(?P<pid>\d+)-")


def stage(output: Path, day: date) -> Path:
    """A new, empty staging folder for ``day`` in ``output`` (the day's folder's file system)."""
    output.mkdir(parents=True, exist_ok=True)
    _tidy(output, day)
    return Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}.staging-{os.getpid()}-", dir=output))


def write_staged(staging: Path, relative: str, content: bytes | bytearray | WrittenFile) -> Path:
    """Write one file into ``staging`` (``<audience>/briefing.md``), flushed to disk; a file written
    there already as it was made (a :class:`briefer.output.WrittenFile` at that place) is left as it is."""
    target = staging / relative
    if isinstance(content, WrittenFile) and content.path == target:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(target, 0o644)
    _pause_for_tests(relative)
    return target


def publish(staging: Path, output: Path, day: date) -> None:
    """Make ``staging`` the day's folder: what it lacks is carried over from the current folder,
    then the two are swapped and the old set removed. ``staging`` is gone afterwards, and also when
    this fails or is interrupted before the swap (the day's folder then is as it was)."""
    day_dir = output / day.isoformat()
    try:
        if day_dir.is_dir() and not day_dir.is_symlink():
            _carry_over(day_dir, staging)
        _fsync_dir(staging)
        with _signals_held():
            old = _swap(staging, day_dir, output, day)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync_dir(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_day(
    output: Path, day: date, files: Mapping[str, bytes | bytearray | WrittenFile], staging: Path | None = None
) -> list[Path]:
    """Publish ``files`` (``"<audience>/briefing.md": bytes``, ...) as the day's new set; the other
    files of the day stay. Returns the published paths, in the order given.

    ``staging``: the day's staging folder (:func:`stage`) when some files were written there already
    as they were made; it is published, or removed on a failure, as one made here would be."""
    staging = staging or stage(output, day)
    try:
        for relative, content in files.items():
            write_staged(staging, relative, content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(staging, output, day)
    return [output / day.isoformat() / relative for relative in files]


def _carry_over(current: Path, staging: Path) -> None:
    """Link (or copy) into ``staging`` every file of ``current`` that ``staging`` does not have.

    Published files are only ever replaced, never changed in place, so a hard link is a copy."""
    for source in sorted(current.rglob("*")):
        relative = source.relative_to(current)
        target = staging / relative
        if source.is_symlink():
            if not target.exists() and not target.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(os.readlink(source), target)
        elif source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)


def _swap(staging: Path, day_dir: Path, output: Path, day: date) -> Path | None:
    """Put ``staging`` in ``day_dir``'s place in one step; the old folder's new path, if any."""
    if not day_dir.exists() and not day_dir.is_symlink():
        try:
            os.rename(staging, day_dir)  # atomic; fails if the folder appeared meanwhile
            return None
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    if _exchange(staging, day_dir):
        return staging  # the old set now sits where the staging folder was
    aside = Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}.old-{os.getpid()}-", dir=output))
    os.rename(day_dir, aside / "day")
    os.rename(staging, day_dir)
    return aside


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2_lock = threading.Lock()
_renameat2: object | None = None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically with Linux's ``renameat2``; False where it is not available."""
    global _renameat2
    with _renameat2_lock:
        if _renameat2 is None:
            try:
                _renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", False)
            except (OSError, AttributeError):
                _renameat2 = False
    function = _renameat2
    if not function:
        return False
    result = function(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # a kernel or file system without the exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM off (main thread) while the day's folder changes hands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _tidy(output: Path, day: date) -> None:
    """Remove what a killed run left for ``day``: staging folders, and an old set moved aside
    (put back when the day's folder is missing)."""
    day_dir = output / day.isoformat()
    for entry in sorted(output.iterdir()):
        match = _LEFTOVER.match(entry.name)
        if not match or match["day"] != day.isoformat() or _alive(int(match["pid"])):
            continue
        if match["kind"] == "old" and (entry / "day").is_dir() and not day_dir.exists():
            log.warning("%s: the day's editions were moved aside by a run that was killed; put back", day_dir)
            os.rename(entry / "day", day_dir)
        log.info("removed %s, left by a run that was killed", entry)
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_paused = False


def _pause_for_tests(relative: str) -> None:
    global _paused
    folder = os.environ.get(PAUSE_ENV)
    if not folder or _paused:
        return
    _paused = True
    with open(Path(folder) / "staged", "w", encoding="utf-8") as fifo:
        fifo.write(relative + "\n")
    with open(Path(folder) / "resume", encoding="utf-8") as fifo:
        fifo.read()
