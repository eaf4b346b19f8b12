"""Find the project, load config + directory + meeting files, and validate them all.

All problems from all files are collected before anything is reported, so a user
fixes everything in one pass.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

from rapatgen.files.state import relative_posix
from rapatgen.text.errors import InvalidInput, Problem, UsageError

if TYPE_CHECKING:  # imported where used: finding the project (and a no-op build) loads no model
    from rapatgen.load import LoadedYaml
    from rapatgen.model.config import Konfigurasi
    from rapatgen.model.directory import Direktori
    from rapatgen.model.meeting import Rapat
    from rapatgen.model.program import ProgramFile

CONFIG_NAME = "rapatgen.yaml"


def text_digest(src: LoadedYaml | None) -> str:
    """sha256 of a file's text as read: what incremental builds compare."""
    return hashlib.sha256(src.text.encode("utf-8")).hexdigest() if src is not None else ""


@dataclass
class MeetingFile:
    model: Rapat
    source: LoadedYaml
    digest: str = ""  # sha256 of the file's text when it was loaded

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass
class Project:
    root: Path
    config: Konfigurasi
    directory: Direktori
    meetings: list[MeetingFile] = field(default_factory=list)
    config_digest: str = ""
    directory_digest: str = ""
    programmes: list["ProgramFile"] = field(default_factory=list)  # program/<tahun>.yaml
    notices: list[Problem] = field(default_factory=list)  # warnings for `check` (characters a PDF lacks)

    @property
    def agenda_dir(self) -> Path:
        return self.root / self.config.folder_rapat

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.folder_keluaran

    def meeting(self, meeting_id: str) -> MeetingFile:
        for mf in self.meetings:
            if mf.model.id == meeting_id:
                return mf
        from rapatgen.text.suggest import suggest

        hint = suggest(meeting_id, [m.model.id for m in self.meetings])
        raise UsageError(f"rapat '{meeting_id}' tidak ditemukan" + (f" — maksud Anda '{hint}'?" if hint else ""))


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that holds rapatgen.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(f"{CONFIG_NAME} tidak ditemukan di folder ini atau di atasnya — jalankan rapatgen "
                     "dari folder proyek, atau beri --proyek FOLDER")


def meeting_paths(root: Path, cfg: Konfigurasi, given: list[Path] | None = None) -> list[Path]:
    """Meeting files named by the user (files or folders), or all under the agenda folder."""
    targets = given or [root / cfg.folder_rapat]
    paths: list[Path] = []
    for target in targets:
        if target.is_dir():
            paths.extend(sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif target.is_file():
            paths.append(target)
        else:
            raise UsageError(f"'{target}' tidak ditemukan — beri nama berkas rapat atau folder yang ada")
    return paths


def _safe_read(path: Path, problems: list[Problem], raw: bytes | None = None) -> LoadedYaml | None:
    from rapatgen.load import read_yaml

    try:
        return read_yaml(path, raw)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return None


@dataclass
class WrittenIds:
    """The ids an invalid meeting file writes: its own and its items' ('rapat-id/K1')."""

    path: Path
    meeting: str | None
    items: set[str]


def written_ids(data, path: Path) -> WrittenIds:
    def text(value) -> str | None:
        return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value) else None

    if not isinstance(data, dict):
        return WrittenIds(path, None, set())
    meeting = text(data.get("id"))
    items = set()
    for section in ("kesepakatan", "arahan"):
        for item in data.get(section) if isinstance(data.get(section), list) else []:
            if meeting and isinstance(item, dict) and text(item.get("id")):
                items.add(f"{meeting}/{text(item.get('id'))}")
    return WrittenIds(path, meeting, items)


