"""`rapatgen rekap impor` (issue 21 item 1): a provincial project keeps its kab/kota's exports.

Every file is checked against the published export schema and must come from a kab/kota of the
project's province, or the run stores nothing and names the file and what is wrong; the same file
twice, or an older one after a newer, changes nothing; the store is written under the project lock,
atomically, and a killed run's temp files go at the next run.
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import ROOT

KIRIMAN = ROOT / "contoh" / "kaltim-kabkota" / "kabkota"
STORED = {"kabupaten-berau.json": "berau", "kota-balikpapan.json": "balikpapan", "kota-samarinda.json": "samarinda"}


def impor(project: Path, folder: Path):
    return CliRunner().invoke(main, ["rekap", "impor", str(folder), "--proyek", str(project)])


def store(project: Path) -> dict[str, bytes]:
    folder = project / "rekap"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


@pytest.fixture
def provinsi(kaltim) -> Path:
    """The Kaltim example without the exports it already keeps (as before its first import)."""
    shutil.rmtree(kaltim / "rekap", ignore_errors=True)
    return kaltim


def variant(tmp_path: Path, name: str, source: str = "berau", **changes) -> Path:
    """A copy of one example export with top-level fields changed, in its own received folder."""
    data = json.loads((KIRIMAN / source / "ekspor.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "provinsi":
            data["wilayah"]["provinsi"] = value
        else:
            data[key] = value
    return received(tmp_path / name, source, data)


def received(folder: Path, source: str, data: dict) -> Path:
    """`data` saved as a kab/kota's export received in `folder`/kabkota/`source`/; the folder to import."""
    path = folder / "kabkota" / source / "ekspor.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path.parent.parent


def test_the_examples_are_stored_as_received_and_a_second_run_changes_nothing(provinsi):
    result = impor(provinsi, KIRIMAN)
    assert result.exit_code == 0, result.output
    assert {name: data for name, data in store(provinsi).items()} == \
        {name: (KIRIMAN / kab / "ekspor.json").read_bytes() for name, kab in STORED.items()}
    assert "3 berkas disimpan" in result.output
    mtimes = {p.name: p.stat().st_mtime_ns for p in (provinsi / "rekap").iterdir()}
    again = impor(provinsi, KIRIMAN)
    assert again.exit_code == 0, again.output
    assert "0 berkas disimpan, 3 tidak mengubah apa pun" in again.output and "sudah tersimpan" in again.output
    assert {p.name: p.stat().st_mtime_ns for p in (provinsi / "rekap").iterdir()} == mtimes


def test_the_committed_example_keeps_what_the_import_stores(kaltim):
    """README's command imports the example exports into contoh/kaltim: they are already there (no change)."""
    before = store(kaltim)
    result = impor(kaltim, KIRIMAN)
    assert result.exit_code == 0, result.output
    assert "0 berkas disimpan" in result.output and store(kaltim) == before and len(before) == 3


def test_an_older_file_after_a_newer_changes_nothing_and_a_newer_replaces(provinsi, tmp_path):
    newer = variant(tmp_path, "baru", urutan=5, diekspor="2025-06-01T00:00:00Z")
    assert impor(provinsi, newer).exit_code == 0
    kept = store(provinsi)["kabupaten-berau.json"]
    assert json.loads(kept)["urutan"] == 5
    older = impor(provinsi, KIRIMAN)  # urutan 1 of Berau after urutan 5
    assert older.exit_code == 0, older.output
    assert "lebih lama dari yang tersimpan (urutan 5" in older.output
    assert store(provinsi)["kabupaten-berau.json"] == kept
    same_number_earlier = variant(tmp_path, "sama", urutan=5, diekspor="2025-05-01T00:00:00Z")
    assert "0 berkas disimpan" in impor(provinsi, same_number_earlier).output
    newest = variant(tmp_path, "terbaru", urutan=6, diekspor="2025-07-01T00:00:00Z")
    result = impor(provinsi, newest)
    assert "menggantikan urutan 5" in result.output
    assert json.loads(store(provinsi)["kabupaten-berau.json"])["urutan"] == 6


def test_two_files_of_one_kabkota_in_the_folder_keep_the_newest(provinsi, tmp_path):
    folder = variant(tmp_path, "dua", urutan=3, diekspor="2025-05-01T00:00:00Z")
    shutil.copy(KIRIMAN / "berau" / "ekspor.json", folder / "berau" / "ekspor-lama.json")
    result = impor(provinsi, folder)
    assert result.exit_code == 0, result.output
    assert json.loads(store(provinsi)["kabupaten-berau.json"])["urutan"] == 3
    assert "ekspor-lama.json" in result.output and "ada berkas lebih baru" in result.output


