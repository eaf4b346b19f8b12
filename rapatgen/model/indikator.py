"""Indicator figures presented at a meeting: periods, values as written, counts, targets.

A value keeps the precision the user wrote (`6.10` prints "6,10%", `3` prints "3%"):
the reader hands floats over with their source text (`load.yamlfile.WrittenFloat`) and
they become `Decimal`s here. Changes between periods are computed, never typed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema, field_validator, model_validator

from rapatgen.model.common import MONTHS_ID, Baris, Model, Teks, fail

YEAR_MIN, YEAR_MAX = 1900, 2100


# --- period ------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Periode:
    """A year ('2024') or a month of a year ('Maret 2024'); BPS publishes March and September."""

    tahun: int
    bulan: int = 0  # 0 = the whole year

    @property
    def label(self) -> str:
        return f"{MONTHS_ID[self.bulan - 1]} {self.tahun}" if self.bulan else str(self.tahun)

    @property
    def x(self) -> float:
        """Position on a time axis, in years."""
        return self.tahun + ((self.bulan - 1) / 12 if self.bulan else 0.0)

    def __str__(self) -> str:
        return f"{self.tahun}-{self.bulan:02d}" if self.bulan else str(self.tahun)


_MONTHS = "|".join(MONTHS_ID)
PERIODE_PATTERN = rf"^(\d{{4}}|\d{{4}}-(0?[1-9]|1[0-2])|({_MONTHS}) \d{{4}})$"
_EXAMPLE = "tulis TTTT-BB, mis. 2024-03 untuk Maret 2024, atau tahunnya saja, mis. 2024"


def _year(y: int, text: str) -> int:
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise fail(f"periode '{text}': tahun {y} di luar {YEAR_MIN}–{YEAR_MAX}")
    return y


def _parse_periode(value: Any) -> Periode:
    if isinstance(value, Periode):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise fail(f"periode '{value}' tidak dikenal — {_EXAMPLE}")
    if isinstance(value, int):
        return Periode(_year(value, str(value)))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return Periode(_year(int(text), text))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise fail(f"periode '{text}': bulan {mo} tidak ada (01–12) — {_EXAMPLE}")
        return Periode(_year(y, text), mo)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise fail(f"periode '{text}' cukup tahun dan bulan: {text[:7]}")
    m = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", text)
    if m:
        name = m.group(1).capitalize()
        if name in MONTHS_ID and m.group(1) != name:
            raise fail(f"periode '{text}': tulis nama bulan dengan huruf kapital, '{name} {m.group(2)}', "
                       f"atau {m.group(2)}-{MONTHS_ID.index(name) + 1:02d}")
        if name in MONTHS_ID:
            return Periode(_year(int(m.group(2)), text), MONTHS_ID.index(name) + 1)
    raise fail(f"periode '{text}' tidak dikenal — {_EXAMPLE}")


def parse_periode(value: Any) -> Periode:
    """A period as users and exports write it ('2024', '2024-03', 'Maret 2024'); ValueError if it is none."""
    return _parse_periode(value)


PeriodeField = Annotated[
    Periode, BeforeValidator(_parse_periode), PlainSerializer(str, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
                              {"type": "string", "pattern": PERIODE_PATTERN}],
                    "description": "tahun (2024) atau tahun-bulan (2024-03 = Maret 2024); "
                                   "'Maret 2024' juga boleh"})]


# --- numbers as written ------------------------------------------------------------
NILAI_PATTERN = r"^-?\d+(\.\d+)?$"


def _comma_hint(text: str) -> str:
    return (f"angka '{text}' memakai koma — di YAML pakai titik desimal: {text.replace(',', '.')} "
            f"(dokumen tetap mencetak {text})")


def _parse_nilai(value: Any) -> Decimal:
    """A number exactly as written: 6.10 keeps two decimals, 3 keeps none."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise fail("harus berupa angka, mis. 5.78")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise fail(f"'{value}' bukan angka yang dapat dicetak")
        text = getattr(value, "written", None) or repr(value)
        try:
            number = Decimal(text.lstrip("+"))
        except InvalidOperation:
            number = Decimal(repr(float(value)))
        return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number
    text = str(value).strip()
    if re.fullmatch(r"-?\d+,\d+", text):
        raise fail(_comma_hint(text))
    if text.endswith("%"):
        raise fail(f"tulis angkanya tanpa tanda %: {text.rstrip('%').strip().replace(',', '.')} "
                   "(satuan 'persen' sudah mencetak %)")
    if re.fullmatch(NILAI_PATTERN, text):
        return Decimal(text)
    raise fail(f"'{text}' bukan angka — tulis dengan titik desimal, mis. 5.78")