_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([A-Za-z0-9][A-Za-z0-9_.-]*)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def _id_line(path: Path, raw: bytes | None) -> str | None:
    """The meeting id a file too broken to read writes on a line of its own at the top level, or None."""
    try:
        if raw is None:
            with open(path, "rb") as f:
                raw = f.read(65536)
    except OSError:
        return None
    found = _ID_LINE.search(raw[:65536].decode("utf-8", errors="replace"))
    return found.group(2) if found else None


def _ids_only(src: LoadedYaml | None) -> Direktori | None:
    from rapatgen.model.directory import Direktori

    data = src.data if src else None
    if not isinstance(data, dict):
        return None
    sections = {k: dict(data.get(k) or {}) if isinstance(data.get(k), dict) else {}
                for k in ("orang", "instansi", "kelompok")}
    return Direktori.model_construct(**sections)


def load_project(root: Path | None = None, given: list[Path] | None = None, *,
                 all_meetings: bool = True, hashed: dict[str, str] | None = None) -> Project:
    """Load and validate; raise `InvalidInput` with every problem in every file.

    With `given`, those meetings are checked; `all_meetings` still loads the others
    (quietly skipping none) so that cross-meeting links can be resolved. `hashed`: the sha256 of
    files' bytes just read by the caller ({path relative to root, '/'-separated: hex}, the build's
    stamp): a meeting found in the cache by that hash is not read again (the build is then of the
    bytes the stamp hashed, which it records).
    """
    from rapatgen.check.rules import (check_across_meetings, check_config, check_directory, check_meeting, check_paths,
                                 check_reviews)
    from rapatgen.load import LoadedYaml
    from rapatgen.model.config import Konfigurasi
    from rapatgen.model.directory import Direktori
    from rapatgen.model.meeting import Rapat
    from rapatgen.check.validate import partial_model, to_model

    root = root or find_root()
    problems: list[Problem] = []
    cfg_src = _safe_read(root / CONFIG_NAME, problems)
    cfg = to_model(Konfigurasi, cfg_src, problems) if cfg_src else None
    if cfg is None or not check_paths(cfg, cfg_src, problems):
        raise InvalidInput(problems)
    dir_src = _safe_read(root / cfg.direktori, problems)
    directory = to_model(Direktori, dir_src, problems) if dir_src else None
    check_config(cfg, directory, cfg_src, problems)
    if directory is not None:
        check_directory(directory, dir_src, problems)

    # An invalid directory still knows its ids: keep checking meetings against them,
    # so that one pass reports every problem in every file.
    refs = directory or _ids_only(dir_src)
    programme_dir = (root / cfg.folder_program).resolve()
    given_programmes = [p for p in given or [] if _inside(p, programme_dir)]
    given_meetings = [p for p in given or [] if not _inside(p, programme_dir)]
    paths = meeting_paths(root, cfg, given_meetings or None) if given_meetings or not given else []
    resolved = _Resolved()
    real: dict[Path, Path] = {p: resolved(p) for p in paths}  # every path resolved once (symlinks followed)
    if given and all_meetings:
        named_real = set(real.values())
        extra = [p for p in meeting_paths(root, cfg) if real.setdefault(p, resolved(p)) not in named_real]
    else:
        extra = []
    root_real = str(root.resolve())
    root_below = os.path.join(root_real, "")

    def inside(p: Path) -> bool:
        text = str(real[p])  # as text: Path.parents made a Path of every folder above each of 500 meetings
        return text == root_real or text.startswith(root_below)

    named = {p for p in given or [] if p.is_file()}  # a file the user named is read wherever it is
    escaping = [p for p in [*paths, *extra] if p not in named and not inside(p)]
    for path in escaping:  # found by scanning a folder: a link to a file elsewhere
        if path in paths:
            problems.append(Problem(str(path), 1, 1, "berkas rapat ini tautan simbolik ke luar folder proyek dan "
                                                     "tidak dibaca — salin berkasnya ke dalam folder proyek"))
    paths = [p for p in paths if p not in escaping]
    extra = [p for p in extra if p not in escaping]
    meetings: list[MeetingFile] = []
    partials: list[tuple[Rapat, Path]] = []  # invalid meetings, their invalid values left out (validate.partial_model)
    known: list[WrittenIds] = []  # ids written in invalid meetings
    quiet: list[Problem] = []  # problems in meetings the user did not ask about
    asked_notices: list[Problem] = []
    cache = _meeting_cache(root, cfg_src, dir_src) if directory is not None else None
    extra_set = set(extra)
    with gc_paused():  # many lasting objects, no garbage: see gc_paused
        for path in [*paths, *extra]:
            sink = quiet if path in extra_set else problems
            raw = key = None
            if cache is not None:
                sha = hashed.get(_relative_to(path, root)) if hashed else None
                hit = cache.get(cache.key_of(path, sha)) if sha and sha != "-" else None
                if hit is None:
                    try:
                        raw = path.read_bytes()
                    except OSError:  # reported by the reader below
                        raw = None
                if hit is None and raw is not None:
                    key = cache.key(path, raw)
                    hit = cache.get(key)
                if hit is not None:  # read, validated and checked before without a problem
                    model, digest, notices = hit
                    meetings.append(MeetingFile(model, LoadedYaml(path=path, text="", data=None), digest))
                    if path not in extra_set:
                        asked_notices.extend(notices)
                    continue
            before = len(sink)
            src = _safe_read(path, sink, raw)
            if src is not None and path not in extra_set:
                asked_notices.extend(src.notices)
            model = to_model(Rapat, src, sink) if src else None
            if src is None:  # unreadable (reported): still a known meeting when its id line can be read
                known.append(WrittenIds(path, _id_line(path, raw), set()))
            if model is None and src is not None:
                # an invalid meeting is still a known meeting: its id and items are not "missing" for
                # the others, and the same pass reports its cross-reference problems too
                known.append(written_ids(src.data, path))
                partial = partial_model(Rapat, src)
                if partial is not None and partial.id == known[-1].meeting:  # not a stand-in id
                    partials.append((partial, path))
                if partial is not None and refs is not None:
                    sink.extend(_checked_with_stand_ins(partial, partial_model(Rapat, src, high=True), cfg, refs, src))
            if model is not None:
                if refs is not None:
                    check_meeting(model, cfg, refs, src, sink)
                # positions are only needed for this file's messages: let the YAML tree go now
                meetings.append(MeetingFile(model, LoadedYaml(path=src.path, text="", data=None), text_digest(src)))
                if key is not None and len(sink) == before and refs is directory:
                    cache.put(key, model, meetings[-1].digest, src.notices)
    if cache is not None and not given:
        cache.prune()
    across: list[Problem] = []
    check_across_meetings([(m.model, m.path) for m in meetings] + partials, across, known)
    asked = {real[p] for p in paths}
    problems.extend(p for p in across if Path(p.file).resolve() in asked)
    asked_programmes = None if not given else {p.resolve() for p in meeting_paths(root, cfg, given_programmes)} \
        if given_programmes else set()
    programmes, years = _load_programmes(programme_dir, asked_programmes, cfg, refs, meetings, problems,
                                         asked_notices, {w.meeting for w in known if w.meeting})
    check_reviews([(m, path) for m, path in [*((mf.model, mf.path) for mf in meetings), *partials]
                   if real.get(path, path) in asked], years, cfg.folder_program, problems)
    if problems or directory is None:
        raise InvalidInput(problems)
    notices = [n for src in (cfg_src, dir_src) for n in src.notices] + asked_notices
    return Project(root=root, config=cfg, directory=directory, meetings=meetings,
                   config_digest=text_digest(cfg_src), directory_digest=text_digest(dir_src), programmes=programmes,
                   notices=notices)