@pytest.mark.parametrize("name, breakage, says", [
    ("terpotong", lambda text: text[:300], ":12:3: bukan JSON yang utuh"),
    ("skema", lambda text: text.replace('"urutan": 1', '"urutan": "satu"'),
     "tidak sesuai skema ekspor (pada urutan): nilai \"satu\" harus bilangan bulat"),
    ("kolom", lambda text: text.replace('"per": "2025-03-31",', ''), "kolom 'per' tidak ada"),
    ("status", lambda text: text.replace('"jenis": "tindak_lanjut"', '"jenis": "tindakan"', 1),
     "(pada baris[5].jenis): nilai \"tindakan\" bukan salah satu dari"),
    ("provinsi", lambda text: text.replace('"provinsi": "Provinsi Kalimantan Timur"', '"provinsi": "Provinsi Bali"'),
     "berkas dari Kabupaten Berau (Provinsi Bali), bukan kab/kota di Provinsi Kalimantan Timur"),
    ("format", lambda text: text.replace('"rapatgen-ekspor"', '"lain"'), "bukan berkas ekspor rapatgen"),
    ("jumlah", lambda text: text.replace('"jumlah_baris": 7', '"jumlah_baris": 8'), "jumlah_baris 8 tetapi berisi 7"),
    ("kendali", lambda text: text.replace('"Kesepakatan: Verifikasi', '"Kesepakatan: \\u0007Verifikasi', 1),
     "teks pada baris[7].keterangan: karakter kendali"),
    ("nik", lambda text: text.replace("Kesepakatan: Verifikasi", "Kesepakatan: 6401010101010001 Verifikasi", 1),
     "teks pada baris[7].keterangan: teks memuat nomor 16 angka"),
])
def test_a_broken_file_or_one_from_another_province_stores_nothing(provinsi, tmp_path, name, breakage, says):
    folder = tmp_path / name / "kabkota"
    shutil.copytree(KIRIMAN, folder)
    bad = folder / "berau" / "ekspor.json"
    bad.write_text(breakage(bad.read_text(encoding="utf-8")), encoding="utf-8")
    result = impor(provinsi, folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = next(l for l in result.output.splitlines() if l.startswith("DITOLAK"))
    assert "berau/ekspor.json" in line and says in line, result.output
    assert "tidak ada yang disimpan" in result.output
    assert store(provinsi) == {}  # not even the two good files


def test_only_a_provincial_project_keeps_a_rekap(project):
    result = impor(project, KIRIMAN)
    assert result.exit_code == 1
    assert "hanya untuk proyek TKPK provinsi" in result.output and "Kabupaten Buleleng" in result.output
    assert not (project / "rekap").exists()


def test_a_provincial_export_is_not_a_kabkota_one(provinsi, tmp_path):
    data = json.loads((KIRIMAN / "berau" / "ekspor.json").read_text(encoding="utf-8"))
    data["wilayah"].update(tingkat="provinsi", nama="Provinsi Kalimantan Timur", kabupaten_kota=None)
    path = tmp_path / "kabkota" / "prov" / "ekspor.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = impor(provinsi, tmp_path / "kabkota")
    assert result.exit_code == 1 and "hanya menerima ekspor TKPK kabupaten/kota" in result.output


def test_a_killed_import_leaves_the_old_file_and_its_temp_file_goes_next_time(provinsi, tmp_path):
    assert impor(provinsi, KIRIMAN).exit_code == 0
    before = store(provinsi)
    leftover = provinsi / "rekap" / ".kabupaten-berau.json.abc123.tmp"  # write_atomic's temp name
    leftover.write_bytes(b'{"format": "rapatgen-ek')
    newer = variant(tmp_path, "baru", urutan=2, diekspor="2025-06-01T00:00:00Z")
    result = impor(provinsi, newer)
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    after = store(provinsi)
    assert json.loads(after["kabupaten-berau.json"])["urutan"] == 2
    assert {k: v for k, v in after.items() if k != "kabupaten-berau.json"} == \
        {k: v for k, v in before.items() if k != "kabupaten-berau.json"}


def test_the_import_holds_the_project_lock(provinsi, monkeypatch):
    """Stored while the project's lock (the one of builds and `followup impor --ya`) is held."""
    from rapatgen.files import atomic
    from rapatgen.files.state import lock_path

    seen = []
    real = atomic.write_atomic

    def spy(path, data, durable=True):
        if Path(path).parent.name == "rekap":
            from filelock import FileLock, Timeout
            try:
                FileLock(str(lock_path(provinsi, atomic.PROJECT_LOCK))).acquire(timeout=0)
                seen.append("free")
            except Timeout:
                seen.append("held")
        return real(path, data, durable)

    monkeypatch.setattr(atomic, "write_atomic", spy)
    assert impor(provinsi, KIRIMAN).exit_code == 0
    assert seen == ["held"] * 3


def test_the_example_exports_are_what_rapatgen_ekspor_makes_of_the_example_kabkota(tmp_path):
    """contoh/kaltim-kabkota/buat.py makes the three kab/kota projects and exports them: the committed files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("buat_kabkota", ROOT / "contoh" / "kaltim-kabkota" / "buat.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path / "kabkota")
    assert len(written) == 3
    for path in written:
        assert path.read_bytes() == (KIRIMAN / path.parent.name / "ekspor.json").read_bytes(), path


def test_readme_first_command_imports_and_rolls_up_the_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(line for line in readme.splitlines() if line.startswith("python3 -m pip install -e . &&"))
    assert "&& rapatgen rekap impor contoh/kaltim-kabkota/kabkota --proyek contoh/kaltim && rapatgen rekap " \
           "--proyek contoh/kaltim" in first


def test_a_stored_file_damaged_by_hand_is_refused_by_rekap_and_replaced_by_the_next_import(provinsi):
    assert impor(provinsi, KIRIMAN).exit_code == 0
    stored = provinsi / "rekap" / "kota-balikpapan.json"
    stored.write_text(stored.read_text(encoding="utf-8").replace('"urutan": 1', '"urutan": "satu"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["rekap", "--proyek", str(provinsi)])
    assert result.exit_code == 1 and "kota-balikpapan.json: tidak sesuai skema ekspor (pada urutan)" in result.output
    again = impor(provinsi, KIRIMAN)
    assert again.exit_code == 0 and "1 berkas disimpan" in again.output
    assert stored.read_bytes() == (KIRIMAN / "balikpapan" / "ekspor.json").read_bytes()
