"""One rule: whatever `check` accepts, every output format can hold (issue 17 item 8).

Names, positions, short forms, titles, numbers and links are one line (`model.common.Baris`),
because e-mail headers, calendar parameters and links, and file names cannot hold a break;
dates lie in the years documents print and count from; times and ids are never infinite
or empty. Each refusal is at its own line; and the other way round, every text that check
accepts with a line break in it is built into DOCX, PDF, calendar, XLSX and e-mail alike.
"""

import email
import email.policy
from functools import reduce
from operator import getitem

import icalendar
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

RAKOR = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
SERIES = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
ONLINE = 'daring: {platform: Zoom Meeting, tautan: "https://zoom.us/j/1111111111", id_rapat: "111 1111 1111", kode_akses: dtsen25}'
ONE_LINE = "harus satu baris"


@pytest.fixture(autouse=True)
def _inside_project(project, monkeypatch):
    monkeypatch.chdir(project)  # as users run it: messages name files relative to the project


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


REFUSED = [  # (file, old, new, the line the problem is at, message)
    (SERIES, ONLINE, "daring:\n      tautan: |\n        https://zoom.us/j/1111111111\n        ?pwd=abc\n",
     "tautan: |", ONE_LINE),
    ("direktori.yaml", "singkatan: Dinsos,", 'singkatan: "Din\\nsos",', "Din\\nsos", ONE_LINE),
    ("direktori.yaml", "kepala: Kepala Dinas Sosial Kabupaten Buleleng,", 'kepala: "Kepala Dinas\\nSosial",',
     "Kepala Dinas\\nSosial", ONE_LINE),
    ("rapatgen.yaml", "  nama_pengirim: Sekretariat TKPK Kabupaten Buleleng", '  nama_pengirim: "TKPK\\nBuleleng"',
     "TKPK\\nBuleleng", ONE_LINE),
    ("rapatgen.yaml", "  singkatan: TKPK Kabupaten Buleleng", '  singkatan: "TKPK\\u2028Buleleng"',
     "TKPK\\u2028Buleleng", ONE_LINE),
    (RAKOR, "judul: Rapat", "judul: |\n  Rapat\n  Koordinasi\njudul_lama: Rapat", "judul: |", ONE_LINE),
    (SERIES, 'mulai: "13.30"', "mulai: .inf", "mulai: .inf", "bukan jam"),
    (SERIES, 'mulai: "13.30"', "mulai: .nan", "mulai: .nan", "bukan jam"),
    (SERIES, 'mulai: "13.30"', "mulai: -1", "mulai: -1", "bukan jam"),
    (RAKOR, "batas_waktu: 2024-01-31", "batas_waktu: 9999-12-31", "9999-12-31", "di luar tahun 2000–2100"),
    (RAKOR, "batas_waktu: 2024-01-31", "batas_waktu: 999999 bulan setelah rapat", "999999 bulan",
     "terlalu jauh (paling lama 120 bulan setelah rapat)"),
    (RAKOR, "  - {tanggal: 2024-01-15,", "  - {tanggal: 1024-01-15,", "1024-01-15", "di luar tahun 2000–2100"),
    (SERIES, "id: sosialisasi-dtsen-buleleng-2025", "id:", "id:", "id kosong"),
    (SERIES, "id: sosialisasi-dtsen-buleleng-2025", "id: ~", "id: ~", "id kosong"),
    (SERIES, "  - id: K1\n", "  - id: true\n", "id: true", "id kosong"),
]


@pytest.mark.parametrize("file,old,new,at,message", REFUSED,
                         ids=["tautan |", "instansi.singkatan", "instansi.kepala", "nama_pengirim",
                              "organisasi.singkatan U+2028", "judul |", "mulai .inf", "mulai .nan", "mulai -1",
                              "batas_waktu 9999", "jangka 999999 bulan", "riwayat 1024", "empty id", "id ~",
                              "item id true"])
