"""Issue 11: emoji keep the PDF/A-2b marker; a character no shipped font has is never dropped silently.

Emoji are drawn with the shipped monochrome Noto Emoji (outlines, so PDF/A allows them). A
character no shipped font has (CJK, Thai, emoji newer than the font) makes Typst refuse PDF/A;
the PDF is then plain, and both `check` (at the character's file:line:col) and the build (naming
the PDF) say so.
"""

import io
import random
import re
import unicodedata

import pypdf
import pytest
from click.testing import CliRunner

from rapatgen.text import glyphs
from rapatgen.cli import main
from rapatgen.text.resources import fonts_dir

F = "agendas/zz-emoji.yaml"
MEETING = """\
id: uji-emoji
jenis: rakor
judul: "Rapat Uji 🎉 Bersama"
sesi:
  - tanggal: 2025-03-12
    mulai: "09.00"
    tempat: Aula Bappeda
pimpinan:
  ketua: sekda_bll
  notulis:
    nama: Ni Luh Contoh
    jabatan: Staf Bappeda
pembahasan:
  - judul: Paparan
    catatan: "Data sudah padan 👍 dan target tercapai ✅ 🇮🇩 👩🏽‍🌾 ❤️"
kesepakatan:
  - id: K1
    isi: "Isi kesepakatan 😀 🙏 {extra}"
    pj: bappeda_bll
"""


@pytest.fixture
def inside(project, monkeypatch):
    monkeypatch.chdir(project)
    return project


def _write(project, extra=""):
    path = project / F
    path.write_text(MEETING.replace("{extra}", extra), encoding="utf-8")
    return path


def _build(project):
    return CliRunner().invoke(main, ["build", "uji-emoji", "--only", "notulen", "--format", "pdf", "--per",
                                     "2025-03-20", "--proyek", str(project)])


def _xmp_pdfa(pdf: bytes) -> bool:
    meta = pypdf.PdfReader(io.BytesIO(pdf)).xmp_metadata
    xmp = meta.stream.get_data().decode("utf-8") if meta is not None else ""
    return "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.slow
def test_emoji_stay_pdfa_and_are_in_the_text(inside):
    project = inside
    _write(project)
    r = CliRunner().invoke(main, ["check", F, "--proyek", str(project)])
    assert r.exit_code == 0 and "Peringatan" not in r.output, r.output
    r = _build(project)
    assert r.exit_code == 0 and "PDF/A" not in r.output, r.output
    pdf = (project / "outputs" / "uji-emoji" / "notulen-uji-emoji.pdf").read_bytes()
    assert _xmp_pdfa(pdf)
    from tests.pdfa import check_pdfa2b

    assert check_pdfa2b(pdf) == []  # the clauses the project's PDF/A-2b checker reads, not only the marker
    assert b"NotoEmoji" in pdf  # drawn with the shipped emoji font, not a box
    text = re.sub(r"\s+", "", _pdf_text(pdf))
    for emoji in ("🎉", "👍", "✅", "😀", "🙏"):
        assert emoji in text, emoji


@pytest.mark.slow
def test_a_character_no_font_has_is_warned_at_its_place_and_by_the_build(inside):
    project = inside
    path = _write(project, extra="漢字 ก")
    r = CliRunner().invoke(main, ["check", F, "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "漢" in text)
    col = path.read_text(encoding="utf-8").splitlines()[line - 1].index("漢") + 1
    assert (f"Peringatan: {F}:{line}:{col}: karakter '漢' (U+6F22), '字' (U+5B57), 'ก' (U+0E01) tidak ada di huruf "
            "PDF rapatgen — PDF rapat ini dibuat tanpa penanda arsip PDF/A-2b") in r.output, r.output
    r = _build(project)
    assert r.exit_code == 0, r.output
    assert ("outputs/uji-emoji/notulen-uji-emoji.pdf dibuat tanpa penanda arsip PDF/A-2b: ada karakter yang tidak "
            "ada di huruf PDF rapatgen") in r.output, r.output
    pdf = (project / "outputs" / "uji-emoji" / "notulen-uji-emoji.pdf").read_bytes()
    assert not _xmp_pdfa(pdf) and "kesepakatan" in _pdf_text(pdf)


def test_the_emoji_font_is_monochrome_outlines_with_its_licence():
    from fontTools.ttLib import TTFont

    font = TTFont(fonts_dir() / "NotoEmoji-Regular.ttf", lazy=True)
    assert "glyf" in font and not {"COLR", "CBDT", "sbix", "SVG ", "fvar"} & set(font.keys())
    licence = (fonts_dir() / "LICENSE-NotoEmoji.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence and "Copyright 2013 Google LLC" in licence


def test_the_coverage_table_is_the_fonts_own():
    written = (fonts_dir() / glyphs.COVERAGE_NAME).read_text(encoding="ascii")
    assert written == glyphs.coverage_text(glyphs.coverage_from_fonts(fonts_dir())), \
        "fonts changed: run 'python -m rapatgen.text.glyphs'"


def _typst_draws(text: str) -> bool:
    import typst

    from rapatgen.render.pdf.typeset import FALLBACK_FONTS, PDF_FONT, _fonts, s

    src = f"#set text(font: ({', '.join(s(f) for f in (PDF_FONT, *FALLBACK_FONTS))}))\n#{s('a' + text + 'b')}"
    try:
        typst.compile(src.encode(), root="/", font_paths=_fonts(), ignore_system_fonts=True,
                      pdf_standards=["a-2b"], timestamp=0)
        return True
    except typst.TypstError as exc:
        assert "could not be displayed" in str(exc), exc
        return False


SAMPLE = ["é", "–", "…", "€", "😀", "👍", "🫠", "✅", "❤️", "🇮🇩", "👩🏽‍🌾", "\u200b", "\u00ad", "\u2066", "\u3164",
          "\U000E0067", "\u3000", "漢", "ก", "\ue000", "\U0001FAE9", "\u1ab0", "ש", "ا", "ἀ", "₹"]


def test_the_table_agrees_with_typst():
    """What `check` predicts is what Typst does (measured on 6,000 code points when written; here a sample)."""
    rng = random.Random(11)
    pool = [chr(c) for c in range(0xA0, 0x20000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Cc", "Co")]
    for text in SAMPLE + rng.sample(pool, 60):
        assert _typst_draws(text) == (not glyphs.missing(text)), [hex(ord(c)) for c in text]
