"""The attendance model: one list of people per session, which the daftar hadir prints and
the notulen and berita acara count, so the three can never disagree.

Every person or office the meeting names is an *entry*: the leaders (pembuka, ketua,
moderator, sekretaris, notulis), the narasumber, the invitees of the session (groups
expanded) and whoever is written in `hadir`. Entries become *rows*, one per person and per
office:

- a person merges into the row of the office they head (definitive, Plt., Plh., Pj.) or of
  whom or what they represent (`mewakili`); a person from an invited office whose head does
  not come fills that office's row;
- the same person (directory id, or the same name written inline) is always one row.

Rows are in protocol order — head of region, deputy, Sekda, the meeting's leaders (opener,
chair, the team's secretary, moderator), the invitation's order, everyone else as written — unless the meeting asks for the order as
written (`daftar_hadir.urutan: tertulis`).

Two modes: *sebelum* (before the meeting: the sheet pre-printed from everyone expected) and
*sesudah* (after it: the same rows, marked with who came). The meeting is *sesudah* once
`hadir` is written, unless `daftar_hadir.mode` says otherwise.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field

from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.resolve.context import Context, Person, region_of
from rapatgen.resolve.rank import ACTING, HEAD_OF_REGION, SEKDA
from rapatgen.resolve.rank import DEPUTY_HEAD as DEPUTY

SUB_UNIT = {"bidang", "seksi", "sub", "subbidang", "subbagian", "bagian", "upt", "uptd", "unit", "sekretariat",
            "urusan", "tata", "subdirektorat", "direktorat"}

# rank groups of the protocol order
R_HEAD, R_DEPUTY, R_SEKDA, R_LEAD, R_INVITED, R_OTHER = range(6)
LEAD_ROLES = ("pembuka", "ketua", "sekretaris", "moderator")  # the team's secretary follows its chair
# people of a place who are not its office's staff: never in the row of its head
NOT_STAFF = {"anggota_dprd", "tokoh_agama", "tokoh_masyarakat", "akademisi", "dunia_usaha", "media"}
OTHER_ROLES = ("notulis",)


def _norm(text: str | None) -> str:
    return re.sub(r"[\s,.]+", " ", (text or "")).strip().lower()


def _bare(jabatan: str | None) -> str:
    """A position without its Plt./Plh./Pj. prefix."""
    return ACTING.sub("", (jabatan or "").strip())


@dataclass
class Row:
    """One line of the attendance list: a person, an office, or a person in an office's row."""

    nama: str = ""  # printed name; "" = written by hand on the day (or an office with no one named)
    jabatan: str = ""  # printed "Jabatan / Instansi"
    hp: str = ""
    jenis_kelamin: str | None = None
    person: str | None = None  # identity of the person in the row (directory id or "nama:<name>")
    office: str | None = None  # directory institution id the row stands for
    text: str | None = None  # a position written in the invitation ("jabatan:<text>")
    office_kind: str | None = None  # the institution's jenis (opd, vertikal, …) for counting
    rank: tuple = (R_OTHER, 0)
    came: bool = False
    daring: bool = False
    said: bool = False  # a hadir or narasumber line said in person or online (a leader's role does not)
    mewakili: str | None = None  # "Kepala Dinas …" when a representative fills the row of another
    represented: set = field(default_factory=set)  # person identities represented here (never counted)
    group: bool = False  # a group line of `hadir` ("Forkopimda Kabupaten Buleleng, 4 orang")
    jumlah: int = 0  # how many people a group line counts (0: not known)
    institution: str | None = None  # directory institution of the person in the row (the office, or their own)

    @property
    def named(self) -> bool:
        return bool(self.nama)

    def line(self) -> str:
        """'Nama, Jabatan/Instansi' as a minute lists it."""
        return f"{self.nama}, {self.jabatan}" if self.nama else self.jabatan


