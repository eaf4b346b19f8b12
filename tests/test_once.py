"""Issue 17, item 5: imports and sends happen once.

- `followup impor F F --ya`, and two imports of one form at once, record each row once;
- two `rapatgen kirim --ya` at once deliver each letter once (counted per recipient on a real
  SMTP server, aiosmtpd on 127.0.0.1);
- a damaged `.rapatgen/terkirim.json` is refused with a message, never read as empty.
"""

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rapatgen.cli import main
from tests.test_mail import MEETING, PASSWORD, built, smtp_server, with_smtp  # noqa: F401 (fixtures)

PER = "2025-03-31"
YAML = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
ITEM = "rakor-buleleng-2023-12-14/A2"  # Dinas Sosial's one open item on PER
NOTE = "Verval tahap dua di 12 desa"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def rapatgen(root, *args, env=None):
    return subprocess.Popen([sys.executable, "-m", "rapatgen.cli", *args], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def form(project, tmp_path):
    """Dinas Sosial's form, returned with a progress report: 'Dalam Proses' with a new catatan
    (the kind of change that may follow itself, so only idempotency stops a second copy)."""
    r = run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll")
    assert r.exit_code == 0, r.output
    wb = load_workbook(project / "outputs" / f"permintaan-{PER}" / "formulir-dinsos_bll.xlsx")
    ws = wb["Tindak Lanjut"]
    assert ws["B7"].value == ITEM
    ws["G7"], ws["H7"], ws["J7"] = "Dalam Proses", NOTE, "02-04-2025"
    target = tmp_path / "kembali-dinsos.xlsx"
    wb.save(target)
    return target


def recorded(project) -> int:
    return (project / YAML).read_text(encoding="utf-8").count(NOTE)


def test_the_same_form_twice_in_one_command_records_each_row_once(project, form, tmp_path):
    copy = tmp_path / "salinan.xlsx"
    copy.write_bytes(form.read_bytes())
    preview = run(project, "followup", "impor", str(form), str(copy), "--per", "2025-04-05")
    assert preview.exit_code == 0, preview.output
    assert preview.output.count(f"{ITEM}: ") == 1  # the preview says what --ya does
    assert "1 perubahan siap dicatat, 1 sudah tercatat sebelumnya" in preview.output
    r = run(project, "followup", "impor", str(form), str(form), str(copy), "--per", "2025-04-05", "--ya")
    assert r.exit_code == 0, r.output
    assert recorded(project) == 1
    assert "Dicatat: 1 perubahan; 2 sudah tercatat sebelumnya" in r.output
    again = run(project, "followup", "impor", str(form), "--per", "2025-04-05", "--ya")
    assert again.exit_code == 0, again.output  # a re-run is no problem to fix: nothing to do
    assert "SUDAH TERCATAT" in again.output and "Dicatat: 0 perubahan" in again.output
    assert recorded(project) == 1


@pytest.mark.slow
def test_two_imports_of_one_form_at_once_record_each_row_once(project, form):
    procs = [rapatgen(project, "followup", "impor", str(form), "--per", "2025-04-05", "--ya") for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert recorded(project) == 1
    assert sum("Dicatat: 1 perubahan" in out for out, _ in results) == 1
    assert all("Traceback" not in out + err for out, err in results)


# --- kirim ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_two_sends_at_once_deliver_each_letter_once(built, smtp_server):
    with_smtp(built, smtp_server.port)
    env = {**os.environ, "RAPATGEN_SMTP_SANDI": PASSWORD}
    procs = [rapatgen(built, "kirim", MEETING, "--dokumen", "notulen", "--ya", env=env) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    deliveries = Counter(rcpt[0] for rcpt, _ in smtp_server.messages)
    assert len(deliveries) == 9 and set(deliveries.values()) == {1}, deliveries
    assert sorted(out.count("terkirim: ") for out, _ in results) == [0, 9]
    assert sorted(out.count("sudah pernah dikirim, dilewati") for out, _ in results) == [0, 9]


DAMAGED = {
    "empty": (b"", "berkasnya kosong"),
    "truncated": (b'[\n {"rapat": "rakor-buleleng-2023-12-14", "dokumen": "notulen", "al', "isinya bukan JSON yang utuh (baris 2, kolom 63) — mungkin terpotong"),
    "an object": (b'{"rapat": "x"}\n', "isinya harus daftar [ … ] catatan pengiriman, bukan objek { … }"),
    "an entry without its keys": (b'[{"rapat": "x", "dokumen": "notulen"}]\n', "catatan ke-1 tidak memuat"),
    "an entry that is a number": (b'[{"rapat": "a", "dokumen": "b", "alamat": "c"}, 7]\n', "catatan ke-2 tidak memuat"),
    "not UTF-8": (b'[{"rapat": "\xff"}]', "isinya bukan teks UTF-8"),
}


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_sent_log_is_refused_and_nothing_is_sent(built, smtp_server, monkeypatch, case):
    data, what = DAMAGED[case]
    with_smtp(built, smtp_server.port)
    monkeypatch.setenv("RAPATGEN_SMTP_SANDI", PASSWORD)
    log = built / ".rapatgen" / "terkirim.json"
    log.parent.mkdir(exist_ok=True)
    log.write_bytes(data)
    for extra in ((), ("--ya",)):
        r = run(built, "kirim", MEETING, "--dokumen", "notulen", *extra)
        assert r.exit_code == 1, r.output
        assert "Traceback" not in r.output and isinstance(r.exception, SystemExit)
        assert f"terkirim.json rusak: {what}" in r.output, r.output
        assert "Pulihkan berkas itu dari cadangan atau git" in r.output  # and how to fix it
    assert smtp_server.messages == [] and log.read_bytes() == data
