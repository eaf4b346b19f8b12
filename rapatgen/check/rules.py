"""Checks that need more than one value: cross-references and date logic.

Each check reports at the line that names the offending value, with a suggestion.
"""

from __future__ import annotations

import re
from pathlib import Path

from rapatgen.text.errors import Problem
from rapatgen.load import LoadedYaml, locate
from rapatgen.model.config import Konfigurasi
from rapatgen.model.directory import Direktori
from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.text.numbers import number
from rapatgen.text.suggest import suggest


_EXPORT_SOURCE = re.compile(r"^rekap/[^/]+\.json$")


class Reporter:
    """Collects problems for one file, placing each at the line of a `loc` path."""

    def __init__(self, loaded: LoadedYaml, problems: list[Problem]):
        self.loaded = loaded
        self.problems = problems

    def __call__(self, loc: tuple, message: str) -> None:
        line, col = locate(self.loaded.data, loc)
        self.problems.append(Problem(str(self.loaded.path), line, col, message))

    def group_not_allowed(self, loc: tuple, value: str, d: Direktori, needed: str, advice: str) -> bool:
        """Report a group (kelompok) written where one person/institution is needed; True if it was one."""
        if value not in d.kelompok:
            return False
        name, members = _group_fields(d.kelompok[value])
        example = f", mis. '{members[0]}'" if members else ""
        self(loc, f"'{value}' adalah kelompok ({name or value}, {len(members)} anggota), sedangkan di sini "
                  f"perlu {needed} — {advice}{example}")
        return True

    def unknown(self, loc: tuple, what: str, value: str, known, where: str) -> None:
        hint = suggest(value, known)
        tail = f" — maksud Anda '{hint}'?" if hint else f" — tambahkan '{value}' ke {where} atau periksa ejaannya"
        self(loc, f"{what} '{value}' tidak ada di {where}{tail}")


def _group_fields(group) -> tuple[str, list[str]]:
    """(nama, anggota) of a group, also when the directory is invalid and only read as raw data."""
    from rapatgen.model.directory import Kelompok

    if isinstance(group, Kelompok):
        return group.nama, list(group.anggota)
    if isinstance(group, dict):
        members = group.get("anggota")
        return (str(group.get("nama") or ""),
                [str(x) for x in members if isinstance(x, str)] if isinstance(members, list) else [])
    return "", []


def _logo_problem(path: Path) -> str | None:
    from rapatgen.check.images import logo_problem  # a header reader: check must not import python-docx (startup)

    return logo_problem(path)


OUTSIDE = "menunjuk ke luar folder proyek (lewat tautan simbolik) — simpan {what} di dalam folder proyek"


def check_paths(cfg: Konfigurasi, loaded: LoadedYaml, problems: list[Problem]) -> bool:
    """Files and folders named in the config stay inside the project, symlinks followed.

    Returns False when one escapes (nothing more may be read from it).
    """
    from rapatgen.model.common import inside

    report = Reporter(loaded, problems)
    root = loaded.path.parent
    ok = True
    for key, what in (("direktori", "berkas direktori"), ("folder_rapat", "folder rapat"),
                      ("folder_keluaran", "folder hasil"), ("folder_program", "folder program tahunan")):
        if not inside(root / getattr(cfg, key), root):
            report((key,), f"'{getattr(cfg, key)}' " + OUTSIDE.format(what=what))
            ok = False
    for kop_id, kop in cfg.kop.items():
        if kop.logo and not inside(root / kop.logo, root):
            report(("kop", kop_id, "logo"), f"berkas logo '{kop.logo}' " + OUTSIDE.format(what="logo"))
            kop.logo = None  # never opened
            ok = False
    return ok


def check_config(cfg: Konfigurasi, directory: Direktori | None, loaded: LoadedYaml,
                 problems: list[Problem]) -> None:
    report = Reporter(loaded, problems)
    root = loaded.path.parent
    for kop_id, kop in cfg.kop.items():
        if kop.logo and not (root / kop.logo).is_file():
            report(("kop", kop_id, "logo"), f"berkas logo '{kop.logo}' tidak ditemukan (dicari relatif "
                                            f"terhadap {loaded.path.name}) — periksa nama dan foldernya")
        elif kop.logo and (problem := _logo_problem(root / kop.logo)):
            report(("kop", kop_id, "logo"), f"berkas logo '{kop.logo}' {problem}")
    if directory is not None:
        for doc, person in cfg.penandatangan.model_dump().items():
            if person and person not in directory.orang:
                report.unknown(("penandatangan", doc), "orang", person, directory.orang, "direktori (orang)")
    _check_team_fallbacks(cfg, directory, report)


def _check_team_fallbacks(cfg: Konfigurasi, directory: Direktori | None, report: "Reporter") -> None:
    """One project is one TKPK: the default kop and default signers belong to the team's government."""
    from rapatgen.check.wilayah import kop_government, person_government, team_government

    team = team_government(cfg)
    if cfg.kop_bawaan is not None and cfg.kop_bawaan in cfg.kop:
        owner = kop_government(cfg.kop[cfg.kop_bawaan])
        if owner and owner != team:
            report(("kop_bawaan",), f"kop bawaan '{cfg.kop_bawaan}' milik {owner}, padahal tim proyek ini milik "
                                    f"{team} (organisasi.wilayah) — kop bawaan harus kop pemerintah tim ini")
    if directory is None:
        return
    for doc, person in cfg.penandatangan.model_dump().items():
        owner = person_government(directory, person) if person else None
        if owner and owner != team:
            report(("penandatangan", doc), f"penanda tangan bawaan '{person}' adalah pejabat {owner}, padahal tim "
                                           f"proyek ini milik {team} (organisasi.wilayah) — pilih pejabat {team}")


