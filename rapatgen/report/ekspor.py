"""`rapatgen ekspor`: the project's figures and follow-ups as long-format CSV and as JSON.

Both files hold the same rows (`model/ekspor.py` is their published schema,
`schema/ekspor.schema.json`); they are written to `<outputs>/ekspor/` under the project lock,
each atomically. Only aggregates leave the project: figures, programme lines and
follow-ups with their institution. No field names a person (no attendee, no history note), and every
text is scrubbed of 16-digit numbers (NIK, nomor KK) before it is written.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from rapatgen.load.yamlfile import NIK_LIKE
from rapatgen.model.ekspor import COLUMNS, FORMAT, VERSI, BarisEkspor, Ekspor, RujukanProvinsi, WilayahEkspor, \
    rujukan_text
from rapatgen.resolve.figures import collect_figures
from rapatgen.resolve.followups import collect
from rapatgen.text.cells import csv_safe
from rapatgen.text.errors import RapatgenError

FOLDER = "ekspor"
CSV_NAME, JSON_NAME = "ekspor.csv", "ekspor.json"
SEQUENCE_FILE = Path(".rapatgen") / "ekspor.json"
MASK = "[disamarkan]"


def scrub(text: str | None) -> str | None:
    """Free text without anything that reads like a NIK or a nomor KK (the loader's rule, which already
    refuses one in a meeting file: this keeps any other source honest too)."""
    if text is None:
        return None
    return NIK_LIKE.sub(MASK, text)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else (int(value) if value == value.to_integral_value() and
                                       value.as_tuple().exponent >= 0 else float(value))


def wilayah_of(config) -> WilayahEkspor:
    """The team's identity; a kab/kota team must name its province (organisasi.provinsi)."""
    org = config.organisasi
    if org.tingkat == "provinsi":
        provinsi, kabkota = org.provinsi or org.wilayah, None
    else:
        if not org.provinsi:
            raise RapatgenError(
                "rapatgen.yaml: organisasi.provinsi belum diisi — berkas ekspor mencatat provinsi tim agar rekap "
                f"provinsi mengenali asalnya; tambahkan di bawah 'organisasi:' provinsi tempat {org.wilayah}, "
                "mis. 'provinsi: Provinsi Jawa Tengah' untuk Kabupaten Blora")
        provinsi, kabkota = org.provinsi, (org.wilayah if org.tingkat in ("kabupaten", "kota") else None)
    return WilayahEkspor(tingkat=org.tingkat, nama=org.wilayah, provinsi=provinsi, kabupaten_kota=kabkota,
                         organisasi=org.singkatan or org.nama)


def figure_rows(meetings, own=()) -> list[BarisEkspor]:
    return [BarisEkspor(jenis=f.jenis, wilayah=f.wilayah, indikator=f.indikator, periode=f.periode,
                        nilai=_number(f.nilai), satuan=f.satuan, sumber=f.sumber, dari=_number(f.dari),
                        sampai=_number(f.sampai), rapat="; ".join(f.rapat))
            for f in collect_figures(meetings, own)]


def provincial_reference(item) -> RujukanProvinsi | None:
    """The item's `kesepakatan_provinsi:` as the export carries it."""
    ref = getattr(item, "kesepakatan_provinsi", None)
    if ref is None:
        return None
    return RujukanProvinsi(tanggal=ref.tanggal.isoformat(), nomor=ref.nomor, rapat=ref.rapat)


def followup_rows(ctx, meetings, as_of: date, wilayah: str) -> list[BarisEkspor]:
    """One row per tracked occurrence: its status on `as_of` (the derived one: terlambat, dilanjutkan), the last
    status its history records (on or before `as_of`) with its date, and the provincial agreement it answers."""
    from rapatgen.model.occurrences import history

    rows = []
    for f in collect(meetings, as_of, ctx.directory, ctx.team):
        detail = f" — {f.rincian.label}" if f.rincian.label else ""
        steps = [e for e in history(f.item, f.rincian) if e.tanggal <= as_of]
        last = steps[-1] if steps else None
        rows.append(BarisEkspor(
            jenis="tindak_lanjut", wilayah=wilayah, indikator="Status tindak lanjut",
            periode=f.batas_waktu.isoformat() if f.batas_waktu else "", nilai=f.status, satuan=None,
            sumber=f.source_label, rapat=f.meeting.id, id=f.id, pj=ctx.institution_name(f.pj),
            keterangan=f"{f.kind}: {f.item.isi}{detail}", status_dicatat=last.status if last else "belum",
            tanggal_status=last.tanggal.isoformat() if last else None,
            kesepakatan_provinsi=provincial_reference(f.item)))
    return rows


