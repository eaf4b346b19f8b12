"""The document model: a short list of layout blocks that both backends render.

Compose modules build these from a resolved meeting; `render/docx.py` and
`render/pdf.py` each turn them into bytes. Every block is handled by every backend
(tested as a grid in tests/test_blocks.py). Text is always plain text here: a backend
escapes it for its own format, so nothing from YAML can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, Union

Align = Literal["left", "center", "right", "justify"]


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


Inline = list[Run]


def runs(*parts: str | Run) -> Inline:
    return [p if isinstance(p, Run) else Run(p) for p in parts]


@dataclass
class Paragraph:
    content: Inline
    align: Align = "justify"
    indent_cm: float = 0.0
    first_line_cm: float = 0.0
    size: float | None = None
    space_before: float = 0.0  # in lines
    keep_with_next: bool = False


@dataclass
class Title:
    """Centred bold heading (DAFTAR HADIR, NOTULA …) with optional lines below."""

    text: str
    subtitle: list[str] = field(default_factory=list)
    underline: bool = False


@dataclass
class Letterhead:
    """Kop surat: logo left, centred lines, address, closing double rule."""

    lines: list[str]
    address_lines: list[str]
    logo: Path | None
    centred_emblem: bool = False  # kop kepala daerah: emblem centred above the lines


@dataclass
class LabelValue:
    """Aligned 'label : value' rows; a value may hold several paragraphs or a numbered list."""

    rows: list[tuple[str, list[Inline]]]
    indent_cm: float = 0.0
    label_cm: float = 3.5
    numbered_values: bool = False


@dataclass
class ListItem:
    content: Inline
    children: list["Block"] = field(default_factory=list)


@dataclass
class NumberedList:
    items: list[ListItem]
    style: Literal["1.", "a.", "1)", "-"] = "1."
    indent_cm: float = 0.0
    start: int = 1  # the first item's number: a Markdown list that goes on after a table ("3.")


@dataclass
class Cell:
    content: list[Inline]
    colspan: int = 1
    align: Align = "left"
    bold: bool = False


@dataclass
class Column:
    title: str
    width: float  # relative width
    align: Align = "left"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    row_kinds: list[Literal["body", "group", "subtotal", "total"]] = field(default_factory=list)
    font_size: float | None = None
    signature_column: int | None = None  # staggered numbering in this column
    min_row_height_cm: float | None = None
    width_cm: float | None = None  # a narrow table at the left (the paraf koordinasi); None: the full text width
    # the last `blank_rows` rows are blank, for those who come unannounced (a daftar hadir); never
    # fewer than `blank_minimum` (rows the project asked for: jumlah_peserta). render.pdf.fit counts
    # them to fill the page they start on and sets `blank_together`: they and the row above them
    # (and the signature after the table) stay on one page, so they never begin one
    blank_rows: int = 0
    blank_minimum: int = 0
    blank_together: bool = False
    # set by render.pdf.fit when a table of at most five rows and its signature cannot follow the
    # kop and title on one page even set tight: it splits, its last rows going with the signature
    split_ok: bool = False

    def kind(self, i: int) -> str:
        return self.row_kinds[i] if i < len(self.row_kinds) else "body"


@dataclass
class SignatureBlock:
    lines_above: list[str]  # place/date, "Mengetahui,", "a.n. BUPATI …", jabatan,
    name: str
    below: list[str] = field(default_factory=list)  # pangkat, NIP
    space_text: str | None = None  # text at the top of the signature space (SRIKANDI's ${ttd_pengirim})
    space_cm: float | None = None  # height of the signature space; None: the usual one


@dataclass
class Signatures:
    """One block at the right, or several side by side."""

    blocks: list[SignatureBlock]
    paraf: "Table | None" = None  # paraf koordinasi, at the left of a single block, level with its foot


@dataclass
class AttachmentHeader:
    """Top-right block of a lampiran page: LAMPIRAN … / NOMOR : … / TANGGAL : …"""

    title: str
    rows: list[tuple[str, str]]


@dataclass
class PageBreak:
    pass


@dataclass
class Spacer:
    lines: float = 1.0


@dataclass
class Image:
    """A picture centred on the page (an indicator's chart): both backends embed these very
    PNG bytes, so the DOCX and the PDF show the same picture; a caption line may follow."""

    png: bytes
    width_cm: float
    caption: str = ""
    alt: str = ""  # description for screen readers (Word's alt text, PDF's /Alt)


Block = Union[Paragraph, Title, Letterhead, LabelValue, NumberedList, Table, Signatures,
              AttachmentHeader, PageBreak, Spacer, Image]


@dataclass
class Section:
    """Pages with one paper orientation; a landscape matrix is its own section."""

    blocks: list[Block]
    landscape: bool = False
    restart_numbering: bool = False


@dataclass
class PageSetup:
    width_mm: float
    height_mm: float
    margin_cm: tuple[float, float, float, float]  # top, right, bottom, left
    font_name: str
    font_size: float
    line_spacing: float


@dataclass
class Document:
    kind: str  # undangan, daftar-hadir, notulen, berita-acara, rencana-aksi, tindak-lanjut
    title: str
    sections: list[Section]
    page: PageSetup
    page_of_pages: bool = False  # "Halaman X dari Y" on every page, Y counted per section
    author: str = ""  # the unit that issues it (metadata)
    issued: date | None = None  # the document's own date (metadata, reproducible)
    footer_note: str = ""  # small italic line at the foot of every page, above the page number (SRIKANDI's BSrE)

    def text_blocks(self):
        for s in self.sections:
            yield from s.blocks