@dataclass
class _Entry:
    who: Pihak | str
    rank: tuple
    came: bool  # the entry itself says the person took part (hadir, chair, speaker)
    daring: bool | None = False  # None: a leader, in person unless a hadir or narasumber line says online
    invited: bool = False  # an office invited is printed by its head's position, else by its name


class _Builder:
    def __init__(self, ctx: Context, m: Rapat):
        self.ctx, self.m, self.d = ctx, m, ctx.directory
        self.rows: list[Row] = []
        self.after = mode(m) == "sesudah"
        self.staff: list[tuple[Row, str]] = []  # a person's row and their office: may fill its row

    # --- identities ------------------------------------------------------------------
    def institution_id(self, ref: str | None) -> str | None:
        """A directory institution id for an id, a full name, or a short name with its region
        ("Bappeda Kota Samarinda" for the Bappeda whose name ends in "Kota Samarinda")."""
        if not ref:
            return None
        if ref in self.d.instansi:
            return ref
        want = _norm(ref)
        for iid, inst in self.d.instansi.items():
            if want == _norm(inst.nama):
                return iid
            if inst.singkatan:
                region = region_of(inst.nama)
                names = {_norm(inst.singkatan)} if not region else \
                    {_norm(f"{inst.singkatan.split()[0]} {region}"), _norm(f"{inst.singkatan} {region}")}
                if want in names:
                    return iid
        return None

    def office_line(self, iid: str) -> str:
        return self.d.instansi[iid].kepala_text()

    def heads(self, jabatan: str, iid: str | None) -> bool:
        """Whether a person with this position heads the institution (acting heads included)."""
        if not iid or iid not in self.d.instansi:
            return False
        inst = self.d.instansi[iid]
        bare = _bare(jabatan)
        if inst.kepala and _norm(bare) == _norm(inst.kepala):
            return True
        words = bare.split()
        first = (inst.kepala or "Kepala").split()[0].lower()
        return len(words) >= 1 and words[0].lower() == first and (len(words) == 1 or words[1].lower() not in SUB_UNIT)

    def office_headed_by_position(self, jabatan: str) -> str | None:
        want = _norm(_bare(jabatan))
        return next((iid for iid, inst in self.d.instansi.items() if inst.kepala and _norm(inst.kepala) == want), None)

    def person_key(self, who: Pihak, p: Person) -> str | None:
        """A directory id (also for a directory person written inline by name), else the name."""
        if who.id and who.id in self.d.orang:
            return who.id
        if not p.nama:
            return None
        name = _norm(p.nama_polos or p.nama)
        return next((pid for pid, o in self.d.orang.items() if _norm(o.nama) == name), f"nama:{name}")

    def person_office(self, who: Pihak, p: Person) -> str | None:
        """The institution a person belongs to (directory, or written next to them)."""
        if who.instansi:
            return self.institution_id(who.instansi)
        if who.id and who.id in self.d.orang:
            return self.d.orang[who.id].instansi
        return None

    def rank_of(self, who: Pihak, p: Person, base: tuple) -> tuple:
        kind = self.d.orang[who.id].jenis if who.id and who.id in self.d.orang else None
        position = _bare(p.jabatan)
        if kind == "kepala_daerah" or (kind is None and HEAD_OF_REGION.match(position)):
            return (R_HEAD, 0)
        if kind == "wakil_kepala_daerah" or (kind is None and DEPUTY.match(position)):
            return (R_DEPUTY, 0)
        if kind == "sekda" or (kind is None and SEKDA.match(position)):
            return (R_SEKDA, 0)
        return base

    # --- rows ------------------------------------------------------------------------
    def find(self, *, person=None, office=None, text=None) -> Row | None:
        for r in self.rows:
            if (person and (r.person == person or person in r.represented)) or (office and r.office == office) \
                    or (text and r.text == text):
                return r
        return None

    def new_row(self, **kw) -> Row:
        row = Row(**kw)
        self.rows.append(row)
        return row

    @staticmethod
    def mark(row: Row, e: _Entry) -> None:
        row.rank = min(row.rank, e.rank)
        if e.came:  # in person once in person: online only when every entry that says so says online
            if e.daring is None:  # a leader's role says nothing of how they joined
                row.daring = row.daring if row.came else False
            else:
                row.daring = e.daring if not row.said else row.daring and e.daring
                row.said = True
            row.came = True

    def add_office(self, iid: str, e: _Entry) -> None:
        label = self.office_line(iid) if e.invited else self.d.instansi[iid].nama
        row = self.find(office=iid) or self.new_row(jabatan=label, office=iid, office_kind=self.d.instansi[iid].jenis)
        self.mark(row, e)

    def add_unnamed_in_office(self, iid: str, p: Person, e: _Entry) -> None:
        """Someone of institution `iid` known by position only (`{jabatan: Kepala Bidang …, instansi:
        dinsos_x}`, or "Pimpinan atau perwakilan" as a report has it): the institution's row — its
        invitation row when it was invited — printed with the position written, counted as the
        institution. Its head's position keeps the row's own wording."""
        row = self.find(office=iid) or self.new_row(jabatan=self.d.instansi[iid].nama, office=iid,
                                                      office_kind=self.d.instansi[iid].jenis)
        if not row.named and not self.heads(p.jabatan, iid):
            row.jabatan = p.role()
            row.institution = iid
        self.mark(row, e)

    def add_text(self, jabatan: str, e: _Entry) -> None:
        iid = self.office_headed_by_position(jabatan)
        if iid:
            return self.add_office(iid, e)
        key = f"jabatan:{_norm(jabatan)}"
        row = self.find(text=key) or self.new_row(jabatan=jabatan, text=key)
        self.mark(row, e)

    def fill(self, row: Row, p: Person, key: str | None, e: _Entry, *, represents: str | None = None,
             institution: str | None = None) -> None:
        row.nama, row.person = p.nama, key
        row.institution = institution or row.office
        role = p.role()
        if represents and institution and institution == row.office and p.jabatan:  # the head's own staff:
            role = p.jabatan + (f", selaku {p.selaku}" if p.selaku else "")  # 'mewakili' names the office
        row.jabatan = role if not represents else f"{role}, mewakili {represents}"
        row.mewakili = represents
        row.hp = p.hp or row.hp
        row.jenis_kelamin = p.jenis_kelamin
        self.mark(row, e)

    def add(self, e: _Entry) -> None:
        who = Pihak(id=e.who) if isinstance(e.who, str) else e.who
        d = self.d
        if who.id and who.id in d.kelompok:
            for x in d.kelompok[who.id].anggota:
                self.add(_Entry(x, e.rank, e.came, e.daring, e.invited))
            return
        p = self.ctx.person(who)
        if getattr(who, "kelompok", None):  # a group line of hadir
            return self.add_group_line(who, p, e)
        if p.institution:  # an office with no named person
            iid = self.institution_id(who.id or who.instansi)
            if iid:
                return self.add_office(iid, e)
            return self.add_text(p.jabatan, e)
        if not p.nama and who.jabatan and not who.id:  # a position written out, no name
            iid = self.institution_id(who.instansi)
            if iid:  # "Pimpinan atau perwakilan" of dinsos_x: that institution's row, the institution came
                return self.add_unnamed_in_office(iid, p, e)
            return self.add_text(who.jabatan, e)
        key = self.person_key(who, p)
        rank = self.rank_of(who, p, e.rank)
        e = _Entry(e.who, rank, e.came, e.daring, e.invited)
        row = self.find(person=key) if key else None
        if row:  # the same person again
            self.mark(row, e)
            row.hp = row.hp or p.hp or ""
            return
        iid = self.person_office(who, p)
        target = self.represented_row(who)
        if target is not None:
            row, label = target
            if row.person and row.person != key:
                row.represented.add(row.person)
            self.fill(row, p, key, e, represents=label, institution=iid)
            return
        invited = self.find(text=f"jabatan:{_norm(_bare(p.jabatan))}") if p.jabatan else None
        if invited is not None and not invited.named and not invited.group:  # yth {jabatan: …}, now with a name
            return self.fill(invited, p, key, e, institution=iid)
        if iid and self.heads(p.jabatan, iid):
            row = self.find(office=iid)
            if row and not row.named:
                return self.fill(row, p, key, e, institution=iid)
            if not row:
                row = self.new_row(office=iid, office_kind=d.instansi[iid].jenis)
                return self.fill(row, p, key, e, institution=iid)
        row = self.new_row()
        kind = d.orang[who.id].jenis if who.id and who.id in d.orang else None
        self.fill(row, p, key, e, institution=iid if kind not in NOT_STAFF else None)
        if iid and kind not in NOT_STAFF:
            self.staff.append((row, iid))  # may take the office's row when its head does not come

    def add_group_line(self, who, p: Person, e: _Entry) -> None:
        """A `hadir` line for a group ("Kepala Desa se-Kecamatan Sukasada, 4 orang").

        Its members invited one by one, without a count: their rows are marked (each counted as
        itself). With a count, after the meeting: one row for the group, in place of its members'
        rows not marked otherwise — the count says how many came, never which of them, so no
        member's row says "hadir" that the count does not back. A group written out that was also
        invited as a written position (`yth: {jabatan: …}`) is that row. Otherwise a row of its own."""
        d = self.d
        count = getattr(who, "jumlah", None) or 0
        members = d.kelompok[who.kelompok].anggota if who.kelompok in d.kelompok else []
        own = [self.find(office=x) or self.find(person=x) for x in members]
        if members and all(own):
            if not count or not self.after:
                for r in own:
                    self.mark(r, e)
                return
            absorbed = [r for r in own if not r.came]
            key = f"kelompok:{_norm(p.jabatan)}"
            row = self.find(text=key)
            if row is None:
                row = self.new_row(jabatan=p.jabatan, text=key, group=True, jumlah=count)
                if absorbed:  # where the invitation had the group's members
                    row.rank = min(r.rank for r in absorbed)
            for r in absorbed:
                self.rows.remove(r)
            self.mark(row, e)
            return
        name = self.ctx.institution_name(who.kelompok) or ""
        row = self.find(text=f"jabatan:{_norm(name)}") or self.find(text=f"kelompok:{_norm(p.jabatan)}")
        if row is None:
            row = self.new_row(jabatan=p.jabatan, text=f"kelompok:{_norm(p.jabatan)}", group=True, jumlah=count)
        elif not row.group:  # the invited written position: one row, "hadir", with the count
            row.group, row.jumlah, row.jabatan = True, count, p.jabatan
        self.mark(row, e)

    def represented_row(self, who: Pihak) -> tuple[Row, str] | None:
        """The row of whom or what `who` stands in for, and the text 'mewakili …' names."""
        w = who.mewakili
        if w is None:
            return None
        d = self.d
        wid = getattr(w, "id", None)
        inst = getattr(w, "instansi", None)
        if wid and wid in d.orang:
            label = self.ctx.represented(w) or ""
            row = self.find(person=wid)
            o = d.orang[wid]
            if row is None and o.instansi and self.heads(w.jabatan or o.jabatan, o.instansi):
                row = self.find(office=o.instansi)
            if row is None:
                return None
            row.represented.add(wid)
            return row, label
        iid = self.institution_id(wid if wid and wid in d.instansi else inst)
        if iid:
            row = self.find(office=iid) or self.new_row(office=iid, office_kind=d.instansi[iid].jenis)
            return row, self.ctx.represented_office(iid)
        text = getattr(w, "jabatan", None)
        if text:
            label = self.ctx.represented(w) or text
            iid = self.office_headed_by_position(text)
            row = self.find(office=iid) if iid else None
            row = row or self.find(text=f"jabatan:{_norm(text)}")
            if row is None:
                holder = next((pid for pid, o in d.orang.items() if _norm(o.jabatan) == _norm(text)), None)
                row = self.find(person=holder) if holder else None
                if row is not None:
                    row.represented.add(holder)
            if row is not None:
                return row, label
        return None

    def settle_staff(self) -> None:
        """A person from an invited office whose head did not come signs in the office's row."""
        for own, iid in self.staff:
            office = self.find(office=iid)
            if office is None or office is own or office.named or not own.came:
                continue
            for name in ("nama", "person", "jabatan", "hp", "jenis_kelamin", "daring", "institution"):
                setattr(office, name, getattr(own, name))
            office.came = True
            office.rank = min(office.rank, own.rank)
            office.represented |= own.represented
            self.rows.remove(own)


