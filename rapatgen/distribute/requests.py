"""`rapatgen followup minta`: for each OPD with open items, a request letter (surat
permintaan laporan tindak lanjut) and an XLSX form to report back on.

The letter uses the shared frame of every letter (kop, number, date, signature). The
form has one row per open item: what the secretariat wrote is locked, the OPD fills a
status from a dropdown, a note, evidence and a date. A very hidden sheet carries, per
row, the item id, a fingerprint of the item as it was when the form was issued, and an
HMAC under the project's own key (`.rapatgen/kunci-formulir`), so `followup impor` can
tell a changed item (conflict), a form from another project, and a tampered row apart.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, Paragraph, Section, Signatures, Table,
                                       runs)
from rapatgen.documents.frame import letterhead
from rapatgen.documents.paraf import with_paraf
from rapatgen.documents.typography import finish
from rapatgen.text.errors import UsageError
from rapatgen.resolve.followups import FollowUp
from rapatgen.resolve.context import Context
from rapatgen.text.templating import get_template
from rapatgen.files.atomic import write_atomic

FORM_VERSION = "rapatgen-formulir-tindak-lanjut-1"
KEY_FILE = Path(".rapatgen") / "kunci-formulir"
META_SHEET = "_rapatgen"
FORM_SHEET = "Tindak Lanjut"
FIRST_ROW = 7  # data rows start here (after the title block and the header row)
STATUS_CHOICES = {"Belum Ditindaklanjuti": "belum", "Dalam Proses": "proses", "Selesai": "selesai",
                  "Tidak Dapat Ditindaklanjuti": "tidak_dapat"}
COLUMNS = [("No", 5), ("ID Butir", 30), ("Rapat dan butir", 30), ("Kesepakatan / arahan", 48), ("Batas waktu", 13),
           ("Status per tanggal acuan", 20), ("Status baru (pilih)", 24), ("Catatan perkembangan", 40),
           ("Bukti dukung (nama dokumen / tautan)", 36), ("Tanggal perubahan", 16)]
EDITABLE = range(7, 11)  # 1-based columns G..J


# --- the project's key ----------------------------------------------------------------------
def project_key(root: Path, create: bool) -> bytes | None:
    path = root / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        if not create:
            return None
    key = secrets.token_bytes(32)
    write_atomic(path, key.hex().encode("ascii") + b"\n")
    return key


def project_id(key: bytes) -> str:
    return hmac.new(key, b"proyek", hashlib.sha256).hexdigest()[:20]


def row_seal(key: bytes, opd: str, row: int, item_id: str, fingerprint: str) -> str:
    return hmac.new(key, f"{opd}\x1f{row}\x1f{item_id}\x1f{fingerprint}".encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint(f: FollowUp) -> str:
    """The item as the OPD saw it: text, owner, deadline and its history so far."""
    facts = {"isi": f.item.isi, "pj": f.pj, "batas_waktu": f.batas_waktu.isoformat() if f.batas_waktu else None,
             "riwayat": [[r.tanggal.isoformat(), r.status, r.catatan, list(r.bukti)] for r in f.history]}
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def _source(f: FollowUp) -> str:
    """'Rakor TKPK 14 Desember 2023, arahan nomor 2' (+ the session/member/period of a part)."""
    return f.source_label + (f" ({f.rincian.label})" if f.rincian.label else "")


# --- who gets a letter ------------------------------------------------------------------------
def open_by_opd(items: list[FollowUp], only: str | None = None) -> dict[str, list[FollowUp]]:
    out: dict[str, list[FollowUp]] = {}
    for f in items:
        if f.is_open and (only is None or f.pj == only):
            out.setdefault(f.pj, []).append(f)
    return dict(sorted(out.items()))


# --- the letter ---------------------------------------------------------------------------------
@dataclass
class Request:
    opd: str
    letter: Document
    form: bytes
    form_name: str


def _number(ctx: Context, urut: int | None, day: date) -> str:
    return ctx.pattern_number(urut, day)


def _signer(ctx: Context):
    who = ctx.config.penandatangan.tindak_lanjut or ctx.config.penandatangan.undangan
    if not who:
        raise UsageError("penanda tangan surat permintaan belum ditentukan — isi 'penandatangan: tindak_lanjut: "
                         "<id orang>' di rapatgen.yaml")
    return ctx.signature(who, kapital=True)  # a letter: the jabatan in capitals, as in the undangan


def compose_request(ctx: Context, opd: str, items: list[FollowUp], per: date, letter_day: date, due: date,
                    urut: int | None, form_name: str) -> Document:
    inst = ctx.directory.instansi.get(opd)
    head = inst.kepala if inst and inst.kepala else f"Pimpinan {ctx.institution_name(opd)}"
    org = ctx.config.organisasi.singkatan or ctx.config.organisasi.nama
    kop = ctx.kop(None)
    blocks = [letterhead(ctx, None),
              Paragraph(runs(f"{kop.kota or ctx.config.kota_surat}, {L.tanggal(letter_day)}"), align="right"),
              LabelValue(rows=[("Nomor", [runs(_number(ctx, urut, letter_day))]), ("Sifat", [runs("Penting")]),
                               ("Lampiran", [runs("1 (satu) berkas formulir")]), ("Hal", [runs(HAL)])], label_cm=2.2),
              Paragraph(runs(f"Yth. {head}"), align="left"), Paragraph(runs("di"), align="left"),
              Paragraph(runs("Tempat"), align="left", indent_cm=1.0)]
    opening = get_template("teks/permintaan_pembuka.j2").render(
        organisasi=org, jumlah=L.jumlah_kata(len(items), "butir kesepakatan/arahan"),
        instansi=ctx.institution_name(opd), per=L.tanggal(per))
    blocks.append(Paragraph(runs(" ".join(opening.split())), first_line_cm=1.25, space_before=0.5))
    rows = []
    for i, f in enumerate(items, 1):
        deadline = f.deadline_text()
        rows.append([Cell([runs(f"{i}.")], align="center"), Cell([runs(_source(f))]), Cell([runs(f.item.isi)]),
                     Cell([runs(deadline)], align="center"), Cell([runs(f.label)], align="center")])
    blocks.append(Table([Column("No", 0.7, "center"), Column("Rapat", 2.6), Column("Kesepakatan/Arahan", 4.6),
                         Column("Batas Waktu", 1.9, "center"), Column("Status", 1.8, "center")], rows, font_size=10))
    closing = get_template("teks/permintaan_penutup.j2").render(organisasi=org, formulir=form_name, batas=L.tanggal(due))
    blocks.append(Paragraph(runs(" ".join(closing.split())), first_line_cm=1.25, keep_with_next=True, space_before=0.5))
    blocks.append(Signatures([_signer(ctx)]))
    return finish(with_paraf(ctx, Document("permintaan", f"Permintaan Laporan Tindak Lanjut — {ctx.institution_name(opd)}",
                                           [Section(blocks)], ctx.page_setup())))


# --- the form -------------------------------------------------------------------------------------
def render_form(ctx: Context, key: bytes, opd: str, items: list[FollowUp], per: date, issued: date, due: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from rapatgen.render.xlsxcell import put, put_row
    from rapatgen.render.zipfix import reproducible

    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    org = ctx.config.organisasi.nama
    put(ws, 1, 1, "FORMULIR LAPORAN TINDAK LANJUT HASIL RAPAT").font = Font(bold=True, size=13)
    put(ws, 2, 1, org)
    put(ws, 3, 1, f"Perangkat daerah: {ctx.institution_name(opd)}")
    put(ws, 4, 1, f"Status per {L.tanggal(per)}. Isi kolom berwarna (status baru, catatan, bukti, tanggal), lalu kirim "
                  f"kembali paling lambat {L.tanggal(due)}. Kolom lain terkunci.").alignment = Alignment(wrap_text=False)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_row = FIRST_ROW - 1
    for col, (title, width) in enumerate(COLUMNS, 1):
        cell = put(ws, header_row, col, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    meta = wb.create_sheet(META_SHEET)
    pid = project_id(key)
    put_row(meta, 1, [FORM_VERSION, pid, opd, per.isoformat(), issued.isoformat()])
    for i, f in enumerate(items):
        row = FIRST_ROW + i
        deadline = f.deadline_text(lambda d: d.strftime("%d-%m-%Y"))
        values = [i + 1, f.id, _source(f), f.item.isi, deadline, f.label]
        for cell in put_row(ws, row, values):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
        for col in EDITABLE:
            cell = ws.cell(row=row, column=col)
            cell.protection = Protection(locked=False)
            cell.fill = editable_fill
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=10).number_format = "DD-MM-YYYY"
        fp = fingerprint(f)
        put_row(meta, 2 + i, [row, f.id, fp, row_seal(key, opd, row, f.id, fp)])
    last = FIRST_ROW + max(len(items), 1) - 1
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Status tidak dikenal",
                            error="Pilih salah satu status dari daftar.", promptTitle="Status baru",
                            prompt="Pilih status terbaru butir ini.", showInputMessage=True)
    status.add(f"G{FIRST_ROW}:G{last}")
    when = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                          allow_blank=True, showErrorMessage=True, errorTitle="Tanggal",
                          error="Tulis tanggal perubahan, mis. 28-03-2025.")
    when.add(f"J{FIRST_ROW}:J{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(when)
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    wb.properties.creator = "rapatgen"
    wb.save(buffer)
    return reproducible(buffer.getvalue())


HAL = "Permintaan Laporan Tindak Lanjut Hasil Rapat"


def _numbers(ctx: Context, root: Path, opds: list[str], per: date, letter_day: date, urut: int | None) -> dict:
    """Each OPD's letter number, recorded in the register (buku agenda surat keluar) like every letter:
    `--urut N` numbers by hand from N; else the register gives the next numbers (when penomoran.otomatis)."""
    from rapatgen.build.register import Register

    if urut is None and not ctx.config.penomoran.otomatis:
        return {opd: None for opd in opds}
    out = {}
    with Register.editing(root) as reg:
        for i, opd in enumerate(opds):
            key = f"permintaan-tindak-lanjut-{per.isoformat()}/{opd}"
            document = f"surat permintaan laporan tindak lanjut ({opd})"
            if urut is not None:
                reg.record(key, letter_day, HAL, "", document, _number(ctx, urut + i, letter_day), urut + i)
                out[opd] = urut + i
            else:
                nomor = reg.assign(key, letter_day, HAL, "", document, lambda n: _number(ctx, n, letter_day))
                out[opd] = next(e.urut for e in reg.rows() if e.nomor == nomor)
    return out


def make_requests(ctx: Context, root: Path, items: list[FollowUp], per: date, *, only: str | None, letter_day: date,
                  due: date, urut: int | None, numbered: bool = True) -> list[Request]:
    """`numbered=False` (SRIKANDI gives the number) leaves the register alone."""
    groups = open_by_opd(items, only)
    key = project_key(root, create=bool(groups))
    numbers = _numbers(ctx, root, list(groups), per, letter_day, urut) if numbered and groups else {}
    out = []
    for opd, mine in groups.items():
        form_name = f"formulir-{opd}.xlsx"
        letter = compose_request(ctx, opd, mine, per, letter_day, due, numbers.get(opd), form_name)
        out.append(Request(opd, letter, render_form(ctx, key, opd, mine, per, letter_day, due), form_name))
    return out
