"""Issue 11, point 2: the catalogue of bad inputs, each with the message and exit code a user sees.

Every case runs `rapatgen check` on one meeting file of a copy of the example project; the
message must name the file, line and column, and no case may end in a traceback.
"""

import os
import resource
import subprocess
import sys

import pytest
from click.testing import CliRunner

from rapatgen.cli import main

from tests.conftest import UJI_FILE as F, uji_meeting, write_meeting

pytestmark = pytest.mark.usefixtures("inside_project")
MINI = uji_meeting()


def check(project, content: str | bytes, name: str = F):
    path = write_meeting(project, content, name)
    r = CliRunner().invoke(main, ["check", str(path), "--proyek", str(project)])
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r


def test_minimal_meeting_is_valid(project):
    r = check(project, MINI)
    assert r.exit_code == 0, r.output


RA = """\
rencana_aksi:
  tahun: 2025
  butir:
    - strategi: 1
      opd: dinsos_bll
      program: Program
      kegiatan: Kegiatan
      indikator: Indikator
      volume: 10
      satuan: KK
      anggaran: {anggaran}
      sumber_dana: APBD
"""

# (name, file content, expected "line:col: message" fragment)
CASES = [
    ("tab", MINI.replace("  ketua:", "\tketua:"), "9:1: karakter Tab dipakai untuk indentasi"),
    ("duplicate key", MINI + "judul: Lagi\n", "14:1: kunci 'judul' ditulis dua kali (pertama kali di baris 3)"),
    ("impossible date", MINI.replace("2025-03-12", "2025-02-30"), "5:14: tanggal '2025-02-30' tidak ada: Februari 2025 hanya 28 hari"),
    ("impossible time", MINI.replace('"09.00"', '"25.10"'), "6:12: jam '25.10' tidak ada (00.00–23.59)"),
    ("unknown key", MINI.replace("judul:", "jdul:"), "3:1: kunci 'jdul' tidak dikenal — maksud Anda 'judul'?"),
    ("unknown reference", MINI.replace("pj: bappeda_bll", "pj: bapeda_bll"),
     "13:9: penanggung jawab 'bapeda_bll' tidak ada di direktori (instansi/kelompok) — maksud Anda 'bappeda_bll'?"),
    # a group may own an agreement (tracked per member) but not a row of the action plan
    ("group as opd", MINI + RA.format(anggaran="5").replace("opd: dinsos_bll", "opd: camat_bll"),
     "18:12: 'camat_bll' adalah kelompok (Camat se-Kabupaten Buleleng, 4 anggota), sedangkan di sini perlu satu OPD "
     "penanggung jawab — tulis satu baris rencana aksi per OPD anggotanya, mis. 'kec_gerokgak'"),
    ("empty file", "", "1:1: berkas kosong"),
    ("top-level list", "- a\n- b\n", "1:1: isi berkas harus berupa pemetaan 'kunci: nilai'"),
    ("negative money", MINI + RA.format(anggaran="-5"), "24:17: jumlah rupiah tidak boleh negatif"),
    ("huge money", MINI + RA.format(anggaran="10" + "0" * 25),
     "24:17: jumlah rupiah 100000000000000000000000000 terlalu besar (maksimal 9999999999999999)"),
    ("money with dots", MINI + RA.format(anggaran="1.250.000"), "24:17: jumlah rupiah '1.250.000' harus bilangan bulat"),
    ("id with slash", MINI.replace("id: uji-1", "id: ../uji"), "1:5: id '../uji' hanya boleh berisi huruf, angka"),
    ("id with dot-dot", MINI.replace("id: uji-1", "id: a..b"), "1:5: id 'a..b' hanya boleh berisi huruf, angka"),
    ("id with newline", MINI.replace("id: uji-1", 'id: "evil\\n"'), "1:5: id 'evil\\n' hanya boleh"),
    ("long id", MINI.replace("id: uji-1", "id: " + "a" * 230), "1:5: id terlalu panjang (230 karakter, maksimal 80)"),
    ("inf", MINI + RA.format(anggaran="5").replace("volume: 10", "volume: .inf"),
     "22:15: 'inf' bukan angka yang dapat dicetak"),
    ("nan", MINI + RA.format(anggaran="5").replace("volume: 10", "volume: .nan"), "22:15: 'nan' bukan angka yang dapat dicetak"),
    ("huge float", MINI + RA.format(anggaran="5").replace("volume: 10", "volume: 1e400"), "22:15: 'inf' bukan angka yang dapat dicetak"),
    ("5000-digit integer", MINI.replace("ketua: sekda_bll", "ketua: " + "7" * 5000),
     "9:10: angka 5000 digit terlalu besar untuk dicetak"),
    ("huge rangkap", MINI + "berita_acara:\n  rangkap: 1000\n", "15:12: nilai '1000' terlalu besar (maksimal 100)"),
    ("37-digit rangkap", MINI + "berita_acara:\n  rangkap: 1" + "0" * 36 + "\n", "15:12: angka 37 digit terlalu besar untuk dicetak"),
    ("merge of a scalar", MINI + "notulen:\n  <<: 5\n", "15:7: '<<' hanya dapat menggabungkan pemetaan"),
    ("recursive alias", MINI + "x: &a [*a]\n", "14:4: alias '*…' merujuk ke isian yang memuat dirinya sendiri"),
    ("control character", MINI.replace("Isi kesepakatan", "Isi \x01kesepakatan"), "12:14: karakter kendali U+0001 tidak dapat dicetak"),
    ("escaped control character", MINI.replace("Isi kesepakatan", '"Isi \\x1bkesepakatan"'), "12:10: karakter kendali U+001B"),
    ("C1 control", MINI.replace("Rapat Uji", "Rapat\x85 Uji"), "3:13: karakter kendali U+0085"),
    ("U+FFFE", MINI.replace("Rapat Uji", "Rapat Uji\ufffe"), "3:17: karakter kendali U+FFFE"),
    ("escaped U+FFFF", MINI.replace("Rapat Uji", '"Rapat \\uFFFF"'), "3:8: karakter kendali U+FFFF"),
    ("NIK in agreement", MINI.replace("Isi kesepakatan", "Bantuan untuk NIK 5108011234560001"),
     "12:28: teks memuat nomor 16 angka yang tampak seperti NIK/nomor KK"),
    ("grouped KK number in notes", MINI + 'pembahasan:\n  - judul: Data\n    catatan: "KK 510801 123456 0001 belum padan"\n',
     "16:18: teks memuat nomor 16 angka"),
]


