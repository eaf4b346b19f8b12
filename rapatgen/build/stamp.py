"""The stamp of the last complete build (`.rapatgen/cache/build.bin`): a no-op build says so without parsing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rapatgen.files import cache
from rapatgen.files.state import relative_posix

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
        self.path = self.root / cache.CACHE_DIR / cache.STAMP
        self.options = json.dumps(options, sort_keys=True, default=str)
        self.previous: dict | None = None
        payload = cache.read_signed(self.path)
        if payload is not None:
            try:
                data = json.loads(payload)
                if data.get("format") == cache.FORMAT:
                    self.previous = data
            except ValueError:
                pass
        self.inputs: dict[str, str] | None = None

    def scan(self, folders: dict[str, str], extra: list[str]) -> dict[str, str]:
        """{path relative to the project: sha256 of its bytes} of every input file."""
        root = self.root
        files = [root / "rapatgen.yaml", root / folders["direktori"], *_yaml_files(root / folders["rapat"]),
                 *_yaml_files(root / folders["program"]), *_yaml_files(root / "lokus"),  # tinjau_lokus
                 root / "buku-agenda-surat-keluar.csv",
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
            out[rel] = cache.file_digest(path)
        return out

    def matches(self) -> bool:
        """True when the last complete build with these options left everything as it must be now."""
        prev = self.previous
        if prev is None or prev.get("options") != self.options:
            return False
        if prev.get("tool") != cache.tool_digest():
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
        # joined as text, not as Paths: a Path made of each of the 9,600 outputs of 500 meetings was ≈ 0.04 s,
        # a third of a no-op build (each is a relative '/'-separated path, as `_relative` made it)
        base = os.path.join(str(out), "")
        return all(os.path.exists(base + rel) for rel in prev["outputs"]) and \
            all(os.path.exists(out / name) for name in prev.get("stale", [])) and \
            all(_mtime(out / name) == mtime for name, mtime in prev.get("folder_times", {}).items())

    def save(self, folders: dict[str, str], extra: list[str], inputs: dict[str, str], manifest: str,
             outputs: list[str], meetings: int, skipped: list[str], stale: list[str] = ()) -> None:
        """Record a complete build. `inputs` must be hashed *before* the build read the files."""
        inputs = dict(inputs)
        register = "buku-agenda-surat-keluar.csv"  # the build itself may add numbers: hashed after it
        inputs[register] = cache.file_digest(self.root / register)
        out = self.root / folders["keluaran"]
        base = os.path.join(str(out), "")  # each meeting's folder by text, not a Path of each (500 meetings)
        data = {"format": cache.FORMAT, "options": self.options, "tool": cache.tool_digest(), "folders": folders,
                "extra": extra, "inputs": inputs, "manifest": [manifest, _stat_sig(out / manifest)],
                "outputs": outputs, "meetings": meetings, "skipped": skipped, "stale": list(stale),
                "folder_times": {name: _mtime(base + name) for name in sorted({rel.split("/", 1)[0]
                                                                                for rel in outputs if "/" in rel})}}
        cache.write_signed(self.path, json.dumps(data, separators=(",", ":"), check_circular=False).encode("utf-8"))

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

    def add_unchanged(self, path) -> None:
        """One more file left as it was, kept as text: `unchanged.append` would make a Path of every
        file added so far (at 500 meetings 6,700 of them, ≈ 0.1 s of a build after one change)."""
        self._unchanged_later.append(os.fspath(path))

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
        self.stale, self.meetings_folder = list(stale), meetings_folder  # see rapatgen.build.stale.stale_outputs
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
    """{posix path relative to `folder`} of paths under it (ValueError for one outside).

    The folder's text once, not once per path (`relative_posix`): 9,600 outputs at 500 meetings."""
    prefix = str(folder) + os.sep
    cut = len(prefix)
    out = set()
    for p in paths:
        text = os.fspath(p)
        if os.sep == "/" and text.startswith(prefix) and "/../" not in text and "/./" not in text:
            out.add(text[cut:])
        else:
            out.add(relative_posix(p, folder))
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
        from rapatgen.build.manifest import BUILD_MANIFEST

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
            if not _relative(root, [p if os.path.isabs(p) else Path(p).absolute() for p in read]) <= self.inputs.keys():
                return
            outputs = sorted(_relative(project.output_dir, [*report.written, *report.unchanged_text()]))
        except ValueError:
            return
        self.stamp.save(folders, logos, self.inputs, BUILD_MANIFEST, outputs, report.meetings, list(report.skipped),
                        [p.name for p in getattr(report, "stale", ())])