def check_directory(d: Direktori, loaded: LoadedYaml, problems: list[Problem]) -> None:
    report = Reporter(loaded, problems)
    for pid, person in d.orang.items():
        if person.instansi and person.instansi not in d.instansi:
            report.unknown(("orang", pid, "instansi"), "instansi", person.instansi, d.instansi, "direktori (instansi)")
    everyone = {**d.instansi, **d.orang}
    for gid, group in d.kelompok.items():
        for i, member in enumerate(group.anggota):
            if member not in everyone:
                report.unknown(("kelompok", gid, "anggota", i), "anggota", member, everyone, "direktori (instansi/orang)")
    clash = set(d.orang) & set(d.instansi) | set(d.orang) & set(d.kelompok) | set(d.instansi) & set(d.kelompok)
    for name in sorted(clash):
        section = "orang" if name in d.orang else "instansi"
        report((section, name), f"id '{name}' dipakai di lebih dari satu bagian direktori — "
                                "beri id yang berbeda agar rujukan tidak ambigu")


def _check_person(report: Reporter, loc: tuple, who: Pihak | None, d: Direktori, *,
                  institution_ok: bool = True) -> None:
    """A person (or, where `institution_ok`, an institution) named by id or written inline."""
    if who is None:
        return
    if who.id and who.id in d.instansi and institution_ok:
        pass
    elif who.id and who.id in d.instansi:
        report(loc + ("id",) if _written_as_map(report, loc) else loc,
               f"'{who.id}' adalah instansi, padahal di sini perlu orang — tulis id orang dari direktori "
               "atau {nama: …, jabatan: …}")
    elif who.id and who.id not in d.orang:
        at = loc + ("id",) if _written_as_map(report, loc) else loc
        needed = "satu orang atau satu instansi" if institution_ok else "satu orang"
        if not report.group_not_allowed(at, who.id, d, needed,
                                        "tulis anggotanya satu per satu"):
            known = {**d.orang, **d.instansi} if institution_ok else d.orang
            report.unknown(at, "orang" if not institution_ok else "orang/instansi", who.id, known,
                           "direktori (orang)" if not institution_ok else "direktori (orang/instansi)")
    if who.id and who.nama:
        report(loc + ("nama",), "'nama' ditulis bersama 'id' — nama diambil dari direktori; hapus 'nama', "
                                "atau hapus 'id' bila ini orang lain")
    if who.id and who.id in d.instansi and (who.jabatan or who.nama):
        report(loc + ("id",), f"'{who.id}' adalah instansi — untuk orang dari instansi itu tulis "
                              f"{{nama: …, jabatan: …, instansi: {who.id}}}")
    if who.instansi and not who.id and who.instansi not in d.instansi and " " not in who.instansi:
        hint = suggest(who.instansi, d.instansi)
        if hint:
            report(loc + ("instansi",), f"instansi '{who.instansi}' tidak ada di direktori — maksud Anda '{hint}'?")
    if who.id and (who.gelar_depan or who.gelar_belakang):
        key = "gelar_depan" if who.gelar_depan else "gelar_belakang"
        report(loc + (key,), f"'{key}' ditulis bersama 'id' — gelar diambil dari direktori; ubah gelarnya di "
                             "direktori, atau hapus 'id' bila ini orang lain")
    w = who.mewakili
    if w is not None and w.id and w.id not in d.orang and w.id not in d.instansi:
        hint = suggest(w.id, d.orang) or suggest(w.id, d.instansi)
        tail = f" — maksud Anda '{hint}'?" if hint else (" — tulis jabatan atau instansi lengkap yang diwakili, mis. "
                                                         "'Wakil Bupati Buleleng' atau 'Sekretariat Wakil Presiden', "
                                                         "atau id orang/instansi dari direktori")
        what = "instansi" if hint in d.instansi else "orang"
        report(loc + ("mewakili",), f"{what} '{w.id}' yang diwakili tidak ada di direktori{tail}")
    if w is not None and w.instansi:
        _check_written_id(report, loc + ("mewakili", "instansi"), w.instansi, d.instansi, "instansi")
    group = getattr(who, "kelompok", None)
    if group:
        _check_written_id(report, loc + ("kelompok",), group, d.kelompok, "kelompok")


def _check_written_id(report: Reporter, loc: tuple, value: str, known, what: str) -> None:
    """A value that is an id of the directory or a name written out ("Forkopimda Kabupaten
    Buleleng"); one word close to a known id is reported as a typo of it."""
    if value in known or " " in value.strip():
        return
    hint = suggest(value, known)
    if hint:
        report(loc, f"{what} '{value}' tidak ada di direktori — maksud Anda '{hint}'? (atau tulis sebutannya "
                    "lengkap dengan spasi)")


