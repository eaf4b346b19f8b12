"""Issue 17, item 10: the state rapatgen keeps (outputs/.rapatgen-build.json, .rapatgen/) can be damaged,
swapped or put back from an older copy; none of that may put a wrong document out or give a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import UJI_FILE, bare_project, replace_in, uji_meeting, write_meeting

MANIFEST = "outputs/.rapatgen-build.json"
NOTULEN = "outputs/uji-1/notulen-uji-1.pdf"


def _build(root: Path, *args: str):
    r = CliRunner().invoke(main, ["build", "--per", "2025-04-01", "--format", "pdf", "--only", "notulen", *args,
                                  "--proyek", str(root)])
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    return r


@pytest.fixture
def uji(tmp_path) -> Path:
    root = bare_project(tmp_path / "proyek")
    write_meeting(root, uji_meeting())
    assert _build(root).exit_code == 0
    return root


def test_an_older_manifest_put_back_with_the_older_meeting_remakes_the_documents(uji):
    """The manifest said 'up to date' from its own record, while the files on disk were the newer ones."""
    old_meeting, old_manifest = (uji / UJI_FILE).read_text(), (uji / MANIFEST).read_bytes()
    old_notulen = (uji / NOTULEN).read_bytes()
    replace_in(uji / UJI_FILE, "judul: Rapat Uji", "judul: Rapat Uji Yang Diubah")
    assert _build(uji).exit_code == 0
    assert (uji / NOTULEN).read_bytes() != old_notulen
    (uji / UJI_FILE).write_text(old_meeting)  # both put back, e.g. from a backup or `git checkout`
    (uji / MANIFEST).write_bytes(old_manifest)
    r = _build(uji)
    assert r.exit_code == 0 and "diubah manual" not in r.output, r.output
    assert (uji / NOTULEN).read_bytes() == old_notulen
    assert list((uji / "outputs").rglob("* (baru).*")) == []


def test_an_older_manifest_put_back_alone_still_recognises_a_hand_edit(uji):
    old_manifest = (uji / MANIFEST).read_bytes()
    replace_in(uji / UJI_FILE, "judul: Rapat Uji", "judul: Rapat Uji Yang Diubah")
    assert _build(uji).exit_code == 0
    (uji / MANIFEST).write_bytes(old_manifest)
    (uji / NOTULEN).write_bytes((uji / NOTULEN).read_bytes() + b"\n% diubah\n")
    replace_in(uji / UJI_FILE, "judul: Rapat Uji Yang Diubah", "judul: Rapat Uji Lagi")
    r = _build(uji)
    assert r.exit_code == 3 and "diubah manual" in r.output
    assert (uji / "outputs/uji-1/notulen-uji-1 (baru).pdf").exists()


WRONG_SHAPES = {
    "a list": [],
    "text": "rusak",
    "berkas a list": {"versi": 1, "berkas": [], "unit": {}},
    "unit a text": {"versi": 1, "berkas": {}, "unit": "x"},
    "a file record a number": {"versi": 1, "berkas": {"uji-1/notulen-uji-1.pdf": 5}, "unit": {}},
    "a hash a number": {"versi": 1, "berkas": {"uji-1/notulen-uji-1.pdf": {"sha256": 7, "size": "x"}}},
    "a unit without files": {"versi": 1, "unit": {"uji-1/notulen/pdf": {"inputs": "h"}}},
    "files a text": {"versi": 1, "unit": {"uji-1/notulen/pdf": {"inputs": "h", "files": "abc", "skip": None}}},
    "inputs a number": {"versi": 1, "unit": {"uji-1/notulen/pdf": {"inputs": 1, "files": [], "skip": None}}},
}


@pytest.mark.parametrize("shape", WRONG_SHAPES, ids=list(WRONG_SHAPES))
def test_a_wrong_shaped_manifest_is_named_and_the_build_goes_on(uji, shape):
    """A traceback on every build before (AttributeError, TypeError, KeyError)."""
    (uji / MANIFEST).write_text(json.dumps(WRONG_SHAPES[shape]))
    replace_in(uji / UJI_FILE, "judul: Rapat Uji", "judul: Rapat Uji Yang Diubah")
    r = _build(uji)
    assert r.exit_code in (0, 3), r.output
    assert "rapatgen-build.json rusak atau bentuknya tidak dikenali" in r.output
    again = _build(uji)  # and the next build has a sound manifest again
    assert again.exit_code in (0, 3) and "rusak" not in again.output


def _indicator(name: str):
    from rapatgen.model.indikator import Indikator

    return Indikator.model_validate({"nama": name, "wilayah": "Kabupaten Buleleng",
                                     "data": [{"periode": "2023-03", "nilai": 6.1}, {"periode": "2024-03", "nilai": 5.8}]})


def test_a_swapped_chart_cache_file_is_a_miss_not_the_other_chart(tmp_path, monkeypatch):
    """Two signed entries of .rapatgen/cache/grafik/ swapped (both validly signed): the notulen showed the
    other indicator's chart. The key is inside the signed bytes now."""
    from rapatgen.build.charts import ChartCache
    from rapatgen.documents import grafik
    from rapatgen.files import cache

    if cache._key() is None:
        pytest.skip("tidak ada folder cache pengguna (kunci cache tidak dapat dibuat)")
    monkeypatch.setattr(grafik, "_draw", lambda ind: f"PNG {ind.nama}".encode())
    monkeypatch.setattr(grafik, "_DRAWN", {})
    poverty, extreme = _indicator("Kemiskinan"), _indicator("Kemiskinan ekstrem")
    charts = ChartCache(tmp_path)
    assert charts.png(poverty) == b"PNG Kemiskinan" and charts.png(extreme) == b"PNG Kemiskinan ekstrem"
    a, b = (charts.folder / f"{charts.key(ind)}.bin" for ind in (poverty, extreme))
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    grafik._DRAWN.clear()
    again = ChartCache(tmp_path)
    assert again.png(poverty) == b"PNG Kemiskinan"
    assert again.png(extreme) == b"PNG Kemiskinan ekstrem"
    grafik._DRAWN.clear()
    assert ChartCache(tmp_path).png(poverty) == b"PNG Kemiskinan"  # and the entry was made again, bound


