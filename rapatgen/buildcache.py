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
import json
import os
import pickle
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


def write_signed(path: Path, payload: bytes) -> bool:
    """Write atomically (temp file + rename, no fsync: a torn cache file is only a miss); False if not."""
    blob = sign(payload)
    if blob is None:
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
    from rapatgen.resources import fingerprint

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
        return digest(self.context, os.fsencode(path).hex(), hashlib.sha256(raw).hexdigest())  # any file name

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


# --- indicator charts -----------------------------------------------------------------------

CHARTS = "grafik"


class ChartCache:
    """PNG bytes of indicator charts, keyed by the indicator's data and the tool (`.rapatgen/cache/grafik`).

    A notulen or a dashboard made again after one meeting changed draws no chart drawn before
    (and does not import matplotlib): the key hashes every field of the indicator (repr,
    Decimals exact), the tool (version and installed package) and matplotlib's version. Signed
    like every cache file: a foreign, edited or cut-short entry is a miss. `prune()` removes
    entries no chart of the last full use needed (the dashboard, which shows every chart).
    """

    def __init__(self, root: Path | None):
        self.folder = Path(root) / CACHE_DIR / CHARTS if root is not None and _key() is not None else None
        self.used: set[str] = set()
        self.seen: dict[str, bytes] = {}
        self._tool: str | None = None

    def _key(self, ind) -> str:
        if self._tool is None:
            try:
                from importlib.metadata import version

                plot = version("matplotlib")
            except Exception:
                plot = "-"
            self._tool = digest(tool_digest(), plot)
        return digest(self._tool, repr(ind))

    def key(self, ind) -> str:
        """The key of an indicator's chart (its data and the tool); `prune()` keeps its entry."""
        key = self._key(ind)
        self.used.add(key)
        return key

    def png(self, ind) -> bytes:
        from rapatgen.documents import grafik

        if self.folder is None:
            return grafik.draw(ind)
        key = self._key(ind)
        if key in self.seen:  # one indicator often returns in several meetings
            return self.seen[key]
        self.used.add(key)
        path = self.folder / f"{key}.bin"
        payload = read_signed(path)
        if payload is None:
            payload = grafik.draw(ind)
            write_signed(path, payload)
        else:
            grafik.remember(ind, payload)
        self.seen[key] = payload
        return payload

    def prune(self) -> None:
        if self.folder is not None:
            _prune(self.folder, self.used)


# --- the stamp of the last complete build -------------------------------------------------------


