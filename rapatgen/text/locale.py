"""Indonesian formatting, in one place: dates, times, numbers, money, words, NIP.

Babel supplies the locale data (day and month names, separators); num2words spells
numbers (its Indonesian converter alone: text/terbilang.py). Only what no library does is
written here: PUEBI time form, date ranges, dates in words for a berita acara, NIP grouping,
Roman numerals.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from functools import lru_cache

LOCALE = "id"


# Babel and num2words are imported when a date, a number or a word is first formatted (~80 ms together),
# not with this module: `rapatgen check` imports it (via resolve) and formats none.
def format_date(*args, **kwargs) -> str:
    from babel.dates import format_date

    return format_date(*args, **kwargs)


def format_decimal(*args, **kwargs) -> str:
    from babel.numbers import format_decimal

    return format_decimal(*args, **kwargs)


@lru_cache(maxsize=8192)  # Babel takes ~0.1 ms a date; a dashboard of 500 meetings asks 9,000
def tanggal(d: date) -> str:
    """'14 Desember 2023' (no zero padding, full month)."""
    return format_date(d, "d MMMM y", locale=LOCALE)


@lru_cache(maxsize=8192)  # Babel takes ~0.1 ms a date; a dashboard of 500 meetings asks 9,000
def hari(d: date) -> str:
    return format_date(d, "EEEE", locale=LOCALE)


@lru_cache(maxsize=8192)  # Babel takes ~0.1 ms a date; a dashboard of 500 meetings asks 9,000
def hari_tanggal(d: date) -> str:
    """'Kamis, 14 Desember 2023'. Babel's format='full' zero-pads the day, so a pattern is used."""
    return format_date(d, "EEEE, d MMMM y", locale=LOCALE)


def rentang_tanggal(days: list[date]) -> str:
    """'11–12 Maret 2025', '30 November s.d. 1 Desember 2022', or one date."""
    days = sorted(set(days))
    if len(days) == 1:
        return tanggal(days[0])
    a, b = days[0], days[-1]
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{tanggal(b)}"
    if a.year == b.year:
        return f"{format_date(a, 'd MMMM', locale=LOCALE)} s.d. {tanggal(b)}"
    return f"{tanggal(a)} s.d. {tanggal(b)}"


def hari_rentang(days: list[date]) -> str:
    """'Kamis, 14 Desember 2023' for one day; 'Selasa s.d. Rabu, 11–12 Maret 2025' for several."""
    days = sorted(set(days))
    if len(days) == 1:
        return hari_tanggal(days[0])
    if (days[-1] - days[0]).days != len(days) - 1:  # not one run of days: name each day
        return "; ".join(hari_tanggal(d) for d in days)
    return f"{hari(days[0])} s.d. {hari(days[-1])}, {rentang_tanggal(days)}"


def jam(t: time) -> str:
    """'09.00' — PUEBI writes a dot between hour and minute."""
    return f"{t.hour:02d}.{t.minute:02d}"


def pukul(mulai: time, selesai: time | None, zona: str) -> str:
    """'pukul 09.00 WITA s.d. selesai' or 'pukul 09.00–12.00 WIB'."""
    if selesai is None:
        return f"pukul {jam(mulai)} {zona} s.d. selesai"
    return f"pukul {jam(mulai)}–{jam(selesai)} {zona}"


def angka(value: float | int, decimals: int | None = None) -> str:
    """'221.340', '5,78'. Whole numbers print without decimals unless asked."""
    kind = type(value)
    if kind in _EXACT:  # memoised by type and exact text: 6.10 and 6.1, -0.0 and 0.0 stay apart
        try:
            text = str(value)
        except ValueError:  # an int too long for str(): not memoised
            return _format_angka(value, decimals)
        return _angka(kind, text, decimals)
    return _format_angka(value, decimals)


def _format_angka(value, decimals: int | None) -> str:
    if decimals is None:
        if float(value).is_integer():
            return format_decimal(int(value), format="#,##0", locale=LOCALE)
        return format_decimal(value, format="#,##0.##", locale=LOCALE)
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


_EXACT = (int, float, Decimal)  # str() of each gives back the same value exactly


@lru_cache(maxsize=8192)  # Babel takes ~0.1 ms a number; a project's indicators and money repeat them
def _angka(kind: type, text: str, decimals: int | None) -> str:
    return _format_angka(kind(text), decimals)


def angka_tertulis(value: Decimal) -> str:
    """A number with the precision it was written with: 6.10 → '6,10', 3 → '3', 221340 → '221.340'."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return angka(value, decimals)


def persen(value: float, decimals: int = 2) -> str:
    """'5,78%' (no space before the sign)."""
    return f"{angka(value, decimals)}%"


def rupiah(amount: int, sen: bool = True) -> str:
    """'Rp1.250.000,00' — capital R, small p, no dot or space after Rp (PUEBI)."""
    return "Rp" + angka(amount, 2 if sen else 0)


@lru_cache(maxsize=4096)
def _terbilang(n: int) -> str:
    from rapatgen.text.terbilang import SPELLER  # num2words(n, lang="id"), its other languages not imported

    return SPELLER.to_cardinal(n)


def terbilang(n: int) -> str:
    """'satu juta dua ratus lima puluh ribu'."""
    return _terbilang(int(n))


def rupiah_terbilang(amount: int) -> str:
    return f"{terbilang(amount)} rupiah"


def jumlah_kata(n: int, satuan: str) -> str:
    """'1 (satu) berkas'."""
    return f"{n} ({terbilang(n)}) {satuan}"


@lru_cache(maxsize=4096)
def tanggal_terbilang(d: date) -> str:
    """'Kamis tanggal empat belas bulan Desember tahun dua ribu dua puluh tiga'."""
    return (f"{hari(d)} tanggal {terbilang(d.day)} bulan {format_date(d, 'MMMM', locale=LOCALE)} "
            f"tahun {terbilang(d.year)}")


def nip(raw: str) -> str:
    """'19700101 199503 1 001' — grouped 8-6-1-3."""
    return f"{raw[:8]} {raw[8:14]} {raw[14]} {raw[15:]}"


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def romawi(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def huruf_urut(i: int) -> str:
    """0 → 'a', 1 → 'b' for lettered sub-points."""
    return chr(ord("a") + i % 26)
