"""Notulen (notula): header block, leadership, participants, narasumber, the discussion
from Markdown notes, indicator figures, agreements, follow-up plan, two signatures."""

from __future__ import annotations

import re

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, ListItem, NumberedList, Paragraph,
                                       Run, Section, Signatures, Table, Title, runs)
from rapatgen.documents.frame import Skip, follow_up_items, letterhead, prose, session_rows, wording
from rapatgen.documents.indikator import indicator_blocks
from rapatgen.documents.jadwal import programme_blocks
from rapatgen.documents.lokus import lokus_blocks
from rapatgen.documents.notes import markdown_blocks
from rapatgen.documents.speakers import heading, item_source, provincial_reference, short_forms, speaker_parts
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.followups import open_before, progress  # noqa: F401  (open_before: the definition)
from rapatgen.model.occurrences import deadline_text, item_number
from rapatgen.resolve.attendance import mode, present
from rapatgen.resolve.attendance import session_rows as attendance_rows
from rapatgen.resolve.context import Context, session_label
from rapatgen.resolve.field_warnings import NOTHING_TO_RECORD, has_record
from rapatgen.model.agenda import session_agenda


CARRY_OVER_MAX = 25  # items shown in "Tindak lanjut rapat sebelumnya"; the rest are counted


def bounded_carry_over(m: Rapat, previous: list, limit: int | None = None) -> tuple[list, int]:
    """The open occurrences to show, most recent meeting first, and how many further items are open.

    Bounded so a meeting's notulen does not grow with the archive: the `limit` most recent
    items (every item this meeting continues with `lanjutan_dari` is always among them); the
    project tracker lists all of them.
    """
    limit = CARRY_OVER_MAX if limit is None else limit
    continued = {it.lanjutan_dari for it in (*m.kesepakatan, *m.arahan) if it.lanjutan_dari}
    groups: dict[str, list] = {}
    for f in previous:
        groups.setdefault(f.butir_id, []).append(f)
    order = sorted(groups, key=lambda b: groups[b][0].meeting_date, reverse=True)  # stable: item order kept
    keep = [b for b in order if b in continued]
    keep += [b for b in order if b not in continued][:max(0, limit - len(keep))]
    kept = set(keep)
    shown = [f for b in order if b in kept for f in groups[b]]
    return shown, len(groups) - len(kept)


def carry_over(ctx: Context, m: Rapat) -> tuple[list, int]:
    """What "Tindak lanjut rapat sebelumnya" shows: (occurrences shown, how many other items are open).

    The build works this out once per notulen (its hash says whether the notulen must be made
    again, rapatgen.build.compose) and leaves it in `ctx.__dict__["carry_over"]` for the compose to take.
    """
    memo = ctx.__dict__.get("carry_over")
    if memo and m.id in memo:
        return memo.pop(m.id)
    from rapatgen.resolve.carryover import open_items

    return open_items(ctx).section(m, CARRY_OVER_MAX)


def previous_table(ctx: Context, m: Rapat, previous) -> Table:
    """Open items of earlier meetings, one row per item, named as people say it (no ids)."""
    carried = {it.lanjutan_dari: "{} nomor {}".format(*item_number(m, it))
               for it in (*m.kesepakatan, *m.arahan) if it.lanjutan_dari}
    rows = []
    for i, p in enumerate(progress(previous, ctx.directory), 1):
        first = p.parts[0]
        if p.split:
            by_label: dict[str, list[str]] = {}
            for f in p.parts:
                by_label.setdefault(f.label, []).append(f.rincian.label)
            status = f"masih terbuka {len(p.parts)} {p.noun} — " + "; ".join(
                f"{label}: {', '.join(names)}" for label, names in by_label.items())
            deadline = deadline_text(p.meeting, p.item) or "-"
        else:
            status = first.label
            deadline = first.deadline_text()
            last = first.state.last
            if last and last.catatan:
                status += f" — {last.catatan}"
        if p.butir_id in carried:
            status += f"; dilanjutkan sebagai {carried[p.butir_id]} rapat ini"
        rows.append([Cell([runs(f"{i}.")], align="center"),
                     Cell([[Run(f"{first.source_label}: ", bold=True), Run(p.item.isi)]]),
                     Cell([runs(ctx.institution_short(p.item.pj))]),
                     Cell([runs(deadline)]),
                     Cell([[Run(status, bold=any(f.overdue for f in p.parts))]])])
    return Table([Column("No", 0.6, "center"), Column("Butir (rapat asal)", 4.4), Column("Penanggung jawab", 1.8),
                  Column("Batas waktu", 1.7), Column("Status", 3.0)], rows, font_size=9)


