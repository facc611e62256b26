"""Output files that are complete or absent: written aside, renamed into place at the end."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import platformdirs


def data_dir() -> Path:
    """Where veille keeps its gazetteer and default store (VEILLE_DATA_DIR overrides)."""
    return Path(os.environ.get("VEILLE_DATA_DIR") or platformdirs.user_data_dir("veille"))


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike, mode: str = "w") -> Iterator[TextIO]:
    """Write to a temporary file beside ``target`` and rename it over ``target`` on
    success; on any exception the target is untouched and the temporary file removed.
    ``-`` stands for standard output."""
    if str(target) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8",
                       newline=None if "b" in mode else "\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
