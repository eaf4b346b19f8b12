"""JSON Schema of every file kind, for editors (VS Code's YAML extension)."""

from __future__ import annotations

import json
from pathlib import Path

from rapatgen.model.config import Konfigurasi
from rapatgen.model.directory import Direktori
from rapatgen.model.ekspor import Ekspor
from rapatgen.model.indikator import IndikatorProyek
from rapatgen.model.lokus import LokusTahunan
from rapatgen.model.meeting import Rapat
from rapatgen.model.program import ProgramTahunan
from rapatgen.model.realisasi import RealisasiTahunan

SCHEMAS = {
    "rapat.schema.json": (Rapat, "Berkas rapat rapatgen"),
    "konfigurasi.schema.json": (Konfigurasi, "Konfigurasi proyek rapatgen (rapatgen.yaml)"),
    "direktori.schema.json": (Direktori, "Direktori orang, instansi, dan kelompok"),
    "program.schema.json": (ProgramTahunan, "Program rapat koordinasi satu tahun (program/<tahun>.yaml)"),
    "realisasi.schema.json": (RealisasiTahunan, "Realisasi program penanggulangan kemiskinan satu tahun "
                                                "(realisasi/<tahun>.yaml)"),
    "lokus.schema.json": (LokusTahunan, "Desa/kelurahan lokus dan OPD pendamping satu tahun (lokus/<tahun>.yaml)"),
    "indikator.schema.json": (IndikatorProyek, "Indikator kemiskinan proyek (indikator.yaml)"),
    "ekspor.schema.json": (Ekspor, "Berkas ekspor rapatgen (rapatgen ekspor): indikator, realisasi, tindak lanjut"),
}


def schema_text(name: str) -> str:
    model, title = SCHEMAS[name]
    schema = model.model_json_schema()
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    from rapatgen.files.atomic import write_atomic

    written = []
    for name in SCHEMAS:
        written.append(write_atomic(folder / name, schema_text(name).encode("utf-8")))
    return written
