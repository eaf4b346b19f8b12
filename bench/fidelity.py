"""Word vs PDF drift check: convert every generated DOCX with LibreOffice (a checker,
never a dependency), confirm it opens, and compare its page count with our PDF.

    python3 bench/fidelity.py            # builds both bundled projects first, then compares
Projects: the root (Buleleng) and contoh/kaltim, in one run.
Install the checker with: apt-get install -y libreoffice-writer-nogui
Letters (undangan) must match exactly; long tables may differ by one page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice tidak terpasang: apt-get install -y libreoffice-writer-nogui")
        return 0
    projects = [ROOT, ROOT / "contoh" / "kaltim"]
    total = failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        print(f"{'project':<8} {'document':<62} {'LO(docx)':>8} {'ours(pdf)':>9}  verdict")
        for project in projects:
            name = "root" if project == ROOT else project.name
            subprocess.run([sys.executable, "-m", "rapatgen", "build", "--per", "2025-02-15",
                            "--proyek", str(project)], check=True, stdout=subprocess.DEVNULL)
            docs = sorted((project / "outputs").rglob("*.docx"))
            total += len(docs)
            outdir = Path(tmp) / name
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(outdir), *map(str, docs)], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for docx in docs:
                converted = outdir / (docx.stem + ".pdf")
                ours = pages(docx.with_suffix(".pdf"))
                if not converted.exists():
                    print(f"{name:<8} {docx.name:<62} {'—':>8} {ours:>9}  GAGAL DIBUKA")
                    failures += 1
                    continue
                lo = pages(converted)
                letter = docx.name.startswith("undangan")
                ok = lo == ours if letter else abs(lo - ours) <= 1
                failures += not ok
                print(f"{name:<8} {docx.name:<62} {lo:>8} {ours:>9}  {'ok' if ok else 'BEDA'}"
                      + ("" if lo == ours else f" (selisih {lo - ours:+d})"))
    print(f"\n{total} DOCX dibuka oleh LibreOffice; {failures} berbeda melebihi batas.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
