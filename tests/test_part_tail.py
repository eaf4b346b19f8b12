"""Issue 19 item 1: the last page of a chapter never holds only a table. The Buleleng LP2KD (2023 and
2024) left its last indicator's 'Target dan kesenjangan' caption and one-row table alone at the top
of the page before BAB III (page 5 of 2024, page 4 of 2023); a chapter's last body paragraph now
travels with the short tables after it (render/layout.part_tail), in the PDF and the Word file."""

from __future__ import annotations

import functools

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.model.blocks import Cell, Column, Document, PageBreak, PageSetup, Paragraph, Run, Section, Table, runs
from rapatgen.render.layout import part_tail
from rapatgen.render.pdf.document import render_pdf
from tests.conftest import copy_root_project
from tests.layout import PT_PER_CM, read_pdf

pytestmark = pytest.mark.slow

# A test asks twice about the same PDF (only_tables, then its lines): read once. The pages are only
# read here, and the one kept is dropped when other bytes are asked for.
_pages = functools.lru_cache(maxsize=1)(read_pdf)


def only_tables(pdf: bytes, bottom_margin_cm: float) -> list[int]:
    """Pages whose text, outside their tables and the page footer, is only captions (italic lines)."""
    out = []
    for page in _pages(pdf):
        if not page.tables:
            continue
        foot = page.height - bottom_margin_cm * PT_PER_CM
        words = [w for w in page.words if w["bottom"] < foot and not any(
            t.bbox[0] - 1 <= w["x0"] <= t.bbox[2] + 1 and t.bbox[1] - 1 <= w["top"] <= t.bbox[3] + 1 for t in page.tables)]
        if all("italic" in w["fontname"].lower() or "oblique" in w["fontname"].lower() for w in words):
            out.append(page.number)
    return out


@pytest.fixture(scope="module")
def lp2kd(tmp_path_factory):
    root = copy_root_project(tmp_path_factory.mktemp("lp2kd"))
    r = CliRunner().invoke(main, ["laporan", "lp2kd", "2023", "2024", "--tanggal", "2025-01-20", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return root / "outputs" / "laporan"


@pytest.mark.parametrize("year", [2023, 2024])
def test_lp2kd_no_page_holds_only_a_table(lp2kd, year):
    pdf = (lp2kd / f"lp2kd-{year}.pdf").read_bytes()
    assert not only_tables(pdf, 2.5)
    # the last indicator's gap table shares its page with the indicator's heading and text
    pages = _pages(pdf)
    gap = [p.number for p in pages if "2024 (RAT 2024)" in " ".join(ln.text for ln in p.lines())]
    head = [p.number for p in pages if any(ln.text.endswith("KK miskin ekstrem hasil verifikasi") for ln in p.lines())]
    assert gap and gap[-1] in head, (gap, head)


def test_a_chapter_ends_with_its_last_paragraph_and_short_tables():
    small = Table([Column("Periode", 2), Column("Nilai", 2)], [[Cell([runs("2024")]), Cell([runs("349 KK")])]])
    caption = Paragraph([Run("Target dan kesenjangan:", italic=True)], align="left", keep_with_next=True)
    body = Paragraph(runs("Kalimat isi. " * 30))
    blocks = [body, body, small, caption, small, PageBreak(), body]
    assert part_tail(blocks[:5]) == 1
    assert part_tail([body, small, Paragraph(runs("Isi"))]) is None  # ends in body text: nothing to keep
    assert part_tail([small, caption, small]) is None  # no body paragraph before the tables
    # filled so the chapter's page ends at every point of its tail: the tables never open a page alone
    page = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
    for n in (10, 11, 22, 23):  # 11, 22 and 23 left the last table alone on a page before
        doc = Document("laporan", "x", [Section([body] * n + [small, caption, small, PageBreak(), body])], page)
        assert not only_tables(render_pdf(doc), 2.5), n
