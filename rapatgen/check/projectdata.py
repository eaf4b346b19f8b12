"""The project's yearly data beside its meetings: realisation, lokus, indicator series.

    realisasi/<tahun>.yaml   programme realisation per OPD and quarter (model/realisasi.py)
    lokus/<tahun>.yaml       lokus villages and their OPD pendamping (model/lokus.py)
    indikator.yaml           the project's own indicator series (model/indikator.py: IndikatorProyek)

All three are optional. `load_project_data` is the one entry point for the reports: it reads
and validates every file, checks its ids against the directory and its links against the
meetings' `rencana_aksi`, and raises `InvalidInput` with every problem (file:line:column,
in Indonesian, with the fix) or returns `ProjectData`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapatgen.text.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from rapatgen.check.project import Project
    from rapatgen.load import LoadedYaml
    from rapatgen.model.directory import Direktori
    from rapatgen.model.indikator import Indikator
    from rapatgen.model.lokus import LokusTahunan
    from rapatgen.model.meeting import Rapat
    from rapatgen.model.realisasi import RealisasiTahunan

REALISASI_FOLDER = "realisasi"
LOKUS_FOLDER = "lokus"
INDIKATOR_FILE = "indikator.yaml"


@dataclass
class ProjectData:
    """Everything the yearly reports read besides the meetings; keyed by year, in year order."""

    realisasi: dict[int, RealisasiTahunan] = field(default_factory=dict)
    lokus: dict[int, LokusTahunan] = field(default_factory=dict)
    indikator: list[Indikator] = field(default_factory=list)  # from indikator.yaml
    sources: dict[tuple[str, int], Path] = field(default_factory=dict)  # ("realisasi"|"lokus", year) → file
    indikator_source: Path | None = None

    @property
    def files(self) -> int:
        return len(self.sources) + (self.indikator_source is not None)


def is_data_path(root: Path, path: Path) -> bool:
    """`path` is one of the files this module reads (for `rapatgen check FILE`)."""
    p, r = path.resolve(), root.resolve()
    return p == r / INDIKATOR_FILE or any(r / folder in p.parents for folder in (REALISASI_FOLDER, LOKUS_FOLDER))


def data_paths(root: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every data file in the project, in a stable order."""
    found: list[tuple[str, Path]] = []
    for kind, folder in (("realisasi", REALISASI_FOLDER), ("lokus", LOKUS_FOLDER)):
        where = root / folder
        if where.is_dir():
            found.extend((kind, p) for p in sorted(where.iterdir()) if p.suffix in (".yaml", ".yml") and p.is_file())
    if (root / INDIKATOR_FILE).is_file():
        found.append(("indikator", root / INDIKATOR_FILE))
    return found


def load_project_data(root: Path | None = None, project: Project | None = None) -> ProjectData:
    """Read and check `realisasi/`, `lokus/` and `indikator.yaml` of a project.

    `project` (from `check.project.load_project`) gives the directory and the meetings the data
    refers to; without it the project at `root` is loaded first. Raises `InvalidInput`."""
    if project is None:
        from rapatgen.check.project import find_root, load_project

        project = load_project(root or find_root())
    problems: list[Problem] = []
    data = check_project_data(project.root, project.directory, [m.model for m in project.meetings], problems)
    if problems:
        raise InvalidInput(problems)
    return data


def check_project_data(root: Path, directory: Direktori | None, meetings: list[Rapat] | None,
                       problems: list[Problem], asked: set[Path] | None = None, *,
                       kinds: tuple[str, ...] = ("realisasi", "lokus", "indikator"),
                       meeting_paths: dict[str, Path] | None = None) -> ProjectData:
    """Validate every data file of `kinds`; problems go to `problems` (for files in `asked`, or all when None).

    Without `directory` (an invalid directory) ids are not checked; without `meetings` (invalid
    meetings) neither are the links to rencana aksi. With `meeting_paths` (id → file), a meeting's
    `tinjau_lokus` must name a year of lokus/ (reported in the meeting file)."""
    from rapatgen.check.validate import to_model
    from rapatgen.load import read_yaml
    from rapatgen.model.indikator import IndikatorProyek
    from rapatgen.model.lokus import LokusTahunan
    from rapatgen.model.realisasi import RealisasiTahunan

    models = {"realisasi": RealisasiTahunan, "lokus": LokusTahunan, "indikator": IndikatorProyek}
    result = ProjectData()
    seen: dict[tuple[str, int], Path] = {}
    for kind, path in data_paths(root):
        if kind not in kinds:
            continue
        sink = problems if asked is None or path.resolve() in asked else []
        try:
            src = read_yaml(path)
        except InvalidInput as exc:
            sink.extend(exc.problems)
            continue
        model = to_model(models[kind], src, sink)
        if model is None:
            continue
        if kind == "indikator":
            result.indikator = list(model.indikator)
            result.indikator_source = path
            continue
        report = _Reporter(src, sink)
        before = len(sink)
        _check_year(report, kind, model.tahun, path, seen)
        if kind == "realisasi":
            _check_realisasi(report, model, directory, meetings)
        else:
            _check_lokus(report, model, directory)
        if len(sink) == before:
            (result.realisasi if kind == "realisasi" else result.lokus)[model.tahun] = model
            result.sources[(kind, model.tahun)] = path
    result.realisasi = dict(sorted(result.realisasi.items()))
    result.lokus = dict(sorted(result.lokus.items()))
    if meeting_paths and "lokus" in kinds:
        _check_lokus_reviews(meetings or [], meeting_paths, {year for kind, year in seen if kind == "lokus"},
                             problems)
    return result


