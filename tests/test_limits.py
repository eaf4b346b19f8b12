"""Limits every step after `check` can afford, each refused at check with its own message (issue 17 item 9).

A logo's pixels (decoded whole by the PDF step) and bytes (copied into every letter), a YAML file's
size, one text's length wherever it comes from (the file, `followup set`, `followup impor`), and
the rows of a meeting's attendance lists. README (Batas) has the figures of the largest accepted case.
"""

import struct
import zlib

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

SERIES = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
RAKOR = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def _png(width: int, height: int) -> bytes:
    """A PNG whose header declares `width`×`height` (the rest does not matter to check)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + chunk(b"IEND", b""))


def test_a_logo_too_many_pixels_or_bytes_is_refused_at_its_line(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "templates/logo/raksasa.png").write_bytes(_png(40_000, 40_000))
    heavy = project / "templates/logo/berat.png"
    heavy.write_bytes(_png(800, 800))
    with open(heavy, "r+b") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB (sparse)
    cfg = project / "rapatgen.yaml"
    replace_in(cfg, "logo: templates/logo/logo-contoh-kabupaten.png", "logo: templates/logo/raksasa.png")
    replace_in(cfg, "logo: templates/logo/lambang-negara-contoh.png", "logo: templates/logo/berat.png")
    r = run(project, "check")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert (f"rapatgen.yaml:{line_of(cfg, 'raksasa.png')}:11: berkas logo 'templates/logo/raksasa.png' berukuran "
            "40000×40000 piksel (1.600,0 juta piksel; paling banyak 16,8 juta") in r.output
    assert (f"rapatgen.yaml:{line_of(cfg, 'berat.png')}:11: berkas logo 'templates/logo/berat.png' terlalu besar "
            "(100,0 MB; paling besar 2 MB)") in r.output
    assert run(project, "build").exit_code == 1 and not (project / "outputs").exists()


def test_the_largest_logo_accepted_is_built(project):
    (project / "templates/logo/besar.png").write_bytes(_png(4096, 4096))
    replace_in(project / "rapatgen.yaml", "logo: templates/logo/logo-contoh-kabupaten.png", "logo: templates/logo/besar.png")
    assert run(project, "check").exit_code == 0


def test_a_yaml_file_over_the_limit_is_refused_before_it_is_parsed(project, monkeypatch):
    monkeypatch.chdir(project)
    big = project / "agendas" / "besar.yaml"
    big.write_text("# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    r = run(project, "check")
    assert r.exit_code == 1
    assert "agendas/besar.yaml:1:1: berkas terlalu besar (2,0 MB; paling besar 2 MB)" in r.output, r.output


def test_a_text_over_the_limit_is_refused_at_its_line(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / RAKOR
    replace_in(f, "pembahasan:\n", "pembahasan:\n  - judul: Panjang\n    catatan: " + "a" * 500_001 + "\n")
    r = run(project, "check")
    assert r.exit_code == 1
    assert (f"{RAKOR}:{line_of(f, 'judul: Panjang') + 1}:14: teks terlalu panjang (500.001 karakter; paling banyak "
            "500.000, sekitar 170 halaman)") in r.output, r.output


def test_a_text_over_the_limit_is_refused_from_followup_too(project):
    r = run(project, "followup", "set", "rakor-buleleng-2023-12-14/A2", "proses",
            "--tanggal", "2024-02-01", "--catatan", "b" * 500_001)
    assert r.exit_code != 0 and "teks terlalu panjang (500.001 karakter" in r.output, r.output
    assert "b" * 1000 not in (project / RAKOR).read_text(encoding="utf-8")


def test_attendance_lists_over_the_limit_are_refused_at_the_largest_session(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / SERIES
    text = f.read_text(encoding="utf-8").replace("jumlah_peserta: 20\n", "jumlah_peserta: 2000\n")
    f.write_text(text, encoding="utf-8")
    r = run(project, "check")
    assert r.exit_code == 1
    assert (f"{SERIES}:{line_of(f, 'jumlah_peserta: 2000')}:21: daftar hadir rapat ini akan berisi sekitar 6.065 "
            "baris di 4 sesi (paling banyak 6.000 baris, sekitar 230 halaman)") in r.output, r.output
    f.write_text(text.replace("jumlah_peserta: 2000\n", "jumlah_peserta: 1900\n"), encoding="utf-8")
    assert run(project, "check").exit_code == 0  # 5,765 rows


def test_a_list_over_the_limit_is_refused_at_its_line(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / RAKOR
    replace_in(f, "  tembusan:\n", "  tembusan:\n" + "    - Kepala Dinas Contoh\n" * 6001)
    r = run(project, "check")
    assert r.exit_code == 1
    assert (f"{RAKOR}:{line_of(f, '  tembusan:') + 1}:5: daftar ini terlalu panjang (6.003 butir; paling banyak "
            "6.000)") in r.output, r.output
    assert "tidak ada di folder" not in r.output  # the programme's link to it is no knock-on


def test_letters_over_the_limit_are_refused(project, monkeypatch):
    """Eight letters (one per invitee) each printing 5,900 tembusan and 500 catatan lines: over 50,000 lines."""
    monkeypatch.chdir(project)
    f = project / RAKOR
    replace_in(f, "  tembusan:\n", "  tembusan:\n" + "    - Kepala Dinas Contoh\n" * 5900)
    r = run(project, "check")
    assert r.exit_code == 0, r.output  # 8 letters × (5,902 + …) lines: within 50,000
    replace_in(f, "  catatan:\n", "  catatan:\n" + "    - Peserta membawa data.\n" * 500)
    r = run(project, "check")
    assert r.exit_code == 1
    assert (f"{RAKOR}:{line_of(f, 'undangan:')}:1: surat undangan rapat ini akan berisi sekitar ") in r.output
    assert "baris dalam 8 surat (paling banyak 50.000 baris)" in r.output, r.output


def test_follow_up_items_over_the_limit_are_refused(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / RAKOR
    items = "".join(f"  - {{id: X{i}, isi: Butir {i}, pj: dinsos_bll}}\n" for i in range(1000))
    replace_in(f, "kesepakatan:\n", "kesepakatan:\n" + items)
    r = run(project, "check")
    assert r.exit_code == 1
    assert (f"{RAKOR}:{line_of(f, 'kesepakatan:')}:1: rapat ini memuat 1.008 butir kesepakatan dan arahan (paling "
            "banyak 1.000)") in r.output, r.output
