"""Reading text files the way users have them: any common encoding, any newline.

Bad files (missing, empty, binary) raise InputError with a message a user can
act on; a file that is not UTF-8 is still read, with a warning that names the
first line that is not.

Only regular files are read (a FIFO would block forever, /dev/zero never
ends), and at most MAX_BYTES of one file. Control characters other than tab,
newline and form feed are dropped from the text: no bibliographic text needs
them, and they must not reach a terminal, an XML file or a page.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
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


# A generous cap on one input file: the largest database exports people
# keep in one file are a few hundred MB.
MAX_BYTES = 512 * 1024 * 1024
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# A well-formed multi-byte UTF-8 character: a file with one is UTF-8 where it can be.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_bytes(exc: UnicodeDecodeError) -> tuple[str, int]:
    """The bytes UTF-8 refused, each read as cp1252 (Latin-1 where cp1252 has no character)."""
    bad = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", "strict") if b not in _CP1252_UNDEFINED else chr(b)
                   for b in bad), exc.end


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
codecs.register_error("litgraph-cp1252", _cp1252_bytes)


@dataclass(slots=True)
class Text:
    path: str
    text: str
    encoding: str
    # Line of the first byte that was not valid UTF-8, when read otherwise.
    first_bad_line: int | None = None


def read_text(path: str | os.PathLike) -> Text:
    """Read a text file; raise InputError for what cannot be text."""
    return decode(os.fspath(path), read_bytes(path))


def read_bytes(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit`, default MAX_BYTES); InputError otherwise."""
    path = os.fspath(path)
    limit = MAX_BYTES if limit is None else limit
    data, size = _read_regular(path, limit + 1, limit)
    if len(data) > limit:
        raise InputError(path, f"is too large (litgraph reads at most {limit / 2**20:,.0f} MB of one file)")
    return data


def read_head(path: str | os.PathLike, length: int) -> tuple[bytes, int]:
    """The first `length` bytes of a regular file and its size (what sniffers look at)."""
    return _read_regular(os.fspath(path), length, MAX_BYTES)


def _read_regular(path: str, length: int, limit: int) -> tuple[bytes, int]:
    """Up to `length` bytes of `path`, refused unless it is a regular file of at most `limit` bytes."""
    if "\x00" in path:
        raise InputError(path.replace("\x00", "\\0"), "is no file name (it holds a NUL byte)")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, f"is {_kind(st.st_mode)}, not a regular file; litgraph reads only files")
        if st.st_size > limit:
            raise InputError(path, f"is too large ({st.st_size / 2**20:,.0f} MB; litgraph reads at most "
                                   f"{limit / 2**20:,.0f} MB of one file)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read(length)  # a file that grew since fstat is still capped
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    return data, st.st_size


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


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
    if _UTF8_SEQUENCE.search(data):
        # Mixed: UTF-8 with some lines in cp1252 (exports joined from two sources, a record
        # edited on Windows). Decoding all of it as cp1252 would garble every UTF-8 letter;
        # only the bytes that are not UTF-8 are read as cp1252.
        text, enc = data.decode("utf-8", "litgraph-cp1252"), "cp1252 where it is not UTF-8"
    else:
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
    """Unix newlines, and no control characters but tab, newline and form feed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufeff" in text:  # the BOM of a file joined onto the end of another (cat a.txt b.txt)
        text = text.replace("\n\ufeff", "\n")
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text