def _check_speaker(report: Reporter, loc: tuple, ref: str | None, d: Direktori) -> None:
    """`oleh` of an item: an id of the directory, or a speaker written out ("Wali Kota Samarinda");
    a single word close to an id is a typo of that id."""
    import re

    from rapatgen.model.common import ID_PATTERN

    if not ref or " " in ref.strip() or not re.fullmatch(ID_PATTERN, ref.strip()):
        return
    everyone = {**d.orang, **d.instansi, **d.kelompok}
    if ref in everyone:
        return
    hint = suggest(ref, everyone)
    if hint:
        report(loc, f"'{ref}' tidak ada di direktori — maksud Anda '{hint}'? (atau tulis sebutan lengkap "
                    "yang menyampaikan, mis. 'Wali Kota Samarinda')")


def _raw(report: Reporter, loc: tuple):
    """The value as written in the file at `loc`, or None."""
    node = report.loaded.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _written_as_map(report: Reporter, loc: tuple) -> bool:
    return isinstance(_raw(report, loc), dict)


def check_meeting(m: Rapat, cfg: Konfigurasi, d: Direktori, loaded: LoadedYaml,
                  problems: list[Problem]) -> None:
    report = Reporter(loaded, problems)
    if m.kop and m.kop not in cfg.kop:
        report.unknown(("kop",), "kop", m.kop, cfg.kop, "rapatgen.yaml (kop)")
    if not m.lintas_wilayah:
        _check_one_government(m, cfg, d, report)
    first_day = min(s.tanggal for s in m.sesi)
    n_sesi = len(m.sesi)

    for role in ("ketua", "pembuka", "moderator", "sekretaris", "notulis"):
        _check_person(report, ("pimpinan", role), getattr(m.pimpinan, role), d, institution_ok=False)
    for i, ns in enumerate(m.narasumber):
        _check_person(report, ("narasumber", i), ns, d)
    for i, h in enumerate(m.hadir):
        _check_person(report, ("hadir", i), h, d)
        for j, day in enumerate(h.hari or []):
            if not 1 <= day <= n_sesi:
                report(("hadir", i, "hari", j), f"hari/sesi {day} tidak ada; rapat ini punya {n_sesi} sesi")
    for i, item in enumerate(m.pembahasan):
        _check_speaker(report, ("pembahasan", i, "oleh"), item.oleh, d)
    for i, a in enumerate(m.acara):
        _check_speaker(report, ("acara", i, "oleh"), a.oleh, d)
        if a.hari and a.hari > n_sesi:
            report(("acara", i, "hari"), f"hari/sesi {a.hari} tidak ada; rapat ini punya {n_sesi} sesi")
    _check_sessions(report, m, d)
    _check_attendance_size(report, m, d)
    _check_letters_size(report, m, d)
    _check_items_size(report, m)

    if m.undangan:
        u = m.undangan
        everyone = {**d.orang, **d.instansi, **d.kelompok}
        for i, y in enumerate(u.yth):
            if y.id and y.id not in everyone:
                loc = ("undangan", "yth", i, "id") if _written_as_map(report, ("undangan", "yth", i)) else ("undangan", "yth", i)
                report.unknown(loc, "yang diundang", y.id, everyone, "direktori (orang/instansi/kelompok)")
        if u.tanggal > first_day:
            report(("undangan", "tanggal"), f"tanggal surat {u.tanggal:%Y-%m-%d} sesudah tanggal rapat "
                                            f"{first_day:%Y-%m-%d} — surat undangan dikirim sebelum rapat")
        if u.penandatangan and u.penandatangan.orang not in d.orang:
            loc = ("undangan", "penandatangan", "orang") if _written_as_map(report, ("undangan", "penandatangan")) \
                else ("undangan", "penandatangan")
            if not report.group_not_allowed(loc, u.penandatangan.orang, d, "satu penanda tangan",
                                            "sebut id satu orang di direktori, bukan kelompok"):
                report.unknown(loc, "penanda tangan", u.penandatangan.orang, d.orang, "direktori (orang)")
        if not u.yth and not (m.rangkaian and all(s.yth for s in m.sesi)):
            report(("undangan",), "undangan belum menyebut yang diundang — isi 'yth' (id dari direktori atau "
                                  "{jabatan: …}); untuk rangkaian boleh 'yth' di setiap sesi")
        if m.rangkaian and len(m.sesi) > 1 and (u.urut or u.nomor):
            key = "urut" if u.urut else "nomor"
            report(("undangan", key), "rangkaian: setiap sesi punya surat undangan sendiri dan perlu nomor sendiri — "
                                      f"pindahkan '{key}' ke tiap sesi (sesi 1: {key}: "
                                      f"{u.urut or u.nomor}, sesi 2: nomor berikutnya dari buku agenda, …)")

    seen: dict[str, tuple] = {}
    for section in ("kesepakatan", "arahan"):
        for i, item in enumerate(getattr(m, section)):
            if item.id in seen:
                report((section, i, "id"), f"id '{item.id}' sudah dipakai di {seen[item.id][0]} butir "
                                           f"ke-{seen[item.id][1] + 1} — setiap butir perlu id yang berbeda")
            seen.setdefault(item.id, (section, i))
            for j, n in enumerate(item.sesi):
                if not m.rangkaian or n > len(m.sesi):
                    listed = isinstance(_raw(report, (section, i, "sesi")), list)
                    report((section, i, "sesi", j) if listed else (section, i, "sesi"),
                           f"sesi {n} tidak ada; rapat ini punya {len(m.sesi)} sesi" if m.rangkaian else
                           "'sesi' pada butir hanya untuk rangkaian (rangkaian: true)")
            _check_follow_up(report, m, section, i, item, d, first_day)
            _check_provincial_reference(report, m, section, i, item, cfg, d)
    if m.rencana_aksi:
        for i, row in enumerate(m.rencana_aksi.butir):
            if row.opd not in d.instansi and not report.group_not_allowed(
                    ("rencana_aksi", "butir", i, "opd"), row.opd, d, "satu OPD penanggung jawab",
                    "tulis satu baris rencana aksi per OPD anggotanya"):
                report.unknown(("rencana_aksi", "butir", i, "opd"), "OPD", row.opd, d.instansi, "direktori (instansi)")
    _check_person(report, ("notulen", "ditutup_oleh"), m.notulen.ditutup_oleh, d, institution_ok=False)
    if m.notulen.penandatangan:
        for i, who in enumerate(m.notulen.penandatangan):
            _check_person(report, ("notulen", "penandatangan", i), who, d)
    if m.berita_acara:
        ba = m.berita_acara
        for i, who in enumerate(ba.pihak):
            _check_person(report, ("berita_acara", "pihak", i), who, d)
            for j, n in enumerate(who.sesi):
                if not ba.per_sesi or n > len(m.sesi):
                    listed = isinstance(_raw(report, ("berita_acara", "pihak", i, "sesi")), list)
                    report(("berita_acara", "pihak", i, "sesi", j) if listed else ("berita_acara", "pihak", i, "sesi"),
                           f"sesi {n} tidak ada; rapat ini punya {len(m.sesi)} sesi" if ba.per_sesi else
                           "'sesi' pada pihak hanya untuk berita acara per sesi (berita_acara: {per_sesi: true})")
        if ba.per_sesi and not (m.rangkaian and len(m.sesi) > 1):
            report(("berita_acara", "per_sesi"), "'per_sesi' hanya untuk rangkaian dengan lebih dari satu sesi "
                                                 "(rangkaian: true) — hapus 'per_sesi'")
        elif ba.per_sesi and (ba.nomor or ba.tanggal or ba.tempat):
            key = "nomor" if ba.nomor else ("tanggal" if ba.tanggal else "tempat")
            report(("berita_acara", key), f"berita acara per sesi mengambil {key} dari setiap sesi "
                                          f"({'nomor dari buku agenda diisi per lembar' if key == 'nomor' else 'tanggal dan tempat sesi itu'}) "
                                          f"— hapus '{key}'")
        _check_person(report, ("berita_acara", "mengetahui"), m.berita_acara.mengetahui, d)