Nilai = Annotated[
    Decimal, BeforeValidator(_parse_nilai), PlainSerializer(str, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NILAI_PATTERN}],
                    "description": "angka dengan titik desimal, mis. 5.78; ketelitian yang ditulis "
                                   "dipertahankan (6.10 dicetak 6,10%, 3 dicetak 3%)"})]


def _parse_jumlah(value: Any) -> int:
    if isinstance(value, bool):
        raise fail("jumlah harus bilangan bulat, mis. 221340")
    if isinstance(value, int):
        if value < 0:
            raise fail("jumlah tidak boleh negatif")
        return value
    written = getattr(value, "written", None) if isinstance(value, float) else str(value).strip()
    if written and re.fullmatch(r"\d{1,3}([.,]\d{3})+", written):
        raise fail(f"jumlah '{written}' memakai titik/koma ribuan — tulis tanpa pemisah: "
                   f"{re.sub(r'[.,]', '', written)} (dokumen tetap mencetak {written.replace(',', '.')})")
    raise fail(f"jumlah '{written or value}' harus bilangan bulat, mis. 221340")


Jumlah = Annotated[int, BeforeValidator(_parse_jumlah),
                   WithJsonSchema({"type": "integer", "minimum": 0,
                                   "description": "jumlah absolut tanpa titik ribuan, mis. 221340 (dicetak 221.340)"})]


def split_by_flow_comma(mapping: Any) -> str | None:
    """'5,85' when YAML read `{2023: 5,85}` as {2023: 5, 85: null}: the comma split the number."""
    if not isinstance(mapping, dict):
        return None
    previous = None
    for key, value in mapping.items():
        if value is None and isinstance(key, int) and not isinstance(key, bool) and isinstance(previous, int) \
                and not isinstance(previous, bool):
            return f"{previous},{key}"
        previous = value
    return None


class _FlowMapping(Model):
    """A mapping often written in flow style, where `{nilai: 5,85}` splits at the comma."""

    @model_validator(mode="before")
    @classmethod
    def _flow_comma(cls, value):
        split = split_by_flow_comma(value)
        if split:
            raise fail(_comma_hint(split))
        return value


# --- the figures -------------------------------------------------------------------
class DataIndikator(_FlowMapping):
    """One published figure: a period, the value, and for a rate the absolute count."""

    periode: PeriodeField
    nilai: Nilai = Field(description="nilai indikator pada periode itu, mis. 5.78 (persen)")
    jumlah: Jumlah | None = Field(None, description="jumlah absolut yang setara, mis. 221340 jiwa penduduk miskin; "
                                                    "satuannya 'satuan_jumlah' indikator")
    catatan: Baris | None = Field(None, description="keterangan angka ini, dicetak di sampingnya, mis. angka sementara, "
                                                  "dihitung, proyeksi")


class Target(_FlowMapping):
    """A target for a year from a planning document; one value or a range (dari–sampai)."""

    tahun: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description="tahun target, mis. 2026")
    nilai: Nilai | None = Field(None, description="target satu angka, mis. 5.20")
    dari: Nilai | None = Field(None, description="batas bawah target rentang, mis. 10.5")
    sampai: Nilai | None = Field(None, description="batas atas target rentang, mis. 11.2")
    sumber: str | None = Field(None, description="dokumen asal target: RPJMD, RPKD, RKPD, RPJMN, …")

    @model_validator(mode="after")
    def _one_or_range(self):
        ranged = self.dari is not None or self.sampai is not None
        if self.nilai is not None and ranged:
            raise fail("target berisi 'nilai' (satu angka) atau 'dari' dan 'sampai' (rentang), bukan keduanya")
        if self.nilai is None and not ranged:
            raise fail("target perlu 'nilai', mis. {tahun: 2026, nilai: 5.20, sumber: RPJMD}, "
                       "atau rentang 'dari' dan 'sampai', mis. {tahun: 2025, dari: 10.5, sampai: 11.2}")
        if ranged and (self.dari is None or self.sampai is None):
            raise fail("target rentang perlu 'dari' dan 'sampai'")
        if ranged and self.dari >= self.sampai:
            raise fail(f"target rentang: 'dari' ({self.dari}) harus lebih kecil dari 'sampai' ({self.sampai})")
        return self


