"""Issue 8's DOCX rules read from the WordprocessingML itself (no LibreOffice needed, so they
run in CI too; tests/test_layout.py checks the same documents as LibreOffice lays them out)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from rapatgen.model.blocks import (Cell, Column, Document, PageSetup, Paragraph, Section, SignatureBlock,
                                       Signatures, Table, runs)
from rapatgen.render.docx.document import render_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{{{W}}}t"))


def _list(n: int) -> list:
    table = Table([Column("No", 1), Column("Nama", 3), Column("Tanda Tangan", 2)],
                  [[Cell([runs(f"{i + 1}.")]), Cell([runs(f"Peserta {i + 1}")]), Cell([])] for i in range(n)],
                  signature_column=2)
    return [Paragraph(runs("DAFTAR HADIR")), table,
            Signatures([SignatureBlock(["Mengetahui,", "Kepala Bappeda,"], "Nama Penanda Tangan", ["NIP 1"])])]


def test_signature_after_a_table_is_the_tables_last_rows_kept_with_the_rows_before():
    """Rule 1 in LibreOffice: it keeps rows of one table together by keep-with-next, not a table
    with the next table; so the signature is borderless rows at the foot of the list."""
    doc = Document("daftar-hadir", "x", [Section(_list(3))], PAGE)
    body = parts(render_docx(doc))["word/document.xml"].find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    assert len(tables) == 1
    rows = tables[0].findall("w:tr", NS)
    names = [i for i, r in enumerate(rows) if "Nama Penanda Tangan" in text(r)]
    assert names, "signature not inside the table"
    last_data = next(i for i, r in enumerate(rows) if "Peserta 3" in text(r))
    for r in rows[last_data:-1]:  # the last list row and every signature row but the last: keep with next
        assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in r.iter(f"{{{W}}}p")), text(r)
        assert r.find("w:trPr/w:cantSplit", NS) is not None
    for r in rows[last_data + 1:]:
        for tc in r.findall("w:tc", NS):
            borders = tc.find("w:tcPr/w:tcBorders", NS)
            assert borders is not None and all(b.get(f"{{{W}}}val") == "nil" for b in borders)


def test_per_list_page_totals_are_pagerefs_to_each_sections_end():
    """Rule 9 in LibreOffice: 'Halaman X dari Y' per attendance list. LibreOffice does not compute
    SECTIONPAGES; both it and Word compute PAGEREF to a bookmark at the section's end."""
    doc = Document("daftar-hadir", "x", [Section(_list(2)), Section(_list(2), restart_numbering=True),
                                         Section(_list(2), restart_numbering=True)], PAGE, page_of_pages=True)
    xml = parts(render_docx(doc))
    body = xml["word/document.xml"].find("w:body", NS)
    marks = [b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")]
    assert marks == ["_Akhir_bagian_1", "_Akhir_bagian_2", "_Akhir_bagian_3"]
    sect_prs = list(body.iter(f"{{{W}}}sectPr"))
    assert len(sect_prs) == 3
    rels = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(doc))).read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    for i, sp in enumerate(sect_prs):
        ref = sp.find("w:footerReference", NS)
        assert ref is not None, f"section {i + 1} has no footer of its own"
        footer = xml["word/" + target[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]]
        instr = " ".join(t.text for t in footer.iter(f"{{{W}}}instrText"))
        assert f"PAGEREF _Akhir_bagian_{i + 1}" in instr and "SECTIONPAGES" not in instr
        assert text(footer).startswith("Halaman ")
        numbering = sp.findall("w:pgNumType", NS)
        assert len(numbering) == (1 if i else 0)  # once, in its schema place (before w:cols)
        if i:
            children = [c.tag.split("}")[1] for c in sp]
            assert children.index("pgNumType") < children.index("cols")


def test_single_section_total_is_numpages():
    doc = Document("daftar-hadir", "x", [Section(_list(2))], PAGE, page_of_pages=True)
    xml = parts(render_docx(doc))
    footers = [v for k, v in xml.items() if "footer" in k]
    assert any("NUMPAGES" in " ".join(t.text for t in f.iter(f"{{{W}}}instrText")) for f in footers)


def test_every_example_docx_aligns_tables_to_the_margin_and_closes_the_kop_with_thick_over_thin():
    """Rule 9 in the XML: a bordered table is indented by its cell margin (Word, in the
    compatibility mode 14 our files declare, and LibreOffice measure tblInd to the first
    cell's text), so its border sits on the text margin and it spans the text width as in the
    PDF; a borderless one has no cell margin and no indent (its text on the margin). The kop
    closes with a thick-over-thin bottom border of 3 pt (3 pt over 0.75 pt in LibreOffice,
    render/pdf.py KOP_RULE_PT in the PDF)."""
    from tests.conftest import ROOT
    from tests.layout import example_documents

    kops = tables = 0
    for name, doc in example_documents(ROOT):
        xml = parts(render_docx(doc))
        settings = xml["word/settings.xml"]
        mode = [c.get(f"{{{W}}}val") for c in settings.iter(f"{{{W}}}compatSetting")
                if c.get(f"{{{W}}}name") == "compatibilityMode"]
        assert mode == ["14"], name
        body = xml["word/document.xml"].find("w:body", NS)
        for tbl in body.iter(f"{{{W}}}tbl"):
            pr = tbl.find("w:tblPr", NS)
            left = pr.find("w:tblCellMar/w:left", NS)
            margin = int(left.get(f"{{{W}}}w")) if left is not None else 108
            ind = pr.find("w:tblInd", NS)
            indent = int(ind.get(f"{{{W}}}w")) if ind is not None else 0
            assert indent == margin, f"{name}: tblInd {indent} ≠ cell margin {margin}"
            if pr.find("w:tblStyle", NS) is not None:
                tables += 1
                assert margin == 108
        borders = [b for b in body.iter(f"{{{W}}}pBdr")]
        if any(type(b).__name__ == "Letterhead" for b in doc.text_blocks()):
            kops += 1
            bottom = borders[0].find("w:bottom", NS)
            assert bottom.get(f"{{{W}}}val") == "thickThinSmallGap" and bottom.get(f"{{{W}}}sz") == "24", name
    assert kops > 20 and tables > 20


def test_indicator_chart_is_a_row_at_its_tables_foot_in_docx_and_glued_in_the_pdf():
    """An indicator's chart never stands alone at the top of a page: in the DOCX it is a
    borderless row of its table kept with the last rows; in the PDF it travels in the table's
    last unbreakable cell."""
    from rapatgen.model.blocks import Image
    from rapatgen.render.pdf.typeset import typst_body
    from tests.test_blocks import PICTURE

    table = Table([Column("Periode", 1), Column("Nilai", 1)],
                  [[Cell([runs("2023")]), Cell([runs("6,11%")])], [Cell([runs("2024")]), Cell([runs("5,78%")])]])
    doc = Document("notulen", "x", [Section([Paragraph(runs("Data")), table,
                                             Image(PICTURE, 8.0, "Grafik 1. Contoh", "grafik contoh")])], PAGE)
    body = parts(render_docx(doc))["word/document.xml"].find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    assert len(tables) == 1
    rows = tables[0].findall("w:tr", NS)
    assert rows[-1].find(".//w:drawing", {"w": W}) is not None and "Grafik 1. Contoh" in text(rows[-1])
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in rows[-2].iter(f"{{{W}}}p"))
    assert not [p for p in body.findall("w:p", NS) if p.find(".//w:drawing", {"w": W}) is not None]
    source = typst_body(doc)
    assert source.index("breakable: false, align: left + top") < source.index("image(")
