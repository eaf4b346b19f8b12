"""The "Program / Kegiatan / Sub Kegiatan" cell of every matrix (the RAT/RPKD matriks rencana aksi,
the PPKE Matriks 2): each level on its own line, named by an italic label ("Kegiatan: …") so a reader
never has to guess which line is the programme and which the activity (issue 19 item 13)."""

from __future__ import annotations

from rapatgen.model.blocks import Run


def labelled(label: str, text: str, kode: str | None = None) -> list[Run]:
    """One line of a stacked cell: its label in italics, then the value ("Kegiatan: …"); a value
    that already names itself ("Program Perlindungan …", as in Permendagri 90) is not labelled twice.
    A level's own code goes before its name, as in a DPA ("Kegiatan: 1.06.05.2.01 Pengelolaan …")."""
    value = f"{kode} {text}" if kode else text
    if text.casefold().startswith(label.casefold() + " "):
        return [Run(value)]
    return [Run(f"{label}: ", italic=True), Run(value)]


def program_lines(it) -> list[list[Run]]:
    """A commitment of the matriks rencana aksi: Program, Kegiatan, Sub Kegiatan and its one Kode."""
    pairs = [("Program", it.program), ("Kegiatan", it.kegiatan), ("Sub Kegiatan", it.sub_kegiatan), ("Kode", it.kode)]
    return [labelled(label, value) for label, value in pairs if value]


def coded_program_lines(line) -> list[list[Run]]:
    """A realisation line (model.realisasi): Program, Kegiatan and Sub Kegiatan, each with its own code."""
    levels = [("Program", line.program), ("Kegiatan", line.kegiatan), ("Sub Kegiatan", line.sub_kegiatan)]
    return [labelled(label, level.nama, level.kode) for label, level in levels]


def plain(lines: list[list[Run]]) -> str:
    """The same lines as text (a spreadsheet cell): one line each, labels included."""
    return "\n".join("".join(r.text for r in line) for line in lines)
