"""Replace a whole output directory in one atomic step.

``kg build`` writes every output into a new sibling directory
(``.NAME.kg-new-XXXXXX``) and then swaps it with ``NAME`` in one system call —
``renameat2(RENAME_EXCHANGE)`` on Linux (glibc ≥ 2.28) — so a reader, a crash or a
``SIGKILL`` at any moment sees either the whole old set or the whole new set, never a
mix. Where the exchange is unavailable the old directory is renamed away and the new
one renamed in (two renames; a kill between them leaves NAME missing, never mixed).

Builds into the same directory are serialised by an ``fcntl`` lock on the parent
directory itself (no lock file is left behind); a staging directory exists only while its
build holds the lock, so whatever staging or old directory is found under the lock was left by a
killed build and is removed. ``NAME`` stays an ordinary directory. Files in the old
directory that the new build does not write (e.g. pages from ``kg render``) are carried
over by hard link (copied where links are not possible).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

from kg.errors import UsageError

NEW_MARK = ".kg-new-"
OLD_MARK = ".kg-old-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def litter_names(name: str) -> tuple[str, str]:
    """Prefixes of the staging and old directories of the output directory ``name``."""
    return f".{name}{NEW_MARK}", f".{name}{OLD_MARK}"


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    fn.restype = ctypes.c_int
    return fn


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def check_target(target: Path) -> Path:
    """The real path of an output directory that can be replaced, or UsageError saying why not."""
    shown = str(target)
    try:
        real = Path(os.path.realpath(target))
    except (OSError, RuntimeError, ValueError):
        raise UsageError(f"--out {shown} cannot be used: it is a symbolic link loop") from None
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"--out {shown} cannot be used: {exc.strerror or exc}") from None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise UsageError(f"--out {shown} is a file, not a folder; give a folder for the outputs")
    if real.parent == real:
        raise UsageError(f"--out {shown} cannot be the root of the file system")
    try:
        cwd = Path(os.getcwd()).resolve()
    except OSError:
        cwd = None
    if cwd is not None and (cwd == real or real in cwd.parents):
        raise UsageError(
            f"--out {shown} is the working folder or holds it; kg replaces the whole --out folder, "
            "so give the outputs a folder of their own (e.g. --out outputs)"
        )
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder for --out {shown}: {exc.strerror or exc}") from None
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to {real.parent}: permission denied (kg needs to write beside --out {shown})")
    return real


@contextlib.contextmanager
def _locked(parent: Path) -> Iterator[None]:
    """An exclusive lock on the directory ``parent`` (flock on its descriptor): builds into it take turns."""
    try:
        fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise UsageError(f"cannot open the folder {parent} to lock it: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove_litter(parent: Path, name: str) -> None:
    """Staging and old directories of killed builds (only ever called under the lock)."""
    prefixes = litter_names(name)
    with os.scandir(parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _carry_over(old: Path, new: Path, drop: Collection[str] = ()) -> None:
    """Link files of the old directory that the new one lacks (no temp litter, none named in ``drop``) into it."""
    with os.scandir(old) as entries:
        for entry in entries:
            if entry.name.endswith(".tmp") and entry.name.startswith("."):
                continue  # temp files of builds before the directory switch
            if entry.name in drop:
                continue  # an output this build chose not to write: an old one would not match the rest
            dest = new / entry.name
            if os.path.lexists(dest):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, dest, symlinks=True, copy_function=_link_or_copy)
            elif entry.is_symlink():
                os.symlink(os.readlink(entry.path), dest)
            else:
                _link_or_copy(entry.path, dest)


def _link_or_copy(src: str, dst: str | Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _fsync_tree(root: Path) -> None:
    """Flush every file and directory under ``root`` to disk before it is switched in."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing_directory(target: str | Path, drop: Collection[str] = ()) -> Iterator[Path]:
    """Yield an empty staging directory; on a clean exit, switch it in as ``target`` atomically.

    On an exception the staging directory is removed and ``target`` is untouched. Files of the old
    ``target`` that the new one lacks are carried over, except those named in ``drop``.
    """
    target = check_target(Path(target))
    parent, name = target.parent, target.name
    new_prefix, old_prefix = litter_names(name)
    with _locked(parent):
        _remove_litter(parent, name)
        stage = Path(tempfile.mkdtemp(prefix=new_prefix, dir=parent))
        try:
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o777 & ~umask
            os.chmod(stage, mode)
            yield stage
            if target.is_dir():
                _carry_over(target, stage, drop)
            _fsync_tree(stage)
            _switch(stage, target, parent / f"{old_prefix}{stage.name[len(new_prefix) :]}")
            _fsync_dir(parent)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # after a swap it holds the old outputs


def _switch(stage: Path, target: Path, old: Path) -> None:
    """Make ``stage`` the ``target`` directory; afterwards ``stage`` holds the old one (or nothing)."""
    if not os.path.lexists(target):
        os.rename(stage, target)
        return
    if exchange(stage, target):
        return
    os.rename(target, old)  # fallback: two renames, never a mix
    os.rename(stage, target)
    os.rename(old, stage)
