"""What a kab/kota reports about the province's agreements, recorded in the province's tracker (issue 21 item 2).

A kab/kota's follow-up that answers a provincial agreement carries `kesepakatan_provinsi: {tanggal, nomor}`
(the provincial meeting's date, the agreement's printed number) into its export. For every such row of the
exports kept in `rekap/`, `rekap impor` finds the provincial agreement and that kab/kota's occurrence of it
(the member of a group `pj`, or `pj` itself) and compares what the kab/kota reports (`status_dicatat`, its
date `tanggal_status`) with the occurrence's last `riwayat` entry:

- the same status → nothing to do (a second run, an older file: nothing changes);
- the last entry was written by the province itself (no `sumber`) and says something else → a conflict,
  listed for the secretariat; nothing is written. Once the secretariat decides with `rapatgen followup set`
  (an entry of its own dated on or after the kab/kota's status date) it is no longer a conflict but its
  decision, kept and named as such, until the kab/kota reports a later status;
- otherwise (nothing recorded yet, or the last entry came from an earlier export) → a new entry
  `{tanggal, anggota, status, catatan, sumber: rekap/<kab-kota>.json}` in the provincial meeting file, the
  store `rapatgen followup set` writes, with every check it makes; a report going backwards (proses after
  selesai) is a conflict too, never written.

A reference that names no provincial agreement, or one the kab/kota is not responsible for, is listed with
the file and the row. Everything is decided again on every run from the kept files, so a run killed between
storing a file and recording its statuses is completed by the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapatgen.model import occurrences as occ
from rapatgen.model.common import nomor_urut
from rapatgen.model.ekspor import BarisEkspor, Ekspor
from rapatgen.text import locale as L
from rapatgen.text.errors import RapatgenError

CATAT, SAMA, KONFLIK, DIPUTUSKAN, TIDAK_DIKENAL = "catat", "sama", "konflik", "diputuskan", "tidak_dikenal"
ORDER = {"belum": 0, "proses": 1, "selesai": 2, "tidak_dapat": 2}


@dataclass
class Jawaban:
    """One kab/kota row answering a provincial agreement, and what the province's tracker makes of it."""

    kabkota: str
    berkas: str  # the kept file, as the entry's `sumber` names it: rekap/kabupaten-berau.json
    dibaca: str  # the file to name in a message (the received one when it came in this run)
    baris: int  # 1-based, in the file's `baris`
    row: BarisEkspor
    urutan: int
    per: str
    tindakan: str = TIDAK_DIKENAL
    pesan: str = ""
    butir: str | None = None  # the province's occurrence id, rakor-…/K4@pemkab_berau
    sumber: str | None = None  # 'Rakor TKPK 19 Desember 2024, kesepakatan nomor 4'
    meeting: object = None  # the provincial Rapat
    item_index: int = -1
    rincian: occ.Rincian | None = None
    status: str | None = None
    tanggal: date | None = None
    catatan: str | None = None
    provinsi: str = "belum"  # the status the province holds for the occurrence
    provinsi_tanggal: date | None = None

    @property
    def where(self) -> str:
        return f"{self.dibaca}, baris {self.baris} ({self.row.id or self.row.indikator})"


@dataclass
class Pencocokan:
    jawaban: list[Jawaban] = field(default_factory=list)
    dicatat: list[Jawaban] = field(default_factory=list)  # written by this run
    gagal: list[str] = field(default_factory=list)  # could not be written (the meeting file changed, …)

    def of(self, kind: str) -> list[Jawaban]:
        return [j for j in self.jawaban if j.tindakan == kind]


def government(kabkota: str) -> str:
    return f"Pemerintah {kabkota}"


def _members(directory) -> dict[str, str]:
    """'Pemerintah Kabupaten Berau' → its id in the province's directory."""
    return {inst.nama: key for key, inst in directory.instansi.items()}


def _dates(meetings) -> dict[date, list]:
    out: dict[date, list] = {}
    for m in meetings:
        for s in m.sesi:
            if m not in out.setdefault(s.tanggal, []):
                out[s.tanggal].append(m)
    return out


