"""Install anywhere: a wheel works from a folder outside the repo; missing shipped files fail loudly."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapatgen import __version__
from rapatgen.cli import main
from tests.conftest import ROOT, replace_in
from tests.readback import docx_text, pdf_text

RAKOR = "rakor-buleleng-2023-12-14"
DEPENDENCIES = ("click", "jinja2", "yaml", "pydantic", "pydantic_core", "docx", "markdown", "babel", "num2words",
                "typst", "openpyxl", "filelock", "lxml", "annotated_types", "typing_extensions", "markupsafe",
                "et_xmlfile", "docopt", "typing_inspection")


def _copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "agendas", target / "agendas")
    shutil.copytree(ROOT / "program", target / "program")  # the year's programme the rakor reviews
    shutil.copytree(ROOT / "templates" / "logo", target / "templates" / "logo")
    return target


def _backend_installed() -> bool:
    """setuptools as [build-system] asks for it (>=68) importable by this interpreter."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("setuptools").split(".")[0]) >= 68
    except (PackageNotFoundError, ValueError):
        return False


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding the wheel built from this tree (its dependencies borrowed via a .pth file)."""
    work = tmp_path_factory.mktemp("install")
    # [build-system]'s backend is in the test extra: pip need not make an isolated build environment
    # (installing setuptools into it) on every run; the wheel is the same (same backend, same config)
    isolation = ["--no-build-isolation"] if _backend_installed() else []
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(work / "wheel"),
                    *isolation], check=True, capture_output=True)
    wheel = next((work / "wheel").glob("rapatgen-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    # Dependencies come from this interpreter's site-packages; rapatgen itself only from the wheel
    # (a path listed in a .pth file does not run that folder's own .pth files, such as an editable install's).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    folders = []
    for name in DEPENDENCIES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        folder = str(Path(module.__file__).resolve().parent.parent)
        if folder not in folders and folder != str(ROOT):
            folders.append(folder)
    (site / "zz-dependencies.pth").write_text("\n".join(folders) + "\n", encoding="utf-8")
    return env_dir


def _run(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(env_dir / "bin" / "rapatgen"), *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.slow
def test_wheel_builds_the_example_from_a_folder_outside_the_repo(installed, tmp_path):
    site_rapatgen = subprocess.run([str(installed / "bin" / "python"), "-c", "import rapatgen; print(rapatgen.__file__)"],
                                   cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(installed) in site_rapatgen  # the wheel's copy, not the source tree

    project = _copy_example(tmp_path / "proyek saya")
    r = _run(installed, project, "--version")
    assert r.returncode == 0 and __version__ in r.stdout

    r = _run(installed, project, "build", "--per", "2024-01-15", RAKOR)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    out = project / "outputs" / RAKOR
    first = sorted(out.glob(f"undangan-{RAKOR}*.pdf"))[0]
    assert "Demikian" in pdf_text(first)  # wording and fonts came from the wheel
    assert "Demikian" in docx_text(first.with_suffix(".docx"))

    r = _run(installed, project, "new", "rakor", "--judul", "Rakor Triwulan I", "--tanggal", "2025-03-12")
    assert r.returncode == 0, r.stderr
    assert (project / "agendas" / "2025-03-12-rakor-triwulan-i.yaml").is_file()


@pytest.mark.slow
def test_broken_install_fails_loudly_and_writes_nothing(installed, tmp_path):
    data = Path(subprocess.run([str(installed / "bin" / "python"), "-c",
                                "from rapatgen.text.resources import data_dir; print(data_dir())"],
                               cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip())
    project = _copy_example(tmp_path / "proyek")
    saved = tmp_path / "simpan"
    shutil.move(data / "fonts", saved)
    try:
        r = _run(installed, project, "build", "--per", "2024-01-15", RAKOR, "--format", "pdf")
    finally:
        shutil.move(saved, data / "fonts")
    assert r.returncode == 1
    assert "huruf bawaan rapatgen tidak ditemukan" in r.stderr and "Traceback" not in r.stderr
    assert not list(project.glob("outputs/**/*.pdf"))  # never an empty PDF

    template = data / "teks" / "undangan_pembuka.j2"
    kept = template.read_bytes()
    template.unlink()
    try:
        r = _run(installed, project, "build", "--per", "2024-01-15", RAKOR, "--only", "undangan")
    finally:
        template.write_bytes(kept)
    assert r.returncode == 1
    assert "templat 'teks/undangan_pembuka.j2' tidak ditemukan" in r.stderr and "Traceback" not in r.stderr
    assert not list(project.glob("outputs/**/undangan-*"))


def test_version_is_shown():
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"rapatgen, versi {__version__}"


def test_project_wording_overrides_the_shipped_one(project):
    teks = project / "templates" / "teks"
    teks.mkdir()
    (teks / "undangan_penutup.j2").write_text("Kehadiran Bapak/Ibu sangat kami harapkan di {{ '' }}tempat.\n",
                                             encoding="utf-8")
    r = CliRunner().invoke(main, ["build", RAKOR, "--only", "undangan", "--format", "docx", "--per", "2024-01-15",
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    first = sorted((project / "outputs" / RAKOR).glob(f"undangan-{RAKOR}*.docx"))[0]
    assert "sangat kami harapkan di tempat" in docx_text(first)


def test_broken_project_wording_is_one_clean_line(project):
    teks = project / "templates" / "teks"
    teks.mkdir()
    (teks / "undangan_penutup.j2").write_text("Terima kasih {{ nama \n", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", RAKOR, "--only", "undangan", "--proyek", str(project)])
    assert r.exit_code == 1
    assert "undangan_penutup.j2:1: templat tidak dapat dibaca" in r.output
    assert not (project / "outputs" / RAKOR).exists()


def test_unreadable_logo_stops_the_build(project):
    (project / "templates/logo/logo-contoh-kabupaten.png").write_bytes(b"bukan gambar")
    r = CliRunner().invoke(main, ["build", RAKOR, "--proyek", str(project)])
    assert r.exit_code == 1 and "bukan gambar PNG/JPEG yang dapat dibaca" in r.output
    assert not (project / "outputs").exists()
