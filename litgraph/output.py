"""Writing output files whole or not at all, and human output free of terminal control codes.

Every file litgraph writes goes to a temporary file beside its target and is
renamed over the target only when complete, so an interrupted run or a full
disk never leaves half a file behind:

- a symlink is written through: the file it points to is replaced, the link stays;
- an existing file keeps its permission bits (a new one gets 0666 less the umask,
  as any program's would);
- what is not a regular file (a device such as /dev/null, a FIFO, a socket) is
  refused, never replaced;
- the temporary file is removed whatever stops the write (an error, Ctrl-C);
- `atomic_write_many` writes a set of files (what `build` writes) to
  temporaries first and renames them only when all are written, so a failure
  leaves the old set, not a mix of old and new.

`terminal_safe` removes control characters from text meant for people: a title
holding an escape sequence must not retitle or redraw the user's terminal.
"""
from __future__ import annotations

import io
import os
import re
import stat
import tempfile

from .errors import InputError

_PREFIX = ".litgraph-"


def cache_dir(*parts: str) -> str:
    """litgraph's folder `parts` in the user's cache ($XDG_CACHE_HOME, else ~/.cache): what can be
    made again (the stores' registry, what a model file reads as) and is only kept to save time."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "litgraph", *parts)


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    atomic_write_many({path: data})


def atomic_write_many(files: dict) -> None:
    """Write every file of `files` (path -> str or bytes), then replace them together.

    Nothing is replaced until every temporary file is written and flushed: a
    full disk or Ctrl-C leaves all the old files as they were."""
    plan = [(os.fspath(p), _target(os.fspath(p)), d) for p, d in files.items()]
    written: list[tuple[str, str, str]] = []  # (as given, real target, temporary)
    try:
        for given, target, data in plan:
            written.append((given, target, _write_temporary(given, target, data)))
        for given, target, tmp in written:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise InputError(given, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        for _, _, tmp in written:
            _remove(tmp)
        raise


def _target(path: str) -> str:
    """The file a write to `path` replaces: symlinks followed; folders, devices and FIFOs refused."""
    if "\x00" in path:
        raise InputError(path.replace("\x00", "\\0"), "cannot write: the name holds a NUL byte")
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, "cannot write: it is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, f"cannot write: it is {_kind(st.st_mode)}, not a regular file; "
                                   "litgraph replaces files whole and will not replace it "
                                   "(leave out -o to print to standard output)")
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise InputError(path, f"cannot write: folder {os.path.dirname(os.path.abspath(path))} does not exist")
    return real


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _write_temporary(given: str, target: str, data: str | bytes) -> str:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_PREFIX, dir=folder)
    except OSError as exc:
        raise InputError(given, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise InputError(given, f"cannot write: {exc.strerror or exc}") from None
        raise
    return tmp


def _mode_for(target: str) -> int:
    """The target's own permission bits, or what a new file would get under the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --- human output ----------------------------------------------------------------

# C0 controls but tab and newline, DEL and C1 controls. Removing the control
# characters alone disarms an escape sequence: what is left ("]0;title") is
# plain text, and no legitimate text is swallowed with it.
# A character class first, so the engine scans for it at C speed; an ESC takes its SGR
# tail ("[...m") along when it has one (2.5x faster than an alternation that opens with ESC).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f](?:(?<=\x1b)\[[0-9;]*m)?")
# litgraph's own colours: SGR sequences, the only escapes it writes itself.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def terminal_safe(text: str, keep_colour: bool = False) -> str:
    """`text` without control characters or escape sequences (tab and newline stay).

    keep_colour keeps SGR colour sequences (ESC [ ... m), which only colour
    text: litgraph colours its own reports on a terminal."""
    if len(text) > 100_000 and control_free(text):
        return text  # (a long report, a JSON file: most hold none)
    if keep_colour:
        return _CONTROL.sub(lambda m: m.group(0) if _SGR.fullmatch(m.group(0)) else "", text)
    return _CONTROL.sub("", text)


# _CONTROL's characters in UTF-8: C0 but tab and newline, and DEL, are single bytes;
# the C1 controls U+0080-U+009F are 0xC2 followed by 0x80-0x9F.
_C0_DEL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def control_free(text: str) -> bool:
    """Does `text` hold no character _CONTROL removes? Found by byte operations
    on its UTF-8 (a regular expression over a long text scans it several times
    slower)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _C0_DEL_BYTES)) != len(data):
        return False
    return b"\xc2" not in data or _C1_BYTES.search(data) is None


class SafeStream(io.TextIOBase):
    """A text stream that passes what is written through `terminal_safe` (colours kept).

    The command line wraps standard output and error in it, so that no text
    from an input file, a file name or a message reaches the terminal as a
    control code, whichever command prints it."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("SafeStream takes text")
        self._stream.write(terminal_safe(s, keep_colour=True))
        return len(s)

    def flush(self):
        self._stream.flush()

    def isatty(self):
        return self._stream.isatty()

    def fileno(self):
        return self._stream.fileno()

    def writable(self):
        return True

    @property
    def encoding(self):
        return self._stream.encoding

    @property
    def errors(self):
        return self._stream.errors
