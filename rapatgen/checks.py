"""Checks that need more than one value: cross-references and date logic.

Each check reports at the line that names the offending value, with a suggestion.
"""

from __future__ import annotations

from pathlib import Path

from rapatgen.errors import Problem
from rapatgen.load import LoadedYaml, locate
from rapatgen.model.config import Konfigurasi
from rapatgen.model.directory import Direktori
from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.validate import suggest


class Reporter:
    """Collects problems for one file, placing each at the line of a `loc` path."""

    def __init__(self, loaded: LoadedYaml, problems: list[Problem]):
        self.loaded = loaded
        self.problems = problems

    def __call__(self, loc: tuple, message: str) -> None:
        line, col = locate(self.loaded.data, loc)
        self.problems.append(Problem(str(self.loaded.path), line, col, message))

    def unknown(self, loc: tuple, what: str, value: str, known, where: str) -> None:
        hint = suggest(value, known)
        tail = f" — maksud Anda '{hint}'?" if hint else f" — tambahkan '{value}' ke {where} atau periksa ejaannya"
        self(loc, f"{what} '{value}' tidak ada di {where}{tail}")


def _readable_image(path: Path) -> bool:
    from rapatgen.images import image_size  # a header reader: check must not import python-docx (startup)

    return image_size(path) is not None and path.suffix.lower() in (".png", ".jpg", ".jpeg")


def check_config(cfg: Konfigurasi, directory: Direktori | None, loaded: LoadedYaml,
                 problems: list[Problem]) -> None:
    report = Reporter(loaded, problems)
    root = loaded.path.parent
    for kop_id, kop in cfg.kop.items():
        if kop.logo and not (root / kop.logo).is_file():
            report(("kop", kop_id, "logo"), f"berkas logo '{kop.logo}' tidak ditemukan (dicari relatif "
                                            f"terhadap {loaded.path.name}) — periksa nama dan foldernya")
        elif kop.logo and not _readable_image(root / kop.logo):
            report(("kop", kop_id, "logo"), f"berkas logo '{kop.logo}' bukan gambar PNG/JPEG yang dapat dibaca — "
                                            "simpan ulang sebagai PNG")
    if directory is not None:
        for doc, person in cfg.penandatangan.model_dump().items():
            if person and person not in directory.orang:
                report.unknown(("penandatangan", doc), "orang", person, directory.orang, "direktori (orang)")
    _check_team_fallbacks(cfg, directory, report)


def _check_team_fallbacks(cfg: Konfigurasi, directory: Direktori | None, report: "Reporter") -> None:
    """One project is one TKPK: the default kop and default signers belong to the team's government."""
    from rapatgen.wilayah import kop_government, person_government, team_government

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


def _check_person(report: Reporter, loc: tuple, who: Pihak | None, d: Direktori) -> None:
    if who is None:
        return
    if who.id and who.id not in d.orang:
        report.unknown(loc + ("id",) if _written_as_map(report, loc) else loc,
                       "orang", who.id, d.orang, "direktori (orang)")
    if who.instansi and not who.id and who.instansi not in d.instansi and " " not in who.instansi:
        hint = suggest(who.instansi, d.instansi)
        if hint:
            report(loc + ("instansi",), f"instansi '{who.instansi}' tidak ada di direktori — maksud Anda '{hint}'?")


def _written_as_map(report: Reporter, loc: tuple) -> bool:
    node = report.loaded.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict)


