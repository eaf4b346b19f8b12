"""Issue 17.6: `followup impor` on returned forms that are damaged, hostile or oddly filled.

- every bad file (old .xls, CSV, no extension, broken XML, bad CRC, entity bomb, zip bomb,
  tampered hidden sheet, ...) is one Indonesian message naming the file: exit 1, no
  traceback, nothing written — also from the good forms given with it;
- the preview is exactly what --ya does: rows --ya would refuse (a 16-digit number, a lone
  '…' in the note) are shown as left out, with form and row, before anything is written;
- a formula without a saved value is no answer; --per cannot lie in the future;
- a second run after an (interrupted) import shows the rows already recorded, asks nothing
  (the same form twice, and two imports at once: tests/test_once.py).
"""

import io
import struct
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rapatgen.cli import main

PER = "2025-03-31"
RECEIVED = "2025-04-05"
AGENDAS = "agendas"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def snapshot(project) -> dict[str, bytes]:
    """Every file of the project but the forms under outputs/, the parse cache (.rapatgen/cache) and the
    empty lock files (.rapatgen/kunci: `impor --ya` holds the project lock, which lives there now)."""
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and p.relative_to(project).parts[0] != "outputs"
            and p.relative_to(project).parts[:2] not in ((".rapatgen", "cache"), (".rapatgen", "kunci"))}


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The Buleleng example with request forms for every OPD (read-only: tests copy it)."""
    from tests.conftest import copy_root_project

    root = copy_root_project(tmp_path_factory.mktemp("formulir") / "proyek")
    r = run(root, "followup", "minta", "--per", PER, "--urut", "30")
    assert r.exit_code == 0, r.output
    return root


@pytest.fixture
def asked(issued, tmp_path):
    import shutil

    target = tmp_path / "proyek"
    shutil.copytree(issued, target, symlinks=True)
    return target


def forms(project) -> list[Path]:
    return sorted((project / "outputs" / f"permintaan-{PER}").glob("formulir-*.xlsx"))


def biggest(project) -> tuple[Path, list[int]]:
    """The form with the most rows, and its row numbers."""
    best = max(forms(project), key=lambda p: load_workbook(p)["_rapatgen"].max_row)
    rows = [r[0] for r in load_workbook(best)["_rapatgen"].iter_rows(min_row=2, values_only=True) if r[0]]
    return best, rows


def fill(source: Path, target: Path, **cells) -> Path:
    wb = load_workbook(source)
    ws = wb["Tindak Lanjut"]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(target)
    return target


def filled(project, tmp_path) -> Path:
    """Dinas Sosial's form with one valid answer (the project's own, as an OPD returns it)."""
    source = project / "outputs" / f"permintaan-{PER}" / "formulir-dinsos_bll.xlsx"
    return fill(source, tmp_path / "dinsos.xlsx", G7="Selesai", H7="Basis data final", J7="02-04-2025")


def rezip(data: bytes, change) -> bytes:
    """The zip with each part's bytes passed through `change(name, bytes)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)))
    return out.getvalue()


# --- bad files ------------------------------------------------------------------------------------
DTD = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
       b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
       b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>')


def _entity_bomb(name: str, part: bytes) -> bytes:
    """The form's sheet with a DTD of nested entities (billion laughs), one used in cell A1."""
    if not name.endswith("sheet1.xml"):
        return part
    part = part.replace(b"?>", b"?>" + DTD, 1) if part.startswith(b"<?xml") else DTD + part
    return part.replace(b"FORMULIR LAPORAN TINDAK LANJUT HASIL RAPAT", b"&lol4;", 1)


def _crc(data: bytes) -> bytes:
    """A byte of a part's compressed data flipped: the part fails its CRC (or does not inflate)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = next(i for i in z.infolist() if i.filename.endswith("sheet1.xml"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:]


def _lying_sizes(data: bytes, name: str, size: int) -> bytes:
    """`name` declared `size` bytes long in both zip headers, whatever it holds (a bomb that lies)."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, field_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at:at + name_at + len(encoded)] == encoded:
                out[at + field_at:at + field_at + 4] = struct.pack("<I", size)
            at = out.find(signature, at + 4)
    return bytes(out)


def _bomb(data: bytes) -> bytes:
    """60 MB of spaces (60 KB compressed) inside the sheet: a zip bomb in an .xlsx."""
    return rezip(data, lambda n, b: b.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000, 1)
                 if n.endswith("sheet1.xml") else b)


