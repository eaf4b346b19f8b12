"""Geometric layout checker: issue 8's rules measured on every page of a rendered PDF.

The document model says *what* must be on the page (signature names, table rows, the
berita acara number); pdfplumber says *where* it landed. Each check returns a list of
problems in plain words (empty = the rule holds), so one failing test lists them all.
"""

from __future__ import annotations

import functools
import io
import re
from bisect import bisect_left, bisect_right
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rapatgen.render.layout import JOINED_MAX, KOP_LOGO_CM, KOP_SIDE_CM, kop_address, text_width_pt
from rapatgen.render.pdf.typeset import KOP_RULE_PT
from rapatgen.model.blocks import (AttachmentHeader, Document, Image, LabelValue, Letterhead, NumberedList, Paragraph,
                                   Signatures, Table, Title)
from tests.pdfobjects import open_pdf

PT_PER_CM = 72 / 2.54
TOL = 1.0  # points
CELL_INSET_PT = 5.4  # a cell's left and right inset (render/pdf cellpad, the DOCX cell margins): text stays inside it


_JOINERS = {0x2060: None, 0x2011: "-", 0x2010: "-"}  # word joiner, non-breaking hyphens (a DOCX's joins)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text.translate(_JOINERS)))


# --- what the PDF shows ------------------------------------------------------------------
@dataclass
class Line:
    """Words on one baseline inside a horizontal range."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


class ByMiddle:
    """A page's words or characters sorted by their vertical middle, so that those whose middle lies
    in a band (a table cell, a row) are found without scanning the whole page: `between` gives
    exactly those items, in the page's own order (callers still apply their full condition)."""

    def __init__(self, items: list[dict]):
        entries = sorted(((it["top"] + it["bottom"]) / 2, i) for i, it in enumerate(items))
        self.items = items
        self.middles = [m for m, _ in entries]
        self.order = [i for _, i in entries]

    def between(self, top: float, bottom: float) -> list[dict]:
        """The items with top <= middle <= bottom, in their original order."""
        lo, hi = bisect_left(self.middles, top), bisect_right(self.middles, bottom)
        return [self.items[i] for i in sorted(self.order[lo:hi])]


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[dict]
    chars: list[dict]
    edges: list[dict]  # horizontal and vertical strokes (lines and rect sides)
    rects: list[dict]
    tables: list = field(default_factory=list)  # pdfplumber tables (cells, rows)
    images: list = field(default_factory=list)

    # Indexes made once per page on first use (the checks look up thousands of cell boxes a page);
    # a page's words and chars are never changed after read_pdf.
    @functools.cached_property
    def chars_by_middle(self) -> ByMiddle:
        return ByMiddle(self.chars)

    @functools.cached_property
    def words_by_middle(self) -> ByMiddle:
        return ByMiddle(self.words)

    @functools.cached_property
    def table_rows(self) -> list[PdfRow]:
        """This page's pdfplumber table rows with their text (pdf_rows, one page)."""
        return _table_rows_of(self)

    def lines(self, x_from: float = -1, x_to: float = 1e9) -> list[Line]:
        words = sorted((w for w in self.words if x_from - 0.5 <= w["x0"] < x_to), key=lambda w: (w["top"], w["x0"]))
        out: list[Line] = []
        for w in words:
            if out and abs(out[-1].top - w["top"]) < 1.5:
                out[-1].words.append(w)
                out[-1].x1 = max(out[-1].x1, w["x1"])
                out[-1].bottom = max(out[-1].bottom, w["bottom"])
            else:
                out.append(Line(self.number, w["top"], w["bottom"], w["x0"], w["x1"], [w]))
        for line in out:
            line.words.sort(key=lambda w: w["x0"])
            line.x0 = line.words[0]["x0"]
        return out


def read_pdf(data: bytes) -> list[Page]:
    pages = []
    with open_pdf(data) as pdf:  # parsed once per run for each content
        for i, p in enumerate(pdf.pages, 1):
            words = p.extract_words(x_tolerance=1.0, y_tolerance=1.5, extra_attrs=["fontname", "size"])
            tables = p.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines",
                                    "snap_tolerance": 1.5, "intersection_tolerance": 1.5})
            pages.append(Page(i, float(p.width), float(p.height), words, list(p.chars), list(p.edges),
                              list(p.rects), tables, list(p.images)))
    return pages


def is_bold(word: dict) -> bool:
    return "bold" in word["fontname"].lower()


