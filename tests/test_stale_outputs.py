"""Outputs of meetings that no longer exist: a meeting file deleted, or its `id` renamed.

Its folder outputs/<old-id>/ is never removed by rapatgen (it may hold a signed or hand-edited
copy), but `rapatgen build` says in its summary that it belongs to no meeting any more, every
time until the folder is gone, and outputs/index.html no longer lists it as a current meeting.
"""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import EXAMPLE_PER, built_copy, replace_in

SOSIALISASI = "sosialisasi-dtsen-buleleng-2025"
SOSIALISASI_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
RAKOR_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def _project(built_buleleng, tmp_path, monkeypatch):
    """A copy of the built example, the working folder as a user runs rapatgen from it."""
    root = built_copy(built_buleleng, tmp_path / "proyek")
    monkeypatch.chdir(root)
    return root


def _build(root, *args):
    r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, *args, "--proyek", str(root)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r


def _note(meeting_id: str) -> str:
    return (f"Keluaran tanpa berkas rapat: outputs/{meeting_id}/ (rapat `{meeting_id}` tidak ada lagi di agendas/). "
            "Hapus foldernya bila tidak diperlukan lagi.")


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _index(root) -> str:
    return (root / "outputs" / "index.html").read_text(encoding="utf-8")


def test_deleted_meeting_s_outputs_are_reported_kept_and_not_listed_as_current(built_buleleng, tmp_path, monkeypatch):
    root = _project(built_buleleng, tmp_path, monkeypatch)
    folder = root / "outputs" / SOSIALISASI
    before = _files(folder)
    assert f'href="{SOSIALISASI}/' in _index(root)
    (root / SOSIALISASI_FILE).unlink()

    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _note(SOSIALISASI) in r.output
    assert _files(folder) == before  # nothing of it removed or changed
    index = _index(root)
    assert f'href="{SOSIALISASI}/' not in index  # no link to the stale letters
    assert "Sosialisasi" not in index.split('<section id="capaian"')[0].split("<tbody>")[1].split("</tbody>")[0]
    assert f"outputs/{SOSIALISASI}/" in index  # named once, as outputs of no current meeting

    again = _build(root)  # nothing changed since: still said, every build until the folder is gone
    assert again.exit_code == 0 and _note(SOSIALISASI) in again.output
    assert "0 berkas ditulis" in again.output
    assert _build(root, "-q").output == ""  # --quiet stays quiet

    shutil.rmtree(folder)  # the user removes it
    gone = _build(root)
    assert gone.exit_code == 0, gone.output
    assert "Keluaran tanpa berkas rapat" not in gone.output
    manifest = json.loads((root / "outputs" / ".rapatgen-build.json").read_text(encoding="utf-8"))
    assert not [k for k in [*manifest["berkas"], *manifest["unit"]] if k.startswith(f"{SOSIALISASI}/")]
    assert f"outputs/{SOSIALISASI}/" not in _index(root)


