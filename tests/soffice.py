"""LibreOffice for the tests: every conversion in its own user profile.

Two `soffice` processes started with the same user profile (the default one in ~/.config) do not
run side by side: the second finds the first's lock and either hands its files over to it or exits
at once without writing its PDF, so a test whose conversion ran while another test's did failed at
random (tests/test_rat_cells.py under pytest-xdist). Each conversion here starts LibreOffice with a
fresh profile folder (-env:UserInstallation) of its own, removed afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require() -> str:
    """The LibreOffice command; the test is skipped (with the reason in Indonesian) without it."""
    found = soffice()
    if not found:
        pytest.skip("LibreOffice (soffice) tidak terpasang: berkas Word tidak dapat dirender untuk diperiksa")
    return found


def command(files, outdir: Path, to: str, profile: Path) -> list[str]:
    return [require(), f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless", "--convert-to", to,
            "--outdir", str(outdir), *(str(f) for f in files)]


def convert(files, outdir: Path, to: str = "pdf", timeout: int = 600, check: bool = True) -> subprocess.CompletedProcess:
    """`soffice --convert-to TO` of `files` into `outdir`, in a user profile of its own."""
    profile = Path(tempfile.mkdtemp(prefix="rapatgen-lo-profile-"))
    try:
        return subprocess.run(command(files, outdir, to, profile), check=check, capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
