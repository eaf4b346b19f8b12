"""`rapatgen laporan ppke TAHUN --triwulan N | --semester N`: the period checked, the year's realisation read,
every part composed once and drawn (the documents by both shipped backends, the workbooks by render/xlsx),
then written into outputs/laporan/ under the project lock (`common.write_reports`). The cover letter takes
its number from the register (buku agenda surat keluar) only once every part has been made, so a refused
run never uses a number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapatgen.check.project import Project
from rapatgen.model.blocks import Document
from rapatgen.report import ppke as P
from rapatgen.report import ppke_data as D
from rapatgen.report.common import render_document, write_reports
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L
from rapatgen.text.errors import RapatgenError, UsageError

QUESTIONS_FILE = "ppke_matriks1.yaml"  # rapatgen/data/, or the project's templates/ (same name) first


def signer_of(ctx: Context) -> str:
    who = ctx.config.penandatangan.ppke
    if not who:
        raise UsageError("penanda tangan surat pengantar PPKE belum ditentukan — isi 'penandatangan: ppke: <id orang>' "
                         "di rapatgen.yaml: kepala daerah atau wakilnya selaku Ketua TKPK (mis. wakil_bupati)")
    return who


# --- Matriks 1: answers from the project's data -----------------------------------------------------
def questions(root: Path) -> list[dict]:
    import yaml

    from rapatgen.text.resources import data_file

    own = Path(root) / "templates" / QUESTIONS_FILE
    path = own if own.is_file() else data_file(QUESTIONS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [dict(q, topik=t["judul"]) for t in data["topik"] for q in t["pertanyaan"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RapatgenError(f"{path}: daftar pertanyaan Matriks 1 tidak dapat dibaca ({exc}) — perbaiki berkas itu "
                            "atau hapus salinan proyek agar daftar bawaan dipakai") from None


def realisation_source(ctx: Context, period: D.Period) -> str:
    """Who reported the realisation figures, as a signed report names its source (never a file)."""
    return f"Laporan realisasi perangkat daerah anggota {P.team(ctx)} tahun {period.year}"


def _documents_of(m) -> str:
    parts = ["Notulen"] + (["Berita Acara"] if m.berita_acara is not None else [])
    return f"{' dan '.join(parts)} {m.judul}, {L.tanggal(m.sesi[0].tanggal)}"


def _matching(meetings, words: list[str]) -> list[tuple]:
    found = []
    for m in meetings:
        for section, label in (("kesepakatan", "kesepakatan"), ("arahan", "arahan")):
            for number, item in enumerate(getattr(m, section), 1):
                text = item.isi.casefold()
                if any(re.search(rf"(?<!\w){re.escape(w.casefold())}", text) for w in words):
                    found.append((m, label, number, item))
    return found


def answer(q: dict, ctx: Context, period: D.Period, held: list, year_meetings: list, matrix: D.Matrix,
           lokus, followups) -> tuple[str | None, str | None]:
    kind = q.get("jawab")
    if kind == "rapat":
        if not held:
            return None, None
        return (f"Ya, {len(held)} rapat TKPK terlaksana dalam periode ini.",
                "; ".join(_documents_of(m) for m in held))
    if kind == "kesepakatan":
        hits = _matching(year_meetings, q.get("kata") or [])
        if not hits:
            return None, None
        by_meeting: dict[str, list] = {}
        for m, label, number, _ in hits:
            by_meeting.setdefault(m.id, [m]).append(f"{label} nomor {number}")
        first = hits[0]
        return (f"Ya — {first[1]} rapat {L.tanggal(first[0].sesi[0].tanggal)}: {first[3].isi}",
                "; ".join(f"{_documents_of(v[0])} ({', '.join(v[1:])})" for v in by_meeting.values()))
    if kind == "realisasi_pagu":
        return (f"Pagu Rp{L.angka(matrix.pagu)} pada {len(matrix.rows)} sub kegiatan; realisasi sampai "
                f"{L.tanggal(period.end)} Rp{L.angka(matrix.kumulatif)} "
                f"({L.angka(round(D.share(matrix.kumulatif, matrix.pagu) or 0, 2), 2)}% dari pagu).",
                f"{realisation_source(ctx, period)}; Matriks 2 {period.label}")
    if kind == "realisasi_kategori":
        from rapatgen.model.realisasi import KATEGORI

        counts = {k: sum(1 for r in matrix.rows if r.line.kategori == k) for k in KATEGORI}
        text = ", ".join(f"{KATEGORI[k].lower()} {n} sub kegiatan" for k, n in counts.items() if n)
        return f"Ya: {text}.", f"{realisation_source(ctx, period)} (kategori penandaan); lembar Skor Insentif"
    if kind == "realisasi_strategi":
        groups = [f"{g.label} ({len(g.rows)} sub kegiatan)" for g in matrix.groups]
        return ("Ya: " if len(groups) >= 3 else "Sebagian: ") + "; ".join(groups) + ".", f"Matriks 2 {period.label}"
    if kind == "lokus":
        if lokus is None or not lokus.lokus:
            return None, None
        villages = lokus.lokus
        kecamatan = {v.kecamatan for v in villages}
        opd = {v.pendamping for v in villages}
        return (f"Ya, {len(villages)} desa/kelurahan lokus di {len(kecamatan)} kecamatan, didampingi {len(opd)} "
                "perangkat daerah.", lokus.dasar or f"Data lokus Sekretariat {P.team(ctx)} tahun {period.year}")
    if kind == "tindak_lanjut":
        if not followups:
            return None, None
        done = sum(1 for f in followups if f.status == "selesai")
        late = sum(1 for f in followups if f.status == "terlambat")
        return (f"Ya, {len(followups)} rincian tindak lanjut dipantau: {done} selesai, {late} terlambat, "
                f"{len(followups) - done - late} lainnya (per {L.tanggal(period.end)}).",
                f"Matriks tindak lanjut {P.team(ctx)}; " +
                "; ".join(dict.fromkeys(_documents_of(f.meeting) for f in followups)))
    return None, None


def answers(ctx: Context, root: Path, period: D.Period, matrix: D.Matrix, lokus) -> list[P.Answer]:
    from rapatgen.resolve.followups import collect

    level = ctx.config.organisasi.tingkat
    # the evidence: meetings of the twelve months up to the period's end (a year's programme is agreed at the
    # year-end rakor before it)
    since = period.end.replace(year=period.end.year - 1)  # quarter ends: 31 March, 30 June, 30 September, 31 December
    year_meetings = sorted((m for m in ctx.meetings if since < m.sesi[0].tanggal <= period.end),
                           key=lambda m: (m.sesi[0].tanggal, m.id))
    first_day = date(period.year, 3 * (period.quarters[0] - 1) + 1, 1)
    held = [m for m in year_meetings if m.sesi[0].tanggal >= first_day]
    followups = collect(year_meetings, period.end, ctx.directory, ctx.team)
    out = []
    for q in questions(root):
        if q.get("tingkat") == "provinsi" and level != "provinsi":
            continue
        text, evidence = answer(q, ctx, period, held, year_meetings, matrix, lokus, followups)
        out.append(P.Answer(str(q["kode"]), q["topik"], q["teks"], text, evidence))
    return out


# --- the package --------------------------------------------------------------------------------
@dataclass
class Package:
    """One period's figures, checked, with the documents composed from them (nothing drawn, no number used)."""

    period: D.Period
    signed: date
    ctx: Context
    signer: str
    matrix: D.Matrix
    score: D.Score
    source: str  # who reported the figures ('Laporan realisasi perangkat daerah …'), never a file
    lokus: object
    root: Path

    def matriks2(self) -> Document:
        return P.compose_matriks2(self.ctx, self.matrix, self.signed, self.source)

    @property
    def attachments(self) -> list[str]:
        label = self.period.label
        return [f"Matriks 1 Perkembangan Pelaksanaan PPKE {label}",
                f"Matriks 2 Pemetaan Program/Kegiatan dan Anggaran PPKE {label}",
                f"Skor mandiri belanja penandaan kemiskinan ekstrem (PMK 97/2023) {label}"]

    def letter(self, number: str) -> Document:
        return P.compose_pengantar(self.ctx, self.period, self.signer, number, self.signed, self.attachments)


