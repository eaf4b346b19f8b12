"""`.rapatgen/cache/`: what a build may reuse without reading the YAML again — safe to delete.

Two things, both keyed on content hashes and never trusted when a hash differs:

- `rapat/<key>.bin`: the validated model of one meeting file. The key hashes the file's
  bytes and path, `rapatgen.yaml`, the directory, the tool's version and a hash of the
  installed package; only a file that gave no problem at all is kept, so a cache hit stands
  for "read, validated and checked against the directory without a message".
- `build.bin`: the stamp of the last complete build — the hash of every input file (meeting
  files, directory, config, programmes, project templates, logos, the letter register), the
  command's options, the reference date, and the outputs it left. A build whose stamp still
  matches has nothing to do and says so without parsing anything.

Every cache file is signed (HMAC-SHA256) with a key of this user kept outside the project
(`~/.cache/rapatgen/kunci-cache`), so a cache copied from another machine, edited, cut short
or left by another version is ignored silently (and made again): bytes are unpickled only when
this user's rapatgen wrote them. A user without a writable cache folder simply gets no cache.
Only the standard library is imported here: the no-op path must stay light.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
from functools import lru_cache
from pathlib import Path

CACHE_DIR = Path(".rapatgen") / "cache"
FORMAT = 2  # bump when what is cached changes shape
MAGIC = b"RGC1"
MEETINGS = "rapat"
STAMP = "build.bin"


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rapatgen"


_KEY: bytes | None | bool = False  # False: not read yet; None: no key can be had


def _key() -> bytes | None:
    """This user's signing key, made on first use (0600); None when it cannot be read or made."""
    global _KEY
    if _KEY is not False:
        return _KEY
    path = user_cache_dir() / "kunci-cache"
    key = None
    try:
        key = path.read_bytes()
    except OSError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
            key = path.read_bytes()
        except OSError:
            key = None
    _KEY = key if key and len(key) == 32 else None
    return _KEY


def sign(payload: bytes) -> bytes | None:
    key = _key()
    return None if key is None else MAGIC + hmac.new(key, payload, hashlib.sha256).digest() + payload


def unsign(blob: bytes) -> bytes | None:
    """The payload when this user's rapatgen signed `blob`; None otherwise (foreign, cut short, edited)."""
    key = _key()
    if key is None or len(blob) < 36 or blob[:4] != MAGIC:
        return None
    payload = blob[36:]
    return payload if hmac.compare_digest(blob[4:36], hmac.new(key, payload, hashlib.sha256).digest()) else None


def read_signed(path: Path) -> bytes | None:
    try:
        return unsign(path.read_bytes())
    except OSError:
        return None


_SWEPT: set[Path] = set()


