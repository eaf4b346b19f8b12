"""The house (issue 22): rapatgen/ reads as the pipeline, and its imports point one way.

The import contracts live in pyproject.toml ([tool.importlinter]) and are checked here with
import-linter (function-level imports included); docs/ARCHITECTURE.md draws them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rapatgen"
STAGES = ["text", "files", "load", "model", "check", "resolve", "documents", "render",
          "build", "distribute", "followup", "report", "scaffold"]


def _lint(package_parent: Path) -> subprocess.CompletedProcess:
    """lint-imports on the rapatgen found under `package_parent`, with the project's contracts."""
    code = ("import sys\nfrom importlinter.cli import lint_imports_command\n"
            f"sys.argv = ['lint-imports', '--config', {str(ROOT / 'pyproject.toml')!r}, '--no-cache']\n"
            "lint_imports_command()\n")
    return subprocess.run([sys.executable, "-c", code], cwd=package_parent, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"})


def test_the_folder_list_is_the_pipeline():
    modules = sorted(p.name for p in PACKAGE.iterdir() if p.suffix == ".py")
    packages = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert modules == ["__init__.py", "__main__.py", "cli.py"]  # no module outside a stage's package
    assert set(STAGES) <= set(packages)
    for stage in STAGES:  # every package says what it is for
        doc = (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""') and len(doc) > 40, stage


def test_the_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, arrow", [
    ("text/locale.py", "    from rapatgen.cli import main\n"),              # a helper reaching up to the CLI
    ("documents/notulen.py", "    from rapatgen.render.pdf import typeset\n"),  # a document importing a backend
    ("render/docx/wordml.py", "    from rapatgen.render.xlsx import put\n"),  # one backend importing another
    ("model/agenda.py", "    from rapatgen.check import rules\n"),           # the model reaching up to check
])
def test_a_wrong_arrow_breaks_the_contract(tmp_path, module, arrow):
    """The contract is not vacuous: one function-level import pointing the wrong way fails it."""
    copy = tmp_path / "rapatgen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\ndef _wrong_way():\n" + arrow, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout + result.stderr