def _same_title(written: str, m, team: str) -> bool:
    words = " ".join(written.casefold().split())
    return words in " ".join(m.judul.casefold().split()) or \
        words in occ.meeting_label(m, team).casefold()


def printed(m, day: date) -> list:
    """The agreements as the berita acara of `day` numbers them: all of the meeting's, or, with one berita acara
    per session of a series (`berita_acara: {per_sesi: true}`), that session's (documents/berita_acara)."""
    ba = m.berita_acara
    if not (ba and ba.per_sesi and m.rangkaian and len(m.sesi) > 1):
        return list(m.kesepakatan)
    sessions = [i for i, s in enumerate(m.sesi, 1) if s.tanggal == day]
    if len(sessions) != 1:
        return list(m.kesepakatan)
    return [it for it in m.kesepakatan if not it.sesi or sessions[0] in it.sesi]


def _find(j: Jawaban, by_date: dict, members: dict, directory, team: str) -> None:
    """Fill in the provincial occurrence `j` answers, or say (`pesan`) why there is none."""
    ref = j.row.kesepakatan_provinsi
    day = date.fromisoformat(ref.tanggal)
    words = f"kesepakatan nomor {ref.nomor} rapat provinsi {L.tanggal(day)}"
    candidates = by_date.get(day, [])
    if not candidates:
        held = list({id(m): m for ms in by_date.values() for m in ms}.values())
        near = sorted(held, key=lambda m: min(abs((s.tanggal - day).days) for s in m.sesi))[:3]
        near.sort(key=lambda m: m.sesi[0].tanggal)
        j.pesan = (f"{words}: tidak ada rapat provinsi pada tanggal itu" +
                   (f" (rapat terdekat: {'; '.join(occ.meeting_label(m, team) for m in near)})" if near else "") +
                   " — periksa tanggal di berita acara, minta kab/kota memperbaiki 'kesepakatan_provinsi' lalu "
                   "mengekspor ulang")
        return
    if ref.rapat:
        titled = [m for m in candidates if _same_title(ref.rapat, m, team)]
        candidates = titled or candidates
    place = nomor_urut(ref.nomor)
    if place is None:  # "3.a", "II.2": rapatgen's berita acara numbers its agreements 1, 2, 3
        counts = ", ".join(f"{occ.meeting_label(m, team)}: 1 s.d. {len(printed(m, day))}" for m in candidates)
        j.pesan = (f"{words}: nomor '{ref.nomor}' tidak ada — berita acara rapat provinsi tanggal itu menomori "
                   f"kesepakatannya 1, 2, 3, … ({counts}); minta kab/kota menulis nomor itu lalu mengekspor ulang")
        return
    numbered = [m for m in candidates if len(printed(m, day)) >= place]
    if not numbered:
        counts = ", ".join(f"{occ.meeting_label(m, team)}: {len(printed(m, day))}" for m in candidates)
        j.pesan = (f"{words}: tidak ada — jumlah kesepakatan rapat tanggal itu {counts}; minta kab/kota memperbaiki "
                   "nomornya lalu mengekspor ulang")
        return
    if len(numbered) > 1:
        j.pesan = (f"{words}: ada {len(numbered)} rapat provinsi pada tanggal itu "
                   f"({'; '.join(m.judul for m in numbered)}) — minta kab/kota menambahkan 'rapat: <judul>' pada "
                   "'kesepakatan_provinsi'")
        return
    m = numbered[0]
    item = printed(m, day)[place - 1]
    j.meeting, j.item_index = m, next(i for i, it in enumerate(m.kesepakatan) if it is item)
    j.sumber = occ.source_label(m, item, team)
    member = members.get(government(j.kabkota))
    if member is None:
        j.pesan = (f"{j.sumber}: '{government(j.kabkota)}' tidak ada di direktori provinsi — tambahkan instansinya "
                   "(dan ke kelompok penanggung jawab kesepakatan itu)")
        return
    if not item.pj:
        j.pesan = f"{j.sumber} tidak punya penanggung jawab (tanpa 'pj'), jadi tidak dipantau provinsi"
        return
    owners = occ.owners(directory, item.pj) if occ.is_group(directory, item.pj) else [item.pj]
    if member not in owners:
        pj = directory.kelompok[item.pj].nama if item.pj in directory.kelompok else \
            directory.instansi[item.pj].nama if item.pj in directory.instansi else item.pj
        j.pesan = (f"{j.sumber}: {j.kabkota} bukan penanggung jawabnya (pj: {pj}) — periksa nomor kesepakatan di "
                   "berita acara")
        return
    parts = [r for r in occ.expand(m, item, directory) if r.owner == member]
    if len(parts) != 1:
        j.pesan = (f"{j.sumber} dipantau per sesi/periode ({len(parts)} rincian untuk {j.kabkota}); satu laporan "
                   "kab/kota tidak menyebut rinciannya — dicatat sekretariat dengan 'rapatgen followup set'")
        return
    j.rincian = parts[0]
    j.butir = f"{m.id}/{item.id}{j.rincian.suffix}"


