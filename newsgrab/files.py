"""Writing a file a person asked for (export -o, diff --html, --chart): one writer with one set of rules.

The file appears whole or not at all (a temporary file beside it, renamed into place), gets the usual
mode (0666 less the umask), a symlink is followed and its target replaced, a device or FIFO is written
directly (never replaced by a file), and a missing folder or a folder named as the file is one line."""

from __future__ import annotations

import glob
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import ExportError


def _open(target: Any, binary: bool) -> IO[Any]:
    return open(target, "wb") if binary else open(target, "w", encoding="utf-8", newline="")


@contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """stdout; or, for a regular file (or a new one), a temporary file beside it renamed into place only
    when writing succeeded. A device, FIFO or /dev/stdout is written directly (never replaced by a file);
    a symlink is followed and its target replaced. Files get the usual mode (0666 less the umask)."""
    if path is None or path == "-":
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise ExportError(f"cannot write {path}: it is a directory")
        with _open(target, binary) as fh:  # a device or FIFO: written as it is
            yield fh
        return
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {path}: directory {target.parent} does not exist")
    _clean_stale_parts(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with _open(fd, binary) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _clean_stale_parts(target: Path, older_than: float = 3600) -> None:
    """Remove .NAME.*.part files left by exports killed over an hour ago."""
    now = time.time()
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if now - part.stat().st_mtime > older_than:
                part.unlink()
        except OSError:
            pass
