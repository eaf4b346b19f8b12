"""Jadwal Rapat Koordinasi Tahun …: the team's programme of the year, one row per planned
meeting with its month and status; also the table the notulen of a reviewing meeting shows."""

from __future__ import annotations

from datetime import date

from rapatgen.text import locale as L
from rapatgen.model.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import issuer, letterhead
from rapatgen.documents.typography import finish
from rapatgen.model.meeting import Rapat
from rapatgen.model.program import ProgramTahunan
from rapatgen.resolve.programme import JENIS_LABEL, planned_status
from rapatgen.resolve.context import Context


_KIND_WORDS = {"rakor": ("rakor",), "raker": ("raker",), "fgd": ("fgd",), "pra_rakor": ("pra-rakor", "pra rakor"),
               "konsolidasi": ("konsolidasi",), "sosialisasi": ("sosialisasi",), "desk_evaluasi": ("desk evaluasi",)}


def names_kind(title: str, jenis: str) -> bool:
    """True when a title already says what kind of meeting it is ("Rapat Koordinasi … Tahun 2019",
    "FGD …"): the kind is then not printed again under it."""
    low = " ".join(title.lower().split())
    if JENIS_LABEL[jenis].lower() in low:
        return True
    return any(w in low for w in _KIND_WORDS.get(jenis, ()))


def programme_table(ctx: Context, prog: ProgramTahunan, as_of: date, this_meeting: Rapat | None = None,
                    font_size: float = 10) -> Table:
    """No | Bulan | Kegiatan | Keterangan | Status, in month order."""
    meetings = {m.id: m for m in ctx.meetings}
    if this_meeting is not None:
        meetings[this_meeting.id] = this_meeting
    rows = []
    entries = sorted(prog.kegiatan, key=lambda e: e.bulan)  # stable: same month keeps the written order
    for i, entry in enumerate(entries, 1):
        status = planned_status(entry, meetings, as_of)
        text = status.text
        if this_meeting is not None and entry.rapat == this_meeting.id:
            text = f"{text} (rapat ini)"
        rows.append([Cell([runs(f"{i}.")], align="center"),
                     Cell([runs(entry.month_name)]),
                     Cell([[Run(entry.judul)]] + ([] if names_kind(entry.judul, entry.jenis)
                                                  else [[Run(JENIS_LABEL[entry.jenis], italic=True)]])),
                     Cell([runs(entry.ket or "-")]),
                     Cell([[Run(text, bold=status.key == "belum_terlaksana")]])])
    columns = [Column("No", 0.8, "center"), Column("Bulan", 1.9), Column("Kegiatan", 4.6),
               Column("Keterangan", 3.0), Column("Status", 2.6)]
    return Table(columns, rows, font_size=font_size)


def programme_title(ctx: Context, prog: ProgramTahunan) -> str:
    return prog.judul or f"Jadwal Rapat Koordinasi Tahun {prog.tahun}"


def compose_jadwal(ctx: Context, prog: ProgramTahunan, as_of: date) -> Document:
    org = ctx.config.organisasi
    state = f"Keadaan per {L.tanggal(as_of)}"
    if prog.tanggal:
        state = f"Ditetapkan {L.tanggal(prog.tanggal)}; keadaan per {L.tanggal(as_of)}"
    blocks = [letterhead(ctx, None, prog.kop),
              Title(programme_title(ctx, prog).upper(), [org.nama.upper(), state]),
              programme_table(ctx, prog, as_of)]
    counts: dict[str, int] = {}
    meetings = {m.id: m for m in ctx.meetings}
    for entry in prog.kegiatan:
        key = planned_status(entry, meetings, as_of).key
        counts[key] = counts.get(key, 0) + 1
    done = counts.get("terlaksana", 0)
    blocks.append(Paragraph(runs(f"Terlaksana {done} dari {len(prog.kegiatan)} rapat yang direncanakan."),
                            align="left", space_before=0.5))
    signer = prog.penandatangan.orang if prog.penandatangan else ctx.config.penandatangan.undangan
    if signer:
        atas_nama = prog.penandatangan.atas_nama if prog.penandatangan else None
        blocks.append(Signatures([ctx.signature(signer, above=[f"{ctx.kop(None, prog.kop).kota or ctx.config.kota_surat}, {L.tanggal(as_of)}"],
                                                atas_nama=atas_nama)]))
    # its own date, as every meeting document has one (frame.stamp): the day the programme was
    # set (tanggal), else the day it is signed for; the unit of its own kop as author
    return finish(Document("jadwal", programme_title(ctx, prog), [Section(blocks)], ctx.page_setup(),
                           author=issuer(ctx, None, prog.kop), issued=prog.tanggal or as_of))


def programme_blocks(ctx: Context, m: Rapat, number: int) -> list:
    """The notulen section of a meeting with `tinjau_program: <tahun>`: the programme and its status
    on the meeting's date. Empty when the meeting reviews no programme."""
    from rapatgen.resolve.programme import programme_for

    prog = programme_for(ctx.programmes, m.tinjau_program) if m.tinjau_program else None
    if prog is None:
        return []
    day = m.sesi[0].tanggal
    return [Paragraph([Run(f"{number}. Program rapat koordinasi tahun {prog.tahun}", bold=True)], align="left",
                      keep_with_next=True),
            Paragraph(runs(f"Pelaksanaan {programme_title(ctx, prog)} sampai dengan {L.tanggal(day)}:"), indent_cm=0.6),
            programme_table(ctx, prog, day, this_meeting=m, font_size=9)]
