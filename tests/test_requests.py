"""Issue 9.5/9.6: `followup minta` (request letter + locked XLSX form per OPD) and
`followup impor` (validate, show, record with --ya; conflicts and foreign forms refused)."""

import json
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rapatgen.cli import main
from tests.readback import flat, pdf_text

PER = "2025-03-31"
ITEM = "rakor-buleleng-2023-12-14/A2"  # Dinas Sosial's one open item on PER
YAML = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def folder(project):
    return project / "outputs" / f"permintaan-{PER}"


@pytest.fixture
def asked(project):
    """Letters and forms for Dinas Sosial only (the full run is tested once, below)."""
    r = run(project, "followup", "minta", "--per", PER, "--urut", "42", "--pj", "dinsos_bll")
    assert r.exit_code == 0, r.output
    return project


def open_items(project, pj):
    r = run(project, "followup", "list", "--pj", pj, "--per", PER, "--json")
    return [b for b in json.loads(r.output)["butir"]]


def fill(project, path, target, **cells):
    wb = load_workbook(path)
    ws = wb["Tindak Lanjut"]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(target)
    return target


def test_one_letter_and_form_per_opd_with_only_its_open_items(project):
    asked = project
    r = run(project, "followup", "minta", "--per", PER, "--urut", "41")
    assert r.exit_code == 0, r.output
    out = folder(asked)
    opds = sorted(p.stem.removeprefix("formulir-") for p in out.glob("formulir-*.xlsx"))
    assert "dinsos_bll" in opds and len(opds) >= 3
    for opd in opds:
        expected = [b for b in open_items(asked, opd)]
        assert expected, opd
        text = flat(pdf_text(out / f"surat-permintaan-{opd}.pdf"))
        for b in expected:
            assert flat(b["isi"]) in text
        others = [b for o in opds if o != opd for b in open_items(asked, o)]
        for b in others:
            assert flat(b["isi"]) not in text
        ws = load_workbook(out / f"formulir-{opd}.xlsx")["Tindak Lanjut"]
        ids = [ws.cell(row=r, column=2).value for r in range(7, 7 + len(expected))]
        assert ids == [b["id"] for b in expected] and ws.cell(row=7 + len(expected), column=2).value is None
    letter = pdf_text(out / "surat-permintaan-dinsos_bll.pdf")
    assert "Yth. Kepala Dinas Sosial Kabupaten Buleleng" in letter and "400.9.14/42/Bappeda" in letter
    assert "Permintaan Laporan Tindak Lanjut" in letter and "NIP 19720315 200003 1 002" in letter


def test_form_locks_what_the_secretariat_wrote_and_offers_a_status_dropdown(asked):
    wb = load_workbook(folder(asked) / "formulir-dinsos_bll.xlsx")
    ws = wb["Tindak Lanjut"]
    assert ws.protection.sheet
    assert [ws.cell(row=7, column=c).protection.locked for c in range(1, 11)] == [True] * 6 + [False] * 4
    def rule(cell):
        (found,) = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
        return found

    assert rule("G7").type == "list" and rule("G7").showErrorMessage
    assert rule("G7").formula1 == '"Belum Ditindaklanjuti,Dalam Proses,Selesai,Tidak Dapat Ditindaklanjuti"'
    assert rule("J7").type == "date"
    assert not [dv for dv in ws.data_validations.dataValidation if "B7" in dv.sqref or "H7" in dv.sqref]
    assert [ws.cell(row=6, column=c).value for c in (8, 9, 10)] == [
        "Catatan perkembangan", "Bukti dukung (nama dokumen / tautan)", "Tanggal perubahan"]
    assert wb["_rapatgen"].sheet_state == "veryHidden"


def test_impor_shows_then_records_through_the_same_edit_as_followup_set(asked, tmp_path):
    form = fill(asked, folder(asked) / "formulir-dinsos_bll.xlsx", tmp_path / "kembali.xlsx",
                G7="Selesai", H7="Basis data final", I7="SK Kadis 12/2025; https://contoh.example/bukti", J7="02-04-2025")
    before = (asked / YAML).read_bytes()
    preview = run(asked, "followup", "impor", str(form), "--per", "2025-04-05")
    assert preview.exit_code == 0, preview.output
    assert f"{ITEM}: Terlambat (dalam proses) → Selesai per 2025-04-02" in preview.output
    assert (asked / YAML).read_bytes() == before  # nothing without --ya
    done = run(asked, "followup", "impor", str(form), "--per", "2025-04-05", "--ya")
    assert done.exit_code == 0, done.output
    after = (asked / YAML).read_text(encoding="utf-8")
    added = ('      - {tanggal: 2025-04-02, status: selesai, catatan: "Basis data final", '
             'bukti: ["SK Kadis 12/2025", "https://contoh.example/bukti"]}\n')
    assert after == before.decode("utf-8").replace(
        "berjalan di 148 desa/kelurahan.}\n", "berjalan di 148 desa/kelurahan.}\n" + added, 1)
    listed = run(asked, "followup", "list", "--semua", "--per", "2025-04-05", "--json")
    assert {b["id"]: b["status"] for b in json.loads(listed.output)["butir"]}[ITEM] == "selesai"