def member_parts(ctx: Context, it) -> list:
    """A group-owned item's `rincian`, one dash line per member: 'Dinkes: Desa Pejarakan'."""
    if not it.rincian:
        return []
    names = ctx.short_names(it.rincian)
    return [NumberedList([ListItem([Run(f"{names[k]}: "), *prose(v)]) for k, v in it.rincian.items()], style="-")]


OPENING = re.compile(r"pembuka|dibuka", re.I)
ARRIVAL = re.compile(r"registrasi|pendaftaran|kedatangan|daftar hadir|coffee", re.I)


def opening_time(m: Rapat, index: int = 1):
    """When the meeting (session `index`) was opened: `notulen.dibuka`, else the opening item
    of the agenda (not registration), else the start of the session."""
    if m.notulen.dibuka:
        return m.notulen.dibuka
    agenda = session_agenda(m, index)
    for pattern_ok in (lambda a: OPENING.search(a.acara), lambda a: not ARRIVAL.search(a.acara)):
        hit = next((a for a in agenda if pattern_ok(a)), None)
        if hit:
            return hit.mulai
    return m.sesi[index - 1].mulai


def _person_line(ctx: Context, who) -> str:
    return ctx.person(who).line()


def _same_title(title: str, word: str) -> bool:
    return re.sub(r"[^a-z]+", " ", title.lower()).strip() == word


def merged_section(m: Rapat, word: str):
    """The `pembahasan` item the user titled like the notulen's own section ("Pembukaan",
    "Penutup"): printed inside that section, not as a second one."""
    return next((p for p in m.pembahasan if _same_title(p.judul, word)), None)


