"""The one error type users see: bad input, named by file and line."""
from __future__ import annotations


class InputError(Exception):
    """Input litgraph cannot use. The CLI prints it on one line and exits 2."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path = str(path)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