def _check_lokus_reviews(meetings: list[Rapat], paths: dict[str, Path], years: set[int],
                         problems: list[Problem]) -> None:
    """`tinjau_lokus: <tahun>` names a lokus file that exists."""
    from rapatgen.load import read_yaml

    for m in meetings:
        if m.tinjau_lokus is None or m.tinjau_lokus in years or m.id not in paths:
            continue
        known = ", ".join(str(y) for y in sorted(years)) or "belum ada"
        _Reporter(read_yaml(paths[m.id]), problems)(
            ("tinjau_lokus",), f"lokus tahun {m.tinjau_lokus} tidak ada di folder {LOKUS_FOLDER}/ (yang ada: {known}) — "
                               f"buat {LOKUS_FOLDER}/{m.tinjau_lokus}.yaml atau periksa tahunnya")


def lokus_for_build(project: Project) -> dict:
    """The lokus the meetings of `project` print (`tinjau_lokus`), checked; {} when none asks.

    Raises `InvalidInput` for a problem in a lokus file or a year that is missing."""
    if not any(mf.model.tinjau_lokus for mf in project.meetings):
        return {}
    problems: list[Problem] = []
    data = check_project_data(project.root, project.directory, [mf.model for mf in project.meetings], problems,
                              kinds=("lokus",), meeting_paths={mf.model.id: mf.path for mf in project.meetings})
    if problems:
        raise InvalidInput(problems)
    return data.lokus


class _Reporter:
    def __init__(self, src: LoadedYaml, problems: list[Problem]):
        self.src, self.problems = src, problems

    def __call__(self, loc: tuple, message: str, *, key: bool = False) -> None:
        from rapatgen.load import locate

        line, col = locate(self.src.data, loc, key_only=key)
        self.problems.append(Problem(str(self.src.path), line, col, message))


def _check_year(report: _Reporter, kind: str, year: int, path: Path, seen: dict) -> None:
    folder = REALISASI_FOLDER if kind == "realisasi" else LOKUS_FOLDER
    if re.fullmatch(r"\d{4}", path.stem) and int(path.stem) != year:
        report(("tahun",), f"berkas {folder}/{path.name} berisi tahun {year} — satu berkas per tahun, bernama "
                           f"tahunnya: ubah 'tahun' menjadi {path.stem} atau ganti nama berkas menjadi "
                           f"{folder}/{year}.yaml")
    elif (kind, year) in seen:
        report(("tahun",), f"{kind} tahun {year} sudah ada di {folder}/{seen[(kind, year)].name} — satu berkas "
                           "per tahun; gabungkan isinya ke berkas itu")
    seen.setdefault((kind, year), path)


def _institution(report: _Reporter, loc: tuple, value: str, d: Direktori | None, what: str, *,
                 key: bool = False) -> None:
    """`value` names an institution (OPD) of the directory: not a person, not a group."""
    from rapatgen.text.suggest import suggest

    if d is None or value in d.instansi:
        return
    if value in d.kelompok:
        group = d.kelompok[value]
        example = f", mis. '{group.anggota[0]}'" if group.anggota else ""
        report(loc, f"'{value}' adalah kelompok ({group.nama or value}), sedangkan {what} adalah satu instansi — "
                    f"tulis id salah satu anggotanya{example}", key=key)
    elif value in d.orang:
        owner = d.orang[value].instansi
        hint = f" — maksud Anda instansinya, '{owner}'?" if owner and owner in d.instansi else \
            " — tulis id instansinya dari direktori (instansi)"
        report(loc, f"'{value}' adalah orang di direktori, sedangkan {what} adalah instansi{hint}", key=key)
    else:
        near = suggest(value, d.instansi)
        tail = f" — maksud Anda '{near}'?" if near else f" — tambahkan '{value}' ke direktori (instansi) atau periksa ejaannya"
        report(loc, f"{what} '{value}' tidak ada di direktori (instansi){tail}", key=key)


