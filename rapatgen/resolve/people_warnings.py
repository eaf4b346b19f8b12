"""Warnings (not errors) about the people of a meeting, each at the file and line where the
entry is written and once per entry: who is invited or listed twice, a group whose members
are already listed, the signer inviting their own office, an invitee who outranks the
signer, a `hadir` entry without a position, a counted person whose sex is unknown, and a
berita acara signed by a party that was not there or by none of its agreements' parties."""

from __future__ import annotations

from rapatgen.load import locate
from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.resolve.attendance import mode, unplaced_order
from rapatgen.resolve.parties import absent_parties, default_parties
from rapatgen.resolve.rank import ACTING, OTHER, rank
from rapatgen.resolve.context import Context
from rapatgen.text.errors import Problem

RANK = {"kepala_daerah": 0, "wakil_kepala_daerah": 1, "sekda": 2}
RANK_NAME = {0: "kepala daerah", 1: "wakil kepala daerah", 2: "sekretaris daerah atau pimpinan/anggota DPRD"}


def _rank_of_text(text: str | None) -> int | None:
    """0 head of region, 1 deputy, 2 sekda or DPRD (resolve/rank.py, which the invitation's closing uses too)."""
    found = rank(text)
    return None if found == OTHER else found


class _File:
    def __init__(self, mf, out: list[str]):
        self.mf, self.out = mf, out
        self._data = mf.source.data

    @property
    def data(self):
        """The file's values with their positions (a meeting read from the check cache has none: read
        again, only when there is something to say)."""
        if self._data is None:
            from rapatgen.load import read_yaml

            self._data = read_yaml(self.mf.path).data
        return self._data

    def line(self, loc: tuple) -> int:
        return locate(self.data, loc)[0]

    def warn(self, loc: tuple, message: str) -> None:
        line, col = locate(self.data, loc)
        self.out.append(str(Problem(str(self.mf.path), line, col, message)))


def people_warnings(project) -> list[str]:
    from datetime import date

    ctx = Context(project.config, project.directory, project.root, date.today(), [])
    out: list[str] = []
    signed: set[str] = set()  # signers already warned about (once per person, not per meeting)
    for mf in project.meetings:
        f = _File(mf, out)
        m = mf.model
        if m.undangan is not None:
            lists = [(("undangan", "yth"), m.undangan.yth)]
            lists += [(("sesi", k, "yth"), s.yth) for k, s in enumerate(m.sesi) if s.yth]
            for loc, entries in lists:
                _invitation(ctx, m, f, loc, entries)
        _attendance(ctx, m, f)
        _berita_acara(ctx, m, f)
        _signer_ids(ctx, m, f, project, signed)
        for i in unplaced_order(ctx, m):
            f.warn(("daftar_hadir", "urutan", i), f"'{m.daftar_hadir.urutan[i]}' di daftar_hadir.urutan bukan baris daftar "
                                                  "hadir mana pun — tulis id orang/instansi, nama, atau jabatan "
                                                  "seperti tercetak di daftar hadir")
    return out