def mode(m: Rapat) -> str:
    """'sebelum' (the sheet to sign) or 'sesudah' (who came), as the meeting says or from `hadir`."""
    chosen = getattr(getattr(m, "daftar_hadir", None), "mode", None)
    return chosen or ("sesudah" if m.hadir else "sebelum")


def _attends(h, day: int) -> bool:
    return not getattr(h, "hari", None) or day in h.hari


def session_rows(ctx: Context, m: Rapat, day: int) -> list[Row]:
    """Every row of session/day `day` (1-based), in print order: those in person and online alike.

    Worked out once per meeting and day for the context's life (a build's, a check's), then copied: the
    daftar hadir, the notulen, the berita acara and its parties each asked again (≈ 10 times a meeting,
    40 % of composing a meeting's documents)."""
    known = ctx.__dict__.setdefault("_session_rows", {})
    kept = known.get((id(m), day))
    if kept is None or kept[0] is not m:  # the meeting itself kept with its rows: its id is not reused
        kept = known[id(m), day] = (m, _session_rows(ctx, m, day))
    return [copy(r) for r in kept[1]]


def _session_rows(ctx: Context, m: Rapat, day: int) -> list[Row]:
    b = _Builder(ctx, m)
    order = 0

    def next_rank(group: int) -> tuple:
        nonlocal order
        order += 1
        return (group, order)

    lead = [(role, getattr(m.pimpinan, role, None)) for role in LEAD_ROLES]
    for role, who in lead:  # the secretary is expected, not assumed present (hadir says)
        if who is not None:  # in person, unless hadir says {id: …, daring: true} (a bupati opening online)
            b.add(_Entry(who, next_rank(R_LEAD), came=role != "sekretaris", daring=None))
    session = m.sesi[day - 1] if m.rangkaian else None
    for y in ctx.invited(m, session):
        b.add(_Entry(y.id if y.id else Pihak(jabatan=y.jabatan), next_rank(R_INVITED), came=False, invited=True))
    for ns in m.narasumber:
        b.add(_Entry(ns, next_rank(R_OTHER), came=True, daring=ns.daring))
    for h in m.hadir:
        if _attends(h, day):
            b.add(_Entry(h, next_rank(R_OTHER), came=True, daring=h.daring))
    for role in OTHER_ROLES:  # the note-taker signs last
        who = getattr(m.pimpinan, role, None)
        if who is not None:
            b.add(_Entry(who, next_rank(R_OTHER), came=role == "notulis", daring=None))
    b.settle_staff()
    rows = b.rows
    order = getattr(getattr(m, "daftar_hadir", None), "urutan", "protokol")
    if order == "tertulis":
        return rows
    rows = sorted(rows, key=lambda r: r.rank)
    if isinstance(order, list):  # these rows first, in this order; the rest in protocol order
        first: list[Row] = []
        for item in order:
            row = next((r for r in rows if r not in first and _chosen(r, item)), None)
            if row is not None:
                first.append(row)
        rows = first + [r for r in rows if r not in first]
    return rows