def test_renamed_meeting_id_reports_the_old_folder_and_builds_the_new_one(built_buleleng, tmp_path, monkeypatch):
    root = _project(built_buleleng, tmp_path, monkeypatch)
    path = root / SOSIALISASI_FILE
    replace_in(path, f"id: {SOSIALISASI}", "id: sosialisasi-dtsen-2025")
    # its letter numbers are in the register under the old id: as the build's message says, the user
    # lets rapatgen number the renamed meeting's letters
    path.write_text(re.sub(r"\n +urut: \d+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _note(SOSIALISASI) in r.output
    assert (root / "outputs" / "sosialisasi-dtsen-2025" / "notulen-sosialisasi-dtsen-2025.pdf").is_file()
    assert (root / "outputs" / SOSIALISASI / f"notulen-{SOSIALISASI}.pdf").is_file()  # kept
    index = _index(root)
    assert 'href="sosialisasi-dtsen-2025/notulen-sosialisasi-dtsen-2025.pdf"' in index
    assert f'href="{SOSIALISASI}/' not in index


def test_a_meeting_that_comes_back_finds_its_outputs_as_rapatgen_left_them(built_buleleng, tmp_path, monkeypatch):
    """The records of a stale folder are kept while it exists: restoring the meeting file is no hand edit."""
    root = _project(built_buleleng, tmp_path, monkeypatch)
    kept = (root / SOSIALISASI_FILE).read_bytes()
    (root / SOSIALISASI_FILE).unlink()
    assert _note(SOSIALISASI) in _build(root).output
    (root / SOSIALISASI_FILE).write_bytes(kept)
    r = _build(root)
    assert r.exit_code == 0, r.output
    assert "Keluaran tanpa berkas rapat" not in r.output and "diubah manual" not in r.output
    assert f'href="{SOSIALISASI}/notulen-{SOSIALISASI}.pdf"' in _index(root)


def test_a_deadline_feed_without_open_deadlines_is_emptied_not_left_as_it_was(built_buleleng, tmp_path, monkeypatch):
    """outputs/kalender/tindak-lanjut-<opd>.ics is a calendar people subscribe to: when its meeting is
    deleted the OPD's deadlines must leave their calendars, not stay in a file no build touches."""
    root = _project(built_buleleng, tmp_path, monkeypatch)
    feeds = sorted((root / "outputs" / "kalender").glob("tindak-lanjut-*.ics"))
    assert feeds and all(b"rakor-buleleng-2023-12-14" in f.read_bytes() for f in feeds)
    (root / RAKOR_FILE).unlink()
    replace_in(root / "program" / "2023.yaml", "    rapat: rakor-buleleng-2023-12-14\n", "")  # as the check asks
    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _note("rakor-buleleng-2023-12-14") in r.output
    for feed in feeds:
        data = feed.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR") and data.rstrip().endswith(b"END:VCALENDAR")
        assert b"rakor-buleleng-2023-12-14" not in data and b"BEGIN:VEVENT" not in data, feed.name


# --- the jadwal of a programme that is gone ------------------------------------------------------
# outputs/jadwal-rapat-<tahun>.<fmt> is made from program/<tahun>.yaml; once that file is deleted or its
# `tahun` changed, the file is a letter of no current programme: kept (it may be the only signed copy),
# named in the summary and on the dashboard the way a stale meeting folder is.
PROGRAM_2022 = """\
tahun: 2022
kegiatan:
  - bulan: 2022-06
    jenis: rakor
    judul: Rapat Koordinasi Uji
"""


def _jadwal_note(year: int, folder: str = "program") -> str:
    return (f"Keluaran tanpa berkas program: outputs/jadwal-rapat-{year}.docx, outputs/jadwal-rapat-{year}.pdf "
            f"(program tahun {year} tidak ada lagi di {folder}/). Hapus berkasnya bila tidak diperlukan lagi.")


def _usang(root) -> str:
    """The dashboard's 'Bukan dokumen yang berlaku' note ('' when there is none)."""
    m = re.search(r'<p class="usang">(.*?)</p>', _index(root))
    return m.group(1) if m else ""


def test_deleted_programme_s_jadwal_is_reported_kept_and_named_on_the_page(built_buleleng, tmp_path, monkeypatch):
    root = _project(built_buleleng, tmp_path, monkeypatch)
    jadwal = [root / "outputs" / f"jadwal-rapat-2023.{fmt}" for fmt in ("docx", "pdf")]
    before = {p: p.read_bytes() for p in jadwal}
    (root / RAKOR_FILE).unlink()  # the rakor reviews the 2023 programme: both go
    (root / "program" / "2023.yaml").unlink()

    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _jadwal_note(2023) in r.output and _note("rakor-buleleng-2023-12-14") in r.output
    assert {p: p.read_bytes() for p in jadwal} == before  # kept as they were
    note = _usang(root)
    assert "<code>outputs/rakor-buleleng-2023-12-14/</code>" in note
    assert "<code>outputs/jadwal-rapat-2023.docx</code>, <code>outputs/jadwal-rapat-2023.pdf</code>" in note
    assert "program tahunan yang tidak ada lagi" in note and "hapus folder dan berkasnya" in note
    assert 'href="jadwal-rapat-2023' not in _index(root)

    again = _build(root)  # nothing changed since (the no-op shortcut): still said
    assert again.exit_code == 0 and _jadwal_note(2023) in again.output and "0 berkas ditulis" in again.output
    assert _build(root, "-q").output == ""

    for p in jadwal:  # the user removes them
        p.unlink()
    gone = _build(root)
    assert gone.exit_code == 0, gone.output
    assert "Keluaran tanpa berkas program" not in gone.output
    manifest = json.loads((root / "outputs" / ".rapatgen-build.json").read_text(encoding="utf-8"))
    assert not [k for k in [*manifest["berkas"], *manifest["unit"]] if "jadwal-rapat-2023" in k or "jadwal-2023" in k]
    assert "jadwal-rapat-2023" not in _index(root)


def test_a_programme_whose_tahun_changed_leaves_its_old_jadwal_reported(built_buleleng, tmp_path, monkeypatch):
    root = _project(built_buleleng, tmp_path, monkeypatch)
    programme = root / "program" / "2022.yaml"
    programme.write_text(PROGRAM_2022, encoding="utf-8")
    r = _build(root)
    assert r.exit_code == 0, r.output
    old = {fmt: (root / "outputs" / f"jadwal-rapat-2022.{fmt}").read_bytes() for fmt in ("docx", "pdf")}
    assert "Keluaran tanpa berkas program" not in r.output and _usang(root) == ""

    programme.write_text(PROGRAM_2022.replace("2022", "2021"), encoding="utf-8")  # the year was wrong
    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _jadwal_note(2022) in r.output and "jadwal-rapat-2021" not in r.output.split("Selesai:")[1]
    assert (root / "outputs" / "jadwal-rapat-2021.pdf").is_file()
    assert {fmt: (root / "outputs" / f"jadwal-rapat-2022.{fmt}").read_bytes() for fmt in ("docx", "pdf")} == old
    note = _usang(root)
    assert "<code>outputs/jadwal-rapat-2022.pdf</code>" in note and "hapus berkasnya" in note
    assert "jadwal-rapat-2021" not in note and "/</code>" not in note  # no folder named

    programme.write_text(PROGRAM_2022, encoding="utf-8")  # put back: its files are as rapatgen left them
    r = _build(root)
    assert r.exit_code == 0, r.output
    assert _jadwal_note(2021) in r.output and "jadwal-rapat-2022" not in r.output.split("Selesai:")[1]
    assert "diubah manual" not in r.output


def test_a_project_folder_program_of_its_own_is_named(built_buleleng, tmp_path, monkeypatch):
    """`folder_program:` moved: the note names that folder (also from the no-op shortcut)."""
    root = _project(built_buleleng, tmp_path, monkeypatch)
    (root / "program").rename(root / "rencana")
    config = root / "rapatgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nfolder_program: rencana\n", encoding="utf-8")
    (root / RAKOR_FILE).unlink()
    (root / "rencana" / "2023.yaml").unlink()
    assert _jadwal_note(2023, "rencana") in _build(root).output
    assert _jadwal_note(2023, "rencana") in _build(root).output