def decide(j: Jawaban, meeting, today: date) -> None:
    """What to do with `j` given the provincial `meeting` as it is now (tindakan, pesan, the entry to write)."""
    item = meeting.kesepakatan[j.item_index]
    history = occ.history(item, j.rincian)
    last = history[-1] if history else None
    j.provinsi = last.status if last else "belum"
    j.provinsi_tanggal = last.tanggal if last else None
    reported = j.row.status_dicatat or "belum"
    said = date.fromisoformat(j.row.tanggal_status) if j.row.tanggal_status else date.fromisoformat(j.per)
    j.status = reported
    by = f"{j.kabkota} melaporkan '{reported}' ({L.tanggal(said)}, {j.where})"
    if reported == j.provinsi:
        j.tindakan, j.pesan = SAMA, f"{j.sumber}: {j.kabkota} '{reported}' sudah tercatat"
        return
    if last is not None and not last.sumber and last.tanggal >= said:
        # the province's own status dated on or after the kab/kota's: the secretariat's decision on this report
        # (`followup set` after the conflict was listed), kept until the kab/kota reports a later status
        j.tindakan, j.provinsi_tanggal = DIPUTUSKAN, last.tanggal
        j.pesan = (f"{j.sumber}: sekretariat memutuskan '{j.provinsi}' ({L.tanggal(last.tanggal)}) atas laporan "
                   f"{j.kabkota} '{reported}' ({L.tanggal(said)}, {j.where}) — tidak dicatat")
        return
    if last is not None and not last.sumber:
        j.tindakan = KONFLIK
        j.pesan = (f"{j.sumber}: provinsi mencatat '{j.provinsi}' ({L.tanggal(last.tanggal)}), {by} — tidak dicatat; "
                   f"sekretariat memutuskan, lalu 'rapatgen followup set {j.butir} <status>'")
        return
    if ORDER[reported] < ORDER[j.provinsi] or (ORDER[reported] == ORDER[j.provinsi] == 2):
        j.tindakan = KONFLIK
        j.pesan = (f"{j.sumber}: tercatat '{j.provinsi}' dari laporan {j.kabkota} sebelumnya "
                   f"({L.tanggal(last.tanggal)}), kini {by} — laporan mundur tidak dicatat; sekretariat memutuskan")
        return
    first_day = meeting.sesi[0].tanggal
    if j.rincian.sesi:
        first_day = meeting.sesi[j.rincian.sesi - 1].tanggal
    day = max([said, first_day] + ([last.tanggal] if last else []))
    if day > today:
        j.tindakan = TIDAK_DIKENAL
        j.pesan = (f"{j.sumber}: tanggal status {said.isoformat()} belum terjadi — tanggal di komputer kab/kota "
                   "salah? minta kab/kota memeriksa riwayatnya lalu mengekspor ulang")
        return
    e = j.row
    j.tindakan, j.tanggal = CATAT, day
    note = f"Dilaporkan {j.kabkota}: berkas ekspor urutan {j.urutan}, per {L.tanggal(date.fromisoformat(j.per))}"
    if day != said:
        note += f"; dicatat kab/kota {L.tanggal(said)}"
    j.catatan = note + "."
    j.pesan = (f"{j.sumber}: {j.kabkota} '{j.provinsi}' → '{reported}' per {L.tanggal(day)} "
               f"(dari {j.berkas}{', ' + e.id if e.id else ''})")


