"""LibreOffice conversions in the tests run side by side (tests/soffice.py): each in its own user
profile. With the shared default profile the second of two simultaneous `soffice --convert-to`
wrote no PDF (and tests/test_rat_cells.py failed whenever another test converted at the same time)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from rapatgen.model.blocks import Document, PageSetup, Paragraph, Section, runs
from rapatgen.render.docx.document import render_docx
from tests.conftest import ROOT

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)


def test_every_soffice_call_in_the_tests_goes_through_the_one_helper():
    """A test that starts LibreOffice itself (without its own profile) brings the race back."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name in ("soffice.py", Path(__file__).name):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"--convert-to|which\(\"soffice\"\)|which\(\"libreoffice\"\)", text):
            found.append(path.name)
    assert not found, f"soffice dipanggil langsung (pakai tests/soffice.py): {', '.join(found)}"


@pytest.mark.slow
def test_two_conversions_at_once_each_write_their_pdf(tmp_path):
    from tests.soffice import convert, require

    require()
    jobs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        doc = Document("notulen", name, [Section([Paragraph(runs(f"Dokumen {name}."))])], PAGE)
        (folder / f"{name}.docx").write_bytes(render_docx(doc))
        jobs.append(folder / f"{name}.docx")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(docx: Path) -> None:
        start.wait()
        try:
            convert([docx], docx.parent, timeout=300)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for docx in jobs:
        assert docx.with_suffix(".pdf").is_file(), f"{docx.name}: tidak ada PDF"