def chars_in(page: Page, box) -> list[dict]:
    x0, top, x1, bottom = box
    return [c for c in page.chars_by_middle.between(top, bottom) if c["text"].strip() and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
            and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def reading_text(chars: list[dict]) -> str:
    """Characters in reading order (lines top to bottom, left to right), whitespace removed."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if rows and abs(rows[-1][0]["top"] - c["top"]) < 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    return flat("".join(c["text"] for row in rows for c in sorted(row, key=lambda c: c["x0"])))


# --- what the model says ---------------------------------------------------------------
def model_blocks(doc: Document, kind):
    return [b for b in doc.text_blocks() if isinstance(b, kind)]


def row_text(t: Table, i: int) -> str:
    """Flattened text of model row i as the backends print it (staggered numbers included)."""
    parts = []
    col = 0
    for cell in t.rows[i]:
        if t.signature_column is not None and col == t.signature_column and t.kind(i) == "body":
            parts.append(f"{i + 1}.")
        else:
            parts.append("".join(r.text for inline in cell.content for r in inline))
        col += cell.colspan
    return flat("".join(parts))


def header_words(doc: Document) -> set[str]:
    return {w for t in model_blocks(doc, Table) for c in t.columns for w in c.title.split()}


@dataclass
class PdfRow:
    page: int
    top: float
    bottom: float
    text: str
    cells: list[tuple]  # bboxes


def pdf_rows(pages: list[Page]) -> list[PdfRow]:
    return [row for page in pages for row in page.table_rows]


def _table_rows_of(page: Page) -> list[PdfRow]:
    rows = []
    for table in sorted(page.tables, key=lambda t: t.bbox[1]):
        for row in table.rows:
            cells = [c for c in row.cells if c is not None]
            if not cells:
                continue
            text = "".join(reading_text(chars_in(page, c)) for c in cells)
            rows.append(PdfRow(page.number, row.bbox[1], row.bbox[3], text, cells))
    return rows


# --- the rules --------------------------------------------------------------------------
@dataclass
class Checked:
    name: str
    doc: Document
    pages: list[Page]
    problems: list[str] = field(default_factory=list)
    signatures: list[list[dict]] = field(default_factory=list)  # per Signatures block: located blocks

    def fail(self, rule: int | str, text: str) -> None:
        self.problems.append(f"{self.name}: aturan {rule}: {text}")


def _find_name(pages: list[Page], name: str, after: tuple[int, float]) -> Line | None:
    """The next bold line equal to `name` after position (page, top)."""
    target = flat(name)
    for page in pages:
        if page.number < after[0]:
            continue
        for line in page.lines():
            if page.number == after[0] and line.top <= after[1] + 0.5:
                continue
            bold = [w for w in line.words if is_bold(w)]
            for i in range(len(bold)):
                acc = ""
                for j in range(i, len(bold)):
                    acc += flat(bold[j]["text"])
                    if acc == target:
                        return Line(page.number, bold[i]["top"], max(w["bottom"] for w in bold[i:j + 1]),
                                    bold[i]["x0"], bold[j]["x1"], bold[i:j + 1])
                    if not target.startswith(acc):
                        break
    return None


def _block_lines(page: Page, name: Line, x_to: float, above: list[str]) -> list[tuple[int, Line]] | None:
    """PDF lines of a block's `lines_above`, as (index in lines_above, first PDF line of it)."""
    wanted = [(i, flat(t)) for i, t in enumerate(above) if flat(t)]
    column = [ln for ln in page.lines(name.x0 - 2, x_to) if ln.bottom <= name.top + 0.5 and abs(ln.x0 - name.x0) < 2.5]
    column.sort(key=lambda ln: ln.top)
    # take the nearest lines above the name whose text, read downwards, spells lines_above
    total = "".join(t for _, t in wanted)
    for start in range(len(column) - 1, -1, -1):
        acc = "".join(flat(ln.text) for ln in column[start:])
        if acc == total:
            out, k, pos = [], start, 0
            for i, t in wanted:
                first, got = column[k], ""
                while got != t and k < len(column):
                    got += flat(column[k].text)
                    k += 1
                if got != t:
                    return None
                out.append((i, first))
            return out
        if len(acc) > len(total):
            return None
    return None


def check_signatures(c: Checked, footer_top: float) -> None:
    """Rules 1 and 3: body text above every signature; side-by-side blocks aligned."""
    headers = header_words(c.doc)
    cursor = (1, -1.0)
    for sig in model_blocks(c.doc, Signatures):
        located = []
        for b in sig.blocks:
            if not flat(b.name):
                continue
            line = _find_name(c.pages, b.name, cursor)
            if line is None:
                c.fail(1, f"nama penanda tangan '{b.name}' tidak ditemukan (tebal) setelah halaman {cursor[0]}")
                return
            located.append({"block": b, "name": line})
        if not located:
            continue
        cursor = (located[-1]["name"].page, located[-1]["name"].top)
        xs = sorted({round(x["name"].x0) for x in located})
        for x in located:
            page = c.pages[x["name"].page - 1]
            right = [v for v in xs if v > x["name"].x0 + 3]
            lines = _block_lines(page, x["name"], (right[0] - 2) if right else page.width, x["block"].lines_above)
            if lines is None:
                c.fail(1, f"baris di atas nama '{x['block'].name}' (hlm. {page.number}) tidak utuh bersama namanya")
                return
            x["lines"] = lines
            x["top"] = min([ln.top for _, ln in lines] + [x["name"].top])
        c.signatures.append(located)
        for pg in {x["name"].page for x in located}:
            group = [x for x in located if x["name"].page == pg]
            top = min(x["top"] for x in group)
            page = c.pages[pg - 1]
            body = [ln for ln in page.lines() if ln.bottom <= top - 0.5 and ln.top < footer_top
                    and not all(w["text"] in headers for w in ln.words)]
            if not body:
                c.fail(1, f"halaman {pg} hanya berisi tanda tangan ({', '.join(x['block'].name for x in group)})")
        # rule 3: blocks placed side by side (same page, different columns, overlapping heights)
        for a, b in zip(located, located[1:]):
            na, nb = a["name"], b["name"]
            if na.page != nb.page or abs(na.x0 - nb.x0) < 3 or abs(na.top - nb.top) > 40:
                continue
            if abs(na.bottom - nb.bottom) > TOL:
                c.fail(3, f"nama '{a['block'].name}' dan '{b['block'].name}' tidak sebaris "
                          f"(selisih {abs(na.bottom - nb.bottom):.1f} pt, hlm. {na.page})")
            ja, jb = a["lines"][-1][1], b["lines"][-1][1]
            if abs(ja.top - jb.top) > TOL:
                c.fail(3, f"jabatan '{a['block'].lines_above[-1]}' dan '{b['block'].lines_above[-1]}' tidak "
                          f"rata atas (selisih {abs(ja.top - jb.top):.1f} pt, hlm. {na.page})")


def check_rows(c: Checked) -> None:
    """Rule 2: each model row is one PDF row on one page; group headings and sums kept with rows."""
    rows = pdf_rows(c.pages)
    heads = {flat("".join(col.title for col in t.columns)) for t in model_blocks(c.doc, Table)}
    rows = [r for r in rows if r.text not in heads]
    k = 0
    for t in model_blocks(c.doc, Table):
        placed = []
        for i in range(len(t.rows)):
            want = row_text(t, i)
            j = next((j for j in range(k, len(rows)) if rows[j].text == want), None)
            if j is None:
                c.fail(2, f"baris tabel '{want[:50]}' tidak utuh dalam satu baris di satu halaman")
                placed.append(None)
                continue
            placed.append(rows[j])
            k = j + 1
        for i, r in enumerate(placed):
            if r is None:
                continue
            kind = t.kind(i)
            if kind == "group" and i + 1 < len(placed) and placed[i + 1] and placed[i + 1].page != r.page:
                c.fail(2, f"judul kelompok '{row_text(t, i)[:40]}' sendirian di kaki halaman {r.page}")
            if kind in ("subtotal", "total") and i > 0 and placed[i - 1] and placed[i - 1].page != r.page:
                c.fail(2, f"baris '{row_text(t, i)[:30]}' terpisah dari baris yang dijumlahkannya (hlm. {r.page})")


def check_cells(c: Checked) -> None:
    """Rule 8: every glyph inside its cell box; no word broken inside a cell."""
    vocabulary: set[str] = set()
    for t in model_blocks(c.doc, Table):
        texts = [c.title for c in t.columns]
        texts += ["".join(r.text for r in inline) for row in t.rows for cell in row for inline in cell.content]
        for text in texts:
            if True:
                for word in text.split():
                    parts = [p for p in re.split(r"(?<=[/\-–])", word) if p]
                    vocabulary.update("".join(parts[i:j]) for i in range(len(parts))
                                      for j in range(i + 1, len(parts) + 1))
    for page in c.pages:
        for table in page.tables:
            for cell in table.cells:
                x0, top, x1, bottom = cell
                for ch in chars_in(page, cell):
                    if ch["x0"] < x0 - 0.3 or ch["x1"] > x1 + 0.3:
                        c.fail(8, f"huruf '{ch['text']}' keluar dari sel (hlm. {page.number}, y={ch['top']:.0f})")
                        break
                for w in page.words_by_middle.between(top, bottom):
                    mid = ((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)
                    if x0 <= mid[0] <= x1 and top <= mid[1] <= bottom and w["x0"] >= x0 - 0.3 and w["x1"] <= x1 + 0.3:
                        if w["text"] not in vocabulary and vocabulary and not re.fullmatch(r"\d+\.", w["text"]):
                            c.fail(8, f"kata '{w['text']}' terpotong di sel (hlm. {page.number})")


def check_inset(c: Checked) -> None:
    """Rule 8.1 (stricter than 8): every glyph inside its cell's inset — a word wider than its column
    runs over the cell's padding up to the border (or past it on a coarse screen, as 'Pemutakhiran' did
    in the PPKE Matriks 2, and the LP2KD's bold 'No' in its 0.6 cm columns). Both backends widen such a
    column (render/layout.fit_columns)."""
    for page in c.pages:
        for table in page.tables:
            for cell in table.cells:
                x0, _, x1, _ = cell
                for ch in chars_in(page, cell):
                    if ch["x0"] < x0 + CELL_INSET_PT - TOL or ch["x1"] > x1 - CELL_INSET_PT + TOL:
                        c.fail("8.1", f"huruf '{ch['text']}' menembus tepi dalam sel (hlm. {page.number}, "
                                      f"y={ch['top']:.0f}): kolomnya lebih sempit dari kata terpanjangnya")
                        break


def check_cell_inset(name: str, doc: Document, pdf: bytes) -> list[str]:
    """Rule 8.1 alone (check_document runs it with every other rule)."""
    c = Checked(name, doc, read_pdf(pdf))
    check_inset(c)
    return c.problems


def check_charts(c: Checked) -> None:
    """Rule 2 for pictures: an indicator's chart stays on the page of its table (the table's last
    rows end above it); a chart without a table is never the first thing on its page."""
    blocks = list(c.doc.text_blocks())
    charts = [(blocks[i - 1] if i else None, b) for i, b in enumerate(blocks) if isinstance(b, Image)]
    placed = [(page, im) for page in c.pages for im in sorted(page.images, key=lambda im: im["top"])
              if im["x1"] - im["x0"] > 5 * PT_PER_CM]
    if len(placed) != len(charts):
        c.fail(2, f"{len(charts)} grafik diharapkan, {len(placed)} ditemukan")
        return
    for (before, b), (page, im) in zip(charts, placed):
        if isinstance(before, Table):
            if not any(t.bbox[3] <= im["top"] + 1 for t in page.tables):
                c.fail(2, f"grafik di halaman {page.number} terpisah dari tabelnya")
        elif not any(w["bottom"] <= im["top"] for w in page.words):
            c.fail(2, f"grafik sendirian di puncak halaman {page.number}")


def check_number_line(c: Checked) -> None:
    """Rule 6: a berita acara carries a centred NOMOR line on page 1."""
    if c.doc.kind != "berita-acara":
        return
    page = c.pages[0]
    lines = [ln for ln in page.lines() if flat(ln.text).upper().startswith("NOMOR")]
    if not lines:
        c.fail(6, "berita acara tanpa baris NOMOR")
        return
    ln = lines[0]
    left, right = c.doc.page.margin_cm[3] * PT_PER_CM, page.width - c.doc.page.margin_cm[1] * PT_PER_CM
    if abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) > 3:
        c.fail(6, "baris NOMOR berita acara tidak di tengah")


def check_attachment_headers(c: Checked) -> None:
    """Rule 7: lampiran header names the signer's office; its lines evenly spaced."""
    headers = model_blocks(c.doc, AttachmentHeader)
    if not headers:
        return
    found = 0
    for page in c.pages:
        lines = page.lines()
        start = next((i for i, ln in enumerate(lines) if ln.words[0]["text"] == "LAMPIRAN"), None)
        if start is None:
            continue
        found += 1
        title = re.sub(r"\s+", " ", " ".join(ln.text for ln in lines[start:start + 3]))
        if not re.match(r"LAMPIRAN( [IVX]+)? SURAT (KEPALA|SEKRETARIS|BUPATI|GUBERNUR|WALI|WAKIL|PLT|PLH|PJ)", title):
            c.fail(7, f"kepala lampiran tidak menyebut jabatan penanda tangan: '{title[:60]}' (hlm. {page.number})")
        block, x0 = [], lines[start].x0
        for ln in lines[start:]:
            if abs(ln.x0 - x0) > 2 or (block and ln.top - block[-1].top > 20):
                break
            block.append(ln)
        labels = [ln.words[0]["text"] for ln in block]
        if not {"NOMOR", "TANGGAL", "HAL"} <= set(labels):
            c.fail(7, f"kepala lampiran tanpa NOMOR/TANGGAL/HAL (hlm. {page.number})")
        gaps = [b.top - a.top for a, b in zip(block, block[1:])]
        if gaps and max(gaps) - min(gaps) > 0.6:
            c.fail(7, f"baris kepala lampiran tidak berjarak sama ({', '.join(f'{g:.1f}' for g in gaps)} pt, "
                      f"hlm. {page.number})")
    if found < len(headers):
        c.fail(7, f"{len(headers)} kepala lampiran diharapkan, {found} ditemukan")


NUMBERED_KINDS = ("daftar-hadir", "rencana-aksi", "tindak-lanjut")


def check_page_furniture(c: Checked, footer_top: float, underline: bool = True) -> None:
    """Rule 9: 'Halaman X dari Y' on multi-page lists and matrices (restarting per session);
    the kop's double rule thick over thin; continuous underline under signature names."""
    if c.doc.kind in NUMBERED_KINDS and len(c.pages) > 1:
        expected_total, seen = None, []
        for page in c.pages:
            low = max((w["top"] for w in page.words), default=0)  # the page foot: words near the lowest one
            text = " ".join(w["text"] for w in sorted(page.words, key=lambda w: w["x0"])
                            if w["top"] > low - 4 and w["top"] >= page.height * 0.8)
            m = re.search(r"Halaman (\d+) dari (\d+)", text)
            if not m:
                c.fail(9, f"halaman {page.number} tanpa 'Halaman X dari Y'")
                continue
            x, y = int(m.group(1)), int(m.group(2))
            seen.append((x, y))
        runs, current = [], []
        for x, y in seen:
            if x == 1 and current:
                runs.append(current)
                current = []
            current.append((x, y))
        if current:
            runs.append(current)
        for run in runs:
            if [x for x, _ in run] != list(range(1, len(run) + 1)) or any(y != len(run) for _, y in run):
                c.fail(9, f"penomoran halaman tidak runtut: {run}")
    if c.pages:
        page = c.pages[0]
        width = page.width - (c.doc.page.margin_cm[1] + c.doc.page.margin_cm[3]) * PT_PER_CM
        rules = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 0.95 * width
                 and e["top"] < page.height / 3]
        if rules:
            thick = [e for e in rules if e.get("linewidth", 0) >= 1.5]
            thin = [e for e in rules if 0 < e.get("linewidth", 0) < 1.2]
            if not thick or not thin or min(e["top"] for e in thick) > min(e["top"] for e in thin):
                c.fail(9, "garis penutup kop bukan garis ganda tebal di atas tipis")
            else:  # the same rule in both formats: widths and gap of KOP_RULE_PT
                a = min(thick, key=lambda e: e["top"])
                b = min((e for e in thin if e["top"] > a["top"]), key=lambda e: e["top"], default=None)
                want_thick, want_thin, want_gap = KOP_RULE_PT
                gap = (b["top"] - a["top"]) - (a["linewidth"] + b["linewidth"]) / 2 if b else -1
                if b is None or abs(a["linewidth"] - want_thick) > 0.3 or abs(b["linewidth"] - want_thin) > 0.2 \
                        or abs(gap - want_gap) > 0.3:
                    c.fail(9, f"garis kop {a['linewidth']:.2f}/{b['linewidth'] if b else 0:.2f} pt, jarak {gap:.2f} pt; "
                              f"seharusnya {want_thick}/{want_thin} pt, jarak {want_gap} pt")
    for page in c.pages:  # bordered tables span the text width exactly, border on each margin
        left = c.doc.page.margin_cm[3] * PT_PER_CM
        right = page.width - c.doc.page.margin_cm[1] * PT_PER_CM
        for table in page.tables:
            x0, _, x1, _ = table.bbox
            if abs(x0 - left) > 1.0 or abs(x1 - right) > 1.0:
                c.fail(9, f"tabel tidak rata dengan margin teks (kiri {x0 - left:+.1f} pt, kanan {x1 - right:+.1f} pt, "
                          f"hlm. {page.number})")
                break
    for group in c.signatures if underline else []:
        for x in group:
            name = x["name"]
            page = c.pages[name.page - 1]
            segs = sorted((e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h"
                          and name.bottom - 4 <= e["top"] <= name.bottom + 4 and e["x1"] > name.x0 and e["x0"] < name.x1)
            covered, gap = name.x0 + 0.5, False
            for a, b in segs:
                if a > covered + 0.3:
                    gap = True
                covered = max(covered, b)
            if not segs or gap or covered < name.x1 - 0.5:
                c.fail(9, f"garis bawah nama '{x['block'].name}' terputus (hlm. {name.page})")


def check_typography(c: Checked) -> None:
    """Rule 10: curly quotes in running text; a single catatan not numbered; tracker cells read
    as sentences (no '!' or '- (date)'); the '% Selesai' column explained under the summary."""
    text = "\n".join(" ".join(ln.text for ln in page.lines()) for page in c.pages)
    for page in c.pages:
        if any(ch["text"] == '"' for ch in page.chars):
            c.fail(10, f"tanda kutip lurus (\") di halaman {page.number}: pakai “…”")
    blocks = list(c.doc.text_blocks())
    for a, b in zip(blocks, blocks[1:]):
        if isinstance(a, Paragraph) and flat("".join(r.text for r in a.content)) == "Catatan:" \
                and isinstance(b, NumberedList) and len(b.items) == 1:
            c.fail(10, "catatan tunggal diberi nomor")
    if c.doc.kind == "tindak-lanjut":
        if "!" in text:
            c.fail(10, "tanda seru dalam matriks tindak lanjut")
        if re.search(r"-\s*\(\d", text):
            c.fail(10, "sisa '- (tanggal)' dalam matriks tindak lanjut")
        if any(col.title == "% Selesai" for t in model_blocks(c.doc, Table) for col in t.columns) \
                and "% Selesai =" not in text:
            c.fail(10, "kolom '% Selesai' tanpa keterangan cara menghitung butir yang dilanjutkan")


def segments(page: Page, gap: float = 12.0) -> list[Line]:
    """The page's lines cut where words stand further apart than `gap` (table cells, grid columns)."""
    out = []
    for line in page.lines():
        current = [line.words[0]]
        for w in line.words[1:]:
            if w["x0"] - current[-1]["x1"] > gap:
                out.append(current)
                current = []
            current.append(w)
        out.append(current)
    return [Line(page.number, min(w["top"] for w in ws), max(w["bottom"] for w in ws), ws[0]["x0"], ws[-1]["x1"], ws)
            for ws in out]


def _strings(obj) -> list[str]:
    """Every string held by a document model (runs, titles, cells, labels)."""
    import dataclasses

    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj):
        return [t for f in dataclasses.fields(obj) for t in _strings(getattr(obj, f.name))]
    if isinstance(obj, (list, tuple)):
        return [t for x in obj for t in _strings(x)]
    return []


