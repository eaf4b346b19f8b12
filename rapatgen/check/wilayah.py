"""Which government (pemerintah daerah) a kop, a signer or the team belongs to.

One project is one TKPK: the team's government is `organisasi.wilayah` in rapatgen.yaml.
A kop names its government in its lines ("PEMERINTAH KABUPATEN BULELENG", "GUBERNUR
KALIMANTAN TIMUR") unless `wilayah` is written; a person in the directory names it in the
position ("Sekretaris Daerah Provinsi Kalimantan Timur", "Wakil Bupati Buleleng") or the
institution. Where no government can be read, nothing is claimed (and nothing refused).
"""

from __future__ import annotations

import re

from rapatgen.model.config import Konfigurasi, Kop
from rapatgen.model.directory import Direktori, Orang

_KIND = {
    "provinsi": "Provinsi", "gubernur": "Provinsi", "wakil gubernur": "Provinsi",
    "kabupaten": "Kabupaten", "bupati": "Kabupaten", "wakil bupati": "Kabupaten",
    "kota": "Kota", "wali kota": "Kota", "walikota": "Kota", "wakil wali kota": "Kota", "wakil walikota": "Kota",
}
_PATTERN = re.compile(
    r"(?<![A-Za-z])(wakil wali ?kota|wali ?kota|wakil gubernur|gubernur|wakil bupati|bupati|provinsi|kabupaten|kota)"
    r"\s+(?!se[- ])([A-Za-z][A-Za-z .'-]*?)\s*(?=$|[,;()/]|\s+(?:tahun|nomor|dan|selaku|periode)\b)",
    re.IGNORECASE)


def _name(text: str) -> str:
    return " ".join(w if w.isupper() and len(w) <= 3 else w.capitalize() for w in text.split())


def government(text: str | None) -> str | None:
    """'Kabupaten Buleleng' for 'Kepala Dinas Sosial Kabupaten Buleleng' or 'BUPATI BULELENG'."""
    if not text:
        return None
    for match in _PATTERN.finditer(text):
        kind, name = match.group(1).lower(), match.group(2).strip(" .-'")
        name = re.sub(r"^(provinsi|kabupaten|kota)\s+", "", name, flags=re.IGNORECASE)  # "Walikota Kota X"
        if name and not name.lower().startswith(("se-", "se ")):
            return f"{_KIND[' '.join(kind.split())]} {_name(name)}"
    return None


def team_government(cfg: Konfigurasi) -> str:
    return government(cfg.organisasi.wilayah) or cfg.organisasi.wilayah


def kop_government(kop: Kop) -> str | None:
    if kop.wilayah:
        return government(kop.wilayah) or kop.wilayah
    for line in kop.baris:
        found = government(line)
        if found:
            return found
    return None


def person_government(directory: Direktori, person_id: str) -> str | None:
    person = directory.orang.get(person_id)
    if not isinstance(person, Orang):  # unknown id, or an invalid directory known by its ids only
        return None
    inst = directory.instansi.get(person.instansi or "")
    return government(person.jabatan_text()) or (government(inst.nama) if inst else None)
