"""Issue 19 item 9: fields that did nothing — notulen.nomor, an unused berita_acara block, a notulen
with figures but no pembahasan, a 'Pembukaan' pembahasan item beside the notulen's own opening."""

from __future__ import annotations

import re

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, pdf_text

RAKOR = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
OUT = "outputs/rakor-buleleng-2023-12-14"


def _build(project, *only: str) -> str:
    args = ["build", "rakor-buleleng-2023-12-14", "--per", "2024-01-15", "--proyek", str(project)]
    for kind in only:
        args += ["--only", kind]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return r.output


def _notulen(project) -> list[str]:
    base = project / OUT / "notulen-rakor-buleleng-2023-12-14"
    return [" ".join(docx_text(base.with_suffix(".docx")).split()), " ".join(pdf_text(base.with_suffix(".pdf")).split())]


def test_notulen_nomor_is_printed_under_the_title(project):
    replace_in(project / RAKOR, "notulen:\n  ditutup: \"12.00\"", "notulen:\n  nomor: 400.9.14/261/Bappeda\n  ditutup: \"12.00\"")
    _build(project, "notulen")
    for text in _notulen(project):
        head = text[:400]
        assert "Nomor: 400.9.14/261/Bappeda" in head, head


def test_check_warns_about_a_berita_acara_block_without_kesepakatan(project):
    text = (project / RAKOR).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^kesepakatan:\n(?:(?:  |#).*\n|\n)*", "", text)
    assert "\nkesepakatan:" not in text
    (project / RAKOR).write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    line = next(i for i, ln in enumerate((project / RAKOR).read_text(encoding="utf-8").splitlines(), 1)
                if ln.startswith("berita_acara:"))
    warning = [ln for ln in r.output.splitlines() if "berita_acara" in ln]
    assert warning and f"2023-12-14-rakor-tkpk-buleleng.yaml:{line}:" in warning[0], r.output
    assert "tidak dipakai" in warning[0] and "kesepakatan" in warning[0]


def test_a_notulen_with_figures_but_no_discussion_is_made_with_its_table_and_chart(project):
    text = (project / RAKOR).read_text(encoding="utf-8")
    # keep only the figures: no pembahasan, kesepakatan, arahan
    for block in ("pembahasan:", "kesepakatan:", "arahan:"):
        text = re.sub(rf"(?m)^{block}\n(?:(?:  |#).*\n|\n)*", "", text)
    text = re.sub(r"(?m)^berita_acara:\n(?:  .*\n)*", "", text)
    (project / RAKOR).write_text(text, encoding="utf-8")
    assert "pembahasan:" not in text and "\nkesepakatan:" not in text and "\narahan:" not in text
    out = _build(project, "notulen")
    assert "notulen dilewati" not in out
    for doc in _notulen(project):
        assert "Data yang disampaikan" in doc
        assert "sebesar 5,85%" in doc and "Grafik 1." in doc


def test_check_says_why_a_notulen_with_only_objectives_is_not_made(project):
    text = (project / RAKOR).read_text(encoding="utf-8")
    for block in ("pembahasan:", "kesepakatan:", "arahan:", "indikator:"):
        text = re.sub(rf"(?m)^{block}\n(?:(?:  |#).*\n|\n)*", "", text)
    text = re.sub(r"(?m)^berita_acara:\n(?:  .*\n)*", "", text)
    (project / RAKOR).write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    assert any("notulen belum dibuat" in ln and "2023-12-14-rakor-tkpk-buleleng.yaml:" in ln for ln in r.output.splitlines()), \
        r.output


def test_a_pembahasan_item_titled_pembukaan_goes_into_the_notulen_opening(project):
    replace_in(project / RAKOR, "  - judul: Pemaparan dan diskusi\n",
               "  - judul: Pembukaan\n    catatan: Ketua menyampaikan maksud rapat dan susunan acara.\n"
               "  - judul: Pemaparan dan diskusi\n")
    _build(project, "notulen")
    for text in _notulen(project):
        assert len(re.findall(r"\d+\. ?Pembukaan Rapat dibuka", text)) == 1, text
        assert not re.search(r"\d+\. ?Pembukaan Ketua menyampaikan", text)
        opening = text[text.index("Pembukaan"):]
        assert opening.index("Rapat dibuka pukul") < opening.index("Ketua menyampaikan maksud rapat") < \
            opening.index("Program rapat koordinasi")


def test_the_access_code_is_printed_once(kaltim):
    """'Kode Akses' row beside a link that already carries the code, or the code typed again in a catatan."""
    meeting = kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
    replace_in(meeting, "tautan: https://zoom.us/j/0000000000", "tautan: https://zoom.us/j/0000000000?pwd=contoh24")
    r = CliRunner().invoke(main, ["build", "rakor-kaltim-2024-12-19", "--only", "undangan", "--per", "2025-02-15",
                                  "--proyek", str(kaltim)])
    assert r.exit_code == 0, r.output
    base = kaltim / "outputs/rakor-kaltim-2024-12-19/undangan-rakor-kaltim-2024-12-19"
    for text in (docx_text(base.with_suffix(".docx")), pdf_text(base.with_suffix(".pdf"))):
        assert " ".join(text.split()).count("contoh24") == 1, text[:900]
    replace_in(meeting, "?pwd=contoh24", "")
    replace_in(meeting, "  catatan:\n    - ", "  catatan:\n    - Kode akses Zoom contoh24.\n    - ")
    r = CliRunner().invoke(main, ["check", "--proyek", str(kaltim)])
    assert r.exit_code == 0, r.output
    assert any("kode akses 'contoh24' juga tertulis di catatan" in ln and "2024-12-19-rakor-tkpk-kaltim.yaml:" in ln
               for ln in r.output.splitlines()), r.output