def test_item_changed_since_the_form_was_issued_is_a_conflict(asked, tmp_path):
    assert run(asked, "followup", "set", ITEM, "proses", "--catatan", "Verval April", "--tanggal", "2025-04-01").exit_code == 0
    before = (asked / YAML).read_bytes()
    form = fill(asked, folder(asked) / "formulir-dinsos_bll.xlsx", tmp_path / "kembali.xlsx",
                G7="Selesai", J7="02-04-2025")
    r = run(asked, "followup", "impor", str(form), "--per", "2025-04-05", "--ya")
    assert r.exit_code == 1 and "KONFLIK" in r.output and "tidak ditimpa" in r.output
    assert (asked / YAML).read_bytes() == before


def test_rows_with_bad_answers_are_left_out_with_the_reason(asked, tmp_path):
    out = folder(asked)
    form = fill(asked, out / "formulir-dinsos_bll.xlsx", tmp_path / "salah.xlsx", G7="Hampir selesai")
    r = run(asked, "followup", "impor", str(form), "--per", "2025-04-05")
    assert "DILEWATI" in r.output and "status 'Hampir selesai' tidak dikenal" in r.output
    form = fill(asked, out / "formulir-dinsos_bll.xlsx", tmp_path / "depan.xlsx", G7="Selesai", J7="01-01-2030")
    r = run(asked, "followup", "impor", str(form), "--per", "2025-04-05")
    assert "DILEWATI" in r.output and "belum terjadi" in r.output
    form = fill(asked, folder(asked) / "formulir-dinsos_bll.xlsx", tmp_path / "mundur.xlsx",
                G7="Belum Ditindaklanjuti", J7="02-04-2025")
    r = run(asked, "followup", "impor", str(form), "--per", "2025-04-05", "--ya")
    assert r.exit_code == 1 and "kembali ke 'belum' perlu --paksa" in r.output


def test_foreign_or_tampered_forms_are_refused(asked, tmp_path):
    before = (asked / YAML).read_bytes()
    tampered = fill(asked, folder(asked) / "formulir-dinsos_bll.xlsx", tmp_path / "ubah.xlsx",
                    B7="rakor-buleleng-2023-12-14/K1", G7="Selesai")
    r = run(asked, "followup", "impor", str(tampered), "--ya")
    assert r.exit_code == 1 and "id butir 'rakor-buleleng-2023-12-14/K1' diubah" in r.output
    other = tmp_path / "lain"
    shutil.copytree(asked, other, ignore=shutil.ignore_patterns("outputs", ".rapatgen"))
    assert run(other, "followup", "minta", "--per", PER, "--pj", "dinsos_bll").exit_code == 0
    foreign = fill(other, other / "outputs" / f"permintaan-{PER}" / "formulir-dinsos_bll.xlsx",
                   tmp_path / "asing.xlsx", G7="Selesai")
    r = run(asked, "followup", "impor", str(foreign), "--ya")
    assert r.exit_code == 1 and "diterbitkan oleh proyek lain" in r.output
    junk = tmp_path / "bukan.xlsx"
    junk.write_bytes(b"bukan excel")
    r = run(asked, "followup", "impor", str(junk))
    assert r.exit_code == 1 and "tidak dapat dibuka sebagai berkas Excel" in r.output and "Traceback" not in r.output
    assert (asked / YAML).read_bytes() == before


def test_letters_take_their_numbers_from_the_register(project):
    r = run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll")
    assert r.exit_code == 0, r.output
    register = (project / "buku-agenda-surat-keluar.csv").read_text(encoding="utf-8")
    line = next(x for x in register.splitlines() if "permintaan-tindak-lanjut-2025-03-31/dinsos_bll" in x)
    number = next(cell for cell in line.split(",") if cell.startswith("400.9.14/"))
    assert number in pdf_text(folder(project) / "surat-permintaan-dinsos_bll.pdf")
    again = run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll")
    assert again.exit_code == 0
    assert (project / "buku-agenda-surat-keluar.csv").read_text(encoding="utf-8") == register  # same letter, same number
