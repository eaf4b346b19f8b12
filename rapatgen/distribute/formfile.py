"""Open a returned follow-up form (`followup impor`) without trusting a byte of it.

The file comes back from outside: before openpyxl parses anything, the bytes are checked
as a zip — size on disk, number of parts, each part's and the total unpacked size (from
the zip's own directory: Python's zipfile never inflates a part beyond its declared size,
and a part that lies fails its CRC, which is checked here too), no encryption, no
duplicate part names, no DTD or entity declaration in any part (entity bombs) and no XML
in an encoding other than UTF-8 (where such a declaration could hide). An old .xls, a
CSV, a text file or a damaged zip each get their own message. openpyxl then reads the
workbook twice in read-only (streaming) mode: once for the values Excel saved, once to
see which fill-in cells hold a formula. Every failure is a `BadForm` naming the file.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from rapatgen.distribute.requests import FIRST_ROW, FORM_SHEET, META_SHEET
from rapatgen.text.errors import RapatgenError

MAX_FILE_BYTES = 10 * 1024 * 1024  # a form of 500 items is ~100 KB
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 500
MAX_ROWS = 10_000  # sealed rows (items) in one form
COLUMNS = 10
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an .xlsx saved with a password
# first bytes of XML in another encoding than UTF-8 (XML 1.0, appendix F): UTF-16/32 with or without BOM, EBCDIC
FOREIGN_XML = (b"\xfe\xff", b"\xff\xfe", b"\x00\x00\x00<", b"<\x00\x00\x00", b"\x00<\x00?", b"<\x00?\x00",
               b"\x4c\x6f\xa7\x94")
DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']*)[\"']")
HINT = "kirim berkas .xlsx formulir dari 'rapatgen followup minta' (diisi dan disimpan sebagai .xlsx)"


class BadForm(RapatgenError):
    """The file cannot be read as one of rapatgen's forms; nothing is recorded from it."""


@dataclass
class FormFile:
    path: Path
    head: tuple  # the hidden sheet's first row: version, project, OPD, per, issued
    sealed: list[tuple]  # the hidden sheet's further rows: form row, item id, fingerprint, seal
    values: dict[int, tuple] = field(default_factory=dict)  # form row -> its 10 cells as Excel saved them
    formulas: dict[int, set[int]] = field(default_factory=dict)  # form row -> columns holding a formula


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _kind(head: bytes) -> str:
    """What a file that is not a zip seems to be, for the message."""
    if head.startswith(OLE):
        return ("ini berkas Excel lama (.xls) atau berkas Excel yang dilindungi kata sandi: buka di Excel/LibreOffice, "
                "hapus kata sandinya bila ada, lalu simpan sebagai .xlsx (Excel Workbook)")
    if not head.strip():
        return "berkasnya kosong"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "isinya bukan berkas .xlsx"
    if b"," in head or b";" in head or b"\t" in head:
        return "ini berkas teks/CSV: isi formulir .xlsx aslinya, jangan diekspor ke CSV"
    return "ini berkas teks"


