"""Atomic file and directory outputs: readers never see a half-written file, failures leave old ones intact.

Outputs are built as temporary siblings and moved in with :func:`os.replace` (atomic within one file system).
Dependency-free, so any module (exports, diagrams, explorer pages, caches) can use it."""

from __future__ import annotations

import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import GutJointError

__all__ = ["atomic_dir", "atomic_file", "check_target", "write_atomic"]


def check_target(path: str | os.PathLike[str], *, force: bool, directory: bool = False) -> Path:
    """Refuse a target that exists (unless ``force``), has the wrong kind, or whose directory is missing or read-only.
    The overwrite rule of every ``-o`` option; recovers a killed run first. Raises :class:`GutJointError`."""
    target = Path(path)
    kind = "directory" if directory else "file"
    _recover(target)
    mode = os.lstat(target).st_mode if target.is_symlink() or target.exists() else stat.S_IFREG
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
        raise GutJointError(f"{target} is not a regular file (a device, FIFO or socket); it is never replaced")
    if target.exists() or target.is_symlink():
        if directory and not target.is_dir():
            raise GutJointError(f"{target} exists and is not a directory; choose another output path")
        if not directory and target.is_dir():
            raise GutJointError(f"{target} is a directory; this output is a single file")
        if not force:
            raise GutJointError(f"{target} already exists; use --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise GutJointError(f"cannot write {kind} {target}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GutJointError(f"cannot write {kind} {target}: directory {parent} is not writable")
    return target


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, force: bool = False, mode: str = "w") -> Iterator[Any]:
    """Open a temporary sibling of ``path`` for writing; on success it replaces ``path`` atomically.
    If the body raises, ``path`` is untouched. ``mode`` is ``"w"`` (UTF-8 text, ``\\n`` line endings) or ``"wb"``."""
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    target = check_target(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        encoding, newline = ("utf-8", "\n") if mode == "w" else (None, None)
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from exc
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically; refuse to overwrite without ``force``.
    Returns ``path``; raises :class:`GutJointError` for an existing target without ``force``."""
    with atomic_file(path, force=force, mode="wb" if isinstance(data, bytes) else "w") as fh:
        fh.write(data)
    return Path(path)


@contextmanager
def atomic_dir(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield an empty temporary directory next to ``path``; it becomes ``path`` on success, untouched if the body fails.
    With ``force`` the old one is swapped out via ``.NAME.old``; a run killed mid-swap is undone by the next write."""
    target = check_target(path, force=force, directory=True)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    old = target.with_name(f".{target.name}.old")
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; outputs get the usual permissions
        yield tmp
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
    except BaseException as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)  # put the previous output back
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from exc
        raise
    shutil.rmtree(old, ignore_errors=True)


def _prefix(target: Path) -> str:
    """Temporary siblings are ``.NAME.PID.XXXX.tmp``: the PID tells a live writer's from a killed one's."""
    return f".{target.name}.{os.getpid()}."


def _recover(target: Path) -> None:
    """Clean up after a killed write to ``target``: put back or delete ``.NAME.old`` (killed between
    the two renames of :func:`atomic_dir`) and delete temporary siblings whose process is gone."""
    old = target.with_name(f".{target.name}.old")
    if old.is_dir():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else _remove(str(leftover))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _cannot_write(target: Path, exc: OSError) -> GutJointError:
    """An operating-system failure while writing, as a one-line user error."""
    return GutJointError(f"cannot write {target}: {exc.strerror or exc}")


def _keep_mode(target: Path, tmp: str) -> None:
    """Give the new file the permissions of the one it replaces, or the umask default for new files."""
    if target.exists():
        shutil.copymode(target, tmp)
    else:
        os.chmod(tmp, 0o666 & ~_umask())


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
