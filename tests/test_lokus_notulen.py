"""The lokus table printable in a notulen (issue 20 item 1, "Lokus … Printable as a table in a notulen"):
a meeting with `tinjau_lokus: <tahun>` prints the year's desa/kelurahan lokus with their OPD pendamping;
a year without lokus/<tahun>.yaml is refused at its line by check and build; editing the lokus file
remakes that notulen only, and a project whose meetings print no lokus reads none."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from rapatgen.build.coordinator import build as run_build
from rapatgen.check.project import load_project
from rapatgen.cli import main
from tests.readback import docx_text, flat, pdf_text

RAKOR = "rakor-kaltim-2024-12-19"
MEETING = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"


def _review(root, year: int):
    path = root / MEETING
    path.write_text(path.read_text(encoding="utf-8") + f"\ntinjau_lokus: {year}\n", encoding="utf-8")
    return path


def _build(root):
    return run_build(load_project(root), as_of=date(2025, 2, 15), log=lambda _: None, workers=1)


@pytest.mark.slow
def test_notulen_prints_the_lokus_table_and_follows_the_lokus_file(kaltim):
    _review(kaltim, 2025)
    first = _build(kaltim)
    folder = kaltim / "outputs" / RAKOR
    for text in (docx_text(folder / f"notulen-{RAKOR}.docx"), pdf_text(folder / f"notulen-{RAKOR}.pdf")):
        f = flat(text)
        assert flat("Desa/kelurahan lokus tahun 2025") in f
        assert flat("Lokus penanggulangan kemiskinan tahun 2025: 7 desa/kelurahan di 5 kecamatan, didampingi "
                    "5 perangkat daerah") in f
        for cell in ("Desa Muara Enggelam", "Muara Wis", "Kabupaten Kutai Kartanegara", "Disperkim Kaltim",
                     "SPAM perdesaan dan RTLH 24 unit", "Desa Giring-Giring", "Diskominfo Kaltim"):
            assert flat(cell) in f, cell
    assert any(p.name == f"notulen-{RAKOR}.pdf" for p in first.made)
    lokus = kaltim / "lokus" / "2025.yaml"
    lokus.write_text(lokus.read_text(encoding="utf-8").replace("kegiatan: SPAM perdesaan dan RTLH 24 unit",
                                                               "kegiatan: SPAM perdesaan dan RTLH 30 unit"),
                     encoding="utf-8")
    again = _build(kaltim)
    made = {p.relative_to(kaltim / "outputs").as_posix() for p in again.made}
    assert {f"{RAKOR}/notulen-{RAKOR}.pdf", f"{RAKOR}/notulen-{RAKOR}.docx"} <= made
    assert not any(m.startswith("fgd-") or "undangan" in m for m in made), made  # only what prints the lokus
    assert "RTLH30unit" in flat(pdf_text(folder / f"notulen-{RAKOR}.pdf"))
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", "--proyek", str(kaltim)])
    assert r.exit_code == 0 and "Selesai: 0 berkas ditulis" in r.output, r.output  # nothing left to make


def test_a_year_without_lokus_is_refused_at_its_line(kaltim):
    path = _review(kaltim, 2030)
    line = len(path.read_text(encoding="utf-8").splitlines())
    expected = (f"{MEETING}:{line}:15: lokus tahun 2030 tidak ada di folder lokus/ (yang ada: 2025) — buat "
                "lokus/2030.yaml atau periksa tahunnya")
    r = CliRunner().invoke(main, ["check", "--proyek", str(kaltim)])
    assert r.exit_code == 1 and expected in r.output, r.output
    b = CliRunner().invoke(main, ["build", "--proyek", str(kaltim), "-q"])
    assert b.exit_code == 1 and expected in b.output, b.output
    assert not (kaltim / "outputs").exists()


def test_meetings_without_tinjau_lokus_read_no_data_file(kaltim):
    from rapatgen.check.projectdata import lokus_for_build

    (kaltim / "lokus" / "2025.yaml").write_text("tahun: [rusak\n", encoding="utf-8")  # unreadable, never read
    assert lokus_for_build(load_project(kaltim)) == {}