BROKEN_AFTER = re.compile(r"\w[-/–\u2010\u2011]$")


def check_breaks(c: Checked) -> None:
    """Rule 19.3: no line ends inside an identifier, letter number or abbreviation joined by a
    hyphen, slash or dash ("SIKS-" / "NG", "400.9.14/57/" / "Bappeda", "kab/" / "kota", "TW III–" / "IV"),
    nor between "nomor" and its number. A word longer than the renderer keeps whole
    (layout.JOINED_MAX: a file path) may break."""
    long_heads = set()
    for text in _strings(c.doc):
        for word in text.split():
            if len(word) > JOINED_MAX:
                long_heads.update(word[:i + 1] for i, ch in enumerate(word) if ch in "-/–")
    for page in c.pages:
        segs = segments(page)
        for seg in segs:
            last = seg.words[-1]["text"].translate(_JOINERS)
            below = [o for o in segs if 0 < o.top - seg.top < 2.2 * (seg.bottom - seg.top) + 4
                     and o.x0 < seg.x1 and o.x1 > seg.x0 - 40]
            if not below:
                continue  # the last line of its block: nothing was carried over
            nxt = min(below, key=lambda o: (o.top, o.x0))
            if last in long_heads:
                continue  # a word longer than the renderer keeps whole (a file path) may break
            w = seg.words[-1]
            cell = next((cl for t in page.tables for cl in t.cells if cl[0] - 0.5 <= w["x0"] and w["x1"] <= cl[2] + 0.5
                         and cl[1] <= w["top"] <= cl[3]), None)
            whole = last + nxt.words[0]["text"]
            if cell is not None and text_width_pt(whole, float(w.get("size") or 10), bold=True) > cell[2] - cell[0] - 10.8:
                continue  # wider than its cell: the renderer lets it break rather than overflow
            if BROKEN_AFTER.search(last):
                c.fail("19.3", f"'{last}' / '{nxt.words[0]['text']}' terpotong di akhir baris (hlm. {page.number})")
            elif last.lower() == "nomor" and nxt.words[0]["text"][:1].isdigit():
                c.fail("19.3", f"'nomor' / '{nxt.words[0]['text']}' terpotong di akhir baris (hlm. {page.number})")


