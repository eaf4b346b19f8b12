"""Issue 11: `followup set` edits the YAML as the user keeps it — line ends, links, permissions — and
takes the end of a flow collection from the parser, so quotes and apostrophes inside it are harmless."""

import os
import stat

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.files.atomic import write_atomic
from tests.conftest import UJI_FILE, uji_meeting, write_meeting

MEETING = uji_meeting("""\
  - id: K1
    isi: Isi kesepakatan pertama
    pj: bappeda_bll
    riwayat: [{tanggal: 2025-03-20, status: proses, catatan: Dibahas hari Jum'at}]
  - {id: K2, isi: "Kesepakatan ke-2, ditulis satu baris", pj: dinsos_bll, riwayat: [{tanggal: 2025-03-21, status: proses, catatan: 'Rapat ''kecil'' di Dinsos'}]}
  - id: K3
    isi: Kesepakatan ketiga
    pj: dinsos_bll
""")
pytestmark = pytest.mark.usefixtures("inside_project")


def set_status(project, *args):
    r = CliRunner().invoke(main, ["followup", "set", *args, "--proyek", str(project)])
    assert "Traceback" not in r.output
    return r


def _meeting(project, text=MEETING, name=UJI_FILE):
    return write_meeting(project, text, name)


def test_apostrophe_inside_flow_history_is_no_obstacle(project):
    path = _meeting(project)
    r = set_status(project, "uji-1/K1", "selesai", "--tanggal", "2025-04-01", "--catatan", "Jum'at [lagi] {ok}")
    assert r.exit_code == 0, r.output
    r = set_status(project, "uji-1/K2", "selesai", "--tanggal", "2025-04-02")
    assert r.exit_code == 0, r.output
    text = path.read_text(encoding="utf-8")
    assert ("riwayat: [{tanggal: 2025-03-20, status: proses, catatan: Dibahas hari Jum'at}, "
            "{tanggal: 2025-04-01, status: selesai, catatan: \"Jum'at [lagi] {ok}\"}]") in text
    assert ("catatan: 'Rapat ''kecil'' di Dinsos'}, {tanggal: 2025-04-02, status: selesai}]}") in text
    r = CliRunner().invoke(main, ["followup", "list", "--semua", "--json", "--proyek", str(project)])
    assert '"catatan_terakhir": "Jum\'at [lagi] {ok}"' in r.output


@pytest.mark.parametrize("parity,eol", [(1, b"\r\n"), (0, b"\n")])
def test_mixed_line_ends_are_kept_byte_for_byte(project, parity, eol):
    lines = MEETING.split("\n")
    mixed = "".join(line + ("\r\n" if i % 2 == parity else "\n") for i, line in enumerate(lines[:-1]))
    path = _meeting(project, b"\xef\xbb\xbf" + mixed.encode("utf-8"))
    before = path.read_bytes()
    r = set_status(project, "uji-1/K3", "proses", "--tanggal", "2025-04-01", "--catatan", "mulai")
    assert r.exit_code == 0, r.output
    after = path.read_bytes()
    # the new lines take the line end of the line they follow; nothing else changes
    inserted = b"    riwayat:" + eol + b"      - {tanggal: 2025-04-01, status: proses, catatan: \"mulai\"}" + eol
    assert inserted in after and after.replace(inserted, b"", 1) == before


def test_crlf_file_gets_crlf_lines(project):
    path = _meeting(project, MEETING.replace("\n", "\r\n"))
    r = set_status(project, "uji-1/K3", "proses", "--tanggal", "2025-04-01")
    assert r.exit_code == 0, r.output
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") == MEETING.count("\n") + 2


def test_symlinked_meeting_file_is_edited_through_its_link(project):
    real = _meeting(project, name="arsip/rapat-uji.yaml")
    link = project / "agendas" / "zz-uji.yaml"
    link.symlink_to(os.path.relpath(real, link.parent))
    r = set_status(project, "uji-1/K3", "proses", "--tanggal", "2025-04-01")
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "status: proses" in real.read_text(encoding="utf-8").split("id: K3")[1]
    assert "agendas/zz-uji.yaml" in r.output  # the user is told the name they know


def test_edited_file_keeps_its_permissions(project):
    path = _meeting(project)
    path.chmod(0o664)
    r = set_status(project, "uji-1/K3", "proses", "--tanggal", "2025-04-01")
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_new_files_follow_the_umask_and_rewritten_files_keep_their_mode(tmp_path):
    old = os.umask(0o027)
    try:
        new = write_atomic(tmp_path / "baru.docx", b"isi")
        assert stat.S_IMODE(new.stat().st_mode) == 0o640  # not mkstemp's 0600
        os.umask(0o002)
        assert stat.S_IMODE(write_atomic(tmp_path / "lain.pdf", b"isi").stat().st_mode) == 0o664
        new.chmod(0o604)
        write_atomic(new, b"isi baru")
        assert stat.S_IMODE(new.stat().st_mode) == 0o604 and new.read_bytes() == b"isi baru"
    finally:
        os.umask(old)


@pytest.mark.parametrize("option,value,message", [
    ("--catatan", "ada\x07bel", "--catatan: karakter kendali U+0007 tidak dapat dicetak"),
    ("--bukti", "KTP 5108011234560001", "--bukti: teks memuat nomor 16 angka yang tampak seperti NIK"),
])
def test_option_text_follows_the_same_rule(project, option, value, message):
    path = _meeting(project)
    before = path.read_bytes()
    r = set_status(project, "uji-1/K3", "proses", "--tanggal", "2025-04-01", option, value)
    assert r.exit_code == 2 and message in r.output
    assert path.read_bytes() == before