def check_zip(name: str, data: bytes) -> None:
    """Refuse, before any XML is parsed, a zip that is damaged, too big unpacked, or carries a DTD."""
    if not data.startswith(b"PK\x03\x04"):
        raise BadForm(f"{name} tidak dapat dibuka sebagai berkas Excel .xlsx — {_kind(data[:2048])}; {HINT}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = [i.filename for i in infos]
            if len(infos) > MAX_PARTS:
                raise BadForm(f"{name}: berisi {len(infos)} bagian (paling banyak {MAX_PARTS}) — bukan formulir "
                              f"rapatgen; {HINT}")
            if len(set(names)) != len(names):
                raise BadForm(f"{name}: nama bagian di dalam berkas ganda — berkas dirusak atau diubah; {HINT}")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                raise BadForm(f"{name}: isinya {_mb(unpacked)} bila dibuka (paling banyak {_mb(MAX_UNPACKED_BYTES)})"
                              f" — bukan formulir rapatgen (mungkin bom zip); {HINT}")
            for info in infos:
                if info.flag_bits & 0x1:
                    raise BadForm(f"{name}: bagian {info.filename} terenkripsi — simpan formulir tanpa kata sandi")
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise BadForm(f"{name}: bagian {info.filename} dimampatkan dengan cara yang tidak dipakai Excel "
                                  f"— {HINT}")
            for info in infos:
                part = z.read(info)  # checks the CRC; never more than the declared size
                _check_part(name, info.filename, part)
    except BadForm:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted zip is this one message
        raise BadForm(f"{name}: berkas .xlsx rusak atau tidak utuh ({_reason(exc)}) — simpan ulang formulirnya "
                      f"di Excel/LibreOffice atau minta kiriman ulang; {HINT}") from None


def _check_part(name: str, part_name: str, part: bytes) -> None:
    if part.startswith(FOREIGN_XML):
        raise BadForm(f"{name}: bagian {part_name} bukan XML UTF-8 — berkas bukan buatan Excel/LibreOffice; {HINT}")
    declared = DECLARED_ENCODING.match(part[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise BadForm(f"{name}: bagian {part_name} memakai pengodean {declared.group(1).decode('ascii', 'replace')}"
                      f", bukan UTF-8 — berkas bukan buatan Excel/LibreOffice; {HINT}")
    if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
        raise BadForm(f"{name}: bagian {part_name} memuat deklarasi DTD/entitas (pola bom XML) — berkas ditolak; "
                      f"{HINT}")


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def read_form_file(path: Path) -> FormFile:
    """The form's hidden sheet and its fill-in rows; `BadForm` for anything else."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadForm(f"{name}: {_mb(size)} (paling banyak {_mb(MAX_FILE_BYTES)}) — bukan formulir rapatgen; {HINT}")
        data = path.read_bytes()
    except OSError as exc:
        raise BadForm(f"{name}: tidak dapat dibaca ({exc.strerror or exc.__class__.__name__})") from None
    check_zip(name, data)
    try:
        with warnings.catch_warnings():  # openpyxl's English warnings (a date out of range, an extension) stay quiet
            warnings.simplefilter("ignore")
            form = _read(path, data, data_only=True)
            form.formulas = _read(path, data, data_only=False, rows=set(form.values)).formulas
    except BadForm:
        raise
    except Exception as exc:  # noqa: BLE001 - the zip is sound and bounded; its XML still comes from outside
        raise BadForm(f"{name}: isi berkas .xlsx rusak dan tidak dapat dibaca ({_reason(exc)}) — simpan ulang "
                      f"formulirnya di Excel/LibreOffice atau minta kiriman ulang; {HINT}") from None
    return form


def _read(path: Path, data: bytes, data_only: bool, rows: set[int] | None = None) -> FormFile:
    from openpyxl import load_workbook

    name = path.name
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    try:
        if META_SHEET not in wb.sheetnames or FORM_SHEET not in wb.sheetnames:
            raise BadForm(f"{name}: bukan formulir tindak lanjut rapatgen (lembar penandanya tidak ada); {HINT}")
        meta = list(wb[META_SHEET].iter_rows(max_row=MAX_ROWS + 2, max_col=6, values_only=True))
        while meta and all(v is None for v in meta[-1]):
            meta.pop()
        if len(meta) > MAX_ROWS + 1:
            raise BadForm(f"{name}: lembar penanda memuat lebih dari {MAX_ROWS} baris — bukan formulir rapatgen")
        head = meta[0] if meta else ()
        form = FormFile(path, tuple(head), [tuple(r) for r in meta[1:]])
        wanted = rows if rows is not None else _sealed_rows(form)
        if wanted:
            ws = wb[FORM_SHEET]
            for number, cells in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_row=max(wanted), max_col=COLUMNS),
                                           FIRST_ROW):
                if number not in wanted:
                    continue
                cells = list(cells) + [None] * (COLUMNS - len(cells))
                form.values[number] = tuple(getattr(c, "value", None) for c in cells)
                found = {col for col, c in enumerate(cells, 1) if getattr(c, "data_type", None) == "f"}
                if found:
                    form.formulas[number] = found
        return form
    finally:
        wb.close()


def _sealed_rows(form: FormFile) -> set[int]:
    """The form rows the hidden sheet names (only whole numbers in range; the rest is judged by the caller)."""
    out = set()
    for sealed in form.sealed:
        row = sealed[0] if sealed else None
        if isinstance(row, int) and not isinstance(row, bool) and FIRST_ROW <= row < FIRST_ROW + MAX_ROWS:
            out.add(row)
    return out
