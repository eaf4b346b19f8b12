"""Who signs a berita acara kesepakatan by default: the institutions its agreements name
(`pj` and `terkait`, groups expanded) that took part in the meeting — or in the session, for one
session's record — each signed by whoever stood for it in the attendance list: its head, the
person who represented it ("…, mewakili Kepala Dinas …"), or its staff who came in the head's
place. An institution that was not there does not sign, whoever owns the agreement. Before the
meeting (`hadir` still empty) the expected rows are used: the invited and the leaders.

The chair of the meeting (pimpinan rapat) always signs, first: the agreements were reached in the
meeting the chair led and concluded, so the record is signed by the chair and by every party to them
(domain brief, documents §4: "a signature table for every party"; the chair is a party to every
agreement of the meeting) — also when the chair's own institution owns no agreement. The chair
signs once: not again for an institution, nor in the table when `berita_acara.mengetahui` is the
chair. When none of the agreement's parties was there, the chair signs alone (and `check` says
so); `berita_acara.pihak` names the signers explicitly instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapatgen.model.meeting import Butir, Pihak, Rapat
from rapatgen.model.occurrences import owners
from rapatgen.resolve.attendance import Row, mode, session_rows
from rapatgen.resolve.context import Context


@dataclass
class Party:
    nama: str
    jabatan: str  # as printed in "Jabatan/Instansi"
    ref: str | None = None  # the institution it signs for (None: the chair, as fallback)
    person: str | None = None  # the directory id of who signs, when known


def _refs(ctx: Context, items: list[Butir]) -> list[str]:
    refs: list[str] = []
    for item in items:
        for ref in ([item.pj] if item.pj else []) + list(item.terkait):
            refs += [x for x in owners(ctx.directory, ref) if x in ctx.directory.instansi and x not in refs]
    return refs


def _days(m: Rapat, session: int | None) -> list[int]:
    return [session] if session else list(range(1, len(m.sesi) + 1))


def rows_of(ctx: Context, m: Rapat, session: int | None = None) -> list[Row]:
    """The attendance rows of the session (or of every session), present ones only after the meeting."""
    after = mode(m) == "sesudah"
    return [r for day in _days(m, session) for r in session_rows(ctx, m, day) if r.came or not after]


def stands_for(ctx: Context, rows: list[Row], ref: str) -> Row | None:
    """The row that signs for institution `ref`: its own row (head, Plt., representative or staff in
    it), else a person of it who came; the named one first, in list order."""
    own = [r for r in rows if r.office == ref]
    staff = [r for r in rows if r.office != ref and r.institution == ref and r.named and not r.group]
    ranked = sorted(own, key=lambda r: not r.named) + staff
    return ranked[0] if ranked else None


def _party(ctx: Context, row: Row, ref: str) -> Party:
    if row.named:
        return Party(row.nama, row.jabatan, ref, row.person)
    if row.institution == ref and row.jabatan:  # someone of it known by position only ("Kepala Bidang …, Dinas …")
        return Party("", row.jabatan, ref)
    head = ctx.head_of(ref)  # an office that came with nobody named: its head from the directory
    if head:
        p = ctx.person(Pihak(id=head))
        return Party(p.nama, p.role(), ref, head)
    return Party("", ctx.directory.instansi[ref].kepala_text(), ref)


def default_parties(ctx: Context, m: Rapat, items: list[Butir], session: int | None = None) -> list[Party]:
    """The parties of `items` that were there, each once (one person signs once)."""
    rows = rows_of(ctx, m, session)
    out: list[Party] = []
    seen: set[str] = set()
    for ref in _refs(ctx, items):
        row = stands_for(ctx, rows, ref)
        if row is None:
            continue
        party = _party(ctx, row, ref)
        key = row.person or party.nama or party.jabatan
        if key not in seen:
            seen.add(key)
            out.append(party)
    chair = m.pimpinan.ketua.id
    ranked = sorted(out, key=lambda p: p.person != chair) if chair else out
    return ranked  # the chair of the meeting signs first, never among the OPD rows


def chair_party(ctx: Context, m: Rapat) -> Party:
    p = ctx.person(m.pimpinan.ketua)
    return Party(p.nama, p.role(), person=m.pimpinan.ketua.id)


def _one_person(id_a: str | None, name_a: str, id_b: str | None, name_b: str) -> bool:
    """Two signers are one person: the same directory id when both have one, else the same name."""
    if id_a and id_b:
        return id_a == id_b
    return bool(name_a) and name_a == name_b


def default_signers(ctx: Context, m: Rapat, items: list[Butir], session: int | None = None) -> list[Party]:
    """Who signs the 'Yang menyepakati' table when `berita_acara.pihak` is not written: the chair first,
    then the agreements' parties that were there (default_parties), each person once. The chair is
    left out of the table only when the chair is the "Mengetahui" signatory below it."""
    parties = default_parties(ctx, m, items, session)
    chair = chair_party(ctx, m)
    is_chair = [_one_person(p.person, p.nama, chair.person, chair.nama) for p in parties]
    ba = m.berita_acara
    if ba and ba.mengetahui and _one_person(ba.mengetahui.id, ctx.person(ba.mengetahui).nama, chair.person, chair.nama):
        return [p for p, c in zip(parties, is_chair) if not c]
    if any(is_chair):
        return parties  # the chair already signs, first, for their institution
    return [chair] + parties


def absent_parties(ctx: Context, m: Rapat, session: int | None = None) -> list[int]:
    """Indexes of `berita_acara.pihak` (for `session`, or any) that did not take part, after the meeting."""
    ba = m.berita_acara
    if not ba or not ba.pihak or mode(m) != "sesudah":
        return []
    d = ctx.directory
    out = []
    for i, who in enumerate(ba.pihak):
        days = [x for x in (who.sesi or _days(m, session)) if session is None or x == session]
        rows = [r for day in days for r in session_rows(ctx, m, day) if r.came]
        if who.id and who.id in d.instansi and not (who.nama or who.jabatan):
            there = stands_for(ctx, rows, who.id) is not None
        elif who.id and who.id in d.orang:
            there = any(r.person == who.id for r in rows)
        else:
            name = ctx.person(who).nama_polos or ctx.person(who).nama
            there = bool(name) and any(name.casefold() in r.nama.casefold() for r in rows if r.nama)
        if not there:
            out.append(i)
    return out