def _check_one_government(m: Rapat, cfg: Konfigurasi, d: Direktori, report: Reporter) -> None:
    """The meeting's kop and letter signer belong to the project team's government."""
    from rapatgen.check.wilayah import government, kop_government, person_government, team_government

    team = team_government(cfg)
    tail = (f" — satu proyek adalah satu TKPK ({cfg.organisasi.wilayah}); bila rapat ini memang bersama "
            "pemerintah lain, tulis 'lintas_wilayah: true' di berkas rapat")
    if m.kop and m.kop in cfg.kop:
        owner = kop_government(cfg.kop[m.kop])
        if owner and owner != team:
            report(("kop",), f"kop '{m.kop}' milik {owner}, bukan {team}" + tail)
    signer = m.undangan.penandatangan if m.undangan else None
    if signer is not None:
        loc = ("undangan", "penandatangan")
        written_as_map = _written_as_map(report, loc)
        owner = person_government(d, signer.orang)
        if owner and owner != team:
            report(loc + ("orang",) if written_as_map else loc,
                   f"penanda tangan '{signer.orang}' adalah pejabat {owner}, bukan {team}" + tail)
        on_behalf = government(signer.atas_nama)
        if on_behalf and on_behalf != team:
            report(loc + ("atas_nama",) if written_as_map else loc,
                   f"'a.n. {signer.atas_nama}' menandatangani atas nama {on_behalf}, bukan {team}" + tail)


# The daftar hadir a meeting can ask for (issue 17 item 9): about 230 pages in all, built in a few
# hundred MB (README: Batas). Every row is counted the way the list fills them, as an upper bound.
MAX_ATTENDANCE_ROWS = 6_000
BLANK_ROWS = 10  # documents.daftar_hadir: the blank rows a list has beyond its names (at most)


def _attendance_rows(m: Rapat, d: Direktori) -> list[int]:
    """Rows of each session's daftar hadir, at most: invitees (groups expanded), speakers and chairs,
    or those present; at least `jumlah_peserta`; plus the blank rows."""
    rows = []
    for i, s in enumerate(m.sesi):
        if m.undangan:
            invited = s.yth if (m.rangkaian and s.yth) else m.undangan.yth
            names = sum(len(d.kelompok[y.id].anggota) if y.id in d.kelompok and hasattr(d.kelompok[y.id], "anggota")
                        else 1 for y in invited) + len(m.narasumber) + 2
        else:
            names = sum(1 for h in m.hadir if not h.hari or i + 1 in h.hari)
        rows.append(max(names, s.jumlah_peserta or 0) + BLANK_ROWS)
    return rows


