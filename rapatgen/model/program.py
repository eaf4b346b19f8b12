"""The year's programme of a team (`program/<tahun>.yaml`): planned meetings by month.

A planned meeting has a month, not a date, and produces no letters. Once its meeting file
exists, `rapat: <id>` links the two, and the programme shows the meeting's real date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from rapatgen.model.common import MONTHS_ID, Baris, BarisWajib, Id, Model, Tanggal, fail
from rapatgen.model.meeting import JenisRapat, Penandatangan

BULAN_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _parse_month(value: Any) -> str:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not m:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            raise fail(f"bulan '{text}' ditulis sebagai tanggal — rencana cukup bulannya saja: TTTT-BB, "
                       f"mis. {text[:7]}; tanggal pastinya ditulis di berkas rapat")
        raise fail(f"'{text}' bukan bulan — tulis TTTT-BB, mis. 2025-01 untuk Januari 2025")
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise fail(f"bulan '{text}': bulan {month} tidak ada (01–12)")
    return f"{m.group(1)}-{month:02d}"


Bulan = Annotated[str, BeforeValidator(_parse_month),
                  WithJsonSchema({"type": "string", "pattern": BULAN_PATTERN,
                                  "description": "TTTT-BB, mis. 2025-01 (Januari 2025)"})]


def _parse_held(value: Any) -> str:
    """A date (TTTT-BB-HH) or, when only the month is known, a month (TTTT-BB)."""
    from datetime import date

    from rapatgen.model.common import _parse_date

    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return _parse_month(text)
    try:
        return _parse_date(text).isoformat()
    except Exception:
        raise fail(f"'{text}' bukan tanggal atau bulan — tulis TTTT-BB-HH (mis. 2025-01-16), atau TTTT-BB "
                   "bila hanya bulannya yang diketahui") from None


TanggalAtauBulan = Annotated[str, BeforeValidator(_parse_held),
                             WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$",
                                             "description": "TTTT-BB-HH, atau TTTT-BB bila hanya bulannya diketahui"})]


class KegiatanProgram(Model):
    """One planned meeting of the year."""

    bulan: Bulan = Field(description="bulan rencana, TTTT-BB, mis. 2025-01")
    jenis: JenisRapat
    judul: BarisWajib = Field(description="mis. Rapat Penyusunan Jadwal Kegiatan TKPK Tahun 2025")
    ket: str | None = Field(None, description="keterangan, mis. bahan: LP2KD tahun lalu")
    rapat: Id | None = Field(None, description="id berkas rapat di agendas/ bila rapatnya sudah dibuat")
    terlaksana: TanggalAtauBulan | None = Field(
        None, description="tanggal (atau bulan) terlaksana bila rapatnya tidak punya berkas di proyek ini "
                          "(mis. sebelum memakai rapatgen)")
    status: Literal["ditunda", "batal"] | None = Field(None, description="hanya bila rencana ini ditunda atau batal")

    @model_validator(mode="after")
    def _one_source_of_date(self):
        if self.rapat and self.terlaksana:
            raise fail("isi 'rapat' (id berkas rapat) atau 'terlaksana' (tanggal), bukan keduanya — tanggal rapat "
                       "yang punya berkas diambil dari berkas itu")
        if self.status and self.terlaksana:
            raise fail(f"rencana yang '{self.status}' tidak punya tanggal terlaksana — hapus salah satunya")
        return self

    @property
    def year(self) -> int:
        return int(self.bulan[:4])

    @property
    def month(self) -> int:
        return int(self.bulan[5:7])

    @property
    def month_name(self) -> str:
        return MONTHS_ID[self.month - 1]


class ProgramTahunan(Model):
    """The whole `program/<tahun>.yaml`."""

    tahun: int = Field(ge=2000, le=2100, description="tahun program, mis. 2025")
    judul: Baris | None = Field(None, description="bawaan: Jadwal Rapat Koordinasi <tim> Tahun <tahun>")
    kop: Id | None = Field(None, description="id profil kop; bawaan: kop_bawaan")
    tanggal: Tanggal | None = Field(None, description="tanggal jadwal ditetapkan (dicetak di bawah judul)")
    penandatangan: Penandatangan | None = Field(None, description="bawaan: penandatangan.undangan di rapatgen.yaml")
    kegiatan: list[KegiatanProgram] = Field(min_length=1, description="rapat yang direncanakan, urut bulan")


@dataclass
class ProgramFile:
    model: ProgramTahunan
    path: Path
    digest: str = ""  # sha256 of the file's text, for the incremental build