def check_meeting(m: Rapat, cfg: Konfigurasi, d: Direktori, loaded: LoadedYaml,
                  problems: list[Problem]) -> None:
    report = Reporter(loaded, problems)
    if m.kop and m.kop not in cfg.kop:
        report.unknown(("kop",), "kop", m.kop, cfg.kop, "rapatgen.yaml (kop)")
    if not m.lintas_wilayah:
        _check_one_government(m, cfg, d, report)
    first_day = min(s.tanggal for s in m.sesi)
    n_sesi = len(m.sesi)

    for role in ("ketua", "pembuka", "sekretaris", "notulis"):
        _check_person(report, ("pimpinan", role), getattr(m.pimpinan, role), d)
    for i, ns in enumerate(m.narasumber):
        _check_person(report, ("narasumber", i), ns, d)
    for i, h in enumerate(m.hadir):
        _check_person(report, ("hadir", i), h, d)
        for j, day in enumerate(h.hari or []):
            if not 1 <= day <= n_sesi:
                report(("hadir", i, "hari", j), f"hari/sesi {day} tidak ada; rapat ini punya {n_sesi} sesi")
    for i, a in enumerate(m.acara):
        if a.hari > n_sesi:
            report(("acara", i, "hari"), f"hari/sesi {a.hari} tidak ada; rapat ini punya {n_sesi} sesi")

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
            report.unknown(loc, "penanda tangan", u.penandatangan.orang, d.orang, "direktori (orang)")
        if u.urut is None and u.nomor is None:
            pass  # the letter prints dots for the number; staff fill it from the agenda book

    seen: dict[str, tuple] = {}
    for section in ("kesepakatan", "arahan"):
        for i, item in enumerate(getattr(m, section)):
            if item.id in seen:
                report((section, i, "id"), f"id '{item.id}' sudah dipakai di {seen[item.id][0]} butir "
                                           f"ke-{seen[item.id][1] + 1} — setiap butir perlu id yang berbeda")
            seen.setdefault(item.id, (section, i))
            if item.pj and item.pj not in d.instansi:
                report.unknown((section, i, "pj"), "penanggung jawab", item.pj, d.instansi, "direktori (instansi)")
            for j, other in enumerate(item.terkait):
                if other not in d.instansi:
                    report.unknown((section, i, "terkait", j), "instansi terkait", other, d.instansi, "direktori (instansi)")
            if item.batas_waktu and item.batas_waktu < first_day:
                report((section, i, "batas_waktu"),
                       f"batas waktu {item.batas_waktu:%Y-%m-%d} sebelum tanggal rapat {first_day:%Y-%m-%d} — "
                       "periksa tahunnya")
            previous = None
            for j, step in enumerate(item.riwayat):
                if step.tanggal < first_day:
                    report((section, i, "riwayat", j, "tanggal"),
                           f"tanggal {step.tanggal:%Y-%m-%d} sebelum rapat {first_day:%Y-%m-%d}")
                if previous and step.tanggal < previous:
                    report((section, i, "riwayat", j, "tanggal"),
                           "riwayat harus urut dari tanggal terlama ke terbaru")
                previous = step.tanggal
    if m.rencana_aksi:
        for i, row in enumerate(m.rencana_aksi.butir):
            if row.opd not in d.instansi:
                report.unknown(("rencana_aksi", "butir", i, "opd"), "OPD", row.opd, d.instansi, "direktori (instansi)")
    if m.notulen.penandatangan:
        for i, who in enumerate(m.notulen.penandatangan):
            _check_person(report, ("notulen", "penandatangan", i), who, d)
    if m.berita_acara:
        for i, who in enumerate(m.berita_acara.pihak):
            _check_person(report, ("berita_acara", "pihak", i), who, d)
        _check_person(report, ("berita_acara", "mengetahui"), m.berita_acara.mengetahui, d)


def _check_one_government(m: Rapat, cfg: Konfigurasi, d: Direktori, report: Reporter) -> None:
    """The meeting's kop and letter signer belong to the project team's government."""
    from rapatgen.wilayah import government, kop_government, person_government, team_government

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


def check_across_meetings(meetings: list[tuple[Rapat, Path]], problems: list[Problem]) -> None:
    """Meeting ids are unique; `lanjutan_dari` names an item that exists.

    Takes paths, not parsed trees, so that callers can free each tree early; a file is read
    again only to place a problem found here.
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
    for m, path in meetings:
        for section in ("kesepakatan", "arahan"):
            for i, item in enumerate(getattr(m, section)):
                if item.lanjutan_dari and item.lanjutan_dari not in items:
                    report_at(path).unknown((section, i, "lanjutan_dari"), "butir", item.lanjutan_dari, items,
                                            "rapat-rapat di folder agendas (tulis ID-RAPAT/ID-BUTIR)")