class _Deret(Model):
    """Shared by an indicator and its comparisons: figures per period, in time order."""

    data: list[DataIndikator] = Field(
        default_factory=list,
        description="nilai per periode, mis. [{periode: 2023-03, nilai: 6.11, jumlah: 231070}, …]; "
                    "perubahan antarperiode dihitung otomatis. Bentuk lama 'seri: {2023: 6.11}' juga diterima")

    seri: dict[int, Nilai] | None = Field(
        None, exclude=True,
        description="bentuk lama: nilai per tahun, mis. {2023: 6.11, 2024: 5.78}; untuk periode bulan dan "
                    "jumlah pakai 'data'")

    @field_validator("seri", mode="before")
    @classmethod
    def _comma_in_years(cls, value):
        split = split_by_flow_comma(value)
        if split:
            raise fail(_comma_hint(split))
        for year in value if isinstance(value, dict) else ():
            if isinstance(year, int) and not YEAR_MIN <= year <= YEAR_MAX:
                raise fail(f"seri: tahun {year} di luar {YEAR_MIN}–{YEAR_MAX}")
        return value

    @model_validator(mode="after")
    def _older_form(self):
        """`seri: {2023: 6.11}` becomes `data: [{periode: 2023, nilai: 6.11}]`."""
        if self.seri is None:
            return self
        if self.data:
            raise fail("pakai salah satu: 'data' (periode, nilai, jumlah) atau 'seri' (nilai per tahun), bukan keduanya")
        self.data = self._in_time_order([DataIndikator(periode=y, nilai=v) for y, v in self.seri.items()])
        return self

    @field_validator("data")
    @classmethod
    def _in_time_order(cls, data: list[DataIndikator]) -> list[DataIndikator]:
        seen = set()
        for d in data:
            if d.periode in seen:
                raise fail(f"periode {d.periode.label} ditulis dua kali")
            seen.add(d.periode)
        return sorted(data, key=lambda d: d.periode)

    def at(self, periode: Periode) -> DataIndikator | None:
        return next((d for d in self.data if d.periode == periode), None)


class Pembanding(_Deret):
    """The same indicator for another region (province, nation) to print side by side."""

    wilayah: Teks = Field(description="mis. Provinsi Bali, Nasional")

    @model_validator(mode="after")
    def _has_data(self):
        if not self.data:
            raise fail(f"pembanding {self.wilayah} perlu 'data', mis. [{{periode: 2024-03, nilai: 9.03}}]")
        return self


Satuan = Literal["persen", "jiwa", "KK", "rumah tangga", "indeks", "rupiah"] | str

# The poverty measures BPS publishes, by name: (nama bawaan, satuan)
JENIS: dict[str, tuple[str, str]] = {
    "p0": ("Persentase penduduk miskin", "persen"),
    "p1": ("Indeks kedalaman kemiskinan (P1)", "indeks"),
    "p2": ("Indeks keparahan kemiskinan (P2)", "indeks"),
    "miskin_ekstrem": ("Persentase penduduk miskin ekstrem", "persen"),
    "jumlah_miskin": ("Jumlah penduduk miskin", "jiwa"),
    "garis_kemiskinan": ("Garis kemiskinan (rupiah/kapita/bulan)", "rupiah"),
}
JenisIndikator = Literal["p0", "p1", "p2", "miskin_ekstrem", "jumlah_miskin", "garis_kemiskinan"]


class RincianWilayah(_Deret):
    """The same indicator for one part of the region: a kab/kota of a province, a kecamatan of a kabupaten."""

    wilayah: Teks = Field(description="mis. Kota Samarinda, Kecamatan Gerokgak")

    @model_validator(mode="after")
    def _has_data(self):
        if not self.data:
            raise fail(f"rincian {self.wilayah} perlu 'data', mis. [{{periode: 2024-03, nilai: 6.10}}]")
        return self


