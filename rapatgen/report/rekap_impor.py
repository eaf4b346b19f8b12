"""`rapatgen rekap impor FOLDER`: a provincial project keeps its kab/kota's export files.

Every `*.json` under FOLDER (e.g. `kabkota/<id>/ekspor.json`, received by e-mail or from a shared
drive) is read (bounded in size), validated against the published schema (schema/ekspor.schema.json,
the same one `rapatgen ekspor` writes against: jsonschema, then the model), and must come from a
kabupaten or kota of this project's province. One bad file refuses the whole run: nothing is stored,
every refusal is listed with its file and what is wrong.

Accepted files are stored as received in the project's visible folder `rekap/<kab-kota>.json` (one
per kab/kota): they are the roll-up's inputs, kept and versioned with the project's YAML — not in
`.rapatgen/`, which holds machine state and is git-ignored. A kab/kota's file replaces the stored one
only when it is newer (higher `urutan`; at equal `urutan` a later `diekspor`): the same file twice, or
an older one after a newer one, changes nothing. The store is written under the project lock (the one
`followup impor --ya` and every build hold), each file atomically; temp files of a killed run are
removed at the next one, so a kill leaves the old file or the new, never part of one.

Then, still under the lock, what the kept files report about the province's agreements is recorded in the
provincial meeting files (report/rekap_status.py): decided again from every kept file at every run, so a
run killed after storing a file is completed by the next.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapatgen.model.ekspor import FORMAT, VERSI, VERSI_DIKENAL, Ekspor
from rapatgen.text.errors import RapatgenError

FOLDER = "rekap"
MAX_BYTES = 64 * 1024 * 1024  # a kab/kota with thousands of meetings stays far below this
KABKOTA = ("kabupaten", "kota")


@dataclass
class Received:
    path: Path  # where it was read
    data: bytes
    export: Ekspor

    @property
    def kabkota(self) -> str:
        return self.export.wilayah.kabupaten_kota or self.export.wilayah.nama

    @property
    def order(self) -> tuple[int, str]:
        return (self.export.urutan, self.export.diekspor)


@dataclass
class ImportPlan:
    stored: list[tuple[Received, Path, str]] = field(default_factory=list)  # (file, store path, what happens)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    status: object = None  # rekap_status.Pencocokan: the provincial agreements' statuses recorded, conflicts, …
    read: dict = field(default_factory=dict)  # kept file → its export as it is after this run (read once)


class BadExport(RapatgenError):
    pass


def slug(name: str) -> str:
    """'Kabupaten Kutai Kartanegara' → 'kabupaten-kutai-kartanegara' (the stored file's name)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "kabkota"


def store_folder(project) -> Path:
    return Path(project.root) / FOLDER


def province_of(config) -> str:
    org = config.organisasi
    if org.tingkat != "provinsi":
        raise RapatgenError(
            f"rapatgen rekap hanya untuk proyek TKPK provinsi; proyek ini milik {org.wilayah} (tingkat {org.tingkat}) "
            "— jalankan di folder proyek provinsi (mis. --proyek contoh/kaltim)")
    return org.provinsi or org.wilayah


def _schema() -> dict:
    from rapatgen.model.schema import schema_text

    return json.loads(schema_text("ekspor.schema.json"))


def _where(error) -> str:
    parts = [str(p) for p in error.absolute_path]
    if not parts:
        return ""
    text, rest = parts[0], parts[1:]
    for p in rest:
        text += f"[{int(p) + 1}]" if p.isdigit() else f".{p}"
    return f" (pada {text})"


_TYPES = {"string": "teks", "integer": "bilangan bulat", "number": "angka", "object": "objek", "array": "daftar",
          "null": "kosong (null)", "boolean": "benar/salah"}


_DATE = r"^\d{4}-\d{2}-\d{2}$"  # model/ekspor.py's date fields


def _deepest(error):
    """For a value that may be an object or null: what is wrong inside the object, not 'must be null'."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        inner = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        if not inner or not any(list(e.relative_path) for e in inner):
            break
        error = max(inner, key=lambda e: len(list(e.absolute_path)))
    return error


def _message(error) -> str:
    """jsonschema's finding in Indonesian (its own English text only for a rule not named here)."""
    kind, rule, value = error.validator, error.validator_value, error.instance
    shown = json.dumps(value, ensure_ascii=False)[:60]
    if kind == "required":
        missing = [k for k in rule if not isinstance(value, dict) or k not in value]
        return "kolom " + ", ".join(f"'{k}'" for k in missing) + " tidak ada"
    if kind == "additionalProperties":
        extra = sorted(k for k in value if k not in (error.schema.get("properties") or {}))
        return "kolom " + ", ".join(f"'{k}'" for k in extra) + " tidak dikenal"
    if kind == "type":
        names = rule if isinstance(rule, list) else [rule]
        return f"nilai {shown} harus " + " atau ".join(_TYPES.get(n, n) for n in names)
    if kind == "anyOf":
        allowed = [a for s in rule if isinstance(s, dict) for a in s.get("enum", [])]
        if allowed:  # a list of words, or nothing: name the words
            return f"nilai {shown} bukan salah satu dari: " + ", ".join(json.dumps(a, ensure_ascii=False)
                                                                         for a in allowed + [None])
        dates = [s for s in rule if isinstance(s, dict) and s.get("pattern") == _DATE]
        if dates and isinstance(value, str):
            return f"nilai {shown} bukan tanggal TTTT-BB-HH"
        names = [s.get("type") for s in rule if isinstance(s, dict) and s.get("type")]
        return f"nilai {shown} harus " + " atau ".join(_TYPES.get(n, n) for n in names) if names else \
            f"nilai {shown} tidak sesuai"
    if kind in ("enum", "const"):
        allowed = rule if kind == "enum" else [rule]
        return f"nilai {shown} bukan salah satu dari: " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)
    if kind == "minimum":
        return f"nilai {shown} kurang dari {rule}"
    if kind == "pattern":
        return f"nilai {shown} bukan tanggal TTTT-BB-HH" if rule == _DATE else f"nilai {shown} tidak sesuai bentuknya"
    return error.message