@pytest.mark.parametrize("name,content,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_at_its_place(project, name, content, expected):
    r = check(project, content)
    assert r.exit_code == 1, r.output
    assert f"{F}:{expected}" in r.output, r.output
    assert "masalah ditemukan" in r.output


def test_bom_and_crlf_are_accepted(project):
    r = check(project, b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode())
    assert r.exit_code == 0, r.output


def test_cp1252_bytes_are_refused_with_a_hint(project):
    r = check(project, MINI.replace("Rapat Uji", "Rapat \x93Uji\x94").encode("latin-1"))
    assert r.exit_code == 1
    assert f"{F}:3:14: berkas bukan teks UTF-8 (byte 0x93 tidak dikenal)" in r.output


def test_meeting_file_name_that_is_not_utf8(project):
    with open(os.path.join(os.fsencode(project), b"agendas", b"rapat-\xff.yaml"), "wb") as fh:
        fh.write(MINI.replace("uji-1", "uji-2").encode())
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 0, r.output  # the name is shown as best it can be; no crash


def test_missing_and_non_image_logo(project):
    cfg = project / "rapatgen.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("logo-contoh-kabupaten.png", "tidak-ada.png", 1), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "berkas logo 'templates/logo/tidak-ada.png' tidak ditemukan" in r.output
    (project / "templates/logo/tidak-ada.png").write_text("bukan gambar")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "bukan gambar PNG/JPEG yang dapat dibaca" in r.output


def _invitees(n: int) -> str:
    rows = "".join(f"  - {{nama: Peserta {i}, jabatan: Staf}}\n" for i in range(n))
    return MINI + "hadir:\n" + rows


@pytest.mark.parametrize("n", [500, 5000])
def test_many_invitees_are_checked(project, n):
    """(How long it takes, and its memory, is measured by bench/limits.py, not asserted here.)"""
    r = check(project, _invitees(n))
    assert r.exit_code == 0, r.output


def test_five_megabyte_notes_field(project):
    """Refused at once with the file's size (issue 17 item 9: a file at the limit builds in well under 1 GB)."""
    words = ("Pembahasan data kemiskinan ekstrem desa lokus. " * 110000)[:5_000_000]
    r = check(project, MINI + "pembahasan:\n  - judul: Panjang\n    catatan: |\n      " + words + "\n")
    assert r.exit_code == 1
    assert f"{F}:1:1: berkas terlalu besar (4,8 MB; paling besar 2 MB)" in r.output, r.output


BOMB = "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi"))
DEEP_FLOW = "x: " + "[" * 100_000 + "]" * 100_000 + "\n"
MID_FLOW = "x: " + "[" * 500 + "]" * 500 + "\n"
HIDDEN_FLOW = "x: " + '[ "]", ' * 100_000 + "\n"  # quoted brackets must not hide the depth
DEEP_BLOCK = "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v: 1\n"


