"""Startup: `--help` and `check` never import the render stack (Typst, python-docx, openpyxl, matplotlib, pikepdf).

Checked by name, never by time: a timed unit test on a shared machine is noise (bench/build.py times it)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from rapatgen.check.images import image_size
from tests.conftest import EXAMPLE_PER, ROOT, built_copy

RENDER_STACK = ("typst", "docx", "openpyxl", "matplotlib", "lxml", "PIL", "pikepdf", "pypdf")
# what `rapatgen --help` needs is click: none of the project's other dependencies, none of its own modules
DEPENDENCIES = ("yaml", "pydantic", "pydantic_core", "jinja2", "markdown", "babel", "num2words", "filelock",
                "icalendar", "watchfiles")
CLI_ONLY = {"rapatgen", "rapatgen.cli", "rapatgen.__main__"}
NOT_FOR_HELP = {"shutil", "importlib.metadata"}  # click's terminal width (cli._help_width); a version lookup
ONE_MEETING = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def _imports(command: list[str], cwd) -> tuple[int, set[str]]:
    """(exit code, every module the process imported once the interpreter's site was set up) from
    `-X importtime`, which lists each import as it completes (so what `site` imported comes before it)."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}  # -X importtime, also for the console script
    r = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)
    names = [line.rsplit("|", 1)[1] for line in r.stderr.splitlines() if line.startswith("import time:")]
    after_site = names[next((i for i, n in enumerate(names) if n == " site"), -1) + 1:]  # " site": top level
    found = {name.strip() for name in after_site}
    assert "click" in found, r.stderr[-2000:]  # the probe sees imports
    return r.returncode, found


def _top(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["build", "--help"], ["followup", "minta", "--help"],
                                  ["--version"]])
def test_help_imports_click_and_the_cli_only(args, project):
    rc, names = _imports([sys.executable, "-X", "importtime", "-m", "rapatgen", *args], project)
    assert rc == 0
    assert not _top(names) & {*RENDER_STACK, *DEPENDENCIES}
    assert {name for name in names if name.startswith("rapatgen")} <= CLI_ONLY
    assert not names & NOT_FOR_HELP


def test_the_console_script_s_help_too(project):
    script = Path(sys.executable).with_name("rapatgen")  # the entry point pip installed beside this interpreter
    if not script.is_file():
        pytest.skip("no rapatgen console script beside this interpreter")
    rc, names = _imports([str(script), "--help"], project)
    assert rc == 0
    assert not _top(names) & {*RENDER_STACK, *DEPENDENCIES}
    assert {name for name in names if name.startswith("rapatgen")} <= CLI_ONLY


@pytest.mark.parametrize("args", [["check"], ["check", ONE_MEETING]])
def test_check_does_not_import_the_render_stack(args, project):
    rc, names = _imports([sys.executable, "-X", "importtime", "-m", "rapatgen", *args], project)
    assert rc == 0
    assert not _top(names) & set(RENDER_STACK)
    assert not {name for name in names if name.startswith(("rapatgen.render", "rapatgen.distribute"))}
    assert "num2words" not in names  # nor what only composing needs: numbers in words (rapatgen.text.locale)


def _loaded_after(args: list[str], cwd) -> tuple[int, list[str]]:
    code = (
        "import json, sys\n"
        "from rapatgen.cli import main\n"
        f"stack = {list(RENDER_STACK)!r}\n"
        f"sys.argv = ['rapatgen', *{args!r}]\n"
        "try:\n    main()\n    rc = 0\nexcept SystemExit as exc:\n    rc = exc.code or 0\n"
        "print('\\n@@' + json.dumps([rc, sorted({m.split('.')[0] for m in sys.modules} & set(stack))]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)
    rc, loaded = json.loads(out.stdout.rsplit("@@", 1)[1])
    return rc, loaded


def test_build_does_import_it(project):  # the in-process probe can see an import when there is one
    rc, loaded = _loaded_after(["build", "rakor-buleleng-2023-12-14", "--only", "daftar-hadir", "--per",
                                "2024-01-15"], project)
    assert rc == 0 and {"typst", "docx"} <= set(loaded)


def _png(width: int, height: int) -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
            + b"\0\0\0\0" + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0")


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def test_logo_header_reader_agrees_with_python_docx(tmp_path):
    from docx.image.image import Image

    cases = {"a.png": _png(400, 480), "b.jpg": _jpeg(640, 200)}
    cases.update({p.name: p.read_bytes() for p in (ROOT / "templates" / "logo").glob("*.png")})
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        image = Image.from_blob(data)
        assert image_size(path) == (image.px_width, image.px_height), name


@pytest.mark.parametrize("data", [b"", b"bukan gambar", b"\x89PNG\r\n\x1a\n", _png(0, 10), b"\xff\xd8\xff\xe0\x00",
                                  _jpeg(10, 10)[:20]])
def test_logo_header_reader_rejects_junk(tmp_path, data):
    path = tmp_path / "logo.png"
    path.write_bytes(data)
    assert image_size(path) is None


def test_a_build_with_nothing_to_do_does_not_import_the_render_stack(built_buleleng, tmp_path):
    project = built_copy(built_buleleng, tmp_path / "proyek")  # built with the same --per, outputs up to date
    rc, loaded = _loaded_after(["build", "--per", EXAMPLE_PER, "-q"], project)
    assert rc == 0 and loaded == []


def test_sums_name_is_the_bundles():
    from rapatgen.build.units import SUMS_NAME
    from rapatgen.render.pdf.bundle import SUMS_NAME as BUNDLE_SUMS

    assert SUMS_NAME == BUNDLE_SUMS


@pytest.mark.parametrize("columns", [None, "", "0", "abc", "30", "60", "79", "80", "200"])
def test_help_width_is_click_s_without_shutil(columns, monkeypatch):
    """cli._help_width: the width click's HelpFormatter takes from shutil.get_terminal_size (not imported for --help)."""
    import shutil

    from rapatgen.cli import _help_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _help_width() == max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def test_help_follows_the_terminal_width(project):
    def lines(columns: str) -> list[str]:
        return subprocess.run([sys.executable, "-m", "rapatgen", "build", "--help"], cwd=project, capture_output=True,
                              text=True, env={**os.environ, "COLUMNS": columns}, check=True).stdout.splitlines()

    def wrapped(text: list[str]) -> list[int]:  # an option's name alone is never wrapped
        return [len(line) for line in text if not line.lstrip().startswith("-")]

    assert max(wrapped(lines("60"))) <= 58 < max(wrapped(lines("200"))) <= 78


def test_a_build_with_nothing_to_do_imports_no_resource_reader(built_buleleng, tmp_path):
    """The no-op build hashes the installed package from its folder (files.cache.fingerprint), without
    importlib.resources and the tempfile and zipfile it brings (≈ 10 ms of a no-op build)."""
    project = built_copy(built_buleleng, tmp_path / "proyek")
    command = [sys.executable, "-X", "importtime", "-m", "rapatgen", "build", "--per", EXAMPLE_PER, "-q"]
    assert _imports(command, project)[0] == 0  # records the stamp of this command line
    rc, names = _imports(command, project)
    assert rc == 0 and "rapatgen.build.coordinator" not in names  # nothing parsed: the stamp said so
    assert not names & {"importlib.resources", "tempfile", "zipfile"}
