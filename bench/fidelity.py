"""Word vs PDF drift check: convert every generated DOCX with LibreOffice (a checker,
never a dependency), confirm it opens, and compare its page count with our PDF.

    python3 bench/fidelity.py            # builds the examples first, then compares
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
    subprocess.run([sys.executable, "-m", "rapatgen", "build", "--per", "2025-02-15", "--proyek", str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    docs = sorted((ROOT / "outputs").rglob("*.docx"))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, *map(str, docs)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        print(f"{'document':<62} {'LO(docx)':>8} {'ours(pdf)':>9}  verdict")
        for docx in docs:
            converted = Path(tmp) / (docx.stem + ".pdf")
            ours = pages(docx.with_suffix(".pdf"))
            if not converted.exists():
                print(f"{docx.name:<62} {'—':>8} {ours:>9}  GAGAL DIBUKA")
                failures += 1
                continue
            lo = pages(converted)
            letter = docx.name.startswith("undangan")
            ok = lo == ours if letter else abs(lo - ours) <= 1
            failures += not ok
            print(f"{docx.name:<62} {lo:>8} {ours:>9}  {'ok' if ok else 'BEDA'}")
    print(f"\n{len(docs)} DOCX dibuka oleh LibreOffice; {failures} berbeda melebihi batas.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
