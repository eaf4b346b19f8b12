"""`rapatgen init`: a new project for one region's TKPK, never overwriting anything.

Writes rapatgen.yaml (the team, its government, its kop, place, zone and number unit),
direktori.yaml (the secretariat's institution; people to be filled in), an empty agendas/
and the JSON Schemas for the editor. The result passes `check` and `build` as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rapatgen.text.errors import UsageError
from rapatgen.check.project import CONFIG_NAME

TINGKAT = ("provinsi", "kabupaten", "kota")
HEAD_OF_REGION = {"provinsi": "GUBERNUR", "kabupaten": "BUPATI", "kota": "WALI KOTA"}
KOP_HEAD_ID = {"provinsi": "gubernur", "kabupaten": "bupati", "kota": "wali_kota"}


@dataclass
class NewProject:
    pemerintah: str  # "Kabupaten Blora"
    zona: str  # WIB/WITA/WIT
    kota_surat: str  # "Blora"
    tingkat: str | None = None  # inferred from pemerintah when it starts with Provinsi/Kabupaten/Kota
    unit: str = "Badan Perencanaan Pembangunan Daerah"
    unit_singkat: str = "Bappeda"
    kop_baris: list[str] = field(default_factory=list)  # bawaan: PEMERINTAH … / unit
    alamat: str | None = None
    provinsi: str | None = None  # a kab/kota's province, "Provinsi Jawa Tengah" ("Jawa Tengah" is completed)


def normalise(spec: NewProject) -> NewProject:
    """Government written as 'Kabupaten Blora' (or 'Blora' with tingkat); tingkat agrees with it."""
    from rapatgen.check.wilayah import government

    text = " ".join(spec.pemerintah.split())
    found = government(text)
    if found is None and spec.tingkat:
        found = government(f"{spec.tingkat} {text}")
    if found is None:
        raise UsageError(f"--pemerintah '{spec.pemerintah}' tidak menyebut tingkatnya — tulis mis. "
                         "'Kabupaten Blora', 'Kota Samarinda' atau 'Provinsi Kalimantan Timur'")
    kind = found.split()[0].lower()
    if spec.tingkat and spec.tingkat != kind:
        raise UsageError(f"--tingkat {spec.tingkat} tidak cocok dengan '{found}' ({kind})")
    # keep the user's spelling of the name ("DKI Jakarta"), only the kind word is normalised
    name = text.split(None, 1)[1] if text.split()[0].lower() == kind else text
    spec.pemerintah = f"{kind.capitalize()} {name}"
    spec.tingkat = kind
    if spec.provinsi:
        if kind == "provinsi":
            raise UsageError("--provinsi hanya untuk tim kabupaten/kota; tim provinsi sudah bernama "
                             f"'{spec.pemerintah}' — hapus --provinsi")
        words = " ".join(spec.provinsi.split())
        spec.provinsi = words if words.casefold().startswith("provinsi ") else f"Provinsi {words}"
    if not spec.kop_baris:
        spec.kop_baris = [f"PEMERINTAH {spec.pemerintah.upper()}", spec.unit.upper()]
    return spec


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def create_project(folder: Path, spec: NewProject) -> list[Path]:
    """Write the new project's files; refuse before writing anything if one already exists."""
    from rapatgen.model.schema import SCHEMAS, schema_text
    from rapatgen.text.templating import get_template, use_project
    from rapatgen.files.atomic import write_new

    spec = normalise(spec)
    folder = Path(folder)
    targets = [folder / CONFIG_NAME, folder / "direktori.yaml"]
    existing = [p for p in targets if p.exists()]
    if existing:
        names = ", ".join(p.name for p in existing)
        raise UsageError(f"{names} sudah ada di {folder} — proyek tidak dibuat dan tidak ada yang ditimpa; "
                         "pakai folder kosong (mis. rapatgen init proyek-baru …)")
    name = spec.pemerintah.split(None, 1)[1]
    values = {
        "pemerintah": spec.pemerintah, "tingkat": spec.tingkat, "zona": spec.zona, "kota_surat": spec.kota_surat,
        "nama_tim": f"Tim Koordinasi Penanggulangan Kemiskinan {spec.pemerintah}",
        "singkatan_tim": f"TKPK {spec.pemerintah}",
        "kop_unit": f"{_slug(spec.unit_singkat)}_{_slug(name)}",
        "kop_kepala": f"{KOP_HEAD_ID[spec.tingkat]}_{_slug(name)}",
        "kepala_daerah": f"{HEAD_OF_REGION[spec.tingkat]} {name.upper()}",
        "kop_baris": spec.kop_baris, "alamat": spec.alamat, "provinsi": spec.provinsi,
        "unit_nama": spec.unit, "unit_nomor": spec.unit_singkat,
    }
    use_project(None)  # the shipped templates, not a project's overrides
    written = []
    for target, template in zip(targets, ("proyek-baru/rapatgen.yaml.j2", "proyek-baru/direktori.yaml.j2")):
        written.append(write_new(target, get_template(template).render(**values).encode("utf-8")))
    (folder / "agendas").mkdir(exist_ok=True)
    written.append(folder / "agendas")
    for schema_name in SCHEMAS:  # for the editor; an existing copy is left as it is
        path = folder / "schema" / schema_name
        if not path.exists():
            written.append(write_new(path, schema_text(schema_name).encode("utf-8")))
    return written