def test_what_no_format_can_hold_is_refused_at_its_line(project, file, old, new, at, message):
    replace_in(project / file, old, new)
    if "judul_lama" in new:  # the second judul line only held the old title's rest: keep the file otherwise valid
        text = (project / file).read_text(encoding="utf-8")
        (project / file).write_text("\n".join(line for line in text.splitlines() if not line.startswith("judul_lama"))
                                    + "\n", encoding="utf-8")
    r = run(project, "check")
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    line = line_of(project / file, at)
    assert any(p.startswith(f"{file}:{line}:") and message in p for p in r.output.splitlines()), r.output
    built = run(project, "build", "--per", "2025-02-15")
    assert built.exit_code == 1 and "Traceback" not in built.output and message in built.output
    assert not (project / "outputs").exists() or not (project / "outputs" / "None").exists()


def test_a_one_line_field_keeps_what_the_user_wrote_without_its_line_end(project):
    """`tautan: >` with the link on the next line is the link (YAML adds the line end; it is not the user's)."""
    replace_in(project / SERIES, ONLINE, "daring:\n      tautan: >\n        https://zoom.us/j/1111111111\n"
                                         "      platform: Zoom Meeting\n")
    r = run(project, "build", SERIES, "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    ics = (project / "outputs/sosialisasi-dtsen-buleleng-2025/kalender-sosialisasi-dtsen-buleleng-2025-sesi-4.ics")
    event = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert str(event["URL"]) == "https://zoom.us/j/1111111111"


def _text_leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _text_leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _text_leaves(value, (*path, i))
    elif isinstance(node, str):
        yield path


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return float(node) if isinstance(node, float) else node


def _break_every_text(path, model, skip=()) -> int:
    """Add a second line to every text of `path` that `model` still accepts; how many took one."""
    from pydantic import ValidationError

    from rapatgen.load import read_yaml

    data = _plain(read_yaml(path).data)
    taken = 0
    for where in list(_text_leaves(data)):
        if set(where) & set(skip):
            continue
        parent = reduce(getitem, where[:-1], data)
        old = parent[where[-1]]
        parent[where[-1]] = old + "\nbaris kedua"
        try:
            model.model_validate(data)
            taken += 1
        except ValidationError:
            parent[where[-1]] = old
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return taken


@pytest.mark.slow  # one build of every format and one round of e-mail drafts
def test_every_text_check_accepts_with_a_line_break_every_format_holds(project):
    from rapatgen.model.config import Konfigurasi
    from rapatgen.model.directory import Direktori
    from rapatgen.model.meeting import Rapat
    from rapatgen.model.program import ProgramTahunan

    taken = _break_every_text(project / "rapatgen.yaml", Konfigurasi,
                              skip=("logo", "direktori", "folder_rapat", "folder_keluaran", "folder_program"))
    taken += _break_every_text(project / "direktori.yaml", Direktori)
    taken += _break_every_text(project / "program/2023.yaml", ProgramTahunan)
    for meeting in sorted((project / "agendas").glob("*.yaml")):
        taken += _break_every_text(meeting, Rapat)
    assert taken > 100  # free text: isi, catatan, tujuan, tempat, pembuka, alamat, …

    assert run(project, "check").exit_code == 0
    r = run(project, "build", "--per", "2025-02-15")
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    out = project / "outputs"
    made = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".docx", ".pdf", ".ics", ".xlsx", ".html"} <= made
    for ics in out.rglob("*.ics"):
        icalendar.Calendar.from_ical(ics.read_bytes())
    for sheet in out.rglob("*.xlsx"):
        openpyxl.load_workbook(sheet)
    for meeting in ("rakor-buleleng-2023-12-14", "sosialisasi-dtsen-buleleng-2025"):
        sent = run(project, "kirim", meeting, "--dokumen", "undangan", "--draf")
        assert sent.exit_code == 0 and "Traceback" not in sent.output, sent.output
        drafts = list((out / meeting / "surel").glob("*.eml"))
        assert drafts
        for draft in drafts:
            msg = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
            assert "\n" not in str(msg["To"]) + str(msg["From"]) + str(msg["Subject"])