def _checked_with_stand_ins(low: Rapat, high: Rapat | None, cfg: Konfigurasi, refs, src: LoadedYaml) -> list[Problem]:
    """The problems `check_meeting` finds in an invalid meeting whatever its invalid values stand in for.

    Checked once with the low stand-ins and once with the high ones (validate.stand_in); what only
    one of them reports follows from a stand-in, not from what the user wrote, and is left out.
    """
    from rapatgen.check.rules import check_meeting

    found: list[Problem] = []
    check_meeting(low, cfg, refs, src, found)
    if high is None:
        return found
    again: list[Problem] = []
    check_meeting(high, cfg, refs, src, again)
    return [p for p in found if p in again]


@contextmanager
def gc_paused(freeze: bool = False):
    """The cyclic garbage collector off for a stretch that makes many lasting objects and no garbage cycles.

    Reading 500 cached meetings makes some 100,000 lasting objects, yet every full collection
    on the way walked all the models read so far: unpickling them took 0.29 s of CPU, 0.14 s
    with the collector off. Turned back on, the collector's next pass still walks everything
    made meanwhile once (0.1-0.2 s at 500 meetings): with `freeze`, when the block ends
    normally those objects are frozen out of its passes instead (`gc.freeze`), for a caller
    that keeps them as long as the process (`rapatgen build`, whose `_frozen_heap` gives them
    back to the collector when the build ends). After an error nothing is frozen.
    """
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was:
            gc.enable()


