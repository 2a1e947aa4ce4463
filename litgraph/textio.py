"""Reading text files the way users have them: any common encoding, any newline.

Bad files (missing, empty, binary) raise InputError with a message a user can
act on; a file that is not UTF-8 is still read, with a warning that names the
first line that is not.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError

# Magic numbers of binary files people mistake for text, and what to say.
_BINARY_HINTS = (
    (b"%PDF", "a PDF file: extract its text first (for example with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx?): save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Office document: save it as plain text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"\x1f\x8b", "a gzip archive: decompress it first"),
)


@dataclass(slots=True)
class Text:
    path: str
    text: str
    encoding: str
    # Line of the first byte that was not valid UTF-8, when read otherwise.
    first_bad_line: int | None = None


def read_text(path: str | os.PathLike) -> Text:
    """Read a text file; raise InputError for what cannot be text."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return decode(path, data)


def binary_hint(data: bytes) -> str | None:
    """What a binary file plainly is ('a PNG image, not text'), from its magic number."""
    for magic, what in _BINARY_HINTS:
        if data.startswith(magic):
            return what
    return None


def decode(path: str, data: bytes) -> Text:
    if not data.strip():
        raise InputError(path, "is empty")
    hint = binary_hint(data)
    if hint:
        raise InputError(path, f"is {hint}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not valid UTF-16 ({exc.reason} at byte {exc.start})") from None
        return _checked(Text(path, _newlines(text.lstrip("\ufeff")), "utf-16"))
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "is a binary file, not text (NUL byte)", line)
    try:
        text = data.decode("utf-8")
        return _checked(Text(path, _newlines(text.lstrip("\ufeff")), "utf-8"))
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
    # cp1252 covers Latin-1's printable range plus Windows quotes and dashes;
    # a byte cp1252 leaves undefined falls back to plain Latin-1.
    try:
        text, enc = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, enc = data.decode("latin-1"), "latin-1"
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 50):
        raise InputError(path, "is a binary file, not text", bad_line)
    return _checked(Text(path, _newlines(text), enc, bad_line))


def _checked(text: Text) -> Text:
    """A file of nothing but whitespace (a BOM, no-break spaces) is empty too."""
    if not text.text.replace("\ufeff", "").strip():
        raise InputError(text.path, "is empty")
    return text


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
