"""Shared building blocks of the typed model: base class and checked scalar types.

Validators raise `PydanticCustomError` with Indonesian text so that the message
reaches the user verbatim (see `rapatgen.check.validate`).
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from datetime import date, time
from typing import Annotated, Any

# pydantic looks for plugins when the first model class is made: the "pydantic" entry points of every
# installed distribution, each one's metadata read from disk (≈ 4 ms with 70 distributions, more in a
# larger environment; in every process that loads a model, a one-change build too). rapatgen's models run
# no plugin: pydantic's own switch says so, unless the user set it (pydantic reads it at that first class).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _plugin_loader_unneeded() -> None:
    """With every plugin disabled, pydantic's plugin loader answers "none" without looking — yet importing it
    imports importlib.metadata (with email, csv, socket …: ≈ 9 ms of CPU), which nothing else of a build
    needs. Its one function pydantic calls, `get_plugins`, is given here with that answer; anything else
    asked of the module imports the real one. A loader already imported, or plugins the user enabled: as is."""
    name = "pydantic.plugin._loader"
    if name in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    import types

    loader = types.ModuleType(name, "pydantic's plugin loader, every plugin disabled (rapatgen.model.common)")

    def get_plugins():
        return ()

    def __getattr__(attribute: str):
        if attribute.startswith("__"):  # the import system's questions (`__path__`: a package?): none here
            raise AttributeError(attribute)
        sys.modules.pop(name, None)
        from importlib import import_module

        return getattr(import_module(name), attribute)

    loader.get_plugins, loader.__getattr__ = get_plugins, __getattr__
    import pydantic.plugin

    sys.modules[name] = pydantic.plugin._loader = loader  # as an import would leave it: `pydantic.plugin._loader` too


_plugin_loader_unneeded()

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError


class Model(BaseModel):
    """Every model forbids unknown keys so that typos are caught with a suggestion."""

    # no .inf/.nan anywhere: every number must be printable by every formatter
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, allow_inf_nan=False)


def fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("rapatgen", message)


# --- identifiers ------------------------------------------------------------------
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
ID_MAX = 80  # ids become file and folder names (with a prefix, under the 255-byte limit)


def _check_id(value: Any) -> str:
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise fail("id kosong — tulis id, mis. 'rakor-2025-03-12' (huruf, angka, '-', '_' atau '.'); id menjadi "
                   "nama folder dan berkas hasil")
    if not isinstance(value, str):
        value = str(value)
    if len(value) > ID_MAX:
        raise fail(f"id terlalu panjang ({len(value)} karakter, maksimal {ID_MAX}) — id menjadi nama berkas; "
                   "pakai singkatan, mis. 'rakor-2025-03-12'")
    if not re.fullmatch(ID_PATTERN, value) or ".." in value:
        shown = json.dumps(value, ensure_ascii=False)[1:-1]  # a newline shows as \n, not as a broken line
        raise fail(f"id '{shown}' hanya boleh berisi huruf, angka, '-', '_' atau '.' "
                   f"(tanpa spasi, tanpa '..'), mis. '{re.sub(r'[^a-z0-9]+', '_', value.lower()).strip('_') or 'dinsos'}'")
    return value


Id = Annotated[str, BeforeValidator(_check_id),
               WithJsonSchema({"anyOf": [{"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
                                         {"type": "integer", "minimum": 0}]})]

# --- paths inside the project --------------------------------------------------------
def _check_project_path(value: Any) -> str:
    if not isinstance(value, str):
        raise fail(f"harus berupa nama berkas atau folder (teks), bukan '{value}'")
    text = value.strip()
    if not text:
        raise fail("tidak boleh kosong")
    if text.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", text):
        raise fail(f"'{value}' adalah jalur mutlak — tulis jalur relatif terhadap folder proyek, "
                   "mis. 'templates/logo/logo.png'")
    if ".." in re.split(r"[\\/]", text):
        raise fail(f"'{value}' keluar dari folder proyek ('..') — simpan berkasnya di dalam folder proyek")
    return value


ProjectPath = Annotated[str, BeforeValidator(_check_project_path),
                        WithJsonSchema({"type": "string", "description": "jalur relatif di dalam folder proyek"})]
"""A file or folder named in YAML: relative, inside the project (symlinks are checked where it is opened)."""


def inside(path, folder) -> bool:
    """`path`, with every symlink followed, lies in `folder` (also followed)."""
    from pathlib import Path

    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


# --- dates and times -----------------------------------------------------------------
# every date a document prints or computes from (a deadline's next day, "12 bulan setelah rapat")
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2100, 12, 31)
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not m:
        raise fail(f"'{text}' bukan tanggal — tulis tanggal sebagai TTTT-BB-HH, mis. 2025-03-11")
    y, mo, d = (int(g) for g in m.groups())
    if not 1 <= mo <= 12:
        raise fail(f"tanggal '{text}': bulan {mo} tidak ada (1–12)")
    try:
        day = date(y, mo, d)
    except ValueError:
        last = _DAYS_IN_MONTH[mo - 1] if mo != 2 else (29 if (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 28)
        raise fail(f"tanggal '{text}' tidak ada: {MONTHS_ID[mo - 1]} {y} hanya {last} hari") from None
    return in_range(day, f"tanggal '{text}'")


def in_range(day: date, what: str) -> date:
    """`day` when documents can print it and count from it (DATE_MIN–DATE_MAX), else the problem."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise fail(f"{what} di luar tahun {DATE_MIN.year}–{DATE_MAX.year} yang dapat dicetak dan dihitung — "
                   "periksa tahunnya")
    return day


