"""Output files: checked before any work is done, and then written whole or not at all.

An output path must name a regular file (or nothing yet) in a folder that exists and can be
written: a folder, a named pipe, a device or a symbolic link is refused, since writing there would
hang, damage something else or land outside the place named. A file is written beside its
destination under a temporary name, then renamed over it (`os.replace` is atomic on one file
system), so a reader or a failed run never leaves half a file behind. The finished file gets the
permissions any new file would get (the temporary one is private to its owner).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coalition.errors import CoalitionError


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


NEW_FILE_MODE = 0o666 & ~_read_umask()  # read once: setting the umask is process-wide


_KINDS = (
    (stat.S_ISDIR, "is a folder; give a file name"),
    (stat.S_ISLNK, "is a symbolic link; give the path of a regular file"),
    (stat.S_ISFIFO, "is a named pipe; give the path of a regular file"),
    (stat.S_ISCHR, "is a device; give the path of a regular file"),
    (stat.S_ISBLK, "is a device; give the path of a regular file"),
    (stat.S_ISSOCK, "is a socket; give the path of a regular file"),
)


def check_output(path: Path | str, option: str = "") -> Path:
    """`path` if a file can be written there, else a `CoalitionError` that names `option` (the
    flag or field it came from) and says why; call it before the work whose result it holds."""
    path = Path(path)
    named = f"{option} {path}" if option else str(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CoalitionError(f"{named}: cannot use this path: {exc.strerror or exc}") from None
    if mode is not None:
        for test, why in _KINDS:
            if test(mode):
                raise CoalitionError(f"{named}: {why}")
    folder = path.parent
    if not folder.is_dir():
        raise CoalitionError(f"{named}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CoalitionError(f"{named}: cannot write in the folder {folder}")
    return path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to `path` when the block ends without an error,
    removed when it raises. `path` is checked again first (`check_output`)."""
    check_output(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    partial = Path(name)
    try:
        try:
            os.fchmod(fd, NEW_FILE_MODE)
        finally:
            os.close(fd)
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # gone already if the rename happened


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically; a failure names the file."""
    try:
        with atomic_path(path) as partial:
            partial.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CoalitionError(f"cannot write {path}: {exc.strerror or exc}") from exc