def _meeting_cache(root: Path, cfg_src: LoadedYaml | None, dir_src: LoadedYaml | None):
    """The cache of validated meetings for this config, directory and tool (rapatgen.files.cache)."""
    from rapatgen.files.cache import MeetingCache, digest, tool_digest

    return MeetingCache(root, digest(tool_digest(), text_digest(cfg_src), text_digest(dir_src)))


class _Resolved:
    """`path.resolve()` (symlinks followed), with each folder resolved once: a file that is no symlink is its
    resolved folder and its name. `Path.resolve` of each of 500 meetings looked up every folder above it
    again (≈ 2,500 lstat calls and their Python: 0.03 s of a build after one change)."""

    def __init__(self):
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        try:
            link = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:  # gone, or unreadable: as Path.resolve does it
            link = True
        if link or path.name in ("", ".", ".."):
            return path.resolve()
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        return folder / path.name


def _relative_to(path: Path, root: Path) -> str | None:
    """`path` relative to `root` as the build's stamp names files; None if not below it."""
    try:
        return relative_posix(path, root)
    except ValueError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    p = path.resolve()
    return p == folder or folder in p.parents


def _load_programmes(folder: Path, asked: set[Path] | None, cfg: Konfigurasi, refs,
                     meetings: list[MeetingFile], problems: list[Problem], notices: list[Problem],
                     invalid_ids: set[str] = frozenset()):
    """Every `program/*.yaml`; its problems are reported when asked (`asked` None: all files).

    `invalid_ids`: ids of meeting files that exist but are invalid (reported there, not here)."""
    from rapatgen.check.rules import check_programmes
    from rapatgen.model.program import ProgramTahunan
    from rapatgen.check.validate import to_model
    from rapatgen.model.program import ProgramFile

    loaded, sources, years = [], {}, set()
    for path in meeting_paths(folder.parent, cfg, [folder]) if folder.is_dir() else []:
        sink = problems if asked is None or path.resolve() in asked else []
        src = _safe_read(path, sink)
        if src is not None and sink is problems:
            notices.extend(src.notices)
        if src is not None and isinstance(src.data, dict) and isinstance(src.data.get("tahun"), int):
            years.add(src.data["tahun"])  # known even when the rest of the file is invalid
        model = to_model(ProgramTahunan, src, sink) if src else None
        if model is not None:
            loaded.append(ProgramFile(model, path, text_digest(src)))
            sources[path] = (src, sink)
    check_programmes([(pf.model, *sources[pf.path]) for pf in loaded], cfg, refs, [m.model for m in meetings],
                     invalid_ids)
    return loaded, years