def ppke_package(project: Project, year: int, triwulan: int | None, semester: int | None, signed: date | None = None,
                 today: date | None = None) -> Package:
    """The period checked (a clear message for a wrong one) and its figures computed."""
    from rapatgen.check.projectdata import REALISASI_FOLDER, load_project_data
    from rapatgen.text.templating import use_project

    today = today or date.today()
    period = D.period_of(year, triwulan, semester)
    if not 2000 <= year <= today.year:
        raise UsageError(f"tahun {year} tidak dikenal atau belum berjalan — tulis tahun laporan antara 2000 dan "
                         f"{today.year}")
    use_project(project.root)
    data = load_project_data(project.root, project)
    realisasi = data.realisasi.get(year)
    why = D.no_realisation(realisasi, period, REALISASI_FOLDER)
    if why:
        known = sorted(data.realisasi)
        raise UsageError(why + (f" (tahun yang punya realisasi: {', '.join(map(str, known))})" if known and
                                realisasi is None else ""))
    signed = signed or today
    ctx = Context(project.config, project.directory, project.root, min(period.end, today),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    signer = signer_of(ctx)
    ctx.person(signer)  # an unknown id: the message now, before anything is made
    matrix = D.matrix(realisasi, ctx.institution_name, period, ctx.institution_short)
    return Package(period, signed, ctx, signer, matrix, D.score(matrix.rows), realisation_source(ctx, period),
                   data.lokus.get(year), project.root)


def ppke_files(project: Project, year: int, triwulan: int | None, semester: int | None, signed: date | None = None,
               today: date | None = None):
    """(file name, bytes) of every part but the cover letter; a function that makes the letter's files given
    its number; and (period, signing date, context). Nothing is written, no number used."""
    from rapatgen.render.xlsx import render_workbook

    pkg = ppke_package(project, year, triwulan, semester, signed, today)
    period, signed, ctx, matrix = pkg.period, pkg.signed, pkg.ctx, pkg.matrix
    author = issuer(ctx)
    files = render_document(pkg.matriks2(), ("pdf",), P.file_stem(period, "matriks2"))
    files.append((f"{P.file_stem(period, 'matriks2')}.xlsx",
                  render_workbook([P.matrix_sheet(ctx, matrix), P.score_sheet(ctx, matrix, pkg.score)],
                                  ctx.config.kertas, f"Matriks 2 PPKE {period.label}", author, signed)))
    files.append((f"{P.file_stem(period, 'matriks1')}.xlsx",
                  render_workbook([P.matriks1_sheet(ctx, period, answers(ctx, project.root, period, matrix,
                                                                         pkg.lokus))],
                                  ctx.config.kertas, f"Matriks 1 PPKE {period.label}", author, signed)))

    def letter(number: str) -> list[tuple[str, bytes]]:
        return render_document(pkg.letter(number), ("docx", "pdf"), P.file_stem(period, "surat-pengantar"))

    return files, letter, (period, signed, ctx)


def issuer(ctx: Context) -> str:
    from rapatgen.documents.frame import issuer as frame_issuer

    return frame_issuer(ctx, None)


def letter_number(project: Project, ctx: Context, period: D.Period, signed: date) -> str:
    """The next agenda number of the signing year, recorded in the register (the same one on a later run)."""
    from rapatgen.build.register import Register

    if not ctx.config.penomoran.otomatis:
        return ctx.pattern_number(None, signed)
    key = f"laporan/ppke-{period.slug}/surat-pengantar"
    with Register.editing(project.root) as reg:
        first = ctx.config.penomoran.mulai.get(signed.year, 1)
        return reg.assign(key, signed, f"Laporan PPKE {period.label}", "", "surat pengantar laporan PPKE",
                          lambda n: ctx.pattern_number(n, signed), first)


def write_ppke(project: Project, year: int, triwulan: int | None, semester: int | None, signed: date | None = None,
               overwrite: bool = False, warn=print, today: date | None = None) -> list[Path]:
    files, letter, (period, signed, ctx) = ppke_files(project, year, triwulan, semester, signed, today)
    files += letter(letter_number(project, ctx, period, signed))
    return write_reports(project, files, overwrite, warn)
