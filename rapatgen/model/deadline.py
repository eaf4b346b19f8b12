"""Deadlines as people say them: a date, "2 minggu setelah sesi", or a recurring commitment.

- `batas_waktu: 2025-02-28` — a date.
- `batas_waktu: "2 minggu setelah sesi"` (also "dua minggu", "seminggu", "30 hari",
  "1 bulan"; "setelah rapat") — resolved against the meeting: after the last day for one
  meeting; for a series (`rangkaian: true`) "setelah sesi" gives one deadline per session.
- `berulang: {setiap: triwulan, bulan: [Januari, April, Juli, Oktober], tahun: 2025}` —
  one tracked occurrence per listed month, due on `tanggal` (day of month; default the
  month's last day).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from rapatgen.model.common import MONTHS_ID, Model, _parse_date, fail

NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
                "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12}
UNITS = ("hari", "minggu", "bulan")
_NUMBER = "|".join(["[1-9][0-9]*"] + sorted(NUMBER_WORDS, key=len, reverse=True))
RELATIVE_RE = re.compile(rf"^(?:({_NUMBER}) (hari|minggu|bulan)|se(hari|minggu|bulan)) (?:setelah|sesudah) (sesi|rapat)$")
# the same language for editors (JSON Schema, ECMA regex): what one accepts the other accepts
RELATIVE_PATTERN = RELATIVE_RE.pattern
RELATIVE_HINT = ('tulis tanggal (mis. 2025-03-14) atau jangka waktu setelah rapat/sesi, '
                 'mis. "2 minggu setelah sesi", "dua minggu setelah sesi", "30 hari setelah rapat", "1 bulan setelah rapat" '
                 '(tanpa tanggal: "segera")')


# ten years: every deadline counted from a meeting (DATE_MIN–DATE_MAX) stays a date every format can hold
JANGKA_MAX = {"hari": 3660, "minggu": 522, "bulan": 120}


def add_months(d: date, n: int) -> date:
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


class Jangka(Model):
    """A deadline counted from the meeting ("setelah rapat") or from each session ("setelah sesi")."""

    model_config = {**Model.model_config, "frozen": True}

    jumlah: int = Field(ge=1)
    satuan: Literal["hari", "minggu", "bulan"]
    acuan: Literal["sesi", "rapat"]

    def after(self, day: date) -> date:
        if self.satuan == "hari":
            return day + timedelta(days=self.jumlah)
        if self.satuan == "minggu":
            return day + timedelta(weeks=self.jumlah)
        return add_months(day, self.jumlah)

    @property
    def teks(self) -> str:
        """'2 minggu setelah sesi' — how the documents say it."""
        return f"{self.jumlah} {self.satuan} setelah {self.acuan}"


def _parse_deadline(value: Any) -> date | Jangka:
    if isinstance(value, (date, Jangka)):
        return value
    if isinstance(value, (dict, list)):
        raise fail(f"batas waktu ditulis sebagai satu nilai — {RELATIVE_HINT}; untuk komitmen berkala pakai 'berulang'")
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text.strip()):
        return _parse_date(text.strip())
    m = RELATIVE_RE.match(text)
    if not m:
        tidy = " ".join(text.split()).lower()
        if tidy != text and RELATIVE_RE.match(tidy):
            raise fail(f"batas waktu '{text}': tulis persis \"{tidy}\" (huruf kecil, satu spasi)")
        if re.search(r"\bsebelum\b", tidy):
            raise fail(f"batas waktu '{text}': hanya jangka *setelah* rapat/sesi yang dihitung — {RELATIVE_HINT}")
        raise fail(f"batas waktu '{text}' tidak dipahami — {RELATIVE_HINT}")
    number, unit, single_unit, ref = m.groups()
    if single_unit:
        return Jangka(jumlah=1, satuan=single_unit, acuan=ref)
    amount = int(number) if number.isdigit() else NUMBER_WORDS[number]
    if amount > JANGKA_MAX[unit]:
        raise fail(f"batas waktu '{text}' terlalu jauh (paling lama {JANGKA_MAX[unit]} {unit} setelah {ref}) — "
                   "periksa angkanya, atau tulis tanggalnya")
    return Jangka(jumlah=amount, satuan=unit, acuan=ref)


BatasWaktu = Annotated[date | Jangka, BeforeValidator(_parse_deadline),
                       WithJsonSchema({"anyOf": [
                           {"type": "string", "format": "date", "description": "TTTT-BB-HH, mis. 2025-03-14"},
                           {"type": "string", "pattern": RELATIVE_PATTERN,
                            "description": "mis. \"2 minggu setelah sesi\" atau \"30 hari setelah rapat\""},
                           {"const": "segera", "description": "tanpa tanggal: dicetak 'segera'"}]})]


# --- recurring commitments ---------------------------------------------------------------
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(MONTHS_ID, 1)}
STEP_MONTHS = {"bulan": 12, "triwulan": 4, "semester": 2}
DEFAULT_MONTHS = {"bulan": list(range(1, 13)), "triwulan": [3, 6, 9, 12], "semester": [6, 12]}


def _parse_month(value: Any) -> int:
    """1–12 or a month's name as printed ('April'): exactly what the JSON Schema allows."""
    if isinstance(value, bool):
        raise fail("bulan ditulis sebagai angka 1–12 atau nama bulan, mis. 4 atau April")
    if isinstance(value, int):
        if not 1 <= value <= 12:
            raise fail(f"bulan {value} tidak ada — tulis 1–12 atau nama bulan, mis. April")
        return value
    text = str(value)
    if text in MONTHS_ID:
        return MONTHS_ID.index(text) + 1
    if text.strip().isdigit():
        raise fail(f"bulan \"{text}\" ditulis sebagai teks — tulis angkanya tanpa tanda kutip: {text.strip()}")
    if text.strip().lower() in _MONTH_NAMES:
        raise fail(f"tulis nama bulan persis seperti di kalender: '{MONTHS_ID[_MONTH_NAMES[text.strip().lower()] - 1]}'")
    from rapatgen.text.suggest import suggest

    hint = suggest(text.strip().capitalize(), MONTHS_ID)
    raise fail(f"'{value}' bukan nama bulan" + (f" — maksud Anda '{hint}'?" if hint else " — tulis 1–12 atau nama bulan"))


