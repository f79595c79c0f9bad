"""Files that appear whole or not at all.

A file is written beside its destination under a temporary name, then renamed over it
(`os.replace` is atomic on one file system), so a reader or a failed run never leaves half a file
behind. The finished file gets the permissions any new file would get (the temporary one is
private to its owner).
"""

from __future__ import annotations

import os
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


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to `path` when the block ends without an error,
    removed when it raises."""
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
