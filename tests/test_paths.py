"""Issue 11, point 3: no value in YAML or config makes rapatgen read or write outside the project."""

import os

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

LOGO = "templates/logo/logo-contoh-kabupaten.png"


@pytest.fixture(autouse=True)
def _inside_project(project, monkeypatch):
    monkeypatch.chdir(project)


def run(project, *args):
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert "Traceback" not in r.output
    return r


@pytest.mark.parametrize("value,message", [
    ("../../etc/passwd", "'../../etc/passwd' keluar dari folder proyek ('..')"),
    ("templates/../../../etc/passwd", "'templates/../../../etc/passwd' keluar dari folder proyek ('..')"),
    ("/etc/passwd", "'/etc/passwd' adalah jalur mutlak"),
    ("C:/Windows/logo.png", "'C:/Windows/logo.png' adalah jalur mutlak"),
    ("~/logo.png", "'~/logo.png' adalah jalur mutlak"),
])
def test_logo_outside_the_project_is_refused(project, value, message):
    replace_in(project / "rapatgen.yaml", LOGO, value)
    r = run(project, "check")
    assert r.exit_code == 1
    line = line_of(project / "rapatgen.yaml", "logo: " + value)
    assert f"rapatgen.yaml:{line}:11: {message}" in r.output, r.output


@pytest.mark.parametrize("key,value", [
    ("direktori", "../direktori.yaml"), ("folder_rapat", ".."), ("folder_keluaran", "/tmp/keluaran"),
    ("folder_keluaran", "outputs/../../x"),
])
def test_config_folders_outside_the_project_are_refused(project, key, value):
    cfg = project / "rapatgen.yaml"
    lines = [f"{key}: \"{value}\"" if line.startswith(f"{key}:") else line
             for line in cfg.read_text(encoding="utf-8").splitlines()]
    if f"{key}: \"{value}\"" not in lines:
        lines.append(f"{key}: \"{value}\"")
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run(project, "build")
    assert r.exit_code == 1, r.output
    line = line_of(project / "rapatgen.yaml", f"{key}: ")
    assert f"rapatgen.yaml:{line}:" in r.output and ("keluar dari folder proyek" in r.output or "jalur mutlak" in r.output)
    assert not (project / "outputs").exists()


def test_symlinked_logo_pointing_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar") / "rahasia.png"
    outside.write_bytes((project / LOGO).read_bytes())
    (project / "templates/logo/tautan.png").symlink_to(outside)
    replace_in(project / "rapatgen.yaml", LOGO, "templates/logo/tautan.png")
    r = run(project, "check")
    assert r.exit_code == 1
    assert "berkas logo 'templates/logo/tautan.png' menunjuk ke luar folder proyek (lewat tautan simbolik)" in r.output


def test_symlinked_output_folder_pointing_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar")
    (project / "outputs").symlink_to(outside, target_is_directory=True)
    r = run(project, "build", "--format", "docx")
    assert r.exit_code == 1
    assert "'outputs' menunjuk ke luar folder proyek" in r.output
    assert list(outside.iterdir()) == []


def test_symlinked_meeting_output_folder_pointing_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar")
    (project / "outputs").mkdir()
    (project / "outputs" / "rakor-buleleng-2023-12-14").symlink_to(outside, target_is_directory=True)
    r = run(project, "build", "rakor-buleleng-2023-12-14", "--format", "docx", "--only", "daftar-hadir")
    assert r.exit_code == 1
    assert "outputs/rakor-buleleng-2023-12-14 adalah tautan simbolik ke luar folder proyek" in r.output
    assert list(outside.iterdir()) == []


def test_symlinked_meeting_file_pointing_outside_is_not_read(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar") / "rapat.yaml"
    outside.write_text((project / "agendas/2023-12-14-rakor-tkpk-buleleng.yaml").read_text(encoding="utf-8")
                       .replace("id: rakor-buleleng-2023-12-14", "id: rapat-luar"), encoding="utf-8")
    os.symlink(outside, project / "agendas/luar.yaml")
    r = run(project, "check")
    assert r.exit_code == 1
    assert "agendas/luar.yaml:1:1: berkas rapat ini tautan simbolik ke luar folder proyek dan tidak dibaca" in r.output