class Indikator(_Deret):
    """An indicator presented at the meeting, for the notulen's "Data yang disampaikan"."""

    jenis: JenisIndikator | None = Field(
        None, description="ukuran kemiskinan baku: p0 (persentase penduduk miskin, persen), p1 (indeks kedalaman, "
                          "indeks), p2 (indeks keparahan, indeks), miskin_ekstrem (persen), jumlah_miskin (jiwa), "
                          "garis_kemiskinan (rupiah); mengisi nama dan satuan bawaan")
    # filled from 'jenis' when not written (_from_kind); required otherwise
    nama: Teks = Field(None, description="mis. Persentase penduduk miskin; bawaan dari 'jenis'")
    satuan: Satuan = Field("persen", description="persen, jiwa, KK, rumah tangga, indeks, rupiah, atau satuan lain; "
                                                 "bawaan dari 'jenis'")
    satuan_jumlah: str = Field("jiwa", description="satuan 'jumlah' pada data, mis. jiwa, KK, rumah tangga")
    wilayah: Teks = Field(description="wilayah yang diukur, mis. Provinsi Kalimantan Timur")
    sumber: str | None = Field(None, description="sumber data, mis. BPS (Susenas Maret)")
    target: list[Target] = Field(
        default_factory=list,
        description="target per tahun dengan dokumen asalnya, mis. [{tahun: 2026, nilai: 5.20, sumber: RPJMD}, "
                    "{tahun: 2025, dari: 10.5, sampai: 11.2, sumber: RKPD}]")
    pembanding: list[Pembanding] = Field(
        default_factory=list,
        description="wilayah pembanding yang dicetak berdampingan, mis. [{wilayah: Nasional, "
                    "data: [{periode: 2024-03, nilai: 9.03}]}]")
    per_wilayah: list[RincianWilayah] = Field(
        default_factory=list,
        description="rincian menurut wilayah di bawahnya (kab/kota atau kecamatan), mis. [{wilayah: Kota Samarinda, "
                    "data: [{periode: 2024-03, nilai: 4.50}]}]; dicetak sebagai tabel")
    grafik: bool | None = Field(None, description="grafik di notulen; bawaan: ada bila data sedikitnya dua periode")

    @model_validator(mode="before")
    @classmethod
    def _from_kind(cls, value):
        if not isinstance(value, dict) or value.get("jenis") not in JENIS:
            if isinstance(value, dict) and "nama" not in value and value.get("jenis") is None:
                raise fail("indikator perlu 'nama', mis. nama: Persentase penduduk miskin, atau 'jenis' (p0, p1, p2, "
                           "miskin_ekstrem, jumlah_miskin, garis_kemiskinan)")
            return value
        name, unit = JENIS[value["jenis"]]
        written = value.get("satuan")
        if written is not None and written != unit:
            raise fail(f"indikator jenis {value['jenis']} bersatuan {unit}, bukan {written} — hapus 'satuan' "
                       f"(terisi otomatis), atau hapus 'jenis' bila ini ukuran lain")
        value = dict(value)
        value.setdefault("nama", name)
        value["satuan"] = unit
        return value

    @field_validator("target", mode="before")
    @classmethod
    def _targets_by_year(cls, value):
        """The older form `target: {2026: 3}`."""
        if isinstance(value, dict) and "tahun" not in value:
            split = split_by_flow_comma(value)
            if split:
                raise fail(_comma_hint(split))
            return [{"tahun": year, "nilai": number} for year, number in value.items()]
        return value

    @model_validator(mode="after")
    def _figures(self):
        if not self.data and not self.target:
            raise fail("indikator perlu 'data', mis. [{periode: 2024-03, nilai: 5.78}], atau sedikitnya satu "
                       "'target' bila angkanya belum ada, mis. [{tahun: 2026, nilai: 0, sumber: RPJMD}]")
        if not self.data and (self.pembanding or self.grafik):
            raise fail("indikator tanpa 'data' (target saja) tidak punya " +
                       ("'pembanding' — isi 'data' wilayah ini dulu" if self.pembanding else "grafik — hapus 'grafik'"))
        if self.satuan != "persen" and any(d.jumlah is not None for r in (self, *self.per_wilayah) for d in r.data):
            raise fail(f"'jumlah' hanya untuk indikator bersatuan persen (jumlah absolut yang setara); "
                       f"indikator ini bersatuan {self.satuan}")
        years = [t.tahun for t in self.target]
        for year in years:
            if years.count(year) > 1 and len({t.sumber for t in self.target if t.tahun == year}) == 1:
                raise fail(f"target tahun {year} ditulis dua kali dengan sumber yang sama")
        return self

    @property
    def terakhir(self) -> DataIndikator | None:
        """The latest figure; None for a target-only indicator."""
        return self.data[-1] if self.data else None

    @property
    def sebelumnya(self) -> DataIndikator | None:
        return self.data[-2] if len(self.data) > 1 else None

    def perlu_grafik(self) -> bool:
        return self.grafik if self.grafik is not None else len(self.data) >= 2


class IndikatorProyek(Model):
    """The project's own indicator series (`indikator.yaml`), beside those presented at meetings:
    figures the secretariat keeps for the yearly report (BPS releases, targets of planning documents)."""

    indikator: list[Indikator] = Field(
        min_length=1, description="indikator kemiskinan daerah, bentuknya sama dengan 'indikator' di berkas rapat")