def _sweep_dead_temps(folder: Path) -> None:
    """Remove temp files (`.<name>.<pid>.tmp`) a killed rapatgen left in `folder`, once per process."""
    if folder in _SWEPT:
        return
    _SWEPT.add(folder)
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    except OSError:
        return
    for tmp in names:
        pid = tmp.name[:-4].rpartition(".")[2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its writer still runs
        except ProcessLookupError:
            pass
        except OSError:
            continue
        try:
            tmp.unlink()
        except OSError:
            pass


def _leads_outside(path: Path) -> bool:
    """The folder of a cache file under a project's `.rapatgen/` leads out of the project (a symlink)."""
    from rapatgen.files.state import outside_link, state_root_of

    root = state_root_of(path)
    return root is not None and outside_link(root, Path(path).parent) is not None


def write_signed(path: Path, payload: bytes) -> bool:
    """Write atomically (temp file + rename, no fsync: a torn cache file is only a miss); False if not."""
    blob = sign(payload)
    if blob is None:
        return False
    if _leads_outside(path):  # .rapatgen/ or a folder in it is a symlink out of the project: no cache
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_dead_temps(path.parent)
        tmp.write_bytes(blob)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


def _prune(folder: Path, used: set[str]) -> None:
    """Remove the `<key>.bin` entries of `folder` whose key is not in `used` (best effort)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(".bin") and name[:-4] not in used:
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def tool_digest() -> str:
    from rapatgen import __version__


    return digest(str(FORMAT), __version__, fingerprint())


# --- validated meetings -----------------------------------------------------------------------


class MeetingCache:
    """Validated meeting models by file hash, for one project state (config, directory, tool)."""

    def __init__(self, root: Path, context: str):
        self.folder = Path(root) / CACHE_DIR / MEETINGS
        self.context = context
        self.used: set[str] = set()
        self.enabled = _key() is not None

    def key(self, path: Path, raw: bytes) -> str:
        return self.key_of(path, hashlib.sha256(raw).hexdigest())

    def key_of(self, path: Path, sha256: str) -> str:
        """The key of the file at `path` whose bytes hash to `sha256` (hex)."""
        return digest(self.context, os.fsencode(path).hex(), sha256)  # any file name

    def get(self, key: str):
        """(model, text digest, notices) stored under `key`, or None."""
        if not self.enabled:
            return None
        payload = read_signed(self.folder / f"{key}.bin")
        if payload is None:
            return None
        try:
            stored_key, model, text_digest, notices = pickle.loads(payload)
        except Exception:  # a cache of another shape: a miss
            return None
        if stored_key != key:
            return None
        self.used.add(key)
        return model, text_digest, notices

    def put(self, key: str, model, text_digest: str, notices: list) -> None:
        if not self.enabled:
            return
        try:
            payload = pickle.dumps((key, model, text_digest, list(notices)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        if write_signed(self.folder / f"{key}.bin", payload):
            self.used.add(key)

    def prune(self) -> None:
        """Drop entries no meeting of this project uses any more (after a load of the whole project)."""
        if self.enabled:
            _prune(self.folder, self.used)


# --- bytes by content key -------------------------------------------------------------------


class BlobCache:
    """Bytes by key in `.rapatgen/cache/<name>/<key>.bin`, signed like every cache file.

    The key must hash everything the bytes are made from (a foreign, edited or cut-short entry is
    a miss). `prune()` removes the entries this instance neither read nor wrote: what the last
    full use no longer needs. No root (or no signing key): every `get` is a miss, `put` does nothing.
    """

    def __init__(self, root: Path | None, name: str):
        self.folder = Path(root) / CACHE_DIR / name if root is not None and _key() is not None else None
        self.used: set[str] = set()
        self.hits = 0  # entries read (tests count what was made again)

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        payload = read_signed(self.folder / f"{key}.bin")
        if payload is not None:
            self.used.add(key)
            self.hits += 1
        return payload

    def put(self, key: str, payload: bytes) -> None:
        if self.folder is not None and write_signed(self.folder / f"{key}.bin", payload):
            self.used.add(key)

    def prune(self) -> None:
        if self.folder is not None:
            _prune(self.folder, self.used)


# --- indicator charts -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the installed package — its code, fonts and wording: part of what each output is made from.

    Stronger than the version number, so an edited template or a development checkout also
    rebuilds what it touches.
    """
    import rapatgen

    # = importlib.resources.files("rapatgen") for a package on disk, without importing importlib.resources
    # (its tempfile and zipfile: ≈ 10 ms, which the no-op build needs for nothing else)
    root = Path(rapatgen.__file__).parent
    paths = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and p.suffix not in (".pyc", ".pyo"))
    # Hashing every file (fonts included) takes a noticeable part of a no-op build: reuse the
    # hash while no file of the package changed size, time or inode (signed, in the user's cache).
    from rapatgen.files.cache import read_signed, user_cache_dir, write_signed

    stats = hashlib.sha256(str(root).encode("utf-8"))
    for path in paths:
        st = path.stat()
        stats.update(f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    known = user_cache_dir() / f"alat-{stats.hexdigest()[:32]}"
    cached = read_signed(known)
    if cached is not None and len(cached) == 64:
        return cached.decode("ascii")
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    write_signed(known, digest.hexdigest().encode("ascii"))
    return digest.hexdigest()
