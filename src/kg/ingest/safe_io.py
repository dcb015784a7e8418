"""Read input files that strangers hand us without being hurt by them.

One helper, :func:`read_regular`, for every file kg reads on the user's behalf (dataset
CSVs, ``--rdf`` files, query files): it reads only regular files (after following
symbolic links), never blocks on a named pipe, never opens a device for reading, and
reads at most ``cap + 1`` bytes whatever ``stat`` claims, so a size cap holds against
``/dev/zero``, a growing file or a lying file system.

Problems are raised as :class:`FileRefused` (a message and a hint, no path); each caller
turns it into its own typed error with the path shown the way it shows paths.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
MAX_FILE_BYTES = 512 * 1024 * 1024  # the most kg reads from one dataset or RDF file
SPECIAL_HINT = "point kg at an ordinary file (it does not read pipes, devices or sockets)"


class FileRefused(Exception):
    """A file kg will not (or cannot) read, with what to do about it."""

    def __init__(self, message: str, hint: str = "", size: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.size = size  # set when the file is refused for its size


class TooLarge(FileRefused):
    """The file holds more than the cap."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse_os_error(exc: OSError, path: Path) -> FileRefused:
    code = exc.errno
    if code == errno.ELOOP:
        return FileRefused(
            "cannot read the file: it is a symbolic link loop",
            "point the link at a real file, or replace it with the file",
        )
    if code == errno.ENOENT and os.path.islink(path):
        return FileRefused(
            f"cannot read the file: it is a symbolic link to '{os.readlink(path)}', which does not exist",
            "point the link at a real file",
        )
    if code == errno.ENOENT:
        return FileRefused("cannot read the file: it does not exist")
    if code == errno.ENXIO:  # opening a socket
        return FileRefused("cannot read the file: it is a socket, not a regular file", SPECIAL_HINT)
    return FileRefused(f"cannot read the file: {exc.strerror or exc}")


def check_regular(path: str | Path) -> os.stat_result:
    """``stat`` (following links) and refuse anything but a regular file; never opens it."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _refuse_os_error(exc, path) from None
    except ValueError:  # an embedded NUL in the path
        raise FileRefused("cannot read the file: its name contains a NUL character") from None
    if not stat.S_ISREG(st.st_mode):
        kind = kind_of(st.st_mode)
        raise FileRefused(
            f"cannot read the file: it is {kind}, not a regular file", "" if kind == "a directory" else SPECIAL_HINT
        )
    return st


def read_regular(path: str | Path, cap: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``cap`` of them, or :class:`FileRefused`.

    Checks the file type before opening (a device is never opened), opens with
    ``O_NONBLOCK`` (a FIFO swapped in after the check cannot block), checks again on the
    open descriptor, and reads at most ``cap + 1`` bytes. Time and memory are O(cap).
    """
    path = Path(path)
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _refuse_os_error(exc, path) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the check and the open
            raise FileRefused(f"cannot read the file: it is {kind_of(st.st_mode)}, not a regular file", SPECIAL_HINT)
        if st.st_size > cap:
            raise TooLarge(f"file is {st.st_size} bytes, larger than the {cap} kg reads", size=st.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            try:
                chunk = os.read(fd, min(CHUNK, cap + 1 - total))
            except OSError as exc:
                raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:
            raise TooLarge(f"file holds more than the {cap} bytes kg reads", size=total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_path(path: str | Path) -> str | None:
    """Why ``path`` cannot be used as a directory, or None when it is one."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "is a symbolic link to a folder that does not exist"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "does not exist"
        return f"cannot be read: {exc.strerror or exc}"
    except ValueError:
        return "does not exist"
    if stat.S_ISDIR(st.st_mode):
        return None
    if stat.S_ISREG(st.st_mode):
        return "is a file, not a folder"
    return f"is {kind_of(st.st_mode)}, not a folder"


def open_regular(path: str | Path, buffering: int = 1 << 16) -> BinaryIO:
    """Open a regular file to stream it (a register of gigabytes), without blocking on a FIFO swapped in after
    the check: opened non-blocking, checked again on the open descriptor. Raises :class:`FileRefused`."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise FileRefused(f"cannot read the file: it is {kind_of(st.st_mode)}, not a regular file", SPECIAL_HINT)
    return os.fdopen(fd, "rb", buffering=buffering)