SPACE_EM = 0.278  # the width of a space in Liberation Sans / Arial
MARKER = re.compile(r"^(\d+|[a-z])[.)]$|^[–-]$")


def _stretched(words: list[dict]) -> float | None:
    """The widest gap between neighbouring words of one line, in spaces, when it is wider than a
    space stretched a little (1.6 spaces): the line is justified."""
    widest = None
    for a, b in zip(words, words[1:]):
        space = SPACE_EM * float(a.get("size") or 12)
        gap = (b["x0"] - a["x1"]) / space
        if gap > 1.6 and (widest is None or gap > widest):
            widest = gap
    return widest


def _list_texts(doc: Document) -> list[str]:
    out = []

    def walk(items):
        for item in items:
            out.append(flat("".join(r.text for r in item.content)))
            for child in item.children:
                if isinstance(child, NumberedList):
                    walk(child.items)
                elif isinstance(child, Paragraph):
                    out.append(flat("".join(r.text for r in child.content)))

    for nl in model_blocks(doc, NumberedList):
        walk(nl.items)
    return [t for t in out if t]


def check_ragged(c: Checked) -> None:
    """Rule 19.4: list items and table cells are set left-aligned — none of their lines is
    stretched to the full width with wide gaps between words (body paragraphs stay justified)."""
    items = _list_texts(c.doc)
    body = [flat("".join(r.text for r in p.content)) for p in model_blocks(c.doc, Paragraph) if p.align == "justify"]
    for page in c.pages:
        for table in page.tables:
            for cell in table.cells:
                words = [w for w in page.words_by_middle.between(cell[1], cell[3]) if cell[0] - 0.5 <= w["x0"] and w["x1"] <= cell[2] + 0.5
                         and cell[1] <= (w["top"] + w["bottom"]) / 2 <= cell[3]]
                lines: list[list[dict]] = []
                for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                    if lines and abs(lines[-1][0]["top"] - w["top"]) < 1.5:
                        lines[-1].append(w)
                    else:
                        lines.append([w])
                for ws in lines:
                    gap = _stretched(sorted(ws, key=lambda w: w["x0"]))
                    if gap:
                        text = " ".join(w["text"] for w in ws)
                        c.fail("19.4", f"sel tabel rata kiri-kanan: '{text[:50]}' (celah {gap:.1f} spasi, hlm. {page.number})")
        for line in page.lines():
            words = line.words[1:] if MARKER.match(line.words[0]["text"]) else line.words
            if len(words) < 2 or any(t.bbox[0] <= words[0]["x0"] <= t.bbox[2] and t.bbox[1] <= words[0]["top"] <= t.bbox[3]
                                     for t in page.tables):
                continue
            text = flat(" ".join(w["text"] for w in words))
            if len(text) < 12 or not any(text in item for item in items) or any(text in b for b in body):
                continue
            gap = _stretched(words)
            if gap:
                c.fail("19.4", f"butir daftar rata kiri-kanan: '{' '.join(w['text'] for w in words)[:50]}' "
                               f"(celah {gap:.1f} spasi, hlm. {page.number})")


