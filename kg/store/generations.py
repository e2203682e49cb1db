"""Generations of the embedded store: a reader sees the last complete store, never one being written.

``OUT/store`` is a symbolic link to one folder of ``OUT/.store-generations/``
(a generation). A write never touches the generation readers have: it copies
it into the next one (hard links for RocksDB's table files, which RocksDB
never changes once written, so the copy takes milliseconds and no space),
writes there, stamps it complete (:data:`STAMP`) and then points the link at
it with one rename. A build killed on the way leaves the link where it was;
its half-written generation is removed by the next write. The generation
replaced is kept until the next write, for readers that still have it open.

A lock file in the generations folder lets one writer at a time in.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from pathlib import Path

from ..errors import StoreError

__all__ = ["Generation", "STAMP", "generations_of", "live_folder", "hold_lock", "release_lock"]

#: written in a generation when its write ended; a reader opens only a stamped store
STAMP = "kg-written"
_NOT_COPIED = {"LOCK", STAMP}  # RocksDB's own lock; the stamp says the new generation is complete


def generations_of(pointer: Path) -> Path:
    """The folder of the generations behind ``pointer`` (hidden: never read as articles)."""
    return pointer.parent / f".{pointer.name}-generations"


def live_folder(pointer: str | Path) -> Path:
    """The folder a reader opens for ``pointer``: the generation it names now. A reader must
    open this folder, not the link: RocksDB opens its files by name as it needs them."""
    return Path(os.path.realpath(pointer))


_HELD: dict[int, str] = {}  # descriptor -> lock file, of the locks this process holds


def hold_lock(path: Path, busy: str) -> int:
    """Take an exclusive lock on the file ``path`` without waiting; raises StoreError(``busy``)
    when another process (or this one) holds it. Returns the descriptor for :func:`release_lock`;
    the process's end, a kill included, releases it too. A POSIX record lock, which forked
    children (the extraction workers) do not inherit, so it goes when the build ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(path)
    if key in _HELD.values():
        raise StoreError(busy)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StoreError(busy) from None
        raise
    _HELD[fd] = key
    return fd


def release_lock(fd: int) -> None:
    """Release a lock :func:`hold_lock` took."""
    _HELD.pop(fd, None)
    os.close(fd)


def _number(folder: Path) -> int:
    return int(folder.name) if folder.name.isdigit() else -1


class Generation:
    """The next generation of the store behind ``pointer``, made from the current one;
    :meth:`commit` makes it the one readers open, :meth:`abort` removes it."""

    def __init__(self, pointer: str | Path) -> None:
        self.pointer = Path(pointer)
        self.root = generations_of(self.pointer)
        if self.pointer.exists() and not self.pointer.is_dir():
            raise StoreError(f"{self.pointer}: a file, not a store folder; remove it or give another --store")
        self.lock = hold_lock(self.root / "lock", f"{self.pointer}: the store is in use by another process "
                                                  "(a build?); stop it and retry")
        try:
            self.base = live_folder(self.pointer) if self.pointer.is_dir() else None
            self._remove_unfinished()
            numbers = [_number(p) for p in self.root.iterdir()]
            self.folder = self.root / f"{max([0, *numbers]) + 1:06d}"
            self.folder.mkdir()
            if self.base is not None:
                _copy(self.base, self.folder)
        except BaseException:
            self.abort()
            raise

    def _remove_unfinished(self) -> None:
        """Generations newer than the live one: builds that stopped before their swap."""
        for p in self.root.iterdir():
            if p.is_dir() and p != self.base and _number(p) >= 0 and not (p / STAMP).is_file():
                shutil.rmtree(p, ignore_errors=True)

    def commit(self) -> None:
        """Stamp the new generation complete and point ``pointer`` at it; keep the one it replaces."""
        tmp = self.folder / f".{STAMP}.{os.getpid()}"
        tmp.write_text(f"{time.time_ns()}-{os.getpid()}\n", encoding="ascii")
        os.replace(tmp, self.folder / STAMP)
        _fsync_dir(self.folder)
        if self.pointer.is_dir() and not self.pointer.is_symlink():  # a store of an older kg: a plain folder
            os.rename(self.pointer, self.root / "legacy")  # kept until the next write, like a generation
        link = self.pointer.with_name(f".{self.pointer.name}.link-{os.getpid()}")
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(self.folder, self.pointer.parent), link)
        os.replace(link, self.pointer)  # one rename: a reader opens the old generation or the new
        _fsync_dir(self.pointer.parent)
        for p in self.root.iterdir():  # all but the new one and the one readers may still have open
            if p.is_dir() and p not in (self.folder, self.base):
                shutil.rmtree(p, ignore_errors=True)
        self._release()

    def abort(self) -> None:
        """Remove the new generation; the store stays as it was."""
        folder = getattr(self, "folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self.lock >= 0:
            release_lock(self.lock)
            self.lock = -1


def _copy(src: Path, dst: Path) -> None:
    """A copy of a closed RocksDB folder that ``dst``'s writes cannot change: table files
    hard-linked (immutable), the rest (manifest, logs, options) copied."""
    for entry in os.scandir(src):
        if entry.name in _NOT_COPIED or entry.name.startswith(".") or not entry.is_file():
            continue
        target = dst / entry.name
        if entry.name.endswith(".sst"):
            try:
                os.link(entry.path, target)
                continue
            except OSError:  # another file system, or no hard links there: copy it
                pass
        shutil.copy2(entry.path, target)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