Bulan = Annotated[int, BeforeValidator(_parse_month),
                  WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12},
                                            {"type": "string", "enum": MONTHS_ID}]})]


class Periode(Model):
    """One occurrence of a recurring commitment."""

    tahun: int
    bulan: int
    batas_waktu: date

    @property
    def id(self) -> str:
        return f"{self.tahun:04d}-{self.bulan:02d}"

    @property
    def label(self) -> str:
        return f"{MONTHS_ID[self.bulan - 1]} {self.tahun}"


class Berulang(Model):
    """A commitment repeated every month / quarter / half-year: one tracked occurrence per period."""

    setiap: Literal["bulan", "triwulan", "semester"] | None = Field(
        None, description="bulan, triwulan, atau semester; dengan 'bulan' untuk menyebut bulannya")
    bulan: list[Bulan] | None = Field(None, description="bulan pelaksanaan, mis. [Januari, April, Juli, Oktober] atau [1, 4, 7, 10]")
    tahun: int | None = Field(None, ge=2000, le=2100,
                              description="tahun periode; bawaan: bulan-bulan berikutnya sejak tanggal rapat")
    tanggal: int | None = Field(None, ge=1, le=31, description="tanggal batas dalam bulan itu; bawaan: akhir bulan")

    @model_validator(mode="after")
    def _consistent(self):
        if not self.setiap and not self.bulan:
            raise fail("tulis 'setiap' (bulan, triwulan, semester) atau 'bulan' (mis. [Januari, April, Juli, Oktober])")
        if self.bulan is not None:
            if not self.bulan:
                raise fail("'bulan' kosong — sebut paling sedikit satu bulan")
            if len(set(self.bulan)) != len(self.bulan):
                raise fail("ada bulan yang disebut dua kali di 'bulan'")
            if self.setiap and len(self.bulan) != STEP_MONTHS[self.setiap]:
                names = ", ".join(MONTHS_ID[b - 1] for b in self.bulan)
                raise fail(f"'setiap: {self.setiap}' berarti {STEP_MONTHS[self.setiap]} kali setahun, "
                           f"tetapi 'bulan' menyebut {len(self.bulan)} ({names})")
        return self

    @property
    def months(self) -> list[int]:
        return sorted(self.bulan) if self.bulan else DEFAULT_MONTHS[self.setiap]

    def _due(self, year: int, month: int) -> date:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, min(self.tanggal or last, last))

    def periods(self, start: date) -> list[Periode]:
        """The occurrences: of year `tahun`, or each listed month's first due date on/after `start`."""
        out = []
        for month in self.months:
            year = self.tahun or start.year
            if not self.tahun and self._due(year, month) < start:
                year += 1
            out.append(Periode(tahun=year, bulan=month, batas_waktu=self._due(year, month)))
        return sorted(out, key=lambda p: p.batas_waktu)

    def teks(self, start: date) -> str:
        """'setiap triwulan (Januari, April, Juli, dan Oktober 2025), paling lambat tanggal 25'."""
        periods = self.periods(start)
        names = [MONTHS_ID[p.bulan - 1] for p in periods]
        years = sorted({p.tahun for p in periods})
        if len(years) == 1:
            listed = (", ".join(names[:-1]) + (", dan " if len(names) > 2 else " dan ") + names[-1]
                      if len(names) > 1 else names[0]) + f" {years[0]}"
        else:
            listed = ", ".join(p.label for p in periods)
        head = f"setiap {self.setiap}" if self.setiap else "berulang"
        day = f", paling lambat tanggal {self.tanggal}" if self.tanggal else ", paling lambat akhir bulan"
        return f"{head} ({listed}){day}"


PERIOD_PATTERN = r"^[0-9]{4}-(0?[1-9]|1[0-2])$"


def _parse_period(value: Any) -> str:
    text = str(value)
    if not isinstance(value, str) or not re.match(PERIOD_PATTERN, text):
        raise fail(f"periode '{text}' — tulis tahun-bulan TTTT-BB, mis. 2025-04")
    year, month = text.split("-")
    return f"{int(year):04d}-{int(month):02d}"


PeriodeId = Annotated[str, BeforeValidator(_parse_period),
                      WithJsonSchema({"type": "string", "pattern": PERIOD_PATTERN,
                                      "description": "tahun-bulan periode, mis. 2025-04"})]