def _yaml_files(folder: Path) -> list[Path]:
    """Like `project.meeting_paths` for a folder: every *.yaml/*.yml below it, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _stat_sig(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


class Stamp:
    """What a build read and left, hashed before anything is parsed.

    `scan(folders, extra)` hashes every input file; `matches()` compares with the stamp of the
    last complete build with the same options; `save(...)` records the state after a build.
    """

    def __init__(self, root: Path, options: dict):
        self.root = Path(root)
        self.path = self.root / CACHE_DIR / STAMP
        self.options = json.dumps(options, sort_keys=True, default=str)
        self.previous: dict | None = None
        payload = read_signed(self.path)
        if payload is not None:
            try:
                data = json.loads(payload)
                if data.get("format") == FORMAT:
                    self.previous = data
            except ValueError:
                pass
        self.inputs: dict[str, str] | None = None

    def scan(self, folders: dict[str, str], extra: list[str]) -> dict[str, str]:
        """{path relative to the project: sha256 of its bytes} of every input file."""
        root = self.root
        files = [root / "rapatgen.yaml", root / folders["direktori"], *_yaml_files(root / folders["rapat"]),
                 *_yaml_files(root / folders["program"]), root / "buku-agenda-surat-keluar.csv",
                 *(root / e for e in extra)]
        templates = root / "templates"
        if templates.is_dir():
            files += sorted(p for p in templates.rglob("*") if p.is_file())
        out = {}
        for path in files:
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                rel = str(path)
            out[rel] = file_digest(path)
        return out

    def matches(self) -> bool:
        """True when the last complete build with these options left everything as it must be now."""
        prev = self.previous
        if prev is None or prev.get("options") != self.options:
            return False
        if prev.get("tool") != tool_digest():
            return False
        self.inputs = self.scan(prev["folders"], prev["extra"])
        if self.inputs != prev["inputs"]:
            return False
        out = self.root / prev["folders"]["keluaran"]
        if _stat_sig(out / prev["manifest"][0]) != prev["manifest"][1]:
            return False  # another build (of one meeting, say) wrote something since
        # a stale folder (outputs of a meeting that is gone) or jadwal file (of a programme that is gone) the
        # user has removed since: a real build forgets its records and remakes the dashboard
        # a file put in (or taken from) a folder of outputs by hand: the dashboard lists the files there
        return all(os.path.exists(out / rel) for rel in prev["outputs"]) and \
            all(os.path.exists(out / name) for name in prev.get("stale", [])) and \
            all(_mtime(out / name) == mtime for name, mtime in prev.get("folder_times", {}).items())

    def save(self, folders: dict[str, str], extra: list[str], inputs: dict[str, str], manifest: str,
             outputs: list[str], meetings: int, skipped: list[str], stale: list[str] = ()) -> None:
        """Record a complete build. `inputs` must be hashed *before* the build read the files."""
        inputs = dict(inputs)
        register = "buku-agenda-surat-keluar.csv"  # the build itself may add numbers: hashed after it
        inputs[register] = file_digest(self.root / register)
        out = self.root / folders["keluaran"]
        data = {"format": FORMAT, "options": self.options, "tool": tool_digest(), "folders": folders,
                "extra": extra, "inputs": inputs, "manifest": [manifest, _stat_sig(out / manifest)],
                "outputs": outputs, "meetings": meetings, "skipped": skipped, "stale": list(stale),
                "folder_times": {name: _mtime(out / name) for name in sorted({rel.split("/", 1)[0]
                                                                               for rel in outputs if "/" in rel})}}
        write_signed(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


class UnchangedFiles:
    """`unchanged` of a build's report: the files it left as they were, kept as text until read as Paths.

    A build of 500 meetings leaves some 6,500 files as they were and mostly only counts them
    (`unchanged_count`) or needs them as text (`unchanged_text`, the stamp): making a Path of
    each took 0.02 s and its text again 0.01 s. The list reads as Paths, in the order added.
    """

    _unchanged: list
    _unchanged_later: list

    @property
    def unchanged(self) -> list[Path]:
        if self._unchanged_later:
            self._unchanged += map(Path, self._unchanged_later)
            self._unchanged_later = []
        return self._unchanged

    @unchanged.setter
    def unchanged(self, files: list[Path]) -> None:
        self._unchanged, self._unchanged_later = files, []

    def unchanged_in(self, folder: str, rels) -> None:
        """Add files given relative to `folder` (text ending in a separator, e.g. `BuildManifest.base`)."""
        self._unchanged_later += [folder + rel for rel in rels]

    @property
    def unchanged_count(self) -> int:
        return len(self._unchanged) + len(self._unchanged_later)

    def unchanged_text(self) -> list[str]:
        return [*map(str, self._unchanged), *self._unchanged_later]


class NoopReport(UnchangedFiles):
    """What `BuildOutput.finish` reads, for a build the stamp showed had nothing to do.

    `unchanged`: Paths, or the output folder as text ending in a separator and the files relative to it."""

    def __init__(self, unchanged: list[Path] | tuple[str, list[str]], skipped: list[str], meetings: int,
                 stale: list[Path] = (), meetings_folder: str = "agendas", programmes_folder: str = "program"):
        self.written, self.kept, self.beside, self.failed, self.made = [], [], [], [], []
        self._unchanged, self._unchanged_later = [], []
        if isinstance(unchanged, tuple):
            self.unchanged_in(*unchanged)
        else:
            self.unchanged = unchanged
        self.skipped, self.meetings = skipped, meetings
        self.stale, self.meetings_folder = list(stale), meetings_folder  # see rapatgen.build.stale_outputs
        self.programmes_folder = programmes_folder  # and stale_jadwal
        self.composed = self.rendered = 0
        self.dry_run = False

    @property
    def documents(self) -> int:
        return self.unchanged_count

    @property
    def refused(self) -> bool:
        return False


def light_config(root: Path) -> tuple[dict[str, str], list[str]] | None:
    """(folders, logo files) from rapatgen.yaml read as plain YAML; None when it cannot be read so."""
    import yaml

    try:
        data = yaml.load((Path(root) / "rapatgen.yaml").read_bytes(),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:
        return None
    if not isinstance(data, dict):
        return None
    defaults = {"direktori": "direktori.yaml", "rapat": "agendas", "keluaran": "outputs", "program": "program"}
    keys = {"direktori": "direktori", "rapat": "folder_rapat", "keluaran": "folder_keluaran",
            "program": "folder_program"}
    folders = {}
    for name, key in keys.items():
        value = data.get(key, defaults[name])
        if not isinstance(value, str):
            return None
        folders[name] = value
    kop = data.get("kop") or {}
    logos = sorted({k["logo"] for k in kop.values() if isinstance(k, dict) and isinstance(k.get("logo"), str)}) \
        if isinstance(kop, dict) else []
    return folders, logos


def build_options(targets, fmt, only, day) -> dict:
    """What of a `rapatgen build` command line the stamp must match (targets may be relative paths)."""
    return {"targets": list(targets), "format": fmt, "only": sorted(only), "per": day.isoformat(),
            "cwd": os.getcwd()}


def _relative(folder: Path, paths) -> set[str]:
    """{posix path relative to `folder`} of paths under it (ValueError for one outside), by string where it can."""
    prefix = str(folder) + os.sep
    out = set()
    for p in paths:
        text = str(p)
        if text.startswith(prefix) and os.sep == "/" and "/../" not in text and "/./" not in text:
            out.add(text[len(prefix):])  # 3,000 Path.relative_to calls take 0.15 s
        else:
            out.add(Path(p).relative_to(folder).as_posix())
    return out


class BuildStamp:
    """The no-op shortcut of `rapatgen build` around one build (see `Stamp`)."""

    def __init__(self, root: Path, options: dict):
        self.stamp = Stamp(root, options)
        self.folders: dict[str, str] | None = None
        self.logos: list[str] = []
        self.inputs: dict[str, str] | None = None

    def nothing_to_do(self) -> NoopReport | None:
        """A report of the outputs as they are when nothing changed since the last complete build."""
        if not self.stamp.matches():
            return None
        prev = self.stamp.previous
        out = self.stamp.root / prev["folders"]["keluaran"]
        return NoopReport((os.path.join(str(out), ""), prev["outputs"]), list(prev["skipped"]), prev["meetings"],
                          [out / name for name in prev.get("stale", [])], prev["folders"]["rapat"],
                          prev["folders"].get("program", "program"))

    def before(self) -> None:
        """Hash the inputs before the build reads them; no stamp stands while a build runs."""
        self.stamp.forget()
        light = light_config(self.stamp.root)
        if light is not None:
            self.folders, self.logos = light
            self.inputs = self.stamp.inputs if self.stamp.previous and self.stamp.inputs is not None and \
                self.stamp.previous["folders"] == self.folders and self.stamp.previous["extra"] == self.logos \
                else self.stamp.scan(self.folders, self.logos)

    def after(self, project, report) -> None:
        """Record the build when it is complete and read nothing the scan did not hash."""
        from rapatgen.write import BUILD_MANIFEST

        if self.inputs is None or report.kept or report.beside or getattr(report, "failed", None) or report.dry_run:
            return
        cfg = project.config
        folders = {"direktori": cfg.direktori, "rapat": cfg.folder_rapat, "keluaran": cfg.folder_keluaran,
                   "program": cfg.folder_program}
        logos = sorted({k.logo for k in cfg.kop.values() if k.logo})
        if folders != self.folders or logos != self.logos:
            return
        root = self.stamp.root
        read = [mf.path for mf in project.meetings] + [pf.path for pf in project.programmes]
        try:
            if any(Path(p).absolute().relative_to(root).as_posix() not in self.inputs for p in read):
                return
            outputs = sorted(_relative(project.output_dir, [*report.written, *report.unchanged_text()]))
        except ValueError:
            return
        self.stamp.save(folders, logos, self.inputs, BUILD_MANIFEST, outputs, report.meetings, list(report.skipped),
                        [p.name for p in getattr(report, "stale", ())])