SMALL_TABLE_ROWS = 5  # a table of at most this many rows never splits (issue 19 item 1)


def _body_texts(doc: Document) -> list[str]:
    """Flat texts of what counts as body text on a page: justified paragraphs, list items (not a
    tembusan list after a signature), label-value values."""
    out = [flat("".join(r.text for r in p.content)) for p in model_blocks(doc, Paragraph) if p.align == "justify"]
    blocks = list(doc.text_blocks())
    for i, b in enumerate(blocks):
        if isinstance(b, NumberedList) and not (i >= 2 and isinstance(blocks[i - 2], Signatures)):
            out += _list_texts(Document(doc.kind, "", [type(doc.sections[0])([b])], doc.page))
        if isinstance(b, LabelValue):
            out += [flat("".join(r.text for r in v)) for _, values in b.rows for v in values]
    return [t for t in out if len(t) >= 8]


def _table_rows(c: Checked) -> list[tuple[Table, list[PdfRow | None]]]:
    """Each model table with the PDF row each of its rows landed on (None: not found whole)."""
    rows = pdf_rows(c.pages)
    heads = {flat("".join(col.title for col in t.columns)) for t in model_blocks(c.doc, Table)}
    rows = [r for r in rows if r.text not in heads]
    out, k = [], 0
    for t in model_blocks(c.doc, Table):
        placed = []
        for i in range(len(t.rows)):
            want = row_text(t, i)
            j = next((j for j in range(k, len(rows)) if rows[j].text == want), None)
            placed.append(rows[j] if j is not None else None)
            if j is not None:
                k = j + 1
        out.append((t, placed))
    return out