def _check_attendance_size(report: Reporter, m: Rapat, d: Direktori) -> None:
    rows = _attendance_rows(m, d)
    if sum(rows) <= MAX_ATTENDANCE_ROWS:
        return
    largest = max(range(len(rows)), key=rows.__getitem__)
    where = ("sesi", largest, "jumlah_peserta") if m.sesi[largest].jumlah_peserta else ("sesi",)
    report(where, f"daftar hadir rapat ini akan berisi sekitar {number(sum(rows))} baris di {len(rows)} sesi (paling "
                  f"banyak {number(MAX_ATTENDANCE_ROWS)} baris, sekitar 230 halaman) — kurangi 'jumlah_peserta' atau "
                  "yang diundang, atau pecah menjadi beberapa berkas rapat")


# What the invitation letters print in all (issue 17 item 9): a line of a letter printed in every
# letter counts once per letter (`bentuk: per_undangan` and series make one letter per invitee or session).
MAX_LETTER_LINES = 50_000


def _letter_lines(m: Rapat, d: Direktori) -> tuple[int, int]:
    """(letters, lines in all of them), at most: tembusan, catatan, the attached invitee list and agenda,
    the purposes, and about 30 lines of its own per letter."""
    from rapatgen.model.agenda import session_agenda

    u = m.undangan
    groups = [(i, s) for i, s in enumerate(m.sesi)] if m.rangkaian else [(0, None)]
    letters = lines = 0
    for i, own in groups:
        invited = own.yth if own is not None and own.yth else u.yth
        count = len(invited) if u.bentuk == "per_undangan" else 1
        listed = 0 if u.bentuk == "per_undangan" else sum(
            len(getattr(d.kelompok.get(y.id), "anggota", None) or [None]) if y.id else 1 for y in invited)
        agenda = len(session_agenda(m, i + 1) or m.acara) if u.lampiran_acara else 0
        each = (len(own.tembusan if own is not None and own.tembusan else u.tembusan) + len(u.catatan) + listed
                + agenda + (len(m.tujuan) if u.cantumkan_tujuan else 0) + 30)
        letters += count
        lines += count * each
    return letters, lines


# Follow-up items of one meeting (kesepakatan and arahan): each is a row of the tracker (DOCX, PDF, XLSX),
# of its OPD's form and calendar; 1,000 build in well under 1 GB (README: Batas).
MAX_ITEMS_PER_MEETING = 1_000


def _check_items_size(report: Reporter, m: Rapat) -> None:
    count = len(m.kesepakatan) + len(m.arahan)
    if count > MAX_ITEMS_PER_MEETING:
        where = ("kesepakatan",) if len(m.kesepakatan) >= len(m.arahan) else ("arahan",)
        report(where, f"rapat ini memuat {number(count)} butir kesepakatan dan arahan (paling banyak "
                      f"{number(MAX_ITEMS_PER_MEETING)}) — setiap butir menjadi baris matriks, formulir, dan kalender "
                      "tindak lanjut; gabungkan butir yang sejenis, atau pecah menjadi beberapa berkas rapat")


def _check_letters_size(report: Reporter, m: Rapat, d: Direktori) -> None:
    if m.undangan is None:
        return
    letters, lines = _letter_lines(m, d)
    if lines > MAX_LETTER_LINES:
        report(("undangan",), f"surat undangan rapat ini akan berisi sekitar {number(lines)} baris dalam {number(letters)} "
                              f"surat (paling banyak {number(MAX_LETTER_LINES)} baris) — kurangi 'tembusan'/'catatan', "
                              "atau pakai 'bentuk: daftar_terlampir' (satu surat dengan daftar yang diundang terlampir)")


def _check_sessions(report: Reporter, m: Rapat, d: Direktori) -> None:
    """Per-session invitees exist; a letter's time agrees with its own attached agenda."""
    from rapatgen.model.agenda import session_agenda

    everyone = {**d.orang, **d.instansi, **d.kelompok}
    numbers: dict[str, int] = {}
    for i, s in enumerate(m.sesi):
        for j, y in enumerate(s.yth):
            if y.id and y.id not in everyone:
                loc = ("sesi", i, "yth", j) + (("id",) if _written_as_map(report, ("sesi", i, "yth", j)) else ())
                report.unknown(loc, "yang diundang", y.id, everyone, "direktori (orang/instansi/kelompok)")
        if (s.yth or s.urut or s.nomor) and not m.rangkaian:
            key = "yth" if s.yth else ("urut" if s.urut else "nomor")
            report(("sesi", i, key), f"'{key}' per sesi hanya untuk rangkaian (satu kegiatan di banyak tempat) — "
                                     "tambahkan 'rangkaian: true' atau pindahkan ke bagian 'undangan'")
        own = s.nomor or (str(s.urut) if s.urut else None)
        if m.rangkaian and own:
            if own in numbers:
                report(("sesi", i, "nomor" if s.nomor else "urut"),
                       f"nomor surat {own} sudah dipakai sesi {numbers[own] + 1} — surat tiap sesi perlu nomor sendiri")
            numbers.setdefault(own, i)
        agenda = session_agenda(m, i + 1)
        if agenda and s.mulai not in {a.mulai for a in agenda}:
            # the letter's time must be a time of its own attached agenda (registration or opening)
            first = min(a.mulai for a in agenda)
            where = ("sesi", i, "acara", 0) if s.acara else ("sesi", i, "mulai")
            report(where, f"sesi {i + 1} mulai pukul {s.mulai:%H.%M} tetapi tidak ada mata acara pada jam itu "
                          f"(susunan acaranya dimulai pukul {first:%H.%M}) — samakan agar jam di surat undangan "
                          "sesuai dengan lampiran acaranya")


