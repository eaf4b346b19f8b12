"""Where rapatgen writes its own state (`.rapatgen/`: caches, calendar SEQUENCE, the output journal,
locks) and its outputs — never outside the project, not even through a symlink the user made.

`outside_link(root, folder)` finds the symlink through which a folder rapatgen would write into
leaves the project; `refuse_outside(root, folders)` says so for all of them at once, *before*
anything is written; `lock_path(root, name)` is where a lock file goes (`.rapatgen/kunci/`, not
beside the file it guards, where users commit it to git).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from rapatgen.text.errors import RapatgenError, display_path

STATE_DIR = ".rapatgen"
LOCKS = "kunci"


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


class _RealPaths:
    """`os.path.realpath`, remembering what it resolved: a path whose parent was resolved before and that is
    not itself a symlink is the parent's real path and its name — one `lstat` instead of one per component
    (the build checks every meeting's folder in outputs/: 500 folders took 5,000 `lstat`)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, path) -> str:
        text = os.fspath(path)
        hit = self.known.get(text)
        if hit is not None:
            return hit
        parent, name = os.path.split(text)
        base = self.known.get(parent) if os.path.isabs(text) and name not in ("", ".", "..") else None
        real = None
        if base is not None:
            try:
                if not stat.S_ISLNK(os.lstat(text).st_mode):
                    real = os.path.join(base, name)
            except FileNotFoundError:
                real = os.path.join(base, name)  # as realpath: a missing last part is kept as written
            except OSError:
                pass
        if real is None:
            real = os.path.realpath(text)
        self.known[text] = real
        return real


def outside_link(root: Path, folder: Path, realpath=None) -> Path | None:
    """The symlink (the first one on the way down from `root`) through which `folder` — existing or not —
    leads out of the project; None when it stays inside. `realpath`: a `_RealPaths` shared by several calls."""
    realpath = realpath or os.path.realpath
    root = Path(root)
    root_real = realpath(root)
    if _inside(realpath(folder), root_real):
        return None
    try:
        parts = Path(os.path.abspath(folder)).relative_to(os.path.abspath(root)).parts
    except ValueError:
        return Path(folder)
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink() and not _inside(realpath(here), root_real):
            return here
    return Path(folder)


class OutsideProject(RapatgenError):
    """A folder rapatgen writes into leads out of the project through a symlink."""


def outside_message(links: list[Path]) -> str:
    lines = [f"{display_path(link)} adalah tautan simbolik ke luar folder proyek (ke {os.path.realpath(link)})"
             for link in links]
    return ("; ".join(lines) + " — hapus tautan itu (atau ganti dengan folder biasa di dalam proyek); rapatgen "
            "tidak menulis ke luar folder proyek, dan tidak ada berkas yang ditulis")


def refuse_outside(root: Path, folders) -> None:
    """Raise one message naming every symlink through which one of `folders` leaves the project."""
    links: list[Path] = []
    realpath = _RealPaths()
    for folder in folders:
        link = outside_link(root, folder, realpath)
        if link is not None and link not in links:
            links.append(link)
    if links:
        raise OutsideProject(outside_message(links))


def state_folders(root: Path) -> list[Path]:
    """The folders of `.rapatgen/` rapatgen writes into."""
    state = Path(root) / STATE_DIR
    return [state, state / "cache", state / "cache" / "rapat", state / "cache" / "grafik", state / LOCKS]


def state_root_of(path: Path) -> Path | None:
    """The project of a path below its `.rapatgen/` folder (None when it is not below one)."""
    path = Path(os.path.abspath(path))
    for parent in path.parents:
        if parent.name == STATE_DIR:
            return parent.parent
    return None


def lock_path(root: Path, name: str) -> Path:
    """`.rapatgen/kunci/<name>.lock`, the folder made when missing (and refused when it leads outside).

    OSError when the folder cannot be made (the caller names it: rapatgen.files.atomic.write_failed)."""
    folder = Path(root) / STATE_DIR / LOCKS
    refuse_outside(root, [folder])
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.lock"


def project_root_of(path: Path) -> Path | None:
    """The project (the nearest folder with a rapatgen.yaml) `path` is in, `path` itself included."""
    path = Path(os.path.abspath(path))
    return next((p for p in (path, *path.parents) if (p / "rapatgen.yaml").is_file()), None)


def file_lock_path(path: Path) -> Path:
    """The lock of a file of the project (a meeting file): in the project's `.rapatgen/kunci/`, named after
    the file and a hash of its path in the project. A file in no project keeps its lock beside it."""
    path = Path(os.path.realpath(path))
    root = project_root_of(path.parent)
    if root is None:
        return path.with_name(path.name + ".lock")
    rel = path.relative_to(root).as_posix()
    digest = hashlib.sha256(os.fsencode(rel)).hexdigest()[:12]
    return lock_path(root, f"{path.stem[:60]}-{digest}")


def remove_old_lock(path: Path) -> None:
    """An empty `<file>.lock` an earlier version left beside the file (best effort; call holding the new lock)."""
    try:
        if path.is_file() and path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


def refuse_writes_outside(root: Path, output_dir: Path, folders=()) -> None:
    """Before a command writes anything: neither its output folder, nor the `folders` it writes into, nor
    `.rapatgen/` leads out of the project (one message naming every such link)."""
    refuse_outside(root, [output_dir, *folders, *state_folders(root)])


def relative_posix(path, folder: Path) -> str:
    """`path` relative to `folder`, '/'-separated, as the build's stamp and manifest name files;
    ValueError when it is not below it. By text where it can: 3,000 Path.relative_to calls take 0.15 s."""
    text, prefix = str(path), str(folder) + os.sep
    if os.sep == "/" and text.startswith(prefix) and "/../" not in text and "/./" not in text:
        return text[len(prefix):]
    return Path(path).relative_to(folder).as_posix()