def _event(ics: Path) -> dict[str, str]:
    lines = ics.read_text(encoding="utf-8").replace("\r\n ", "").splitlines()
    event = lines[lines.index("BEGIN:VEVENT"):]
    return dict(line.split(":", 1) for line in event if ":" in line and not line.startswith(("BEGIN", "END")))


@pytest.mark.parametrize("state", ["deleted", "emptied"])
def test_without_kalender_json_a_moved_meeting_still_raises_sequence(tmp_path, state):
    """SEQUENCE:0 and the old DTSTAMP went out before: calendar clients kept the old date."""
    root = bare_project(tmp_path / "proyek")
    write_meeting(root, uji_meeting())
    ics = root / "outputs/uji-1/kalender-uji-1.ics"
    assert _build(root, "--only", "undangan").exit_code == 0
    first = _event(ics)
    assert first["SEQUENCE"] == "0"
    if state == "deleted":
        (root / ".rapatgen/kalender.json").unlink()
    else:
        (root / ".rapatgen/kalender.json").write_text("{}\n")
    replace_in(root / UJI_FILE, "tanggal: 2025-03-12", "tanggal: 2025-03-13")
    assert _build(root, "--only", "undangan").exit_code == 0
    moved = _event(ics)
    assert moved["DTSTART;TZID=Asia/Makassar"].startswith("20250313")
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])
    assert moved["DTSTAMP"] > first["DTSTAMP"]
    replace_in(root / UJI_FILE, "tanggal: 2025-03-13", "tanggal: 2025-03-14")  # and on from there, one by one
    assert _build(root, "--only", "undangan").exit_code == 0
    assert int(_event(ics)["SEQUENCE"]) == int(moved["SEQUENCE"]) + 1


def test_a_new_meeting_s_calendar_still_starts_at_sequence_0_with_the_letter_s_date(tmp_path):
    root = bare_project(tmp_path / "proyek")
    write_meeting(root, uji_meeting())
    (root / ".rapatgen").mkdir(exist_ok=True)
    assert _build(root, "--only", "undangan").exit_code == 0
    assert _event(root / "outputs/uji-1/kalender-uji-1.ics")["SEQUENCE"] == "0"


def test_locks_are_kept_under_rapatgen_not_beside_the_files_users_commit(tmp_path):
    """`agendas/<rapat>.yaml.lock` and `buku-agenda-surat-keluar.csv.lock` were left in the project, where users
    committed them to git; an empty one an earlier version left is removed."""
    root = bare_project(tmp_path / "proyek")
    meeting = write_meeting(root, uji_meeting())
    old = Path(str(meeting) + ".lock")
    old.write_bytes(b"")  # left by an earlier version
    assert _build(root, "--only", "undangan").exit_code == 0
    r = CliRunner().invoke(main, ["followup", "set", "uji-1/K1", "proses", "--tanggal", "2025-03-20",
                                  "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    locks = [p.relative_to(root).as_posix() for p in root.rglob("*.lock")]
    assert locks and all(lock.startswith(".rapatgen/kunci/") for lock in locks), locks
    assert not old.exists()