def check_across_meetings(meetings: list[tuple[Rapat, Path]], problems: list[Problem], known=()) -> None:
    """Meeting ids are unique; `lanjutan_dari` names an item that exists.

    Takes paths, not parsed trees, so that callers can free each tree early; a file is read
    again only to place a problem found here. `known`: the ids written in meeting files too
    invalid for a model (project.WrittenIds): they exist, so nothing naming them is "missing".
    """
    from rapatgen.load import read_yaml

    def report_at(path: Path) -> Reporter:
        return Reporter(read_yaml(path), problems)

    ids: dict[str, Path] = {}
    items = set()
    for m, path in meetings:
        if m.id in ids:
            report_at(path)(("id",), f"id rapat '{m.id}' sudah dipakai di {ids[m.id].name} — "
                                     "setiap rapat perlu id yang berbeda")
        ids.setdefault(m.id, path)
        for item in (*m.kesepakatan, *m.arahan):
            items.add(f"{m.id}/{item.id}")
    for written in known:
        items |= written.items
    for m, path in meetings:
        for section in ("kesepakatan", "arahan"):
            for i, item in enumerate(getattr(m, section)):
                if item.lanjutan_dari and item.lanjutan_dari not in items:
                    hint = suggest(item.lanjutan_dari, items)
                    report_at(path)((section, i, "lanjutan_dari"),
                                    f"butir '{item.lanjutan_dari}' tidak ada di rapat-rapat di folder agendas "
                                    "(tulis ID-RAPAT/ID-BUTIR)" +
                                    (f" — maksud Anda '{hint}'?" if hint else
                                     " — periksa ejaannya di berkas rapat yang dilanjutkan, mis. 'rakor-2024-06/K3'"))
    _check_provincial_answers(meetings, report_at)


def provincial_key(ref) -> tuple:
    """What names one provincial agreement: its meeting's date, its number (4 and "4" alike), the meeting's
    title if written."""
    from rapatgen.model.common import nomor_key

    return (ref.tanggal, nomor_key(ref.nomor), " ".join((ref.rapat or "").casefold().split()))


def provincial_words(ref) -> str:
    """'kesepakatan nomor 4 rapat provinsi 19 Desember 2024' — as a message names it."""
    from rapatgen.text import locale as L

    return f"kesepakatan nomor {ref.nomor} rapat provinsi {L.tanggal(ref.tanggal)}" + \
        (f" ({ref.rapat})" if ref.rapat else "")


def _check_provincial_reference(report: Reporter, m: Rapat, section: str, i: int, item, cfg: Konfigurasi,
                                d: Direktori) -> None:
    """`kesepakatan_provinsi:` belongs to a kab/kota's tracked item with one status (the one the province records
    for that kab/kota)."""
    from rapatgen.model import occurrences as occ

    ref = item.kesepakatan_provinsi
    if ref is None:
        return
    here = (section, i, "kesepakatan_provinsi")
    tingkat = cfg.organisasi.tingkat
    if tingkat not in ("kabupaten", "kota"):
        report(here, f"'kesepakatan_provinsi' untuk proyek TKPK kabupaten/kota yang menjawab kesepakatan rapat "
                     f"provinsi; proyek ini tingkat {tingkat} — hapus 'kesepakatan_provinsi' (kesepakatan provinsi "
                     "dipantau di butirnya sendiri, per anggota kelompok 'pj')")
        return
    if not item.pj:
        report(here, "butir tanpa 'pj' tidak dipantau dan tidak ikut 'rapatgen ekspor', jadi provinsi tidak menerima "
                     "statusnya — tambahkan 'pj' (mis. pemerintah kab/kota atau OPD yang melaksanakan)")
        return
    if item.pj in d.kelompok or item.berulang or occ.per_session(m, item):
        how = ("per anggota kelompok" if item.pj in d.kelompok else
               "per periode (berulang)" if item.berulang else "per sesi")
        report(here, f"butir ini dipantau {how}, sedangkan provinsi mencatat satu status untuk kab/kota ini — "
                     "tulis 'kesepakatan_provinsi' pada butir dengan satu penanggung jawab dan satu batas waktu")


def _check_provincial_answers(meetings: list[tuple[Rapat, Path]], report_at) -> None:
    """One provincial agreement is answered by one item of the kab/kota (else the province gets two statuses)."""
    seen: dict[tuple, str] = {}
    for m, path in meetings:
        for section in ("kesepakatan", "arahan"):
            for i, item in enumerate(getattr(m, section)):
                ref = item.kesepakatan_provinsi
                if ref is None:
                    continue
                key = provincial_key(ref)
                if key in seen:
                    report_at(path)((section, i, "kesepakatan_provinsi"),
                                    f"{provincial_words(ref)} sudah dijawab oleh {seen[key]} — provinsi mencatat satu "
                                    "status per kab/kota; tulis 'kesepakatan_provinsi' pada satu butir saja")
                else:
                    seen[key] = f"{m.id}/{item.id}"


