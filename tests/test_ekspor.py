"""`rapatgen ekspor` (issue 20 item 4): long-format CSV and JSON of figures and follow-ups.

The JSON validates against the published schema (schema/ekspor.schema.json); the CSV's figures
are those of the YAML sources; one row per follow-up occurrence; the team's identity (province,
kab/kota) and a sequence travel with the file; no NIK, nomor KK or household name ever leaves.
"""

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from rapatgen.check.project import load_project
from rapatgen.cli import main
from rapatgen.resolve.followups import collect
from tests.conftest import ROOT, replace_in, uji_meeting, write_meeting

PER = "2025-01-15"
SCHEMA = json.loads((ROOT / "schema" / "ekspor.schema.json").read_text(encoding="utf-8"))


def ekspor(project: Path, *args):
    return CliRunner().invoke(main, ["ekspor", "--per", PER, *args, "--proyek", str(project)])


def outputs(project: Path) -> tuple[dict, list[dict]]:
    folder = project / "outputs" / "ekspor"
    data = json.loads((folder / "ekspor.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((folder / "ekspor.csv").read_text(encoding="utf-8-sig"))))
    return data, rows


def _name(ind: dict) -> str:
    """The name written, or the one its 'jenis' gives (p0 → Persentase penduduk miskin)."""
    from rapatgen.model.indikator import JENIS

    return ind.get("nama") or JENIS[ind["jenis"]][0]


def yaml_figures(project: Path) -> dict[tuple, Decimal]:
    """Every figure written in the meetings, read straight from the YAML: (wilayah, indikator, periode) → value."""
    out = {}
    paths = sorted((project / "agendas").glob("*.yaml")) + [p for p in [project / "indikator.yaml"] if p.is_file()]
    for path in paths:  # the project's own series last: it wins over a meeting's figure
        meeting = yaml.safe_load(path.read_text(encoding="utf-8"))
        for ind in meeting.get("indikator") or []:
            series = [(ind["wilayah"], ind.get("data") or [])] + [(p["wilayah"], p["data"]) for p in
                                                                   ind.get("pembanding") or []]
            for wilayah, data in series:
                for d in data:
                    periode = d["periode"]
                    periode = periode if isinstance(periode, str) else str(periode)
                    out[(wilayah, _name(ind), periode)] = Decimal(str(d["nilai"]))
                    if "jumlah" in d:
                        out[(wilayah, _name(ind) + " (jumlah)", periode)] = Decimal(d["jumlah"])
    return out


def test_both_examples_export_valid_files_whose_figures_are_the_yaml_sources(project, kaltim):
    for root, provinsi, kabkota in ((project, "Provinsi Bali", "Kabupaten Buleleng"),
                                    (kaltim, "Provinsi Kalimantan Timur", None)):
        result = ekspor(root)
        assert result.exit_code == 0, result.output
        data, rows = outputs(root)
        jsonschema.Draft202012Validator.check_schema(SCHEMA)
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
        assert data["format"] == "rapatgen-ekspor" and data["versi"] == 2
        assert (data["wilayah"]["provinsi"], data["wilayah"]["kabupaten_kota"]) == (provinsi, kabkota)
        assert data["per"] == PER and data["jumlah_baris"] == len(rows) == len(data["baris"])
        assert list(rows[0])[:5] == ["jenis", "wilayah", "indikator", "periode", "nilai"]
        # the CSV and the JSON hold the same rows
        assert [(r["jenis"], r["wilayah"], r["indikator"], r["periode"], r["id"]) for r in rows] == \
            [(r["jenis"], r["wilayah"], r["indikator"], r["periode"], r["id"] or "") for r in data["baris"]]
        # every measured figure of the YAML is a row with its value, and no row is invented
        expected = yaml_figures(root)
        got = {(r["wilayah"], r["indikator"], r["periode"]): Decimal(r["nilai"])
               for r in rows if r["jenis"] == "indikator"}
        assert got == expected and expected
        # one row per follow-up occurrence, with its derived status on --per
        proj = load_project(root)
        occurrences = collect([m.model for m in proj.meetings], date.fromisoformat(PER), proj.directory)
        followups = [r for r in rows if r["jenis"] == "tindak_lanjut"]
        assert [(r["id"], r["nilai"]) for r in followups] == [(f.id, f.status) for f in occurrences]
        assert len({r["id"] for r in followups}) == len(followups)


def test_realisation_rows_are_the_yaml_quarter_by_quarter(project, kaltim):
    for root in (project, kaltim):
        ekspor(root)
        _, rows = outputs(root)
        expected = {}
        for path in sorted((root / "realisasi").glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            index = 0
            for lines in data["opd"].values():
                for line in lines:
                    index += 1
                    key = f"realisasi/{path.name}#{index}"
                    expected[(key, str(data["tahun"]), "rupiah", "Pagu")] = Decimal(line["pagu"])
                    for q, figures in (line.get("realisasi") or {}).items():
                        period = f"{data['tahun']}-TW{q[2]}"
                        expected[(key, period, "rupiah", "Realisasi keuangan")] = Decimal(figures["keuangan"])
                        expected[(key, period, "persen", "Realisasi fisik")] = Decimal(str(figures["fisik"]))
        got = {(r["id"], r["periode"], r["satuan"], r["indikator"].split(":")[0]): Decimal(r["nilai"])
               for r in rows if r["jenis"] == "realisasi"}
        assert got == expected and expected


def test_kaltim_group_item_gives_one_row_per_member_and_a_range_target_its_bounds(kaltim):
    ekspor(kaltim)
    _, rows = outputs(kaltim)
    members = [r for r in rows if r["id"].startswith("rakor-kaltim-2024-12-19/K4@")]
    assert len(members) == 10  # the ten kab/kota of Kalimantan Timur
    ranged = next(r for r in rows if r["jenis"] == "target" and r["periode"] == "2025")
    assert (ranged["nilai"], ranged["dari"], ranged["sampai"], ranged["sumber"]) == ("", "5.4", "5.6", "RKPD")


def test_sequence_and_time_tell_a_newer_file_from_an_older_one(project):
    ekspor(project)
    first, _ = outputs(project)
    ekspor(project)
    second, _ = outputs(project)
    assert (first["urutan"], second["urutan"]) == (1, 2)
    assert second["diekspor"] >= first["diekspor"] and second["diekspor"].endswith("Z")


NIK, KK = "5108012345670001", "5108019876540002"


def test_no_nik_kk_or_household_name_leaves_the_project(project):
    """A household's name written in a meeting — in its notes, in a follow-up's history, in hadir — is
    never in the export: no field carries a person. A NIK or nomor KK in a meeting is refused outright
    (nothing written), and any text that reaches the export is masked by the same rule."""
    from rapatgen.report.ekspor import scrub

    agreement = ("  - id: K1\n    isi: Bedah rumah bagi KK miskin ekstrem di Desa Pejarakan\n"
                 "    pj: bappeda_bll\n    batas_waktu: 2025-06-30\n"
                 "    riwayat:\n      - {tanggal: 2025-03-20, status: proses, catatan: Rumah Ibu Ni Luh Sukerti "
                 "sudah disurvei, bukti: [Foto rumah Bapak Nyoman Darma]}\n")
    notes = ("pembahasan:\n  - judul: Diskusi\n    catatan: Keluarga Bapak Made Wiranata di Dusun Kelod dibahas.\n"
             "hadir:\n  - {nama: Wayan Penerima Bantuan, jabatan: Warga, jenis_kelamin: L}\n")
    write_meeting(project, uji_meeting(agreement, before_agreements=notes))
    result = ekspor(project, "--per", "2025-04-01")  # the meeting is held on 2025-03-12
    assert result.exit_code == 0, result.output
    for name in ("ekspor.csv", "ekspor.json"):
        text = (project / "outputs" / "ekspor" / name).read_text(encoding="utf-8-sig")
        assert "Desa Pejarakan" in text  # the agreement is there …
        for person in ("Sukerti", "Wiranata", "Nyoman Darma", "Wayan Penerima"):
            assert person not in text, (name, person)  # … its people are not

    meeting = project / "agendas" / "zz-uji.yaml"
    replace_in(meeting, "di Desa Pejarakan", f"KK {KK}")
    replace_in(meeting, "sudah disurvei", f"NIK {NIK[:6]} {NIK[6:12]} {NIK[12:]}")
    shutil.rmtree(project / "outputs")
    result = ekspor(project)
    assert result.exit_code != 0 and "Traceback" not in result.output and "NIK" in result.output
    assert not (project / "outputs" / "ekspor").exists()
    assert scrub(f"Lokasi: rumah KK {KK}, NIK {NIK[:6]}.{NIK[6:12]}.{NIK[12:]}") == \
        "Lokasi: rumah KK [disamarkan], NIK [disamarkan]"


def test_a_kabupaten_without_its_province_is_told_and_nothing_is_written(project):
    replace_in(project / "rapatgen.yaml", "  provinsi: Provinsi Bali", "  # provinsi:")
    result = ekspor(project)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "organisasi.provinsi" in result.output and "rapatgen.yaml" in result.output
    assert not (project / "outputs" / "ekspor").exists()