def _signer_ids(ctx: Context, m: Rapat, f: _File, project, signed: set[str]) -> None:
    """An invitation signed by a civil servant (jenis pns/pppk) prints pangkat and NIP under the
    name (Permendagri 1/2023 Pasal 44): say so where the directory lacks them. The head of region,
    the deputy and the Sekda print the name only, as do an acting head of region and non-ASN."""
    if m.undangan is None:
        return
    u = m.undangan
    signer_id = u.penandatangan.orang if u.penandatangan else ctx.config.penandatangan.undangan
    if not signer_id and isinstance(m.pimpinan.ketua, Pihak):
        signer_id = m.pimpinan.ketua.id
    o = ctx.directory.orang.get(signer_id or "")
    if o is None or signer_id in signed or o.jenis not in ("pns", "pppk"):
        return
    label = "NI PPPK" if o.jenis == "pppk" else ctx.config.label_nip or "NIP"
    missing = [(key, text) for key, text, there in (("golongan", "golongan (atau pangkat)", o.pangkat_text() or o.golongan),
                                                    ("nip", label, o.nip)) if not there]
    if not missing:
        return
    signed.add(signer_id)
    from rapatgen.load import locate, read_yaml

    path = project.root / project.config.direktori
    try:
        line, col = locate(read_yaml(path).data, ("orang", signer_id), key_only=True)
    except Exception:  # the directory was read by check already; without positions, line 1
        line, col = 1, 1
    lacking = " dan ".join(text for _, text in missing)
    keys = " dan ".join(f"'{key}'" for key, _ in missing)
    f.out.append(str(Problem(str(path), line, col,
                             f"{o.jabatan_text()} ({o.nama}) menandatangani undangan {f.mf.path.name}, tetapi "
                             f"{lacking}-nya belum ada di direktori — surat yang ditandatangani ASN mencantumkan "
                             f"pangkat dan {label} di bawah nama (Permendagri 1/2023 Pasal 44): isi {keys} orang "
                             f"'{signer_id}', atau 'jenis: non_asn' bila ia bukan ASN")))


def _label(ctx: Context, ref: str) -> str:
    d = ctx.directory
    if ref in d.orang:
        return d.orang[ref].jabatan
    if ref in d.instansi:
        return d.instansi[ref].nama
    return ref


def _keys(ctx: Context, ref: str) -> set[str]:
    """Who an id stands for: itself, and for a person the office they head (a head and their office
    are one invitee)."""
    d = ctx.directory
    keys = {ref}
    o = d.orang.get(ref)
    if o and o.instansi in d.instansi:
        inst = d.instansi[o.instansi]
        if inst.kepala and ACTING.sub("", o.jabatan).lower() == inst.kepala.lower():
            keys.add(o.instansi)
    return keys


def _invitation(ctx: Context, m: Rapat, f: _File, loc: tuple, entries: list) -> None:
    d = ctx.directory
    expanded: list[tuple[int, set[str], list[str]]] = []  # (index, keys, member ids)
    for i, y in enumerate(entries):
        if y.id and y.id in d.kelompok:
            members = list(d.kelompok[y.id].anggota)
        elif y.id:
            members = [y.id]
        else:
            members = []
        keys = set().union(*(_keys(ctx, x) for x in members)) if members else \
            {f"jabatan:{(y.jabatan or '').strip().lower()}"}
        expanded.append((i, keys, members))
    # a group whose members are all listed on their own lines
    covered_groups = set()
    for i, keys, members in expanded:
        y = entries[i]
        if y.id in d.kelompok and members:
            others = set().union(*(k for j, k, _ in expanded if j != i and entries[j].id not in d.kelompok)) \
                if len(expanded) > 1 else set()
            if all(_keys(ctx, x) & others for x in members):
                covered_groups.add(i)
                f.warn(loc + (i,), f"kelompok '{y.id}' ({d.kelompok[y.id].nama}) dipakai, padahal semua "
                                   f"{len(members)} anggotanya sudah ditulis satu per satu di daftar ini — hapus "
                                   "kelompok ini, atau hapus baris anggotanya dan tulis kelompoknya saja")
    # the same person or office twice (directly, or directly and through a group)
    seen: dict[str, int] = {}
    for i, keys, members in expanded:
        if i in covered_groups:
            continue
        twice = sorted({k for k in keys if k in seen})
        if twice:
            first = entries[seen[twice[0]]]
            how = f"lewat kelompok '{first.id}'" if first.id in d.kelompok else "di baris sebelumnya"
            what = ", ".join(_label(ctx, k.removeprefix("jabatan:")) for k in twice)
            line = f.line(loc + (seen[twice[0]],))
            f.warn(loc + (i,), f"{what} diundang dua kali (juga {how}, baris {line}) — hapus salah satunya, "
                               "agar surat dan daftar hadirnya tidak ganda")
        for k in keys:
            seen.setdefault(k, i)
    _signer(ctx, m, f, loc, entries, expanded)