def _check_member_parts(report: Reporter, here: tuple, item, d: Direktori, pj_ok: bool) -> None:
    """`rincian: {anggota: teks}` belongs to a group-owned item and names members of that group."""
    if not item.rincian:
        return
    if not item.pj or item.pj not in d.kelompok:
        owner = f"'{item.pj}' satu instansi" if item.pj else "belum ada (tanpa 'pj')"
        report(here + ("rincian",), f"'rincian' membagi tugas antaranggota kelompok, sedangkan penanggung jawab butir "
                                    f"ini {owner} — jadikan 'pj' id kelompok di direktori, atau hapus 'rincian' dan "
                                    "tulis bagiannya di 'isi'")
        return
    if not pj_ok:
        return
    members = list(d.kelompok[item.pj].anggota)
    for member in item.rincian:
        if member not in members:
            near = suggest(member, members)
            report(here + ("rincian", member),
                   f"'{member}' bukan anggota kelompok '{item.pj}'" +
                   (f" — maksud Anda '{near}'?" if near else
                    f" — anggotanya: {', '.join(members[:8])}{', …' if len(members) > 8 else ''}"))


def _check_follow_up(report: Reporter, m: Rapat, section: str, i: int, item, d: Direktori, first_day) -> None:
    """pj (an institution or a group), terkait, the deadline or recurrence, and the history of
    every tracked occurrence (`anggota`/`sesi`/`periode` on riwayat entries)."""
    from rapatgen.model import occurrences as occ
    from rapatgen.model.deadline import Jangka

    from rapatgen.model.directory import Kelompok

    here = (section, i)
    pj_ok = True
    _check_speaker(report, here + ("oleh",), item.oleh, d)
    if item.pj and item.pj in d.kelompok and not isinstance(d.kelompok[item.pj], Kelompok):
        pj_ok = False  # the directory itself is invalid (reported there): members cannot be checked yet
    elif item.pj and item.pj in d.kelompok:
        group = d.kelompok[item.pj]
        if not group.anggota:
            report(here + ("pj",), f"kelompok '{item.pj}' tidak punya anggota — isi 'anggota' di direktori")
            pj_ok = False
        for member in group.anggota:
            if member in d.orang:
                report(here + ("pj",), f"kelompok '{item.pj}' berisi orang '{member}'; penanggung jawab kelompok "
                                       "harus beranggotakan instansi — buat kelompok instansi di direktori")
                pj_ok = False
                break
    elif item.pj and item.pj not in d.instansi:
        report.unknown(here + ("pj",), "penanggung jawab", item.pj, {**d.instansi, **d.kelompok},
                       "direktori (instansi/kelompok)")
        pj_ok = False
    _check_member_parts(report, here, item, d, pj_ok)
    for j, other in enumerate(item.terkait):
        if other not in d.instansi and other not in d.kelompok:
            report.unknown(here + ("terkait", j), "instansi terkait", other, {**d.instansi, **d.kelompok},
                           "direktori (instansi/kelompok)")
    if item.berulang and item.batas_waktu is not None:
        report(here + ("batas_waktu",), "butir ini 'berulang': batas waktunya per periode (berulang.tanggal, bawaan "
                                        "akhir bulan) — hapus 'batas_waktu'")
    if item.berulang and item.berulang.tahun:
        early = [p for p in item.berulang.periods(first_day) if p.batas_waktu < first_day]
        if early:
            report(here + ("berulang", "tahun"),
                   f"periode {', '.join(p.label for p in early)} berakhir sebelum rapat {first_day:%Y-%m-%d} — "
                   "periksa tahunnya, atau hapus 'tahun' agar dihitung dari tanggal rapat")
    if item.batas_waktu and not isinstance(item.batas_waktu, Jangka) and item.batas_waktu < first_day:
        report(here + ("batas_waktu",),
               f"batas waktu {item.batas_waktu:%Y-%m-%d} sebelum tanggal rapat {first_day:%Y-%m-%d} — "
               "periksa tahunnya")
    if isinstance(item.batas_waktu, Jangka) and item.batas_waktu.acuan == "sesi" and m.rangkaian is False \
            and len(m.sesi) > 1:
        report(here + ("batas_waktu",), f"'{item.batas_waktu.teks}': rapat ini bukan rangkaian (rangkaian: true), "
                                        "jadi tidak ada batas per sesi — tulis 'setelah rapat' (dihitung dari hari "
                                        "terakhir)")
    if not item.pj or not pj_ok:
        parts, dims = [], []
    else:
        parts = occ.expand(m, item, d)
        dims = occ.required_dimensions(m, item, d)
    last_of: dict[str, object] = {}
    for j, step in enumerate(item.riwayat):
        at = here + ("riwayat", j)
        if step.tanggal < first_day:
            report(at + ("tanggal",), f"tanggal {step.tanggal:%Y-%m-%d} sebelum rapat {first_day:%Y-%m-%d}")
        key_ok = True
        for dim in occ.DIMENSIONS:
            value = getattr(step, dim)
            choices = list(dict.fromkeys(str(getattr(r, dim)) for r in parts if getattr(r, dim) is not None))
            shown = ", ".join(choices[:10]) + (", …" if len(choices) > 10 else "")
            if dim in dims and value is None:
                what = {"anggota": f"anggota kelompok '{item.pj}'", "sesi": "sesi", "periode": "periode"}[dim]
                report(at, f"butir ini dipantau per {what} — tulis '{dim}: …' pada riwayat ini (pilihan: {shown})")
                key_ok = False
            elif dim not in dims and value is not None and item.pj and pj_ok:
                report(at + (dim,), f"butir ini tidak dipantau per {dim} — hapus '{dim}: {value}'")
                key_ok = False
            elif value is not None and choices and str(value) not in choices:
                hint = suggest(str(value), choices)
                report(at + (dim,), f"{dim} '{value}' tidak ada pada butir ini" +
                       (f" — maksud Anda '{hint}'?" if hint else f" — pilihan: {shown}"))
                key_ok = False
        if key_ok and step.sesi and step.sesi <= len(m.sesi) and step.tanggal < m.sesi[step.sesi - 1].tanggal:
            report(at + ("tanggal",), f"tanggal {step.tanggal:%Y-%m-%d} sebelum sesi {step.sesi} "
                                      f"({m.sesi[step.sesi - 1].tanggal:%Y-%m-%d})")
        if step.sumber is not None and not _EXPORT_SOURCE.match(step.sumber):
            report(at + ("sumber",), f"'sumber: {step.sumber}' — 'sumber' pada riwayat ditulis 'rapatgen rekap impor' "
                                     "(berkas ekspor kab/kota, mis. rekap/kabupaten-berau.json) dan menandai status "
                                     "dari laporan kab/kota; dokumen bukti dukung ditulis di 'bukti'")
        key = tuple(getattr(step, k) for k in occ.DIMENSIONS) if key_ok else None
        if key is not None:
            previous = last_of.get(key)
            if previous and step.tanggal < previous:
                report(at + ("tanggal",), "riwayat harus urut dari tanggal terlama ke terbaru")
            last_of[key] = step.tanggal