Tanggal = Annotated[date, BeforeValidator(_parse_date),
                    WithJsonSchema({"type": "string", "pattern": r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$",
                                    "description": "TTTT-BB-HH, mis. 2025-03-11"})]


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if value is None:  # `mulai: null` / `mulai:` — only a required time gets here: the optional ones take None
        raise fail("jam mulai wajib diisi — tulis jamnya dengan titik dalam tanda kutip, mis. mulai: \"09.00\"")
    if isinstance(value, str) and not value.strip():
        raise fail("jam belum diisi — tulis jamnya dengan titik dalam tanda kutip, mis. \"09.00\"")
    if isinstance(value, bool):
        raise fail("jam harus ditulis seperti 09.00")
    if isinstance(value, (int, float)):
        if not (math.isfinite(value) and 0 <= value < 24):
            raise fail(f"'{value}' bukan jam — tulis jam dengan titik, mis. \"09.00\" atau \"13.30\"")
        hours = int(value)
        minutes = round((float(value) - hours) * 100)
        text = f"{hours:02d}.{minutes:02d}"
    else:
        text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[.:](\d{2})", text)
    if not m:
        raise fail(f"'{text}' bukan jam — tulis jam dengan titik, mis. \"09.00\" atau \"13.30\"")
    if ":" in text:
        raise fail(f"jam '{text}' memakai titik dua — tulis dengan titik sesuai PUEBI: "
                   f"\"{text.replace(':', '.')}\"")
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        raise fail(f"jam '{text}' tidak ada (00.00–23.59)")
    return time(h, mi)


Jam = Annotated[time, BeforeValidator(_parse_time),
                PlainSerializer(lambda t: f"{t.hour:02d}.{t.minute:02d}", return_type=str),
                WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\s*\d{1,2}\.\d{2}\s*$"},
                                          {"type": "number", "minimum": 0, "maximum": 23.59}],
                                "description": "jam dengan titik, mis. \"09.00\""})]


# --- money and numbers -------------------------------------------------------------
RUPIAH_MAX = 10**16 - 1  # Rp9.999 triliun … per line: above any regional or national budget line
NUMBER_MAX = 10**15  # what the number formatters print exactly


def _rupiah_range(value: int) -> int:
    if value < 0:
        raise fail("jumlah rupiah tidak boleh negatif")
    if value > RUPIAH_MAX:
        raise fail(f"jumlah rupiah {value} terlalu besar (maksimal {RUPIAH_MAX}) — periksa jumlah angka nolnya")
    return value