def _signer(ctx: Context, m: Rapat, f: _File, loc: tuple, entries: list, expanded) -> None:
    d = ctx.directory
    u = m.undangan
    signer_id = u.penandatangan.orang if u.penandatangan else ctx.config.penandatangan.undangan
    if not signer_id and isinstance(m.pimpinan.ketua, Pihak):
        signer_id = m.pimpinan.ketua.id
    signer = d.orang.get(signer_id or "")
    if signer is None:
        return
    own = {signer_id} | ({signer.instansi} if signer.instansi else set())
    on_behalf = u.penandatangan.atas_nama if u.penandatangan else None
    signer_rank = _rank_of_text(on_behalf) if on_behalf else RANK.get(signer.jenis)
    signer_rank = 3 if signer_rank is None else signer_rank
    region = ctx.config.organisasi.wilayah
    head = {"Provinsi": "GUBERNUR", "Kabupaten": "BUPATI", "Kota": "WALI KOTA"}.get(region.split()[0], "BUPATI")
    head_line = f"{head} {region.split(' ', 1)[1].upper()}" if " " in region else head
    for i, keys, members in expanded:
        y = entries[i]
        mine = sorted(keys & own)
        if mine:
            himself = signer_id in mine
            f.warn(loc + (i,), f"penanda tangan undangan ({signer.jabatan}) mengundang "
                               f"{'dirinya sendiri' if himself else 'kantornya sendiri'} "
                               f"({_label(ctx, signer_id if himself else mine[0])}) — hapus baris ini, atau tulis "
                               "anggota kelompoknya tanpa kantor penanda tangan")
        ranks = [RANK.get(d.orang[x].jenis) if x in d.orang else _rank_of_text(_label(ctx, x)) for x in members]
        if not members:
            ranks = [_rank_of_text(y.jabatan)]
        ranks += [_rank_of_text(d.instansi[x].kepala) for x in members if x in d.instansi]
        known = [r for r in ranks if r is not None]
        if known and min(known) < signer_rank:
            top = min(known)
            advice = (f"tanda tangani atas nama kepala daerah (atas_nama: {head_line}) atau oleh Sekretaris Daerah"
                      if top > 0 else "undangan kepada kepala daerah ditandatangani Sekretaris Daerah "
                                      f"(atau atas_nama: {head_line})")
            f.warn(loc + (i,), f"yang diundang ({RANK_NAME[top]}) lebih tinggi daripada penanda tangan "
                               f"({signer.jabatan}{', a.n. ' + on_behalf if on_behalf else ''}) — {advice}")


def _attendance(ctx: Context, m: Rapat, f: _File) -> None:
    d = ctx.directory
    seen: dict[str, int] = {}
    group_lines = []
    for i, h in enumerate(m.hadir):
        gid = getattr(h, "kelompok", None)
        if gid and gid in d.kelompok:
            group_lines.append((i, gid))
            continue
        if h.id:
            keys = {h.id}
        elif h.nama:
            keys = {f"nama:{' '.join(h.nama.lower().split())}"}
        else:
            keys = set()
        twice = sorted(k for k in keys if k in seen)
        if twice:
            line = f.line(("hadir", seen[twice[0]]))
            f.warn(("hadir", i), f"{_label(ctx, twice[0].removeprefix('nama:'))} tertulis dua kali di 'hadir' "
                                 f"(juga baris {line}) — hapus salah satunya, agar tidak dihitung dua kali")
        for k in keys:
            seen.setdefault(k, i)
        if not h.id and h.nama and not h.jabatan and not getattr(h, "kelompok", None):
            f.warn(("hadir", i), f"peserta '{h.nama}' tanpa jabatan — daftar hadir dan notulen mencetak namanya "
                                 "saja; tulis 'jabatan' (dan 'instansi')")
    for i, gid in group_lines:  # a group line whose members are also written one by one
        members = d.kelompok[gid].anggota
        if members and all(x in seen for x in members):
            f.warn(("hadir", i), f"kelompok '{gid}' ({d.kelompok[gid].nama}) ditulis di 'hadir', padahal semua "
                                 f"{len(members)} anggotanya sudah ditulis satu per satu — hapus salah satunya, "
                                 "agar tidak dihitung dua kali")
    if mode(m) != "sesudah":
        return
    counted: set[str] = set()
    who_came = [(("pimpinan", r), getattr(m.pimpinan, r, None)) for r in ("pembuka", "ketua", "moderator", "notulis")]
    who_came += [(("narasumber", i), ns) for i, ns in enumerate(m.narasumber)]
    who_came += [(("hadir", i), h) for i, h in enumerate(m.hadir)]
    for loc, who in who_came:
        if who is None or (who.id and who.id in d.kelompok) or getattr(who, "kelompok", None):
            continue
        p = ctx.person(who)
        if p.institution or not p.nama or p.jenis_kelamin in ("L", "P"):
            continue
        key = who.id or p.nama
        if key in counted:
            continue
        counted.add(key)
        where = (f"di direktori (orang: {who.id}) atau di baris ini" if who.id else "di baris ini")
        f.warn(loc, f"jenis kelamin {p.nama} belum diketahui — rekap laki-laki/perempuan peserta tidak dicetak "
                    f"di notulen; isi 'jenis_kelamin: L' atau 'P' {where}")


