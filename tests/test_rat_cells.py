"""Issue 19 item 13: in the matriks rencana aksi, Program, Kegiatan and Sub Kegiatan were stacked
unlabelled in one cell, so a reader had to guess which line was which. Each line now says what it
is ("Kegiatan: …", "Sub Kegiatan: …"; a programme named "Program …" names itself), in the PDF and
the Word file, read back from both."""

from __future__ import annotations

import io
import docx
import pytest

from rapatgen.render.docx.document import render_docx
from rapatgen.render.pdf.document import render_pdf
from tests.conftest import ROOT
from tests.layout import example_documents
from tests.readback import flat, pdf_text


@pytest.fixture(scope="module")
def rats():
    return {name: doc for name, doc in example_documents(ROOT) if "rencana-aksi-" in name}


def stacked_lines(it) -> list[str]:
    """What the cell must read, line by line."""
    out = []
    for label, value in (("Program", it.program), ("Kegiatan", it.kegiatan), ("Sub Kegiatan", it.sub_kegiatan),
                         ("Kode", it.kode)):
        if value:
            out.append(value if value.casefold().startswith(label.casefold() + " ") else f"{label}: {value}")
    return out


def check_labelled_stacks(text: str, lines_per_row: list[list[str]]) -> list[str]:
    """The layout rule: every stacked line of a programme cell appears with its label, in order."""
    problems, found = [], flat(text)
    for lines in lines_per_row:
        pos = 0
        for line in lines:
            at = found.find(flat(line), pos)
            if at < 0:
                problems.append(f"tanpa label atau tidak berurutan: {line!r}")
                break
            pos = at + len(flat(line))
    return problems


def docx_first_column_cells(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    table = max(d.tables, key=lambda t: len(t.columns))
    return ["\n".join(p.text for p in row.cells[1].paragraphs) for row in table.rows]


def test_both_examples_have_a_rat_with_kegiatan_and_sub_kegiatan(rats):
    from rapatgen.check.project import load_project
    from tests.conftest import KALTIM_ROOT

    assert len(rats) == 2, list(rats)
    rows = [it for root in (ROOT, KALTIM_ROOT) for mf in load_project(root).meetings
            if mf.model.rencana_aksi for it in mf.model.rencana_aksi.butir]
    assert any(it.sub_kegiatan for it in rows) and any(it.kode for it in rows)


def test_program_kegiatan_sub_kegiatan_are_labelled_in_pdf_and_docx(rats):
    from rapatgen.check.project import load_project
    from tests.conftest import KALTIM_ROOT

    items = {mf.model.id: mf.model.rencana_aksi.butir for root in (ROOT, KALTIM_ROOT)
             for mf in load_project(root).meetings if mf.model.rencana_aksi}
    for name, doc in rats.items():
        meeting = next(mid for mid in items if mid in name)
        expected = [stacked_lines(it) for it in items[meeting]]
        assert check_labelled_stacks(pdf_text(render_pdf(doc)), expected) == [], name
        cells = docx_first_column_cells(render_docx(doc))
        for lines in expected:
            cell = next((c for c in cells if flat(lines[0]) in flat(c)), None)
            assert cell is not None, (name, lines[0])
            assert cell.split("\n") == lines, (name, cell)  # one labelled line per paragraph


def test_a_name_without_its_kind_gets_the_label_and_one_with_it_does_not():
    from rapatgen.documents.rencana_aksi import program_lines

    row = type("Row", (), {"program": "Perlindungan Sosial", "kegiatan": "Kegiatan Pendataan",
                           "sub_kegiatan": "Verifikasi Data", "kode": None})()
    texts = ["".join(r.text for r in line) for line in program_lines(row)]
    assert texts == ["Program: Perlindungan Sosial", "Kegiatan Pendataan", "Sub Kegiatan: Verifikasi Data"]
    assert [line[0].italic for line in program_lines(row)] == [True, False, True]



@pytest.mark.slow
def test_word_paginates_the_labelled_rat_like_the_pdf(rats, tmp_path):
    """The labels make the programme cell longer: the column is wide enough that Word (through
    LibreOffice) breaks the matriks onto the same pages as the PDF, signature included."""
    import re

    from tests.soffice import convert, require

    require()
    pdfs = {}
    for i, (name, doc) in enumerate(sorted(rats.items())):
        (tmp_path / f"r{i}.docx").write_bytes(render_docx(doc))
        pdfs[f"r{i}"] = (name, render_pdf(doc))
    convert(sorted(tmp_path.glob("*.docx")), tmp_path, timeout=300)

    def pages(data: bytes) -> int:
        return len(re.findall(rb"/Type\s*/Page\b", data))
    from rapatgen.check.project import load_project
    from tests.conftest import KALTIM_ROOT

    items = {mf.model.id: mf.model.rencana_aksi.butir for root in (ROOT, KALTIM_ROOT)
             for mf in load_project(root).meetings if mf.model.rencana_aksi}
    for stem, (name, pdf) in pdfs.items():
        word = (tmp_path / f"{stem}.pdf").read_bytes()
        assert pages(word) == pages(pdf), (name, pages(word), pages(pdf))
        expected = [stacked_lines(it) for it in items[next(mid for mid in items if mid in name)]]
        assert check_labelled_stacks(pdf_text(word), expected) == [], name  # the layout rule, in Word too
