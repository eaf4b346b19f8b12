"""Which characters the shipped fonts can draw in a PDF.

Typst refuses to make a PDF/A-2b when a character has no glyph in any font of the text's
font list (it would print an empty box, and PDF/A forbids that); `render/pdf.py` then makes
a plain PDF. `check` warns at the character's place and the build says which PDF lost its
PDF/A marker, so it never happens silently.

The answer comes from `data/fonts/coverage.txt` (code point ranges of the fonts' cmaps),
so `check` does not load a font library; `python -m rapatgen.text.glyphs` writes it again and a
test compares it with the fonts. Default-ignorable code points (zero-width joiner, variation
selectors, bidi marks, tag characters …) and white space need no glyph: Typst draws nothing
for them, so they are never reported.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

COVERAGE_NAME = "coverage.txt"
PDFA_MARK = b"<pdfaid:part>2</pdfaid:part>"  # in the XMP metadata of every PDF/A-2 Typst writes

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) without the controls
# that `check` refuses anyway; measured: Typst needs no glyph for any of them.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def _ranges(points: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


@lru_cache(maxsize=1)
def _table() -> tuple[list[int], list[int]]:
    """(starts, ends) of the ranges a PDF can draw, sorted: shipped fonts and ignorables."""
    from rapatgen.text.resources import fonts_dir

    ranges = list(DEFAULT_IGNORABLE)
    for line in (fonts_dir() / COVERAGE_NAME).read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):  # overlapping ranges (an ignorable inside a font's range) become one
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [a for a, _ in merged], [b for _, b in merged]


def drawable(ch: str) -> bool:
    if ch.isspace():
        return True
    code = ord(ch)
    if code < 0x7F:
        return True
    starts, ends = _table()
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def missing(text: str) -> list[tuple[int, str]]:
    """(offset, character) of each first appearance of a character no shipped font has."""
    if text.isascii():
        return []
    seen: set[str] = set()
    out = []
    for i, ch in enumerate(text):
        if ch not in seen and not drawable(ch):
            seen.add(ch)
            out.append((i, ch))
    return out


def missing_message(chars: list[str]) -> str:
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars[:3]) + (" …" if len(chars) > 3 else "")
    return (f"karakter {shown} tidak ada di huruf PDF rapatgen — PDF rapat ini dibuat tanpa penanda arsip "
            "PDF/A-2b dan karakter itu tampil sebagai kotak (DOCX tidak terpengaruh); ganti atau hapus "
            "karakter itu bila PDF harus PDF/A")


def is_pdfa(pdf: bytes) -> bool:
    return PDFA_MARK in pdf


def not_pdfa_message(name: str) -> str:
    return (f"{name} dibuat tanpa penanda arsip PDF/A-2b: ada karakter yang tidak ada di huruf PDF rapatgen "
            "(tampil sebagai kotak) — 'rapatgen check' menunjukkan letaknya")


def coverage_from_fonts(folder: Path) -> list[tuple[int, int]]:
    """Ranges of code points the fonts in `folder` map to a glyph (reads the fonts: slow, for tools and tests)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".ttf", ".otf"):
            points |= set(TTFont(path, lazy=True).getBestCmap() or {})
    return _ranges(points)


def coverage_text(ranges: list[tuple[int, int]]) -> str:
    lines = ["# Code points the shipped fonts can draw (written by 'python -m rapatgen.text.glyphs'; do not edit)"]
    lines += [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in ranges]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - run after changing the fonts
    from rapatgen.text.resources import fonts_dir

    target = fonts_dir() / COVERAGE_NAME
    target.write_text(coverage_text(coverage_from_fonts(fonts_dir())), encoding="ascii")
    print(f"Ditulis: {target}")