def _check_realisasi(report: _Reporter, model: RealisasiTahunan, d: Direktori | None,
                     meetings: list[Rapat] | None) -> None:
    by_id = {m.id: m for m in meetings or []}
    linked: dict[tuple[str, int], tuple[str, int]] = {}
    for opd, lines in model.opd.items():
        _institution(report, ("opd", opd), opd, d, "OPD", key=True)
        for i, line in enumerate(lines):
            _check_figures(report, ("opd", opd, i), line)
            seen_lines = [x for x in lines[:i] if x.sub_kegiatan.label == line.sub_kegiatan.label
                          and x.kegiatan.label == line.kegiatan.label]
            if seen_lines:
                report(("opd", opd, i, "sub_kegiatan"), f"sub kegiatan '{line.sub_kegiatan.nama}' sudah ada untuk "
                                                        f"{opd} — satu baris per sub kegiatan; gabungkan pagu dan "
                                                        "realisasinya")
            link = line.rencana_aksi
            if link is None or meetings is None:
                continue
            at = ("opd", opd, i, "rencana_aksi")
            meeting = by_id.get(link.rapat)
            if meeting is None:
                from rapatgen.text.suggest import suggest

                near = suggest(link.rapat, by_id)
                report(at + ("rapat",), f"rapat '{link.rapat}' tidak ada di folder rapat" +
                       (f" — maksud Anda '{near}'?" if near else " — tulis id dari kunci 'id' berkas rapat yang memuat "
                                                                 "rencana_aksi"))
                continue
            plan = meeting.rencana_aksi
            if plan is None:
                with_plan = [m.id for m in meetings if m.rencana_aksi is not None]
                report(at + ("rapat",), f"rapat '{link.rapat}' tidak memuat rencana_aksi" +
                       (f" — yang memuat: {', '.join(with_plan)}" if with_plan else " — hapus tautan 'rencana_aksi'"))
                continue
            if link.butir > len(plan.butir):
                report(at + ("butir",), f"rencana aksi rapat '{link.rapat}' hanya punya {len(plan.butir)} butir — "
                                        f"tulis nomor 1–{len(plan.butir)}")
                continue
            item = plan.butir[link.butir - 1]
            if plan.tahun != model.tahun:
                report(at + ("rapat",), f"rencana aksi rapat '{link.rapat}' untuk tahun {plan.tahun}, sedangkan "
                                        f"realisasi ini tahun {model.tahun} — tautkan ke rencana aksi tahun "
                                        f"{model.tahun}, atau pindahkan baris ini ke realisasi/{plan.tahun}.yaml")
            elif item.opd != opd and (d is None or opd in d.instansi):
                report(at + ("butir",), f"butir {link.butir} rencana aksi rapat '{link.rapat}' milik {item.opd} "
                                        f"({item.kegiatan}), bukan {opd} — periksa nomor butirnya")
            key = (link.rapat, link.butir)
            if key in linked:
                other_opd, other_i = linked[key]
                report(at + ("butir",), f"butir {link.butir} rencana aksi rapat '{link.rapat}' sudah ditautkan ke "
                                        f"sub kegiatan ke-{other_i + 1} {other_opd} — satu butir rencana aksi untuk satu "
                                        "baris realisasi")
            linked.setdefault(key, (opd, i))


def _check_figures(report: _Reporter, at: tuple, line) -> None:
    """Physical progress never falls from one quarter to the next; the year's money stays within the pagu."""
    from rapatgen.model.realisasi import TRIWULAN

    last = None
    for n in TRIWULAN:
        q = line.realisasi.get(n)
        if q is None:
            continue
        if last is not None and q.fisik < last[1]:
            report(at + ("realisasi", f"tw{n}", "fisik"),
                   f"fisik triwulan {n} ({_num(q.fisik)}%) lebih kecil dari triwulan {last[0]} ({_num(last[1])}%) — "
                   "fisik adalah capaian kumulatif sampai akhir triwulan dan tidak pernah turun; tulis capaian "
                   f"sampai triwulan {n}, sedikitnya {_num(last[1])}")
        last = (n, q.fisik)
    spent = line.realisasi_keuangan
    if spent > line.pagu:
        report(at + ("pagu",), f"realisasi keuangan setahun (jumlah triwulan yang diisi: {_rp(spent)}) melebihi pagu "
                               f"({_rp(line.pagu)}) — 'keuangan' tiap triwulan adalah belanja DALAM triwulan itu, "
                               "bukan kumulatif; periksa angkanya, atau tulis pagu setelah perubahan")


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _rp(value: int) -> str:
    return "Rp" + f"{value:,}".replace(",", ".")


def _check_lokus(report: _Reporter, model: LokusTahunan, d: Direktori | None) -> None:
    seen: dict[tuple, int] = {}
    for i, desa in enumerate(model.lokus):
        _institution(report, ("lokus", i, "pendamping"), desa.pendamping, d, "OPD pendamping")
        key = (desa.jenis, desa.nama.casefold(), desa.kecamatan.casefold(), (desa.kabupaten or "").casefold())
        if key in seen:
            report(("lokus", i, desa.jenis.lower()), f"{desa.label} (Kecamatan {desa.kecamatan}) sudah ada sebagai "
                                                     f"lokus ke-{seen[key] + 1} — satu desa satu OPD pendamping; "
                                                     "hapus salah satunya")
        seen.setdefault(key, i)