def realisation_rows(data, root: Path, ctx, wilayah: str) -> list[BarisEkspor]:
    """Per sub-kegiatan of every year: its pagu (periode TTTT), then per quarter written the money spent in it
    (rupiah) and the physical progress at its end (persen), periode TTTT-TWn."""
    from rapatgen.model.realisasi import KATEGORI, TRIWULAN

    rows = []
    for year, realisasi in data.realisasi.items():
        path = data.sources.get(("realisasi", year))
        source = path.relative_to(root).as_posix() if path else f"realisasi/{year}.yaml"
        for index, (opd, line) in enumerate(realisasi.rows(), 1):
            name = line.sub_kegiatan.label
            common = dict(jenis="realisasi", wilayah=wilayah, sumber=line.sumber_dana, rapat=source,
                          id=f"{source}#{index}", pj=ctx.institution_name(opd),
                          keterangan=f"{line.kelompok}; {KATEGORI[line.kategori].lower()}; "
                                     f"{line.program.label} / {line.kegiatan.label}")
            rows.append(BarisEkspor(indikator=f"Pagu: {name}", periode=str(year), nilai=line.pagu, satuan="rupiah",
                                    **common))
            for n in TRIWULAN:
                q = line.realisasi.get(n)
                if q is None:
                    continue
                rows.append(BarisEkspor(indikator=f"Realisasi keuangan: {name}", periode=f"{year}-TW{n}",
                                        nilai=q.keuangan, satuan="rupiah", **common))
                rows.append(BarisEkspor(indikator=f"Realisasi fisik: {name}", periode=f"{year}-TW{n}",
                                        nilai=_plain(q.fisik), satuan="persen", **common))
    return rows


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def compose(project, ctx, as_of: date, urutan: int, now: datetime) -> Ekspor:
    from rapatgen.check.projectdata import load_project_data

    identity = wilayah_of(project.config)
    meetings = [m.model for m in project.meetings]
    data = load_project_data(project.root, project)
    rows = (figure_rows(meetings, data.indikator) + realisation_rows(data, project.root, ctx, identity.nama)
            + followup_rows(ctx, meetings, as_of, identity.nama))
    rows = [r.model_copy(update={k: scrub(v) for k, v in r.model_dump().items() if isinstance(v, str)})
            for r in rows]
    return Ekspor(format=FORMAT, versi=VERSI, wilayah=identity,
                  diekspor=now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), urutan=urutan,
                  per=as_of.isoformat(), jumlah_baris=len(rows), baris=rows)


def to_json(export: Ekspor) -> bytes:
    return (json.dumps(export.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(export: Ekspor) -> bytes:
    """The rows with a header line; a number with a decimal point, as in the JSON (a spreadsheet in an
    Indonesian locale reads it through its import dialog)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in export.baris:
        values = (rujukan_text(r.kesepakatan_provinsi) if c == "kesepakatan_provinsi" else getattr(r, c)
                  for c in COLUMNS)
        writer.writerow(["" if v is None else csv_safe(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def _next_sequence(root: Path) -> int:
    path = Path(root) / SEQUENCE_FILE
    try:
        last = int(json.loads(path.read_text(encoding="utf-8")).get("urutan", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        last = 0
    return max(last, 0) + 1


def write_export(project, ctx, as_of: date, now: datetime | None = None) -> list[Path]:
    """Write both files under the project lock; the sequence moves only once both are written."""
    from rapatgen.files.atomic import project_lock, write_atomic
    from rapatgen.files.state import refuse_writes_outside

    folder = project.output_dir / FOLDER
    refuse_writes_outside(project.root, project.output_dir, [folder])
    with project_lock(project.output_dir):
        urutan = _next_sequence(project.root)
        export = compose(project, ctx, as_of, urutan, now or datetime.now(timezone.utc))
        data_json, data_csv = to_json(export), to_csv(export)
        written = [write_atomic(folder / CSV_NAME, data_csv), write_atomic(folder / JSON_NAME, data_json)]
        write_atomic(project.root / SEQUENCE_FILE,
                     json.dumps({"urutan": urutan, "diekspor": export.diekspor}).encode("utf-8"))
    return written