def match(project, kept: list[tuple[str, Ekspor]], received: dict[str, str] | None = None,
          today: date | None = None) -> Pencocokan:
    """Every row of the kept exports that answers a provincial agreement, matched and decided (nothing written).

    `kept`: (the file as `sumber` names it, its export); `received`: that name → the file to name in messages."""
    today = today or date.today()
    meetings = [mf.model for mf in project.meetings]
    by_date, members = _dates(meetings), _members(project.directory)
    team = occ.team_short(project.config.organisasi.singkatan)
    out = Pencocokan()
    seen: dict[str, Jawaban] = {}
    for berkas, export in kept:
        kabkota = export.wilayah.kabupaten_kota or export.wilayah.nama
        for n, row in enumerate(export.baris, 1):
            if row.jenis != "tindak_lanjut" or row.kesepakatan_provinsi is None:
                continue
            j = Jawaban(kabkota, berkas, (received or {}).get(berkas, berkas), n, row, export.urutan, export.per)
            out.jawaban.append(j)
            _find(j, by_date, members, project.directory, team)
            if j.butir is None:
                continue
            if j.butir in seen:
                j.pesan = (f"{j.sumber}: dijawab juga oleh baris {seen[j.butir].baris} berkas ini — satu kesepakatan "
                           "provinsi satu butir kab/kota; minta kab/kota memperbaikinya lalu mengekspor ulang")
                continue
            seen[j.butir] = j
            decide(j, j.meeting, today)
    return out


def record(project, plan: Pencocokan, today: date) -> None:
    """Write every CATAT answer into its provincial meeting file, each decided again on the file as it is under
    its lock (a `followup set` by hand a moment ago wins: then it is a conflict, not overwritten)."""
    import os

    from filelock import Timeout

    from rapatgen.files.atomic import remove_temp_files
    from rapatgen.followup.edit import Change, changed_text, file_lock, meeting_in, read_meeting_text, \
        write_meeting_text
    from rapatgen.text.errors import display_path

    by_id = {mf.model.id: mf for mf in project.meetings}
    for j in plan.of(CATAT):
        mf = by_id[j.meeting.id]
        path = Path(os.path.realpath(mf.path))
        try:
            with file_lock(path):
                remove_temp_files(path.parent, recursive=False, prefix=f".{path.name}.")
                text, bom = read_meeting_text(path)
                current = meeting_in(project, path, text)
                ids = [it.id for it in current.kesepakatan]
                item = j.meeting.kesepakatan[j.item_index]
                if item.id not in ids:
                    raise RapatgenError(f"{j.butir} tidak ada lagi di {path.name} (berkas baru saja diubah)")
                j.item_index = ids.index(item.id)
                decide(j, current, today)
                if j.tindakan != CATAT:
                    continue
                change = Change(j.status, j.tanggal, j.catatan, anggota=j.rincian.anggota, sumber=j.berkas)
                new_text = changed_text(project, path, text, "kesepakatan", j.butir, change, today, once=True)
                if new_text is not None:
                    write_meeting_text(path, new_text, bom)
                    plan.dicatat.append(j)
        except Timeout:
            plan.gagal.append(f"{j.where}: {display_path(path)} sedang diubah proses lain — jalankan lagi")
        except RapatgenError as exc:
            plan.gagal.append(f"{j.where}: {j.sumber}: tidak dicatat — {exc.format_message()}")