def _meta(data: bytes, tmp: Path, change) -> bytes:
    """The form with its hidden sheet changed by `change(ws)` (openpyxl ignores the sheet's protection)."""
    source = tmp / "asal.xlsx"
    source.write_bytes(data)
    wb = load_workbook(source)
    change(wb["_rapatgen"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _put_meta(coordinate, value):
    def change(ws):
        ws[coordinate] = value
    return change


BAD_FILES = {
    # name: (file name, bytes from the filled form's bytes, words the message has)
    "xls lama": ("laporan.xls", lambda d, t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), ".xls"),
    "csv": ("laporan.csv", lambda d, t: "No;ID Butir;Status\n1;rakor/A2;Selesai\n".encode(), "CSV"),
    "tanpa ekstensi, teks": ("laporan", lambda d, t: b"laporan tindak lanjut dinas sosial\n", "berkas teks"),
    "kosong": ("kosong.xlsx", lambda d, t: b"", "kosong"),
    "xml rusak": ("rusak.xlsx", lambda d, t: rezip(d, lambda n, b: b[: len(b) // 2] if n.endswith("sheet1.xml") else b),
                  "rusak"),
    "crc salah": ("crc.xlsx", lambda d, t: _crc(d), "rusak"),
    "terpotong": ("potong.xlsx", lambda d, t: d[: len(d) * 2 // 3], "rusak"),
    "bom entitas": ("entitas.xlsx", lambda d, t: rezip(d, _entity_bomb), "entitas"),
    "xml utf-16": ("utf16.xlsx", lambda d, t: rezip(d, lambda n, b: b.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
                                                    .encode("utf-16") if n.endswith("workbook.xml") else b), "UTF-8"),
    "bom zip": ("bom.xlsx", lambda d, t: _bomb(d), "bom zip"),
    "bom zip berbohong": ("bohong.xlsx", lambda d, t: _lying_sizes(_bomb(d), "xl/worksheets/sheet1.xml", 4000), "rusak"),
    "terlalu besar": ("besar.xlsx", lambda d, t: d + bytes(11 * 1024 * 1024), "MB"),
    "zip biasa": ("arsip.xlsx", lambda d, t: _plain_zip(), "rusak"),
    "bukan formulir": ("buku.xlsx", lambda d, t: _plain_workbook(), "bukan formulir"),
    "penanda: nomor baris teks": ("p1.xlsx", lambda d, t: _meta(d, t, _put_meta("A2", "tujuh")), "lembar penanda"),
    "penanda: kolom hilang": ("p2.xlsx", lambda d, t: _meta(d, t, _put_meta("D2", None)), "lembar penanda"),
    "penanda: baris di luar": ("p3.xlsx", lambda d, t: _meta(d, t, _put_meta("A2", 10 ** 9)), "lembar penanda"),
    "penanda: baris ganda": ("p4.xlsx", lambda d, t: _meta(d, t, lambda ws: ws.append(list(ws.iter_rows(
        min_row=2, max_row=2, values_only=True))[0])), "dua kali"),
    "penanda: kepala kosong": ("p5.xlsx", lambda d, t: _meta(d, t, lambda ws: ws.delete_rows(1)), "bukan formulir"),
    "penanda: segel diubah": ("p6.xlsx", lambda d, t: _meta(d, t, _put_meta("C2", "0" * 32)), "segel"),
    "penanda: proyek bukan ASCII": ("p8.xlsx", lambda d, t: _meta(d, t, _put_meta("B1", "proyék")), "proyek lain"),
    "penanda: lembar dihapus": ("p7.xlsx", lambda d, t: _meta(d, t, lambda ws: ws.parent.remove(ws)), "penanda"),
}


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("catatan.txt", "bukan excel")
    return out.getvalue()


def _plain_workbook() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_one_message_naming_it_and_nothing_is_written(asked, tmp_path, case, monkeypatch):
    name, make, words = BAD_FILES[case]
    good = filled(asked, tmp_path)
    bad = tmp_path / name
    bad.write_bytes(make(good.read_bytes(), tmp_path))
    if case.startswith("bom zip") or case == "terlalu besar":  # refused before openpyxl reads a byte of XML
        import openpyxl

        def never(*args, **kwargs):
            raise AssertionError("openpyxl opened a bomb")

        monkeypatch.setattr(openpyxl, "load_workbook", never)
    before = snapshot(asked)
    for args in ([str(bad)], [str(good), str(bad), "--ya"]):
        r = run(asked, "followup", "impor", *args, "--per", RECEIVED)
        assert r.exit_code == 1, (case, r.output)
        assert isinstance(r.exception, SystemExit), (case, r.exception)
        assert "Traceback" not in r.output
        assert f"DITOLAK {name}" in r.output and words in r.output, (case, r.output)
        assert snapshot(asked) == before, case


@pytest.mark.slow
def test_a_form_without_extension_is_read_by_its_content(asked, tmp_path):
    good = filled(asked, tmp_path)
    bare = tmp_path / "formulir-dinsos"
    bare.write_bytes(good.read_bytes())
    r = run(asked, "followup", "impor", str(bare), "--per", RECEIVED)
    assert r.exit_code == 0 and "→ Selesai per 2025-04-02" in r.output, r.output


# --- the preview is what --ya does ------------------------------------------------------------------
def _changes(output: str) -> list[str]:
    return [line for line in output.splitlines() if " → " in line]


@pytest.mark.slow
def test_the_preview_is_exactly_what_ya_records_and_names_form_and_row(asked, tmp_path):
    form, rows = biggest(asked)
    assert len(rows) >= 3
    a, b, c = rows[:3]
    returned = fill(form, tmp_path / "kembali.xlsx", **{
        f"G{a}": "Dalam Proses", f"H{a}": "Rapat koordinasi lanjutan", f"J{a}": "01-04-2025",
        f"G{b}": "Dalam Proses", f"H{b}": "NIK pelapor 5108011234560001", f"J{b}": "01-04-2025",
        f"G{c}": "Dalam Proses", f"H{c}": "…", f"J{c}": "01-04-2025"})
    before = snapshot(asked)
    preview = run(asked, "followup", "impor", str(returned), "--per", RECEIVED)
    assert preview.exit_code == 0, preview.output
    assert snapshot(asked) == before
    assert len(_changes(preview.output)) == 1, preview.output
    assert f"DILEWATI kembali.xlsx baris {b} " in preview.output and "NIK" in preview.output
    assert f"DILEWATI kembali.xlsx baris {c} " in preview.output and "'…'" in preview.output
    done = run(asked, "followup", "impor", str(returned), "--per", RECEIVED, "--ya")
    assert done.exit_code == 1 and "Traceback" not in done.output, done.output
    assert _changes(done.output) == _changes(preview.output)
    added = [line for path, data in snapshot(asked).items() if path.startswith(AGENDAS)
             for line in data.decode().splitlines() if line not in before[path].decode().splitlines()]
    assert len(added) == 1 and "Rapat koordinasi lanjutan" in added[0], added


@pytest.mark.slow
def test_a_formula_without_a_saved_value_is_no_answer(asked, tmp_path):
    source = asked / "outputs" / f"permintaan-{PER}" / "formulir-dinsos_bll.xlsx"
    returned = fill(source, tmp_path / "rumus.xlsx", G7='=IF(TRUE,"Selesai","Dalam Proses")', H7="Sudah dibahas")
    before = snapshot(asked)
    r = run(asked, "followup", "impor", str(returned), "--per", RECEIVED, "--ya")
    assert r.exit_code == 1 and "DILEWATI rumus.xlsx baris 7" in r.output and "rumus" in r.output, r.output
    assert snapshot(asked) == before


@pytest.mark.slow
def test_per_cannot_be_in_the_future(asked, tmp_path):
    later = date.today() + timedelta(days=60)
    source = asked / "outputs" / f"permintaan-{PER}" / "formulir-dinsos_bll.xlsx"
    returned = fill(source, tmp_path / "nanti.xlsx", G7="Selesai", J7=(later - timedelta(days=30)).strftime("%d-%m-%Y"))
    before = snapshot(asked)
    r = run(asked, "followup", "impor", str(returned), "--per", later.isoformat(), "--ya")
    assert r.exit_code == 2 and "belum terjadi" in r.output, r.output
    assert snapshot(asked) == before


# --- running again ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_second_run_shows_what_is_recorded_and_asks_nothing(asked, tmp_path):
    form, rows = biggest(asked)
    a, b = rows[:2]
    returned = fill(form, tmp_path / "kembali.xlsx", **{
        f"G{a}": "Dalam Proses", f"H{a}": "Rapat koordinasi lanjutan", f"J{a}": "01-04-2025",
        f"G{b}": "Dalam Proses", f"H{b}": "Data dikumpulkan"})  # no date: the day it is received
    item_a = load_workbook(returned)["Tindak Lanjut"][f"B{a}"].value
    # the import was interrupted after its first row: that row is in the YAML already
    r = run(asked, "followup", "set", item_a, "proses", "--catatan", "Rapat koordinasi lanjutan",
            "--tanggal", "2025-04-01")
    assert r.exit_code == 0, r.output
    again = run(asked, "followup", "impor", str(returned), "--per", RECEIVED, "--ya")
    assert again.exit_code == 0, again.output
    assert f"SUDAH TERCATAT kembali.xlsx baris {a} " in again.output and len(_changes(again.output)) == 1
    before = snapshot(asked)
    third = run(asked, "followup", "impor", str(returned), "--per", RECEIVED, "--ya")
    assert third.exit_code == 0 and third.output.count("SUDAH TERCATAT") == 2, third.output
    assert "DILEWATI" not in third.output and "KONFLIK" not in third.output and not _changes(third.output)
    assert snapshot(asked) == before