def check_tails(c: Checked, footer_top: float) -> None:
    """Rule 19.1: no page is only a tail. The kop's address takes the lines the model gives it (no
    orphan postcode line); the page of every signature carries body text or at least three table
    rows above it; a tembusan stays on the page of its signature; a signature list's last page holds
    at least three of its rows (or body text above them); a table of at most five rows never splits;
    a heading is never the last line of its page."""
    body = _body_texts(c.doc)
    tables = _table_rows(c)

    def body_above(page: Page, top: float) -> bool:
        for line in page.lines():
            if line.bottom <= top + 0.5 and line.top < footer_top:
                text = flat(line.text)
                if len(text) >= 8 and any(text in b or b in text for b in body):
                    return True
        return False

    def rows_above(pg: int, top: float) -> int:
        """Table rows on page pg above `top`; a whole table of fewer than three rows counts as three."""
        n = 0
        for t, placed in tables:
            here = [r for r in placed if r is not None and r.page == pg and r.bottom <= top + 0.5]
            n += 3 if here and len(here) == len(t.rows) else len(here)
        return n

    # the kop: one printed line per address line
    kops = model_blocks(c.doc, Letterhead)
    if kops and c.pages:
        page = c.pages[0]
        rules = [e for e in page.edges if e["orientation"] == "h" and e.get("linewidth", 0) >= 1.5
                 and e["top"] < page.height / 3]
        if rules:
            rule = min(e["top"] for e in rules)
            address = [ln for ln in page.lines() if ln.bottom <= rule and not any(is_bold(w) for w in ln.words)]
            width = page.width / PT_PER_CM - c.doc.page.margin_cm[1] - c.doc.page.margin_cm[3]
            want = len(kop_address(kops[0].address_lines, width - (0 if kops[0].centred_emblem else KOP_LOGO_CM + KOP_SIDE_CM))[0])
            if len(address) != want:
                c.fail("19.1", f"alamat kop tercetak {len(address)} baris, seharusnya {want} "
                               f"(baris yatim: '{address[-1].text if address else ''}')")
    # signatures: body text or three rows above
    for group in c.signatures:
        for pg in sorted({x["name"].page for x in group}):
            top = min(x["top"] for x in group if x["name"].page == pg)
            if not body_above(c.pages[pg - 1], top) and rows_above(pg, top) < 3:
                names = ", ".join(x["block"].name for x in group if x["name"].page == pg)
                c.fail("19.1", f"halaman {pg} hanya ekor: tanda tangan ({names}) tanpa teks isi atau tiga baris tabel di atasnya")
    # a tembusan on the page of its signature
    blocks = list(c.doc.text_blocks())
    for i, b in enumerate(blocks):
        if isinstance(b, Paragraph) and flat("".join(r.text for r in b.content)) == "Tembusan:" and c.signatures:
            line = next((ln for p in c.pages for ln in p.lines() if flat(ln.text) == "Tembusan:"), None)
            sig_pages = {x["name"].page for g in c.signatures for x in g}
            if line is not None and line.page not in sig_pages:
                c.fail("19.1", f"'Tembusan:' sendirian di halaman {line.page}, terpisah dari tanda tangannya")
    # signature lists; small tables
    for t, placed in tables:
        found = [r for r in placed if r is not None]
        if not found:
            continue
        if t.signature_column is not None:
            last = found[-1]
            on_last = sum(1 for r in found if r.page == last.page)
            first_on_last = next(r for r in found if r.page == last.page)
            if on_last < 3 and not body_above(c.pages[last.page - 1], first_on_last.top):
                c.fail("19.1", f"halaman {last.page} hanya memuat {on_last} baris daftar bertanda tangan")
        if len(t.rows) <= SMALL_TABLE_ROWS and len({r.page for r in found}) > 1 and not t.split_ok:
            c.fail("19.1", f"tabel {len(t.rows)} baris terbelah di halaman {', '.join(str(p) for p in sorted({r.page for r in found}))}"
                           f" ('{found[0].text[:30]}')")
    # headings keep with their next block
    for b in model_blocks(c.doc, Paragraph):
        if not b.keep_with_next:
            continue
        want = flat("".join(r.text for r in b.content))
        for page in c.pages:
            lines = [ln for ln in page.lines() if ln.top < footer_top - 1]
            if lines and flat(lines[-1].text) == want:
                c.fail("19.1", f"judul '{want[:40]}' sendirian di kaki halaman {page.number}")


def _header_texts(doc: Document) -> list[str]:
    """Flat texts that only head a page: titles and their lines, lampiran headers, headings (a
    paragraph kept with what follows it)."""
    out = []
    for b in doc.text_blocks():
        if isinstance(b, Title):
            out += [flat(b.text), *(flat(x) for x in b.subtitle)]
        elif isinstance(b, AttachmentHeader):
            out += [flat(b.title), *(flat(f"{label}:{value}") for label, value in b.rows)]
        elif isinstance(b, Paragraph) and b.keep_with_next:
            out.append(flat("".join(r.text for r in b.content)))
    return [t for t in out if t]


def check_header_pages(c: Checked, footer_top: float) -> None:
    """Rule 19.1a: a page never holds only a header — the kop, a title, a lampiran header, a
    heading or a repeated table header with no body row under it — and nothing else: no body
    text, no table row, no signature, no picture below it."""
    heads = _header_texts(c.doc)
    table_heads = {flat("".join(col.title for col in t.columns)) for t in model_blocks(c.doc, Table)}
    kop = bool(model_blocks(c.doc, Letterhead))
    for page in c.pages:
        words = [w for w in page.words if w["top"] < footer_top - 1]
        if not words:
            continue
        cut = -1.0
        if kop:  # the kop: everything above its thick closing rule
            rules = [e for e in page.edges if e["orientation"] == "h" and e.get("linewidth", 0) >= 1.5
                     and e["top"] < page.height / 3 and e["x1"] - e["x0"] > page.width / 2]
            cut = min((e["top"] for e in rules), default=-1.0)
        boxes = [row.bbox for t in page.tables for row in t.rows
                 if reading_text(chars_in(page, row.bbox)) in table_heads]
        rest = [w for w in words if w["bottom"] > cut
                and not any(b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] and w["bottom"] <= b[3] + 1
                            for b in boxes)]
        lines = []
        for w in sorted(rest, key=lambda w: (w["top"], w["x0"])):
            if lines and abs(lines[-1][-1]["top"] - w["top"]) < 1.5:
                lines[-1].append(w)
            else:
                lines.append([w])
        body = [ln for ln in lines if not any(flat(" ".join(w["text"] for w in ln)) in h for h in heads)]
        pictures = [im for im in page.images if im["top"] > cut + 1 and im["top"] < footer_top]
        if not body and not pictures:
            what = ["kop"] if cut > 0 and any(w["bottom"] <= cut for w in words) else []
            what += ["judul"] if len(lines) else []
            what += ["kepala tabel"] if boxes else []
            c.fail("19.1a", f"halaman {page.number} hanya berisi kepala ({', '.join(what) or 'kepala'}) "
                            f"tanpa isi di bawahnya")