def check_programmes(programmes: list, cfg: Konfigurasi, d: Direktori | None, meetings: list[Rapat],
                     invalid_ids=frozenset()) -> None:
    """A year's programme: months in its year, links to meetings that exist (once each), the team's own
    kop and signer. `programmes` holds (model, loaded YAML, problem list of that file); `invalid_ids`
    are meetings whose files exist but are invalid (reported in their own file)."""
    from rapatgen.check.wilayah import kop_government, person_government, team_government

    by_id = {m.id: m for m in meetings}
    years: dict[int, str] = {}
    team = team_government(cfg)
    for prog, loaded, sink in programmes:
        report = Reporter(loaded, sink)
        if prog.tahun in years:
            report(("tahun",), f"program tahun {prog.tahun} sudah ada di {years[prog.tahun]} — satu berkas per tahun")
        years.setdefault(prog.tahun, loaded.path.name)
        if prog.kop and prog.kop not in cfg.kop:
            report.unknown(("kop",), "kop", prog.kop, cfg.kop, "rapatgen.yaml (kop)")
        elif prog.kop and (owner := kop_government(cfg.kop[prog.kop])) and owner != team:
            report(("kop",), f"kop '{prog.kop}' milik {owner}, bukan {team} — jadwal tim ini memakai kop pemerintahnya")
        signer = prog.penandatangan
        if signer and d is not None:
            loc = ("penandatangan", "orang") if _written_as_map(report, ("penandatangan",)) else ("penandatangan",)
            if signer.orang not in d.orang:
                report.unknown(loc, "penanda tangan", signer.orang, d.orang, "direktori (orang)")
            elif (owner := person_government(d, signer.orang)) and owner != team:
                report(loc, f"penanda tangan '{signer.orang}' adalah pejabat {owner}, bukan {team}")
        linked: dict[str, int] = {}
        for i, entry in enumerate(prog.kegiatan):
            if entry.year != prog.tahun:
                report(("kegiatan", i, "bulan"), f"bulan {entry.bulan} bukan tahun {prog.tahun} — berkas ini program "
                                                 f"tahun {prog.tahun}; rencana tahun {entry.year} ditulis di program "
                                                 f"tahun {entry.year}")
            if not entry.rapat:
                continue
            if entry.rapat not in by_id and entry.rapat not in invalid_ids:
                hint = suggest(entry.rapat, [*by_id, *invalid_ids])
                report(("kegiatan", i, "rapat"), f"rapat '{entry.rapat}' tidak ada di folder {cfg.folder_rapat} "
                                                 "(tulis id rapat dari berkas rapatnya)" +
                       (f" — maksud Anda '{hint}'?" if hint else
                        " — periksa ejaannya dengan kunci 'id' di berkas rapat itu, atau hapus 'rapat' bila berkasnya "
                        "belum dibuat"))
            elif entry.rapat in linked:
                report(("kegiatan", i, "rapat"), f"rapat '{entry.rapat}' sudah ditautkan ke kegiatan ke-"
                                                 f"{linked[entry.rapat] + 1} — satu rapat untuk satu rencana")
            if entry.status == "batal":
                report(("kegiatan", i, "status"), "rencana bertanda 'batal' tidak dapat ditautkan ke rapat yang "
                                                  "terlaksana — hapus 'status: batal' atau 'rapat'")
            linked.setdefault(entry.rapat, i)


def check_reviews(meetings: list[tuple[Rapat, Path]], years: set[int], folder: str, problems: list[Problem]) -> None:
    """`tinjau_program: <tahun>` names a programme that exists."""
    from rapatgen.load import read_yaml

    for m, path in meetings:
        if m.tinjau_program is not None and m.tinjau_program not in years:
            known = ", ".join(str(y) for y in sorted(years)) or "belum ada"
            Reporter(read_yaml(path), problems)(
                ("tinjau_program",), f"program tahun {m.tinjau_program} tidak ada di folder {folder}/ (yang ada: "
                                     f"{known}) — buat {folder}/{m.tinjau_program}.yaml atau periksa tahunnya")
