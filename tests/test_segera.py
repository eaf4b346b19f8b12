"""An item due 'segera' (at once, no date) prints 'segera' wherever its deadline is shown:
the dashboard, `followup list`, the request letter and its XLSX form, the matriks and the
notulen — not '-', which reads as "no deadline" to the OPD asked to report."""

import re

from click.testing import CliRunner
from openpyxl import load_workbook

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import flat, pdf_text

PER = "2025-03-31"
YAML = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
ISI = "Basis data dikuatkan, divalidasi, dan dimutakhirkan oleh masing-masing sektor"


def run(project, *args):
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return r.output


def test_segera_is_printed_everywhere_a_deadline_is(project):
    replace_in(project / YAML, "    terkait: [disdukcapil_bll, kominfosanti_bll]\n    batas_waktu: 2024-03-31\n",
               "    terkait: [disdukcapil_bll, kominfosanti_bll]\n    batas_waktu: segera\n")
    listing = run(project, "followup", "list", "--pj", "dinsos_bll", "--per", PER)
    row = next(line for line in listing.splitlines() if "rakor-buleleng-2023-12-14/A2" in line)
    assert "segera" in row and " - " not in row, row

    run(project, "followup", "minta", "--per", PER, "--urut", "42", "--pj", "dinsos_bll")
    out = project / "outputs" / f"permintaan-{PER}"
    letter = flat(pdf_text(out / "surat-permintaan-dinsos_bll.pdf"))
    assert re.search(re.escape(flat(ISI)) + r".{0,200}segera", letter), letter
    ws = load_workbook(out / "formulir-dinsos_bll.xlsx")["Tindak Lanjut"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "rakor-buleleng-2023-12-14/A2")
    assert "segera" in row and "-" not in row, row

    run(project, "build", "--per", PER, "-q", "--format", "pdf")
    html = (project / "outputs" / "index.html").read_text(encoding="utf-8")
    cell = html[html.index(ISI[:40]):][:3000]
    assert "segera" in cell, cell
    tracker = flat(pdf_text(project / "outputs" / "matriks-tindak-lanjut.pdf"))
    assert re.search(re.escape(flat(ISI)) + r".{0,300}segera", tracker)