@pytest.mark.slow  # a fresh interpreter per case, under memory and time limits
@pytest.mark.parametrize("content,expected", [
    (BOMB, "berkas terlalu besar setelah alias '*…' diuraikan"),
    (DEEP_FLOW, "1:103: struktur terlalu dalam (lebih dari 100 tingkat)"),
    (DEEP_BLOCK, "struktur terlalu dalam (lebih dari 100 tingkat)"),
    (MID_FLOW, "struktur terlalu dalam (lebih dari 100 tingkat)"),
    (HIDDEN_FLOW, "struktur terlalu dalam (lebih dari 100 tingkat)"),
], ids=["alias bomb", "100000-deep flow", "1000-deep block", "500-deep flow", "flow depth hidden by quotes"])
def test_bombs_end_in_a_message_within_bounded_time_and_memory(project, content, expected):
    (project / F).write_text(content, encoding="utf-8")

    def limit():  # 1 GB of address space: the unguarded alias bomb needed more than 1.5 GB
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    # the timeout only stops a hang; the time itself is measured by bench/limits.py
    r = subprocess.run([sys.executable, "-m", "rapatgen.cli", "check", F], cwd=project, capture_output=True,
                       text=True, timeout=300, preexec_fn=limit)
    assert r.returncode == 1, r.stderr
    assert expected in r.stderr and f"{F}:" in r.stderr
    assert "Traceback" not in r.stderr


def test_spreadsheet_cells_stay_within_excels_limit():
    from openpyxl import Workbook

    from rapatgen.render.xlsx import CELL_MAX, put

    ws = Workbook().active
    assert len(put(ws, 1, 1, "a" * 40_000).value) == CELL_MAX == 32_767
    assert put(ws, 1, 2, "=" + "b" * 40_000).data_type == "s"
    assert put(ws, 1, 3, "biasa").value == "biasa"