def _parse_rupiah(value: Any) -> int:
    if isinstance(value, bool):
        raise fail("jumlah rupiah harus bilangan bulat, mis. 1250000000")
    if isinstance(value, int):
        return _rupiah_range(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return _rupiah_range(int(value))
    digits = re.sub(r"[^\d]", "", str(value).split(",")[0])
    hint = f" — tulis tanpa 'Rp' dan tanpa titik: {digits}" if digits else ""
    raise fail(f"jumlah rupiah '{value}' harus bilangan bulat{hint}")


Rupiah = Annotated[int, BeforeValidator(_parse_rupiah),
                   WithJsonSchema({"type": "integer", "minimum": 0, "maximum": RUPIAH_MAX,
                                   "description": "rupiah, bilangan bulat tanpa titik, mis. 1250000000"})]


def _parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise fail("harus berupa angka")
    if isinstance(value, (int, float)):
        return _number_range(float(value), value)
    text = str(value).strip().rstrip("%").strip()
    if re.fullmatch(r"-?\d+,\d+", text):
        raise fail(f"angka '{value}' memakai koma — di YAML tulis dengan titik desimal: "
                   f"{text.replace(',', '.')} (dokumen tetap mencetak {text})")
    try:
        return _number_range(float(text), value)
    except ValueError:
        raise fail(f"'{value}' bukan angka") from None


def _number_range(number: float, written: Any) -> float:
    if not math.isfinite(number):
        raise fail(f"'{written}' bukan angka yang dapat dicetak — tulis angka biasa, mis. 5.78")
    if abs(number) > NUMBER_MAX:
        raise fail(f"angka {written} terlalu besar (maksimal {NUMBER_MAX:.0e}) — periksa nilainya")
    return number


Angka = Annotated[float, BeforeValidator(_parse_number),
                  WithJsonSchema({"anyOf": [{"type": "number"},
                                            {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*%?\s*$"}]})]


# --- NIP ---------------------------------------------------------------------------
def _parse_nip(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value))
    if not re.fullmatch(r"\d{18}", text):
        raise fail(f"NIP '{value}' harus 18 angka (mis. 19700101 199503 1 001, spasi boleh)")
    try:
        born = date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise fail(f"NIP '{value}': 8 angka pertama ({text[:8]}) bukan tanggal lahir yang ada") from None
    tmt_year, tmt_month = int(text[8:12]), int(text[12:14])
    # NI PPPK carries the code 21 where a PNS NIP has the TMT month
    if not (1 <= tmt_month <= 12 or tmt_month == 21):
        raise fail(f"NIP '{value}': angka ke-9 s.d. 14 ({text[8:14]}) bukan TMT (tahun+bulan) yang sah")
    if tmt_year < born.year + 17 or tmt_year > date.today().year + 1:
        raise fail(f"NIP '{value}': TMT {text[8:12]} tidak masuk akal untuk kelahiran {born.year}")
    if text[14] not in "12":
        raise fail(f"NIP '{value}': angka ke-15 adalah jenis kelamin dan harus 1 atau 2, bukan {text[14]}")
    return text


NIP = Annotated[str, BeforeValidator(_parse_nip),
                WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\s*(\d\s*){18}$"},
                                          {"type": "integer", "minimum": 10**17, "maximum": 10**18 - 1}],
                                "description": "18 angka: tanggal lahir, TMT, jenis kelamin, urut"})]

Teks = Annotated[str, Field(min_length=1)]

# --- one line ------------------------------------------------------------------------
# Names, positions, short forms, titles, numbers, links and addresses are printed where a line
# break cannot go: e-mail headers (From/To names), calendar parameters and links (.ics), file
# names, table cells of one line. One rule for all of them, declared here once: such a field is
# `Baris` (or `BarisWajib`); what the user wrote is kept without the spaces and line end around
# it (so `tautan: >` with the link on the next line works), and a break inside is refused.
LINE_BREAK = re.compile("[\n\r\u2028\u2029]")
ONE_LINE_PATTERN = r"^\s*[^\r\n\u2028\u2029]*\s*$"
ONE_LINE_HINT = ("harus satu baris (nama, jabatan, singkatan, judul, nomor dan tautan dicetak di kepala surel, "
                 "kalender dan nama berkas) — hapus ganti barisnya; bila ditulis dengan '|' atau '>', tulis "
                 "nilainya di baris yang sama dengan kuncinya")


def _one_line(value: str) -> str:
    text = value.strip()
    if LINE_BREAK.search(text):
        raise fail(ONE_LINE_HINT)
    return text


def _one_line_required(value: str) -> str:
    text = _one_line(value)
    if not text:
        raise fail("tidak boleh kosong")
    return text


Baris = Annotated[str, AfterValidator(_one_line), WithJsonSchema({"type": "string", "pattern": ONE_LINE_PATTERN})]
BarisWajib = Annotated[str, AfterValidator(_one_line_required),
                       WithJsonSchema({"type": "string", "minLength": 1, "pattern": ONE_LINE_PATTERN})]

# --- an agreement's number as printed ----------------------------------------------------------
# A provincial berita acara numbers its agreements 1, 2, 3 — or "3.a", "II.2", "4b": the number is
# written as printed and printed as written. An integer stays an integer (1 s.d. 1000); a float
# from YAML (`nomor: 3.10`) keeps the text it was written with (load.yamlfile.WrittenFloat).
NOMOR_KESEPAKATAN_PATTERN = r"^[0-9A-Za-z]+(?:[.\-/][0-9A-Za-z]+)*[.)]?$"
NOMOR_KESEPAKATAN_MAX = 20
_NOMOR_HINT = ("tulis nomor kesepakatan seperti tercetak di berita acara/notulen provinsi: angka 1 s.d. 1000 "
               "(mis. 4), atau teks dari huruf dan angka yang dipisah titik, tanda hubung, atau garis miring, "
               "paling banyak 20 karakter (mis. \"3.a\", \"II.2\", \"4b\")")


def _nomor_kesepakatan(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise fail(f"nomor kesepakatan harus angka atau teks — {_NOMOR_HINT}")
    if isinstance(value, int):
        if not 1 <= value <= 1000:
            size = "terlalu kecil (minimal 1)" if value < 1 else "terlalu besar (maksimal 1000)"
            raise fail(f"nomor kesepakatan {value} {size} — {_NOMOR_HINT}")
        return value
    text = (getattr(value, "written", None) or repr(value)) if isinstance(value, float) else value.strip()
    if not re.fullmatch(NOMOR_KESEPAKATAN_PATTERN, text) or len(text) > NOMOR_KESEPAKATAN_MAX:
        raise fail(f"nomor kesepakatan '{text}' tidak dapat dipakai — {_NOMOR_HINT}")
    return text


NomorKesepakatan = Annotated[
    int | str, BeforeValidator(_nomor_kesepakatan),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1000},
                              {"type": "string", "pattern": NOMOR_KESEPAKATAN_PATTERN,
                               "maxLength": NOMOR_KESEPAKATAN_MAX}],
                    "description": "nomor kesepakatan seperti tercetak, mis. 4, \"3.a\", \"II.2\""})]


def nomor_urut(nomor: int | str) -> int | None:
    """The agreement's place in a list numbered 1, 2, 3 (rapatgen's own berita acara): 4 and "4" (or "04")
    are the fourth; "3.a" or "II.2" name no place in such a list (None)."""
    if isinstance(nomor, int):
        return nomor
    text = nomor.rstrip(".)")
    return int(text) if text.isdigit() and int(text) >= 1 else None


def nomor_key(nomor: int | str) -> int | str:
    """One key for one number however written: 4, "4" and "4." are the same; "3.A" is "3.a"."""
    place = nomor_urut(nomor)
    return place if place is not None else nomor.rstrip(".").casefold()


SUREL_PATTERN = r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$"


def _check_email(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(SUREL_PATTERN, value.strip()):
        raise fail(f"'{value}' bukan alamat surel — tulis satu alamat, mis. 'dinsos@bulelengkab.go.id'")
    return value.strip() if isinstance(value, str) else value


Surel = Annotated[str, BeforeValidator(_check_email),
                  WithJsonSchema({"type": "string", "pattern": SUREL_PATTERN, "description": "alamat surel (e-mail)"})]
