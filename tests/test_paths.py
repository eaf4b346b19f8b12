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


MEETING_ID = "rakor-buleleng-2023-12-14"


@pytest.mark.parametrize("link", ["outputs/kalender", "outputs/grafik", f"outputs/{MEETING_ID}", ".rapatgen",
                                  ".rapatgen/cache", ".rapatgen/kunci"])
def test_a_symlink_out_of_the_project_anywhere_rapatgen_writes_is_refused_before_anything_is_written(
        project, tmp_path_factory, link):
    """Issue 17.11: writes landed outside through outputs/kalender or .rapatgen, and the meeting's .ics was
    written through outputs/<id> before the refusal."""
    outside = tmp_path_factory.mktemp("luar")
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(outside, target_is_directory=True)
    def written():  # the validated-meeting cache the load keeps inside the project aside
        rels = (p.relative_to(project).as_posix() for p in project.rglob("*"))
        return sorted(r for r in rels if not (r == ".rapatgen" or r.startswith(".rapatgen/cache")))

    before = written()
    r = run(project, "build", "--format", "docx")
    assert r.exit_code == 1, r.output
    assert f"{link} adalah tautan simbolik ke luar folder proyek" in r.output
    assert "tidak ada berkas yang ditulis" in r.output and "Traceback" not in r.output
    assert list(outside.iterdir()) == []
    assert written() == before  # not even the register, a lock or the journal


def test_a_symlink_inside_the_project_is_followed(project):
    (project / "arsip-kalender").mkdir()
    (project / "outputs").mkdir()
    (project / "outputs" / "kalender").symlink_to(project / "arsip-kalender", target_is_directory=True)
    r = run(project, "build", "--format", "docx", "--only", "tindak-lanjut")
    assert r.exit_code == 0, r.output
    assert list((project / "arsip-kalender").glob("tindak-lanjut-*.ics"))
