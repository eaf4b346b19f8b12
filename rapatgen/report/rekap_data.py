"""The roll-up's figures (model/rekap.py) from the exports kept in `rekap/` and the province's own project."""

from __future__ import annotations

import re
from datetime import date

from rapatgen.model.ekspor import Ekspor
from rapatgen.model.rekap import Angka, Perbandingan, Rekap, RekapKabKota

NASIONAL = "Nasional"
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def government(kabkota: str) -> str:
    """The pj a kab/kota's export gives its own government: 'Pemerintah Kota Samarinda'."""
    return f"Pemerintah {kabkota}"


def meeting_year(sumber: str | None) -> int | None:
    """The year in a follow-up's source, 'Rakor TKPK 14 Januari 2025, kesepakatan nomor 1' → 2025."""
    head = (sumber or "").split(",")[0]
    found = _YEAR.findall(head)
    return int(found[-1]) if found else None


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _period_key(periode: str) -> tuple:
    parts = periode.split("-")
    try:
        return (int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)
    except ValueError:
        return (0, 0)


def of_export(export: Ekspor, year: int, province_figures: dict) -> RekapKabKota:
    nama = export.wilayah.kabupaten_kota or export.wilayah.nama
    row = RekapKabKota(nama, export.urutan, export.diekspor, export.per)
    own_pj = government(nama)
    meetings = []
    latest: dict[tuple, tuple] = {}
    for r in export.baris:
        if r.jenis == "tindak_lanjut":
            status = str(r.nilai or "belum")
            (row.provinsi if r.pj == own_pj else row.sendiri).add(status)
            if r.rapat and meeting_year(r.sumber) == year and r.rapat not in meetings:
                meetings.append(r.rapat)
        elif r.jenis == "indikator" and r.wilayah == nama and _number(r.nilai) is not None:
            key = (r.indikator, r.satuan)
            if key not in latest or _period_key(r.periode) >= _period_key(latest[key][0]):
                latest[key] = (r.periode, r.nilai)
    row.rapat = meetings
    for (indikator, satuan), (periode, nilai) in sorted(latest.items()):
        row.angka.append(Angka(indikator, satuan, periode, nilai,
                               province_figures.get((indikator, "provinsi", periode)),
                               province_figures.get((indikator, NASIONAL, periode))))
    return row


def province_figures(project, provinsi: str) -> dict:
    """(indikator, 'provinsi' | 'Nasional', periode) → value, from the province's meetings and indikator.yaml."""
    from rapatgen.check.projectdata import load_project_data
    from rapatgen.resolve.figures import collect_figures

    data = load_project_data(project.root, project)
    out = {}
    for f in collect_figures([mf.model for mf in project.meetings], data.indikator):
        if f.jenis != "indikator" or f.nilai is None:
            continue
        where = "provinsi" if f.wilayah == provinsi else (NASIONAL if f.wilayah == NASIONAL else None)
        if where:
            value = f.nilai
            out[(f.indikator, where, f.periode)] = int(value) if value == value.to_integral_value() else float(value)
    return out


def missing_kabkota(project, kept: list[str]) -> list[str]:
    """Kab/kota governments in the province's directory ('Pemerintah Kabupaten …') with no export kept."""
    names = []
    for inst in project.directory.instansi.values():
        m = re.match(r"Pemerintah ((?:Kabupaten|Kota) .+)$", inst.nama)
        if m and m.group(1) not in kept and m.group(1) not in names:
            names.append(m.group(1))
    return sorted(names)


def default_year(exports: list[Ekspor]) -> int:
    """The year of the latest reference date among the exports (their statuses are as on that day)."""
    return max(date.fromisoformat(e.per).year for e in exports)


def comparisons(project, exports: list[Ekspor]) -> list[Perbandingan]:
    """Per kab/kota with an export: every occurrence of the province's agreements owned by its government (a
    member of a group pj, or pj itself), with the status the province recorded, beside the status the kab/kota
    reports for it (the row answering it; for an export naming no provincial agreement, every status it reports
    on rows of its own government). Nothing is written here: `rekap impor` records a kab/kota's status unless
    the province recorded one itself, a conflict marked here for the secretariat."""
    from rapatgen.report.rekap_impor import FOLDER, slug
    from rapatgen.report.rekap_status import DIPUTUSKAN, KONFLIK, match
    from rapatgen.resolve.followups import collect

    reported: dict[str, list[str]] = {}
    answering: set[str] = set()
    latest = date.min
    for e in exports:
        name = e.wilayah.kabupaten_kota or e.wilayah.nama
        reported[government(name)] = sorted({str(r.nilai) for r in e.baris
                                             if r.jenis == "tindak_lanjut" and r.pj == government(name)})
        if any(r.kesepakatan_provinsi for r in e.baris):
            answering.add(government(name))
        latest = max(latest, date.fromisoformat(e.per))
    kept = [(f"{FOLDER}/{slug(e.wilayah.kabupaten_kota or e.wilayah.nama)}.json", e) for e in exports]
    answers: dict = {}
    for j in match(project, kept).jawaban:
        if j.butir and j.rincian:
            answers.setdefault(j.butir, j)  # a second row answering the same agreement is refused by impor
    out = []
    from rapatgen.model.occurrences import team_short

    for f in collect([mf.model for mf in project.meetings], latest, project.directory,
                     team_short(project.config.organisasi.singkatan)):
        inst = project.directory.instansi.get(f.pj)
        if inst is None or inst.nama not in reported:
            continue
        j = answers.get(f.id)
        laporan = [str(j.row.nilai)] if j else [] if inst.nama in answering else reported[inst.nama]
        steps = f.history
        last = steps[-1] if steps else None
        out.append(Perbandingan(inst.nama.removeprefix("Pemerintah "), f.id, f.source_label, f.status, laporan,
                                konflik=bool(j and j.tindakan == KONFLIK),
                                diputuskan=j.provinsi_tanggal.isoformat() if j and j.tindakan == DIPUTUSKAN else None,
                                dicatat=(last.tanggal.isoformat(), last.sumber) if last and last.sumber else None))
    return sorted(out, key=lambda c: (c.kabkota, c.butir))


def exported_on(diekspor: str) -> date:
    """The UTC date of an export's timestamp ('2025-04-03T02:00:00Z' → 3 April 2025)."""
    return date.fromisoformat(diekspor[:10])


def rekap(project, exports: list[Ekspor], year: int, provinsi: str, batas: date | None = None) -> Rekap:
    figures = province_figures(project, provinsi)
    rows = [of_export(e, year, figures) for e in exports]
    if batas is not None:
        for row in rows:
            row.tepat_waktu = exported_on(row.diekspor) <= batas
    rows.sort(key=lambda r: r.nama)
    return Rekap(provinsi, year, rows, missing_kabkota(project, [r.nama for r in rows]), batas,
                 comparisons(project, exports))


def ranking(r: Rekap) -> list[RekapKabKota]:
    """Best first: share of the province's agreements done, then of its own, then more meetings, then name."""
    def share(t):
        return t.selesai / t.jumlah if t.jumlah else -1.0

    return sorted(r.kabkota, key=lambda k: (-share(k.provinsi), -share(k.sendiri), -len(k.rapat), k.nama))