def compose_notulen(ctx: Context, m: Rapat) -> Document:
    if not has_record(m):
        raise Skip(NOTHING_TO_RECORD)
    zone = ctx.zone(m)
    header = [("Sidang/Rapat", [runs(m.judul)])]
    if m.tema:
        header.append(("Tema", [runs(m.tema)]))
    for label, values in session_rows(ctx, m, m.sesi, access=False):
        header.append((label, [runs(v) for v in values]))
    if m.undangan:
        dated = f"tanggal {L.tanggal(m.undangan.tanggal)}"
        if m.rangkaian and len(m.sesi) > 1:  # every session's letter has its own number
            letters = [runs(f"{session_label(m, i)}: Nomor {ctx.letter_number(m, s)}, {dated}")
                       for i, s in enumerate(m.sesi, 1)]
        else:
            letters = [runs(f"Nomor {ctx.letter_number(m)}, {dated}")]
        header.insert(2, ("Surat Undangan", letters))
    if m.acara:
        header.append(("Acara", [runs(a.acara) for a in m.acara]))
    subtitle = [m.judul.upper()] + ([f"Nomor: {m.notulen.nomor}"] if m.notulen.nomor else [])
    blocks = [letterhead(ctx, m), Title("NOTULA", subtitle),
              LabelValue(rows=header, label_cm=3.9, numbered_values=True)]

    if m.dasar_hukum:
        blocks.append(Paragraph([Run("Dasar", bold=True)], align="left", keep_with_next=True))
        blocks.append(NumberedList([ListItem(runs(x)) for x in m.dasar_hukum], indent_cm=0.5))
    if m.tujuan:
        blocks.append(Paragraph([Run("Maksud dan Tujuan", bold=True)], align="left", keep_with_next=True))
        blocks.append(NumberedList([ListItem(prose(x)) for x in m.tujuan], indent_cm=0.5))
    lead, listed = [], []
    for label, who in (("Ketua", m.pimpinan.ketua), ("Moderator", m.pimpinan.moderator),
                       ("Sekretaris", m.pimpinan.sekretaris), ("Pencatat", m.pimpinan.notulis)):
        if who is None or (who.id and who.id in listed):
            continue  # the chair who is also the secretary is named once, as the chair ("…, selaku Sekretaris TKPK")
        listed.append(who.id)
        lead.append((label, [runs(_person_line(ctx, who))]))
    blocks += [Paragraph([Run("Pimpinan Sidang/Rapat", bold=True)], align="left", keep_with_next=True),
               LabelValue(rows=lead, indent_cm=0.5, label_cm=3.4)]

    tally = present(ctx, m) if mode(m) == "sesudah" else None  # before the meeting nobody is counted
    count = tally.summary() if tally and tally.total else ""
    if m.notulen.peserta == "daftar" and count:
        blocks.append(Paragraph([Run(f"Peserta Sidang/Rapat: {count}", bold=True)], align="left",
                                keep_with_next=True))
        blocks.append(NumberedList([ListItem(runs(r.line() + (" (daring)" if r.daring else "")))
                                    for r in (*tally.persons, *tally.groups, *tally.offices)], indent_cm=0.5))
    else:
        text = f"{count}, terlampir pada daftar hadir" if count else "terlampir pada daftar hadir"
        blocks.append(LabelValue(rows=[("Peserta Sidang/Rapat", [runs(text)])], label_cm=3.9))
    if m.narasumber:
        blocks.append(Paragraph([Run("Narasumber", bold=True)], align="left", keep_with_next=True))
        items = []
        for ns in m.narasumber:
            line = _person_line(ctx, ns) + (" (daring)" if ns.daring else "")
            items.append(ListItem(runs(line) + ([Run(f" — {ns.materi}", italic=True)] if ns.materi else [])))
        blocks.append(NumberedList(items, indent_cm=0.5))

    blocks.append(Paragraph([Run("Kegiatan Sidang/Rapat", bold=True)], align="left", space_before=0.5, keep_with_next=True))
    section_no = 1
    opener = m.pimpinan.pembuka or m.pimpinan.ketua
    op = ctx.person(opener)
    blocks.append(Paragraph([Run(f"{section_no}. Pembukaan", bold=True)], align="left", keep_with_next=True))
    if m.rangkaian and len(m.sesi) > 1 and not m.notulen.dibuka:  # each session opened at its own time
        each = [f"{L.jam(opening_time(m, i))} {zone} pada {session_label(m, i)}" for i in range(1, len(m.sesi) + 1)]
        jam, zone_shown = ", ".join(each[:-1]) + " dan " + each[-1], ""
    else:
        jam, zone_shown = L.jam(opening_time(m)), zone
    online = bool(op.nama) and any(r.came and r.daring and r.nama == op.nama for r in attendance_rows(ctx, m, 1))
    opened_by = (f"{op.nama}, {op.role()}" if op.nama else op.role()) + (" (daring)" if online else "")
    blocks.append(Paragraph(runs(wording("notulen_pembukaan", jam=jam, zona=zone_shown, pembuka=opened_by,
                                         mewakili=op.mewakili)), indent_cm=0.6))
    opening_notes = merged_section(m, "pembukaan")
    if opening_notes:
        blocks += markdown_blocks(opening_notes.catatan, indent_cm=0.6)
    previous, hidden = carry_over(ctx, m)
    if previous:
        section_no += 1
        blocks.append(Paragraph([Run(f"{section_no}. Tindak lanjut rapat sebelumnya", bold=True)], align="left",
                                keep_with_next=True))
        blocks.append(Paragraph(runs(f"Butir tindak lanjut rapat-rapat sebelumnya yang masih terbuka pada "
                                     f"{L.tanggal(m.sesi[0].tanggal)}:"), indent_cm=0.6))
        blocks.append(previous_table(ctx, m, previous))
        if hidden:
            blocks.append(Paragraph(runs(f"Selain butir di atas, {hidden} butir tindak lanjut lain dari rapat-rapat "
                                         "sebelumnya juga masih terbuka; rinciannya ada di matriks tindak lanjut "
                                         "proyek."), indent_cm=0.6))
    review = programme_blocks(ctx, m, section_no + 1)  # tinjau_program: the year's programme and its status
    if review:
        section_no += 1
        blocks += review
    places = lokus_blocks(ctx, m, section_no + 1)  # tinjau_lokus: the year's lokus villages and their OPD
    if places:
        section_no += 1
        blocks += places
    closing_notes = merged_section(m, "penutup")
    for item in m.pembahasan:
        if item is opening_notes or item is closing_notes:
            continue
        section_no += 1
        name, speaker = speaker_parts(ctx, item.oleh)
        title = heading(item.judul, speaker, short_forms(ctx, speaker), name=name)
        blocks.append(Paragraph([Run(f"{section_no}. {title}", bold=True)], align="left", keep_with_next=True))
        blocks += markdown_blocks(item.catatan, indent_cm=0.6)
    if m.indikator:
        section_no += 1
        blocks.append(Paragraph([Run(f"{section_no}. Data yang disampaikan", bold=True)], align="left", keep_with_next=True))
        blocks += indicator_blocks(m.indikator)
    names = ctx.short_names(it.pj for it in (*m.kesepakatan, *m.arahan))  # short only where unique
    for title, items in (("Kesepakatan", m.kesepakatan), ("Arahan", m.arahan)):
        if not items:
            continue
        section_no += 1
        sources = [item_source(ctx, m, it, title.lower()) for it in items]
        one_source = sources[0] if sources[0] and len(set(sources)) == 1 else None
        if one_source and (title == "Arahan" or one_source.startswith("saran")):  # "5. Arahan Sekda …"
            title, sources = one_source[0].upper() + one_source[1:], [None] * len(items)
        elif title == "Arahan" and any(x and x.startswith("saran") for x in sources):
            title = "Arahan dan Saran"  # a narasumber's advice is not the chair's direction
        blocks.append(Paragraph([Run(f"{section_no}. {title}", bold=True)], align="left", keep_with_next=True))
        entries = []
        for it, source in zip(items, sources):
            extra = [source] if source else []
            if ref := provincial_reference(ctx, it):
                extra.append(ref)
            if it.pj:
                extra.append(f"penanggung jawab: {names[it.pj]}")
            if deadline_text(m, it):
                extra.append(f"batas waktu: {deadline_text(m, it)}")
            entries.append(ListItem(prose(it.isi) + ([Run(f" ({'; '.join(extra)})", italic=True)] if extra else []),
                                    children=member_parts(ctx, it)))
        blocks.append(NumberedList(entries, indent_cm=0.6))
    # only the plans written beyond the item itself: the items, their PJ and deadlines are listed just above
    plan = [(kind, it) for kind, it in follow_up_items(m) if it.rencana_tindak_lanjut]
    if plan:
        section_no += 1
        blocks.append(Paragraph([Run(f"{section_no}. Rencana tindak lanjut", bold=True)], align="left", keep_with_next=True))
        rows = []
        for i, (_, it) in enumerate(plan, 1):
            section, number = item_number(m, it)
            rows.append([Cell([runs(f"{i}.")], align="center"),
                         Cell([runs(it.rencana_tindak_lanjut) + [Run(f" ({section} nomor {number})", italic=True)]]),
                         Cell([runs(names[it.pj])]), Cell([runs(deadline_text(m, it) or "-")])])
        blocks.append(Table([Column("No", 0.6, "center"), Column("Tindak lanjut", 5.0), Column("Penanggung jawab", 2.2),
                             Column("Batas waktu", 2.0)], rows, font_size=10))
    section_no += 1
    blocks.append(Paragraph([Run(f"{section_no}. Penutup", bold=True)], align="left", keep_with_next=True))
    closing = L.jam(m.notulen.ditutup) if m.notulen.ditutup else None
    closer = ctx.person(m.notulen.ditutup_oleh or m.pimpinan.ketua)
    if closing_notes:
        blocks += markdown_blocks(closing_notes.catatan, indent_cm=0.6)
    blocks.append(Paragraph(runs(wording("notulen_penutup", ditutup=closing, zona=zone,
                                         oleh=closer.line())), indent_cm=0.6))

    last_day = m.sesi[-1].tanggal
    signers = m.notulen.penandatangan or [x for x in (m.pimpinan.ketua, m.pimpinan.notulis) if x]
    roles = ["Pimpinan Sidang/Rapat", "Pencatat"]
    sig_blocks = []
    for i, who in enumerate(signers):
        above = [ctx.place_date(m, last_day) if i == len(signers) - 1 else "", roles[i] if i < 2 else ""]
        sig_blocks.append(ctx.signature(who, above=above))
    blocks.append(Signatures(sig_blocks))
    return Document("notulen", f"Notula {m.judul}", [Section(blocks)], ctx.page_setup())