def _chosen(row: Row, item: str) -> bool:
    """Whether `daftar_hadir.urutan` item (a directory id, a name, or a printed position) is this row."""
    want = _norm(item)
    return bool(want) and (item in (row.person, row.office) or (row.named and want in _norm(row.nama))
                           or want == _norm(row.jabatan) or want == _norm((row.text or ":").split(":", 1)[1]))


def unplaced_order(ctx: Context, m: Rapat) -> list[int]:
    """Indexes of `daftar_hadir.urutan` items that are no row of any session (for `check`)."""
    order = getattr(getattr(m, "daftar_hadir", None), "urutan", None)
    if not isinstance(order, list):
        return []
    rows = [r for day in range(1, len(m.sesi) + 1) for r in session_rows(ctx, m, day)]
    return [i for i, item in enumerate(order) if not any(_chosen(r, item) for r in rows)]


@dataclass
class Tally:
    """Who took part, counted as a minute prints it."""

    persons: list[Row]
    offices: list[Row]  # offices with no named person, and group lines without a count
    groups: list[Row] = field(default_factory=list)  # group lines of hadir with their count

    @property
    def people(self) -> int:
        return len(self.persons) + sum(g.jumlah for g in self.groups)

    @property
    def total(self) -> int:
        return self.people + len(self.offices)

    def sexes(self) -> tuple[int, int] | None:
        """(laki-laki, perempuan) when every person's sex is known, else None."""
        known = [r.jenis_kelamin for r in self.persons]
        if not known or self.groups or any(s not in ("L", "P") for s in known):
            return None
        return known.count("L"), known.count("P")

    def text(self, *, words: bool = False, person_noun: str = "orang", sexes: bool = False) -> str:
        """'11 orang dan 7 perangkat daerah' (`words`: '11 (sebelas) orang …'; `sexes`: '11 orang
        (laki-laki 6, perempuan 5) …' when the sex of every person is known)."""
        from rapatgen.text import locale as L

        def n(x: int) -> str:
            return f"{x} ({L.terbilang(x)})" if words else str(x)

        parts = []
        if self.people:
            known = self.sexes() if sexes else None
            parts.append(f"{n(self.people)} {person_noun}"
                         + (f" (laki-laki {known[0]}, perempuan {known[1]})" if known else ""))
        nouns: dict[str, int] = {}
        for r in self.offices:
            noun = "kelompok" if r.group else OFFICE_NOUN.get(r.office_kind or "", "instansi")
            nouns[noun] = nouns.get(noun, 0) + 1
        parts += [f"{n(k)} {noun}" for noun, k in nouns.items()]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " dan " + parts[-1]

    def summary(self) -> str:
        """What a minute prints: '11 orang (laki-laki 6, perempuan 5) dan 1 instansi; 10 hadir
        langsung, 2 hadir daring'. Sex only when known for every person (`check` names the others)."""
        text = self.text(sexes=True)
        online = sum((r.jumlah or 1) if r.group else 1 for r in (*self.persons, *self.groups, *self.offices) if r.daring)
        if online:  # a hybrid meeting: those online signed no paper sheet
            text += f"; {self.total - online} hadir langsung, {online} hadir daring"
        return text


OFFICE_NOUN = {"opd": "perangkat daerah", "kecamatan": "kecamatan", "desa": "desa", "kelurahan": "kelurahan"}


def present(ctx: Context, m: Rapat, days: list[int] | None = None) -> Tally:
    """Those who took part over all sessions (or `days`), each person and each unnamed office once."""
    persons: dict[str, Row] = {}
    offices: dict[str, Row] = {}
    groups: dict[str, Row] = {}
    for day in days or range(1, len(m.sesi) + 1):
        for r in session_rows(ctx, m, day):
            if not r.came:
                continue
            if r.group and r.jumlah:
                groups.setdefault(r.text or r.jabatan, r)
            elif r.named:
                persons.setdefault(r.person or r.nama, r)
            else:
                offices.setdefault(r.office or r.text or r.jabatan, r)
    return Tally(list(persons.values()), list(offices.values()), list(groups.values()))