def _text_problem(value, where: str = "") -> str | None:
    """The loader's one rule for text (control characters, a NIK-like number, …) over every string of the file:
    what is stored here is printed in the roll-up's documents."""
    from rapatgen.load.yamlfile import text_problem

    if isinstance(value, str):
        found = text_problem(value)
        return f"teks pada {where or 'berkas'}: {found[1]}" if found else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        label = f"{where}[{key + 1}]" if isinstance(key, int) else (f"{where}.{key}" if where else str(key))
        found = _text_problem(item, label)
        if found:
            return found
    return None


def read_export(path: Path, schema: dict | None = None, check_schema: bool = True) -> Received:
    """The file parsed and validated; BadExport names the file and says what is wrong.

    `check_schema=False` for a file this project already stored (checked when it came): the model alone,
    several times faster than jsonschema on a large export, still refuses a damaged file."""
    import jsonschema

    from rapatgen.text.errors import display_path

    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadExport(f"{name}: berkas {size // (1024 * 1024)} MB, lebih besar dari batas "
                            f"{MAX_BYTES // (1024 * 1024)} MB berkas ekspor — bukan berkas 'rapatgen ekspor'?")
        data = path.read_bytes()
    except OSError as exc:
        raise BadExport(f"{name}: tidak dapat dibaca ({exc.strerror or exc})") from None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadExport(f"{name}: bukan teks UTF-8 — kirim ulang berkas ekspor.json apa adanya") from None
    except json.JSONDecodeError as exc:
        raise BadExport(f"{name}:{exc.lineno}:{exc.colno}: bukan JSON yang utuh — berkas terpotong "
                        "atau diubah; minta kab/kota mengirim ulang hasil 'rapatgen ekspor'") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise BadExport(f"{name}: bukan berkas ekspor rapatgen (kolom format harus '{FORMAT}')")
    if value.get("versi") not in VERSI_DIKENAL or isinstance(value.get("versi"), bool):
        known = ", ".join(str(v) for v in VERSI_DIKENAL)
        raise BadExport(f"{name}: versi berkas ekspor {value.get('versi')!r}, yang dikenal versi {known} — "
                        f"perbarui rapatgen di provinsi (versi {VERSI} atau lebih baru) agar sama dengan kab/kota")
    errors = []
    if check_schema:
        validator = jsonschema.Draft202012Validator(schema or _schema())
        errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = _deepest(errors[0])
        more = f" (dan {len(errors) - 1} kesalahan lain)" if len(errors) > 1 else ""
        raise BadExport(f"{name}: tidak sesuai skema ekspor{_where(first)}: {_message(first)}{more} — "
                        "berkas diubah di luar rapatgen; minta kab/kota mengirim ulang hasil 'rapatgen ekspor'")
    try:
        export = Ekspor.model_validate(value)
    except ValueError as exc:  # pydantic's ValidationError: only when the schema was not checked first
        first = exc.errors()[0] if hasattr(exc, "errors") else {}
        loc = [str(p) for p in first.get("loc", ()) if not str(p).startswith("function-")]
        where = "".join(f"[{int(p) + 1}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(loc))
        what = ": bukan tanggal yang ada" if "date" in str(first.get("msg", "")) or "month" in \
            str(first.get("msg", "")) or "day" in str(first.get("msg", "")) else ""
        raise BadExport(f"{name}: tidak sesuai skema ekspor (pada {where or 'berkas'}){what} — berkas rusak atau "
                        "diubah; minta kab/kota mengirim ulang hasil 'rapatgen ekspor'") from None
    problem = _text_problem(value)
    if problem:
        raise BadExport(f"{name}: {problem} — minta kab/kota memperbaiki berkas rapatnya lalu mengekspor ulang")
    if export.jumlah_baris != len(export.baris):
        raise BadExport(f"{name}: jumlah_baris {export.jumlah_baris} tetapi berisi {len(export.baris)} baris — "
                        "berkas terpotong atau diubah; minta kab/kota mengirim ulang")
    return Received(path, data, export)


def _stored(path: Path, schema: dict) -> Received | None:
    if not path.is_file():
        return None
    try:
        return read_export(path, schema, check_schema=False)
    except BadExport:
        return None  # a damaged stored copy is replaced by any valid file


def plan_import(project, paths: list[Path]) -> ImportPlan:
    """Every file read and checked; what would be stored (nothing when any file is refused)."""
    from rapatgen.text.errors import display_path

    provinsi = province_of(project.config)
    schema = _schema()
    plan = ImportPlan()
    newest: dict[str, Received] = {}
    for path in paths:
        try:
            got = read_export(path, schema)
        except BadExport as exc:
            plan.refused.append(exc.format_message())
            continue
        w = got.export.wilayah
        name = display_path(path)
        if w.provinsi != provinsi:
            plan.refused.append(f"{name}: berkas dari {w.nama} ({w.provinsi}), bukan kab/kota di {provinsi} — "
                                "tidak diterima")
            continue
        if w.tingkat not in KABKOTA or not w.kabupaten_kota:
            plan.refused.append(f"{name}: berkas dari tim tingkat {w.tingkat} ({w.nama}); rekap provinsi hanya "
                                "menerima ekspor TKPK kabupaten/kota")
            continue
        key = slug(got.kabkota)
        other = newest.get(key)
        if other is not None:
            older, kept = sorted((other, got), key=lambda r: r.order)
            plan.unchanged.append(f"{display_path(older.path)}: {got.kabkota} urutan {older.export.urutan} — "
                                  f"ada berkas lebih baru di folder ini ({display_path(kept.path)})")
            newest[key] = kept
        else:
            newest[key] = got
    folder = store_folder(project)
    for key, got in sorted(newest.items()):
        target = folder / f"{key}.json"
        current = _stored(target, schema)
        e = got.export
        if current is not None:
            plan.read[target] = current.export
        if current is not None and current.order >= got.order:
            same = current.order == got.order
            why = ("sudah tersimpan (berkas yang sama)" if same and current.data == got.data else
                   "urutan dan waktu ekspor sama dengan yang tersimpan, tetapi isinya berbeda — tidak disimpan; "
                   "berkas diubah di luar rapatgen? minta kab/kota mengekspor ulang (urutan naik)" if same else
                   f"lebih lama dari yang tersimpan (urutan {current.export.urutan}, diekspor "
                   f"{current.export.diekspor}) — tidak mengubah apa pun")
            plan.unchanged.append(f"{display_path(got.path)}: {got.kabkota} urutan {e.urutan}: {why}")
            continue
        what = ("baru" if current is None else
                f"menggantikan urutan {current.export.urutan} ({current.export.diekspor})")
        plan.read[target] = e
        plan.stored.append((got, target, f"{got.kabkota}: urutan {e.urutan}, diekspor {e.diekspor}, "
                                         f"per {e.per}, {e.jumlah_baris} baris — {what}"))
    if plan.refused:
        plan.stored.clear()
    return plan


def export_files(folder: Path) -> list[Path]:
    """Every JSON file under the received folder (kabkota/<id>/…json), in a stable order."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*.json") if p.is_file() and not p.name.startswith("."))


def import_exports(project, folder: Path, waiting=None, today=None) -> ImportPlan:
    """Check every file, then store the newer ones under the project lock (each write atomic), then record what
    the kept files report about the province's agreements (rekap_status)."""
    from rapatgen.files.atomic import project_lock, remove_temp_files, write_atomic
    from rapatgen.files.state import refuse_writes_outside
    from rapatgen.text.errors import display_path

    paths = export_files(folder)
    if not paths:
        raise RapatgenError(f"{display_path(folder)}: tidak ada berkas .json — letakkan berkas ekspor kab/kota "
                            "di folder ini (mis. kabkota/<id>/ekspor.json)")
    target = store_folder(project)
    refuse_writes_outside(project.root, project.output_dir, [target])
    with project_lock(project.output_dir, waiting=waiting):
        remove_temp_files(target, recursive=False)  # left by a killed import: nobody else writes now
        plan = plan_import(project, paths)  # read under the lock: a concurrent import already stored its files
        for got, path, _ in plan.stored:
            write_atomic(path, got.data)
        if not plan.refused:
            plan.status = record_statuses(project, {f"{FOLDER}/{path.name}": display_path(got.path)
                                                    for got, path, _ in plan.stored}, today, plan.read)
    return plan


def record_statuses(project, received: dict[str, str], today=None, read: dict | None = None):
    """Under the caller's project lock: the project read again (another import may just have recorded), every
    kept file's answers to the province's agreements matched, and the new ones written."""
    from datetime import date

    from rapatgen.check.project import load_project
    from rapatgen.report.rekap_status import match, record

    today = today or date.today()
    fresh = load_project(project.root)
    damaged: list[str] = []
    plan = match(fresh, kept_exports(fresh, damaged, read), received, today)
    plan.gagal += damaged
    record(fresh, plan, today)
    return plan


def kept_exports(project, damaged: list[str] | None = None, read: dict | None = None) -> list[tuple[str, Ekspor]]:
    """The exports kept in rekap/, one per kab/kota, in name order, each with its name ('rekap/kota-samarinda.json',
    as a history entry's `sumber` names it). A damaged one raises BadExport, or with `damaged` is listed there and
    left out."""
    schema = _schema()
    out = []
    for path in sorted(store_folder(project).glob("*.json")):
        if path.name.startswith("."):
            continue
        if read and path in read:  # read (and checked) by this run, which holds the lock: still what it holds
            out.append((f"{FOLDER}/{path.name}", read[path]))
            continue
        try:
            out.append((f"{FOLDER}/{path.name}", read_export(path, schema, check_schema=False).export))
        except BadExport as exc:
            if damaged is None:
                raise
            damaged.append(f"{exc.format_message()} — statusnya tidak dicatat; impor ulang berkas kiriman kab/kota itu")
    return out


def stored_exports(project) -> list[Ekspor]:
    """The exports kept in rekap/, one per kab/kota, in name order."""
    return [export for _, export in kept_exports(project)]