# --- check and build agree: what check accepts, build renders; what it refuses, build refuses alike -----------
LONG_TITLE = "Rapat Koordinasi Penanggulangan Kemiskinan Ekstrem 😀 " * 6  # 330 characters: over Word's 255
LONG_HAL = "Undangan Rapat Koordinasi Penanggulangan Kemiskinan Ekstrem " * 5
UNDANGAN = f"undangan:\n  tanggal: 2025-03-05\n  hal: {LONG_HAL}\n  yth: [dinsos_bll]\n"
AGREE = [
    ("long title and hal", MINI.replace("judul: Rapat Uji", f"judul: {LONG_TITLE}") + UNDANGAN, 0, None),
    ("U+FFFE", MINI.replace("Rapat Uji", "Rapat Uji\ufffe"), 1, "3:17: karakter kendali U+FFFE"),
    ("escaped U+FFFE", MINI.replace("Isi kesepakatan", '"Isi \\uFFFE kesepakatan"'), 1,
     "12:10: karakter kendali U+FFFE"),
    ("id with newline", MINI.replace("id: uji-1", 'id: "evil\\n"'), 1, "1:5: id 'evil\\n' hanya boleh"),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,content,code,expected", AGREE, ids=[c[0] for c in AGREE])
def test_check_and_build_agree(project, name, content, code, expected):
    from tests.readback import docx_text, flat, pdf_text

    r = check(project, content)
    assert r.exit_code == code, r.output
    b = CliRunner().invoke(main, ["build", F, "--per", "2025-03-20", "--only", "undangan", "--only", "daftar-hadir",
                                  "--proyek", str(project)])
    assert b.exit_code == code and (b.exception is None or isinstance(b.exception, SystemExit)), b.output
    if expected:
        assert f"{F}:{expected}" in r.output and f"{F}:{expected}" in b.output, (r.output, b.output)
        assert not (project / "outputs" / "uji-1").exists()
        return
    import docx

    folder = project / "outputs" / "uji-1"
    for kind in ("undangan", "daftar-hadir"):
        path = folder / f"{kind}-uji-1.docx"
        title = docx.Document(str(path)).core_properties.title
        assert len(title) == 255 and title.endswith("…")  # Word's limit for a core property: shortened, no failure
        for text in (docx_text(path), pdf_text(folder / f"{kind}-uji-1.pdf")):  # whole in the body (maybe in capitals)
            assert flat(LONG_TITLE).casefold() in flat(text).casefold(), (kind, text[:400])
    assert flat(LONG_HAL) in flat(docx_text(folder / "undangan-uji-1.docx"))


@pytest.mark.slow
def test_outputs_and_new_files_follow_the_umask(project):
    import stat

    old = os.umask(0o027)
    try:
        check(project, MINI)
        r = CliRunner().invoke(main, ["build", F, "--per", "2025-03-20", "--only", "daftar-hadir", "--proyek",
                                      str(project)])
        assert r.exit_code == 0, r.output
        made = [p for p in (project / "outputs" / "uji-1").iterdir() if p.is_file()]
        assert made and {p.name: stat.S_IMODE(p.stat().st_mode) for p in made} == {p.name: 0o640 for p in made}
        r = CliRunner().invoke(main, ["new", "rakor", "--judul", "Rapat Baru", "--tanggal", "2025-05-06",
                                      "--proyek", str(project)])
        assert r.exit_code == 0, r.output
        new = next((project / "agendas").glob("*2025-05-06*"))
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_errors_in_a_file_whose_name_is_not_utf8_are_shown_at_their_place(project):
    name = os.path.join(os.fsencode(project), b"agendas", b"rapat-\xff.yaml")
    with open(name, "wb") as fh:
        fh.write(MINI.replace("uji-1", "uji-2").replace("pj: bappeda_bll", "pj: bapeda_bll").encode())
    for args in (["check"], ["check", os.fsdecode(name)], ["build", "uji-2", "--per", "2025-03-20"]):
        r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
        assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
        assert "rapat-\\xff.yaml:13:9: penanggung jawab 'bapeda_bll' tidak ada di direktori" in r.output, r.output
    # a warning names the file too, on a terminal that refuses anything but UTF-8
    with open(name, "wb") as fh:
        fh.write(MINI.replace("uji-1", "uji-2").replace("Isi kesepakatan", "Isi 漢 kesepakatan").encode())
    r = subprocess.run([sys.executable, "-m", "rapatgen.cli", "check"], cwd=project, capture_output=True,
                       env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"}, timeout=120)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    assert "Peringatan: agendas/rapat-\\xff.yaml:12:14: karakter '漢' (U+6F22)" in r.stdout.decode(), r.stdout


@pytest.mark.slow
def test_five_hundred_invitees_are_built(project):
    """(Time and memory, 500 and 5,000 invitees: bench/limits.py.)"""
    from tests.readback import docx_text, flat, pdf_pages

    check(project, _invitees(500))
    r = CliRunner().invoke(main, ["build", F, "--per", "2025-03-20", "--only", "daftar-hadir", "--proyek",
                                  str(project)])
    assert r.exit_code == 0, r.output
    folder = project / "outputs" / "uji-1"
    assert flat("Peserta 499") in flat(docx_text(folder / "daftar-hadir-uji-1.docx"))
    assert pdf_pages(folder / "daftar-hadir-uji-1.pdf") >= 500 // 30