BLANK_FILL_SLACK_PT = 0.7 * PT_PER_CM  # room a page may keep below a full sheet of blank rows (render.pdf.fit keeps 0.6 cm)


def first_blank_row(t: Table) -> int | None:
    """Index of the first of a signature list's trailing blank rows (nothing written but the row's
    number), None when it has none."""
    if t.signature_column is None:
        return None
    k = len(t.rows)
    while k > 0 and t.kind(k - 1) == "body" and all(
            not "".join(r.text for inline in cell.content for r in inline).strip()
            for j, cell in enumerate(t.rows[k - 1]) if j not in (0, t.signature_column)):
        k -= 1
    return k if k < len(t.rows) else None


def check_blank_rows(c: Checked, footer_top: float) -> None:
    """Rule 19.1b: a signature list's blank rows (for those who come unannounced) never begin a
    page — the row above the first of them is on its page, and spare rows never run on to a new
    page (only rows the project asked for, `blank_minimum`, more than a page holds, run on from a
    full page) — and they fill the page they end on: below them (and what follows them there)
    there is no room for one more."""
    for t, placed in _table_rows(c):
        first = first_blank_row(t)
        if first is None:
            continue
        # rows the project asked for (jumlah_peserta) that a page cannot hold run on from a full page
        last_checked = first + 1 if t.blank_minimum and len(t.rows) - first >= t.blank_minimum else len(t.rows)
        for i in range(max(first, 1), last_checked):
            above, row = placed[i - 1], placed[i]
            if above is not None and row is not None and row.page != above.page:
                c.fail("19.1b", f"halaman {row.page} dimulai dengan baris kosong {i + 1}.")
                break
        last = placed[-1]
        if last is None:
            continue
        page = c.pages[last.page - 1]
        lowest = max(w["bottom"] for w in page.words if w["top"] < footer_top - 1)
        room = footer_top - 1 - lowest
        if room > (last.bottom - last.top) + BLANK_FILL_SLACK_PT:
            c.fail("19.1b", f"baris kosong tidak memenuhi halaman {last.page}: masih {room / PT_PER_CM:.1f} cm kosong "
                            f"di bawahnya")


TAIL_ROWS = 3  # render.layout.LAST_ROWS: a table's last rows that travel with the signature after it


def _section_before(doc: Document, t: Table) -> list[str]:
    """Flat texts (at least 8 characters) of the block just before table `t` in its section."""
    for sec in doc.sections:
        for k, b in enumerate(sec.blocks):
            if b is t:
                return [x for x in (flat(s) for s in _strings(sec.blocks[k - 1])) if len(x) >= 8] if k else []
    return []


def check_early_breaks(c: Checked, footer_top: float) -> None:
    """Rule 19.1c: a signature list (daftar hadir, berita acara parties) never leaves a page early.
    Where its rows go on to the next page — or where it begins on the next page while this page holds
    what comes before it in its section — the page before has no room for what moved: less than
    the first rows that moved (at most the TAIL_ROWS that travel with the signature, all of a table
    of at most SMALL_TABLE_ROWS), and the signature with them when they are the list's last, and the
    header when the list begins there. A list whose blank rows asked for (jumlah_peserta) were kept
    together and moved whole to page 2 left page 1 half empty."""
    for t, placed in _table_rows(c):
        if t.signature_column is None:
            continue
        found = [(i, r) for i, r in enumerate(placed) if r is not None]
        if not found:
            continue
        last = found[-1][1]
        lowest_last = max(w["bottom"] for w in c.pages[last.page - 1].words if w["top"] < footer_top - 1)
        after = max(lowest_last - last.bottom, 0.0)  # the signature (and what else follows) on the list's last page
        breaks = [(r0.page, r1.page, False) for (_, r0), (_, r1) in zip(found, found[1:]) if r1.page != r0.page]
        first_i, first = found[0]
        if first_i == 0 and first.page > 1:
            before = _section_before(c.doc, t)
            words = flat(" ".join(w["text"] for w in c.pages[first.page - 2].words))
            if before and any(x in words for x in before):
                breaks.append((first.page - 1, first.page, True))
        for pg, nxt, starting in breaks:
            rows = [r for _, r in found if r.page == nxt]
            keep = rows if len(t.rows) <= SMALL_TABLE_ROWS and not t.split_ok else rows[:TAIL_ROWS]
            allowed = sum(r.bottom - r.top for r in keep) + (after if nxt == last.page else 0.0)
            allowed += (max(r.bottom - r.top for r in rows) if starting else 0.0) + BLANK_FILL_SLACK_PT
            words = [w["bottom"] for w in c.pages[pg - 1].words if w["top"] < footer_top - 1]
            room = footer_top - 1 - max(words, default=footer_top - 1)
            if room > allowed:
                what = "dimulai" if starting else "berlanjut"
                c.fail("19.1c", f"halaman {pg} diputus terlalu awal: tabel bertanda tangan ('{rows[0].text[:30]}') "
                                f"{what} di halaman {nxt}, padahal halaman {pg} masih kosong {room / PT_PER_CM:.1f} cm")


def check_document(name: str, doc: Document, pdf: bytes, underline: bool = True) -> list[str]:
    """Every rule on every page; `underline=False` where the renderer, not rapatgen, draws underlines."""
    c = Checked(name, doc, read_pdf(pdf))
    footer_top = c.pages[0].height - doc.page.margin_cm[2] * PT_PER_CM + 1 if c.pages else 0
    check_signatures(c, footer_top)
    check_rows(c)
    check_charts(c)
    check_cells(c)
    check_inset(c)
    check_number_line(c)
    check_attachment_headers(c)
    check_page_furniture(c, footer_top, underline)
    check_typography(c)
    check_breaks(c)
    check_ragged(c)
    check_tails(c, footer_top)
    check_header_pages(c, footer_top)
    check_blank_rows(c, footer_top)
    check_early_breaks(c, footer_top)
    return c.problems


# --- every example --------------------------------------------------------------------
AS_OF = date(2025, 2, 15)
SKIP_DIRS = {".venv", "outputs", "tests", "node_modules", "build", "dist"}


def example_roots(root: Path) -> list[Path]:
    """Every project folder shipped with the repository (a folder holding rapatgen.yaml)."""
    found = []
    for cfg in root.rglob("rapatgen.yaml"):
        rel = cfg.relative_to(root).parts
        if any(p.startswith(".") or p in SKIP_DIRS for p in rel[:-1]):
            continue
        found.append(cfg.parent)
    return sorted(found)


