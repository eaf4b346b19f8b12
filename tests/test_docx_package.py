"""The DOCX writer writes text and packages it itself (render/docx.py, render/docx_package.py) in
exactly the form python-docx's API wrote before: python-docx opening one of our files and saving
it again (with the same fixed zip timestamps) must give the very same bytes. Every block kind,
sections with their own footers, pictures and awkward text are in one document here."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from rapatgen.model.blocks import (AttachmentHeader, Cell, Column, Document, Image, LabelValue, Letterhead,
                                       ListItem, NumberedList, PageBreak, PageSetup, Paragraph, Run, Section,
                                       SignatureBlock, Signatures, Spacer, Table, Title, runs)
from rapatgen.render.docx.document import render_docx
from rapatgen.render.zipfix import reproducible

LOGO = Path(__file__).resolve().parent.parent / "rapatgen" / "data" / "logo"
PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
AWKWARD = "A & B <c> \"d\" 'e'\tf\rg\x01h\x0bi 😀 \u00a0j\u2003 "


def _png() -> bytes:
    return (LOGO / "logo-contoh-kabupaten.png").read_bytes()


def _table(signature_column=None) -> Table:
    return Table([Column("No", 1, "center"), Column("Uraian", 4), Column("Nilai", 2, "right")],
                 [[Cell([runs("1.")]), Cell([runs("Satu"), runs(AWKWARD)]), Cell([runs("10")])],
                  [Cell([runs("Kelompok")], colspan=3, bold=True)],
                  [Cell([runs("2.")]), Cell([[Run("miring", italic=True), Run(" tebal", bold=True)]]), Cell([])],
                  [Cell([runs("Jumlah")], colspan=2), Cell([runs("10")])]],
                 row_kinds=["body", "group", "body", "total"], font_size=10, signature_column=signature_column,
                 min_row_height_cm=1.0 if signature_column is not None else None)


def _signatures() -> Signatures:
    return Signatures([SignatureBlock(["Mengetahui,", "Kepala Bappeda,"], "Nama & Gelar", ["NIP 1"]),
                       SignatureBlock(["Sekretaris,"], "Nama Dua", [], space_text="${ttd_pengirim}", space_cm=2.0)])


def _document(page_of_pages: bool) -> Document:
    first = [Letterhead(["PEMERINTAH PROVINSI", "BADAN <PERENCANAAN>"], ["Jalan & Nomor"], LOGO / "logo-contoh-provinsi.png"),
             Title("UNDANGAN", ["Sub & judul"], underline=True),
             Paragraph(runs(AWKWARD, Run("baris\nbaru", bold=True, underline=True)), indent_cm=1, first_line_cm=-0.5,
                       size=11, space_before=1, keep_with_next=True),
             LabelValue([("Nomor", [runs("1/2")]), ("Hal", [runs("a"), runs("b")])], indent_cm=0.5, numbered_values=True),
             NumberedList([ListItem(runs("satu\tdua"), [NumberedList([ListItem(runs("anak"))], "a.", 0.3),
                                                        Paragraph(runs("paragraf anak")), Spacer(1.4)]),
                           ListItem(runs(""))], "1)"),
             _table(), Image(_png(), 6, "Grafik & keterangan", "alt <teks>\n"),
             _table(), Paragraph(runs("Demikian.")), _signatures(),
             PageBreak(),
             AttachmentHeader("LAMPIRAN & SURAT", [("NOMOR", "1/2"), ("TANGGAL", "1 Januari 2026")]),
             _table(signature_column=2), _signatures(), Spacer(2), PageBreak(), PageBreak()]
    second = [Letterhead(["BUPATI CONTOH"], [], LOGO / "lambang-negara-contoh.png", centred_emblem=True),
              _table(), Image(_png(), 4, alt=""), Paragraph(runs("akhir"))]
    third = [Signatures([SignatureBlock(["Ketua,"], "Satu Saja", [])]), PageBreak()]
    return Document("undangan", "Judul & " + "panjang " * 40, [Section(first), Section(second, landscape=True),
                                                                Section(third, restart_numbering=True)],
                    PAGE, page_of_pages=page_of_pages, author="Bappeda <Contoh>", issued=date(2026, 1, 15))


@pytest.mark.parametrize("page_of_pages", [False, True])
def test_python_docx_saves_our_file_byte_for_byte(page_of_pages):
    data = render_docx(_document(page_of_pages))
    assert render_docx(_document(page_of_pages)) == data  # deterministic
    opened = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "A & B <c>" in text and "😀" in text and "\x01" not in text
    assert len(opened.sections) == 3
    buffer = io.BytesIO()
    opened.save(buffer)
    assert reproducible(buffer.getvalue()) == data


@pytest.mark.parametrize("title, author, issued", [
    ("", "", None), ("A & <b> > c", "Bappeda <x>", date(2024, 1, 2)), ("x" * 300, "y" * 300, date(1999, 12, 31)),
    ("😀 \u00a0 é\tz\n", "\u2003", date(2026, 1, 15)), ("a\rb", "c", None),
    ("1901-02-03T00:00:00Z", "1901-02-03T00:00:00Z", date(1901, 2, 3))])
def test_core_properties_from_the_template_as_python_docx_writes_them(title, author, issued):
    from datetime import datetime

    from rapatgen.render.docx.package import _core_xml, core_blob

    shortened = title if len(title) <= 255 else title[:254] + "…"
    created = datetime(issued.year, issued.month, issued.day) if issued else datetime(2000, 1, 1)
    assert core_blob(title, author, issued) == _core_xml(shortened, (author or "rapatgen")[:255], created)