def _berita_acara(ctx: Context, m: Rapat, f: _File) -> None:
    """A berita acara must be signed by parties that were there: a written party who was not (after
    the meeting), and a record whose agreements' parties were all away (the chair then signs alone)."""
    if not m.kesepakatan or getattr(m, "dibatalkan", None):
        return
    ba = m.berita_acara
    if ba and ba.pihak:
        for i in absent_parties(ctx, m):
            who = ba.pihak[i]
            if who.id in ctx.directory.instansi and not (who.nama or who.jabatan):
                name = ctx.directory.instansi[who.id].kepala_text()
            else:
                name = ctx.person(who).nama or ctx.person(who).role() or who.id
            f.warn(("berita_acara", "pihak", i),
                   f"pihak berita acara {name} tidak tercatat hadir (di pimpinan, narasumber, atau 'hadir'"
                   f"{', sesi ' + ', '.join(map(str, who.sesi)) if who.sesi else ''}) — yang menandatangani "
                   "kesepakatan adalah yang hadir: catat kehadirannya (atau wakilnya) di 'hadir', atau hapus baris ini")
        if ba.per_sesi and m.rangkaian and len(m.sesi) > 1:
            for k in range(1, len(m.sesi) + 1):
                agreed = [it for it in m.kesepakatan if not it.sesi or k in it.sesi]
                if agreed and not any(not p.sesi or k in p.sesi for p in ba.pihak):
                    f.warn(("berita_acara", "pihak"), f"berita acara sesi {k} tidak punya penanda tangan di "
                                                      "'pihak' — pimpinan rapat menandatanganinya sendiri; tambahkan "
                                                      f"pihak dengan 'sesi: {k}' atau tanpa 'sesi'")
        return
    if mode(m) != "sesudah":  # before the meeting nobody is recorded present yet: nothing to say
        return
    per_session = bool(ba and ba.per_sesi and m.rangkaian and len(m.sesi) > 1)
    records = [(k, [it for it in m.kesepakatan if not it.sesi or k in it.sesi]) for k in range(1, len(m.sesi) + 1)] \
        if per_session else [(None, list(m.kesepakatan))]
    for session, items in records:
        if items and not default_parties(ctx, m, items, session):
            where = f"berita acara sesi {session}" if session else "berita acara"
            f.warn(("berita_acara",) if ba else ("kesepakatan",),
                   f"{where} tidak punya pihak yang menyepakati: tidak satu pun penanggung jawab atau pihak terkait "
                   "kesepakatannya (pj, terkait) tercatat hadir, jadi hanya pimpinan rapat yang menandatangani — "
                   "catat yang hadir di 'hadir', atau tulis penanda tangannya di 'berita_acara: {pihak: [...]}'")
