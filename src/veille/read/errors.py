"""The one error readers raise: what could not be read, where."""
from __future__ import annotations


class ReadError(Exception):
    """An input (a file, or one line of it) that could not become an Article."""

    def __init__(self, origin: str, message: str, line: int | None = None):
        super().__init__(message)
        self.origin = origin
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{where}: {self.message}"
