"""Per-member detail on a group-owned agreement (issue 20 item 1): `rincian: {anggota: teks}` says
which part each member takes ("which village each OPD accompanies"); check refuses it on an item that
is not group-owned and a key that is not a member; the notulen, the meeting's matriks tindak lanjut,
the project tracker (PDF, DOCX) and its XLSX print each member's part."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.readback import docx_text, flat, pdf_text

MEETING = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
K4 = "    pj: pemkabkota_kaltim\n"
PARTS = ("    rincian:\n"
         "      pemkab_kukar: 18 desa lokus di Kecamatan Muara Wis dan Kenohan\n"
         "      pemkab_berau: Desa Teluk Sulaiman dan Giring-Giring\n"
         "      pemkot_samarinda: Seluruh kelurahan di Kecamatan Palaran\n")


def _with_parts(root, parts: str = PARTS, at: str = K4):
    path = root / MEETING
    text = path.read_text(encoding="utf-8")
    assert at in text
    path.write_text(text.replace(at, at + parts, 1), encoding="utf-8")
    return path


def _check(root):
    return CliRunner().invoke(main, ["check", "--proyek", str(root)])


def test_rincian_must_name_members_of_the_owning_group(kaltim):
    path = _with_parts(kaltim, PARTS.replace("pemkab_berau", "pemkab_beru").replace("pemkot_samarinda",
                                                                                     "dinsos_kaltim"))
    r = _check(kaltim)
    assert r.exit_code == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, x in enumerate(lines, 1) if "pemkab_beru:" in x)
    assert f"{MEETING}:{at}:20: 'pemkab_beru' bukan anggota kelompok 'pemkabkota_kaltim' — maksud Anda " \
           f"'pemkab_berau'?" in r.output
    assert f"{MEETING}:{at + 1}:22: 'dinsos_kaltim' bukan anggota kelompok 'pemkabkota_kaltim' — anggotanya: " \
           "pemkab_berau, pemkab_kubar" in r.output
    assert "2 masalah ditemukan" in r.output


def test_rincian_on_an_item_of_one_institution_is_refused(kaltim):
    path = kaltim / MEETING
    text = path.read_text(encoding="utf-8")
    first_pj = "    pj: dinsos_kaltim\n"
    assert first_pj in text
    _with_parts(kaltim, "    rincian: {dinsos_kaltim: Kota Samarinda}\n", first_pj)
    r = _check(kaltim)
    assert r.exit_code == 1
    assert "'rincian' membagi tugas antaranggota kelompok, sedangkan penanggung jawab butir ini 'dinsos_kaltim' " \
           "satu instansi — jadikan 'pj' id kelompok di direktori" in r.output


@pytest.mark.slow
def test_each_members_part_is_printed_in_every_follow_up_document(kaltim):
    _with_parts(kaltim)
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", "--proyek", str(kaltim), "-q"])
    assert r.exit_code == 0, r.output
    out = kaltim / "outputs"
    meeting = out / "rakor-kaltim-2024-12-19"
    notulen = [flat(docx_text(meeting / "notulen-rakor-kaltim-2024-12-19.docx")),
               flat(pdf_text(meeting / "notulen-rakor-kaltim-2024-12-19.pdf"))]
    for text in notulen:
        assert flat("Kab. Kutai Kartanegara: 18 desa lokus di Kecamatan Muara Wis dan Kenohan") in text
        assert flat("Kab. Berau: Desa Teluk Sulaiman dan Giring-Giring") in text
        assert flat("Kota Samarinda: Seluruh kelurahan di Kecamatan Palaran") in text
    for path in (meeting / "tindak-lanjut-rakor-kaltim-2024-12-19.docx", meeting / "tindak-lanjut-rakor-kaltim-2024-12-19.pdf",
                 out / "matriks-tindak-lanjut.docx", out / "matriks-tindak-lanjut.pdf"):
        text = flat(docx_text(path) if path.suffix == ".docx" else pdf_text(path))
        assert flat("18 desa lokus di Kecamatan Muara Wis dan Kenohan") in text, path.name
        assert flat("Desa Teluk Sulaiman dan Giring-Giring") in text, path.name
        # a member without a part of its own prints no empty 'Rincian:'
        assert text.count(flat("Seluruh kelurahan di Kecamatan Palaran")) == 1, path.name
    sheet = openpyxl.load_workbook(out / "matriks-tindak-lanjut.xlsx").active
    cells = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["rakor-kaltim-2024-12-19/K4@pemkab_berau"].endswith("\nRincian: Desa Teluk Sulaiman dan Giring-Giring")
    assert "Rincian" not in cells["rakor-kaltim-2024-12-19/K4@pemkab_kubar"]