def example_documents(root: Path):
    """(file name, document model) for every document of every example project."""
    from rapatgen.build.compose import compose_meeting
    from rapatgen.build.units import file_name
    from rapatgen.build.tracker import tracker_document
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    for proj_root in example_roots(root):
        project = load_project(proj_root)
        use_project(project.root)  # the project's own wording, as `rapatgen build` does
        meetings = [mf.model for mf in project.meetings]
        ctx = Context(project.config, project.directory, project.root, AS_OF, meetings,
                      [pf.model for pf in project.programmes])
        prefix = "" if proj_root == root else f"{proj_root.relative_to(root)}/"
        for m in meetings:
            docs, _ = compose_meeting(ctx, m)
            for kind, suffix, doc in docs:
                yield prefix + file_name(kind, m.id, suffix, "pdf"), doc
        _, tracker = tracker_document(ctx, meetings)
        if tracker is not None:
            yield prefix + "matriks-tindak-lanjut.pdf", tracker
        from rapatgen.documents.jadwal import compose_jadwal

        for pf in project.programmes:
            yield prefix + f"jadwal-rapat-{pf.model.tahun}.pdf", compose_jadwal(ctx, pf.model, AS_OF)


def readme_report_calls(root: Path) -> list[tuple[Path, list[str]]]:
    """The periodic reports README's first command makes: (project root, arguments after 'rapatgen'),
    e.g. (root, ['laporan', 'lp2kd', '2023', '2024']), ('contoh/kaltim', ['rekap'])."""
    import shlex

    text = (root / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "rapatgen laporan lp2kd" in ln)
    calls = []
    for part in line.split("&&"):
        words = shlex.split(part)
        if words[:1] != ["rapatgen"] or words[1:2] not in (["laporan"], ["rekap"]) or words[1:3] == ["rekap", "impor"]:
            continue
        args, proj = [], root
        it = iter(words[1:])
        for w in it:
            if w == "--proyek":
                proj = root / next(it)
            else:
                args.append(w)
        calls.append((proj, args))
    return calls


def example_reports(root: Path):
    """(file name, document model, formats shipped) of every periodic report README's first command makes:
    the LP2KD of each year, the PPKE Matriks 2 (PDF only) and its cover letter, the kab/kota roll-up —
    made as the command makes them today (an LP2KD signed on 20 January after its year, a PPKE letter
    ten days after its period)."""
    from rapatgen.build.charts import ChartCache
    from rapatgen.check.project import load_project
    from rapatgen.report.lp2kd import file_stem as lp2kd_stem
    from rapatgen.report.lp2kd_run import lp2kd_document
    from rapatgen.report.ppke import file_stem as ppke_stem
    from rapatgen.report.ppke_data import period_of
    from rapatgen.report.ppke_run import ppke_package
    from rapatgen.report.rekap import file_stem as rekap_stem
    from rapatgen.report.rekap_run import rekap_document

    for proj_root, args in readme_report_calls(root):
        project = load_project(proj_root)
        prefix = "" if proj_root == root else f"{proj_root.relative_to(root)}/"
        if args[:2] == ["laporan", "lp2kd"]:
            for year in map(int, args[2:]):
                doc = lp2kd_document(project, year, signed=date(year + 1, 1, 20), charts=ChartCache(None).png)
                yield f"{prefix}laporan/{lp2kd_stem(year)}.pdf", doc, ("docx", "pdf")
        elif args[:2] == ["laporan", "ppke"]:
            year, flag, n = int(args[2]), args[3], int(args[4])
            tw, smt = (n, None) if flag == "--triwulan" else (None, n)
            signed = period_of(year, tw, smt).end + timedelta(days=10)  # sent ten days after the period
            pkg = ppke_package(project, year, tw, smt, signed, max(signed, date.today()))
            yield f"{prefix}laporan/{ppke_stem(pkg.period, 'matriks2')}.pdf", pkg.matriks2(), ("pdf",)
            number = pkg.ctx.pattern_number(1, pkg.signed)
            yield f"{prefix}laporan/{ppke_stem(pkg.period, 'surat-pengantar')}.pdf", pkg.letter(number), ("docx", "pdf")
        elif args[:1] == ["rekap"]:
            doc, r, _, _ = rekap_document(project)
            yield f"{prefix}laporan/{rekap_stem(r)}.pdf", doc, ("docx", "pdf")


# --- issue 19 -----------------------------------------------------------------------------
def footer_text(page: Page, bottom_margin_pt: float) -> str:
    """The words printed below the bottom margin (the page footer), left to right."""
    low = page.height - bottom_margin_pt
    return " ".join(w["text"] for w in sorted(page.words, key=lambda w: (round(w["top"]), w["x0"])) if w["top"] >= low)


def check_bundle(name: str, bundle: bytes, singles: list[bytes], bottom_margin_cm: float) -> list[str]:
    """Rule 19.2: every document inside an archive bundle keeps its own page numbering — each
    page's footer (below the bottom margin) is the footer of the same page in the document's single PDF."""
    problems = []
    pages = read_pdf(bundle)
    margin = bottom_margin_cm * PT_PER_CM
    at = 0
    for n, pdf in enumerate(singles, 1):
        own = read_pdf(pdf)
        for k, page in enumerate(own):
            if at + k >= len(pages):
                problems.append(f"{name}: aturan 19.2: berkas berakhir sebelum dokumen {n} halaman {k + 1}")
                return problems
            want, got = footer_text(page, margin), footer_text(pages[at + k], margin)
            if want != got:
                problems.append(f"{name}: aturan 19.2: halaman {at + k + 1} (dokumen {n} hlm. {k + 1}) bernomor "
                                f"'{got}', dokumennya sendiri '{want}'")
        at += len(own)
    if at != len(pages):
        problems.append(f"{name}: aturan 19.2: {len(pages)} halaman, dokumen-dokumennya {at}")
    return problems


def check_chart_labels(name: str, ind) -> list[str]:
    """Rule 19.5: in an indicator's chart no value label covers another label or a point's marker
    (the region's and the national series' values in the same year)."""
    from rapatgen.documents.grafik import _overlap, label_boxes

    labels, markers = label_boxes(ind)
    problems = []
    for i, (a, box) in enumerate(labels):
        for b, other in labels[i + 1:]:
            if _overlap(box, other, 0):
                problems.append(f"{name}: aturan 19.5: label '{a}' menutupi label '{b}'")
        for series, m in markers:
            if _overlap(box, m, 0):
                problems.append(f"{name}: aturan 19.5: label '{a}' menutupi titik {series}")
    return problems
