"""Writing output files whole or not at all.

Every file litgraph writes goes to a temporary file in the target folder and
is renamed over the target only when complete, so an interrupted run or a
full disk never leaves half a file behind.
"""
from __future__ import annotations

import os
import tempfile

from .errors import InputError


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(path, f"cannot write: folder {folder} does not exist")
    if os.path.isdir(path):
        raise InputError(path, "cannot write: it is a folder")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=".litgraph-", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
