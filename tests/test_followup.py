"""Follow-up tracking: status derivation, filters, byte-preserving edits, locking, tracker."""

import csv
import io
import json
import multiprocessing
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.followup.edit import Change, record
from rapatgen.resolve.followups import collect
from rapatgen.check.project import load_project
from tests.conftest import added_lines, replace_in
from tests.readback import docx_text, flat, pdf_text

BULELENG_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def cli(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


# --- derivation and listing ----------------------------------------------------------
def test_terlambat_is_derived_from_the_reference_date(project):
    proj = load_project(project)
    meetings = [m.model for m in proj.meetings]
    def status(day, ident):
        return {f.id: f.status for f in collect(meetings, day, proj.directory)}[ident]
    assert status(date(2024, 6, 30), "rakor-buleleng-2023-12-14/K2") == "belum"
    assert status(date(2024, 7, 1), "rakor-buleleng-2023-12-14/K2") == "terlambat"
    # history after the reference date is not known yet on that date
    assert status(date(2024, 1, 12), "rakor-buleleng-2023-12-14/K1") == "proses"
    assert status(date(2024, 1, 25), "rakor-buleleng-2023-12-14/K1") == "selesai"
    # done items are never late
    assert status(date(2030, 1, 1), "rakor-buleleng-2023-12-14/K1") == "selesai"


def test_carried_forward_item_is_no_longer_open(kaltim):
    proj = load_project(kaltim)
    meetings = [m.model for m in proj.meetings]
    before = {f.id: f for f in collect(meetings, date(2024, 12, 18), proj.directory)}
    after = {f.id: f for f in collect(meetings, date(2024, 12, 19), proj.directory)}
    assert before["konsolidasi-kaltim-2024-12-04/K1"].status == "terlambat"
    assert after["konsolidasi-kaltim-2024-12-04/K1"].status == "dilanjutkan"
    assert after["konsolidasi-kaltim-2024-12-04/K1"].continued_by == "rakor-kaltim-2024-12-19/K1"
    assert not after["konsolidasi-kaltim-2024-12-04/K1"].is_open


def test_list_filters_and_formats(project, kaltim):
    r = cli(project, "followup", "list", "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    assert "rakor-buleleng-2023-12-14/K2" in r.output and "rakor-buleleng-2023-12-14/K1" not in r.output  # done: hidden
    r = cli(kaltim, "followup", "list", "--per", "2025-02-15", "--pj", "dinsos_kaltim", "--json")
    data = json.loads(r.output)
    assert {b["butir"] for b in data["butir"]} == {"rakor-kaltim-2024-12-19/K1", "rakor-kaltim-2024-12-19/A2"}
    assert data["per"] == "2025-02-15"
    late = json.loads(cli(project, "followup", "list", "--per", "2025-02-15", "--terlambat", "--json").output)
    assert late["jumlah"] >= 5 and {b["status_turunan"] for b in late["butir"]} == {"terlambat"}
    assert all(b["terlambat"] is True for b in late["butir"])
    # the stored status stays visible next to the overdue flag: "terlambat" does not hide "proses"
    by_id = {b["id"]: b for b in late["butir"]}
    assert by_id["rakor-buleleng-2023-12-14/A2"]["status"] == "proses"
    assert by_id["rakor-buleleng-2023-12-14/K2"]["status"] == "belum"
    r = cli(project, "followup", "list", "--per", "2025-02-15", "--terlambat", "--csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert len(rows) == late["jumlah"] and {row["terlambat"] for row in rows} == {"ya"}
    assert {row["id"]: row["status"] for row in rows}["rakor-buleleng-2023-12-14/A2"] == "proses"
    r = cli(project, "followup", "list", "--per", "2025-02-15", "--status", "tidak_dapat")
    assert "rakor-buleleng-2023-12-14/K3" in r.output
    r = cli(kaltim, "followup", "list", "--rapat", "rakor-kaltim-2024-12-19", "--per", "2024-12-20", "--semua")
    assert r.output.count("rakor-kaltim-2024-12-19/") == 6  # K1–K4, A1, A2; members and periods as @ lines
    assert r.output.count("  @pemk") == 10 and r.output.count("  @2025-") == 4
    r = cli(project, "followup", "list", "--pj", "dinsoss_bll")
    assert r.exit_code == 2 and "maksud Anda 'dinsos_bll'?" in r.output


# --- recording changes in the YAML ---------------------------------------------------
ODD = """# yaml-language-server: $schema=../schema/rapat.schema.json
# Berkas dengan gaya penulisan campuran: komentar, spasi aneh, daftar flow.
id:   rapat-uji       # id
jenis: rakor
judul: 'Rapat Uji Format'
sesi: [ {tanggal: 2025-01-06, mulai: "09.00", tempat: "Ruang 1"} ]
pimpinan: {ketua: sekda_bll}
kesepakatan:
  - id: K1
    isi: "Butir blok tanpa riwayat"   # komentar di ujung
    pj: dinsos_bll
    batas_waktu: 2025-01-31

    # komentar di antara butir
  - {id: K2, isi: "Butir flow, dengan koma", pj: dpmd_bll, batas_waktu: 2025-02-28}
  -   id: K3
      isi: Butir dengan riwayat
      pj: bappeda_bll
      riwayat:
        - {tanggal: 2025-01-07, status: proses}   # awal
      terkait: [dinsos_bll,  dpmd_bll]
arahan:
  - id: A1
    isi: Arahan dengan riwayat flow
    pj: bappeda_bll
    riwayat: [ ]
"""


@pytest.fixture
def odd_file(project):
    path = project / "agendas" / "rapat-uji.yaml"
    path.write_text(ODD, encoding="utf-8")
    return path


def test_set_inserts_history_and_keeps_every_other_byte(project, odd_file, monkeypatch):
    monkeypatch.chdir(project)
    r = cli(project, "followup", "set", "rapat-uji/K1", "proses", "--catatan", "Surat sudah dikirim \"segera\"",
            "--bukti", "Surat 400/1", "--tanggal", "2025-01-10")
    assert r.exit_code == 0, r.output
    after = odd_file.read_text(encoding="utf-8")
    added = added_lines(ODD, after)
    assert added == ["    riwayat:", '      - {tanggal: 2025-01-10, status: proses, catatan: "Surat sudah dikirim \\"segera\\"", '
                                      'bukti: ["Surat 400/1"]}']
    assert cli(project, "followup", "set", "rapat-uji/K3", "selesai", "--tanggal", "2025-01-20").exit_code == 0
    after3 = odd_file.read_text(encoding="utf-8")
    assert added_lines(after, after3) == ["        - {tanggal: 2025-01-20, status: selesai}"]
    # flow-style item: only its own line changes, by appending inside the braces
    assert cli(project, "followup", "set", "rapat-uji/K2", "proses", "--tanggal", "2025-01-21").exit_code == 0
    after2 = odd_file.read_text(encoding="utf-8")
    changed = [(x, y) for x, y in zip(after3.split("\n"), after2.split("\n")) if x != y]
    assert changed == [('  - {id: K2, isi: "Butir flow, dengan koma", pj: dpmd_bll, batas_waktu: 2025-02-28}',
                        '  - {id: K2, isi: "Butir flow, dengan koma", pj: dpmd_bll, batas_waktu: 2025-02-28, '
                        'riwayat: [{tanggal: 2025-01-21, status: proses}]}')]
    assert cli(project, "followup", "set", "rapat-uji/A1", "proses", "--tanggal", "2025-01-22", "--catatan", "mulai").exit_code == 0
    after4 = odd_file.read_text(encoding="utf-8")
    assert "    riwayat: [{tanggal: 2025-01-22, status: proses, catatan: \"mulai\"}]" in after4.split("\n")
    proj = load_project(project)
    items = {f.id: f for f in collect([m.model for m in proj.meetings], date(2025, 1, 25), proj.directory)}
    assert items["rapat-uji/K1"].status == "proses" and items["rapat-uji/K3"].status == "selesai"
    assert items["rapat-uji/K1"].evidence(date(2025, 1, 25)) == ["Surat 400/1"]


def test_set_preserves_bom_and_windows_line_endings(project, odd_file):
    raw = b"\xef\xbb\xbf" + ODD.replace("\n", "\r\n").encode("utf-8")
    odd_file.write_bytes(raw)
    assert cli(project, "followup", "set", "rapat-uji/K1", "selesai", "--tanggal", "2025-01-10").exit_code == 0
    new = odd_file.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") and b"\n" not in new.replace(b"\r\n", b"")
    assert new.startswith(raw[:200])


def test_illegal_transitions_and_wrong_ids_are_refused(project, odd_file):
    before = odd_file.read_bytes()
    r = cli(project, "followup", "set", "rapat-uji/K9", "proses")
    assert r.exit_code == 2 and "maksud Anda 'rapat-uji/K" in r.output
    r = cli(project, "followup", "set", "rapat-uji/K1", "tidak_dapat", "--tanggal", "2025-01-10")
    assert r.exit_code == 2 and "alasan" in r.output
    r = cli(project, "followup", "set", "rapat-uji/K1", "proses", "--tanggal", "2025-01-01")
    assert r.exit_code == 2 and "sebelum rapat" in r.output
    assert odd_file.read_bytes() == before
    assert cli(project, "followup", "set", "rapat-uji/K1", "selesai", "--tanggal", "2025-01-10").exit_code == 0
    r = cli(project, "followup", "set", "rapat-uji/K1", "belum", "--tanggal", "2025-01-11")
    assert r.exit_code == 2 and "--paksa" in r.output
    r = cli(project, "followup", "set", "rapat-uji/K1", "proses", "--tanggal", "2025-01-09")
    assert r.exit_code == 2 and "urut waktu" in r.output
    r = cli(project, "followup", "set", "rapat-uji/K1", "proses", "--tanggal", "2025-01-12", "--paksa",
            "--catatan", "dibuka kembali")
    assert r.exit_code == 0, r.output


def test_invalid_file_is_never_rewritten(project, odd_file):
    replace_in(odd_file, "jenis: rakor", "jenis: rakorr")
    before = odd_file.read_bytes()
    r = cli(project, "followup", "set", "rakor-buleleng-2023-12-14/K2", "proses", "--tanggal", "2024-02-01")
    assert r.exit_code == 1 and "maksud Anda 'rakor'?" in r.output
    assert odd_file.read_bytes() == before


def _worker(args):
    root, item, day = args
    project = load_project(Path(root))
    record(project, item, Change("proses", date.fromisoformat(day), f"catatan {day}"), date(2026, 1, 1))


@pytest.mark.slow  # two spawned processes, each importing rapatgen
def test_concurrent_sets_on_one_file_lose_no_update(project):
    items = [("rakor-buleleng-2023-12-14/K2", "2024-02-01"), ("rakor-buleleng-2023-12-14/A1", "2024-02-02"),
             ("rakor-buleleng-2023-12-14/A3", "2024-02-03"), ("rakor-buleleng-2023-12-14/A4", "2024-02-04")]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pool.map(_worker, [(str(project), i, d) for i, d in items])
    text = (project / BULELENG_FILE).read_text(encoding="utf-8")
    for _, day in items:
        assert f'catatan: "catatan {day}"' in text
    assert not list((project / "agendas").glob("*.tmp"))


# --- documents -----------------------------------------------------------------------
def test_notulen_reviews_open_items_of_earlier_meetings(kaltim):
    r = cli(kaltim, "build", "rakor-kaltim-2024-12-19", "--only", "notulen", "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    for text in (pdf_text(kaltim / "outputs/rakor-kaltim-2024-12-19/notulen-rakor-kaltim-2024-12-19.pdf"),
                 docx_text(kaltim / "outputs/rakor-kaltim-2024-12-19/notulen-rakor-kaltim-2024-12-19.docx")):
        f = flat(text)
        assert flat("Tindak lanjut rapat sebelumnya") in f
        # items are named as people say them, never by internal id
        assert flat("Rapat Konsolidasi TKPK 4 Desember 2024, kesepakatan nomor 3") in f
        assert flat("Rapat Konsolidasi TKPK 4 Desember 2024, kesepakatan nomor 1") in f
        assert flat("dilanjutkan sebagai kesepakatan nomor 1 rapat ini") in f
        assert flat("Rapat Konsolidasi TKPK 4 Desember 2024, kesepakatan nomor 2") not in f  # done before the rakor
        assert "konsolidasi-kaltim-2024-12-04/" not in f
        assert flat("rakor-buleleng") not in f and "Buleleng" not in text  # another team, another project


def test_project_tracker_in_three_formats(project, kaltim):
    r = cli(project, "build", "--per", "2025-02-15", "--only", "tindak-lanjut")
    assert r.exit_code == 0, r.output
    out = project / "outputs"
    wb = openpyxl.load_workbook(out / "matriks-tindak-lanjut.xlsx")
    ws = wb["Tindak Lanjut"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith(f"A1:{openpyxl.utils.get_column_letter(len(header))}")
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    k2 = rows["rakor-buleleng-2023-12-14/K2"]
    assert k2["Keadaan"] == "Terlambat" and k2["Terlambat"] == "Ya" and k2["Status Tercatat"] == "Belum Ditindaklanjuti"
    assert ws.cell(row=list(rows).index("rakor-buleleng-2023-12-14/K2") + 2, column=1).fill.fgColor.rgb.endswith("F8CBAD")
    assert not any("kaltim" in key for key in rows)  # one project, one TKPK
    summary = {r[0]: r for r in wb["Ringkasan per OPD"].iter_rows(min_row=2, values_only=True)}
    bappeda = summary["Badan Perencanaan Pembangunan Daerah Kabupaten Buleleng"]
    assert bappeda[-2] == 4 and bappeda[-1] == 0.25  # 1 of 4 done
    for text in (pdf_text(out / "matriks-tindak-lanjut.pdf"), docx_text(out / "matriks-tindak-lanjut.docx")):
        f = flat(text)
        assert flat("Ringkasan per perangkat daerah") in f and flat("25,0%") in f
        assert flat("Terlambat") in f and "!" not in f and flat("Keadaan per 15 Februari 2025") in f
    r = cli(kaltim, "build", "--per", "2025-02-15", "--only", "tindak-lanjut")
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(kaltim / "outputs" / "matriks-tindak-lanjut.xlsx")["Tindak Lanjut"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in ws[1]]
    assert {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}[
        "konsolidasi-kaltim-2024-12-04/K1"]["Dilanjutkan Ke"] == "rakor-kaltim-2024-12-19/K1"
    assert not any("buleleng" in key for key in rows)


def test_tracker_xlsx_is_reproducible(project):
    import time

    from rapatgen.render.xlsx import render_tracker_xlsx
    from rapatgen.resolve.context import Context

    proj = load_project(project)
    day = date(2025, 2, 15)
    ctx = Context(proj.config, proj.directory, proj.root, day)
    items = collect([m.model for m in proj.meetings], day, proj.directory)
    first = render_tracker_xlsx(ctx, items, day)
    time.sleep(1.1)  # openpyxl stamps the save time with one-second resolution
    assert render_tracker_xlsx(ctx, items, day) == first
