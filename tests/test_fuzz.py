"""Issue 11, point 1: property-based tests (hypothesis) over the real models.

- arbitrary Unicode in any free-text field of a meeting: `check` refuses it at a position
  (control characters, NIK-like numbers) or every document renders — the DOCX opens, the
  PDF reads — with the text present literally;
- mutations of the bundled examples (keys deleted, types changed, values swapped, dates
  shifted, text replaced) and arbitrary YAML: `check` gives positioned messages or success,
  never a traceback;
- returned forms for `followup impor` (issue 17.6), filled in any way (statuses, text, numbers,
  dates, formulas), the hidden sheet or a locked cell tampered with, bytes or zip parts damaged,
  renamed .xls/.csv/no extension: never a traceback, the preview is what --ya records, a refused
  file records nothing, no meeting file is left invalid or half-written.

Default profile: a few dozen cases (CI). `--hypothesis-profile=slow` (or RAPATGEN_FUZZ=slow)
runs 10,000 cases per check property; rendering and importing are costlier, so they run a tenth
of that.
"""

import copy
import difflib
import io
import json
import os
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import docx
import pypdf
import pytest
import yaml
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from rapatgen.text import glyphs
from rapatgen.text.errors import InvalidInput
from rapatgen.load.yamlfile import _Loader
from tests.conftest import ROOT, bare_project

pytestmark = pytest.mark.slow

PROFILE = settings.default
RENDER_CASES = max(5, PROFILE.max_examples // 10) if PROFILE.max_examples > 100 else 6
EXAMPLES = sorted(ROOT.glob("agendas/*.yaml")) + sorted(ROOT.glob("contoh/*/agendas/*.yaml"))

RICH = {
    "id": "uji-fuzz",
    "jenis": "rakor",
    "judul": "Rapat Uji",
    "tema": "Tema rapat",
    "sesi": [{"tanggal": "2025-03-12", "mulai": "09.00", "selesai": "12.00", "tempat": "Aula Bappeda"}],
    "pimpinan": {"ketua": "sekda_bll", "notulis": {"nama": "Ni Luh Contoh", "jabatan": "Staf Bappeda"}},
    "narasumber": [{"id": "kepala_bappeda_bll", "materi": "Materi paparan"}],
    "undangan": {"tanggal": "2025-03-05", "hal": "Undangan Rapat", "yth": ["dinsos_bll"],
                 "catatan": ["Mohon hadir tepat waktu"], "tembusan": ["Bupati Buleleng"]},
    "hadir": ["sekda_bll", {"nama": "Peserta Tamu", "jabatan": "Tokoh Masyarakat"}],
    "acara": [{"mulai": "09.00", "acara": "Pembukaan", "oleh": "Sekda"}],
    "pembahasan": [{"judul": "Paparan", "catatan": "Catatan pembahasan."}],
    "kesepakatan": [{"id": "K1", "isi": "Isi kesepakatan", "pj": "bappeda_bll", "batas_waktu": "2025-06-30",
                     "rencana_tindak_lanjut": "Rencana", "riwayat": [
                         {"tanggal": "2025-03-20", "status": "proses", "catatan": "Catatan", "bukti": ["Bukti"]}]}],
    "dasar_hukum": ["Peraturan Presiden Nomor 96 Tahun 2015"],
    "berita_acara": {"tempat": "Singaraja"},
}


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    return bare_project(tmp_path_factory.mktemp("fuzz"))  # one meeting file of our own; no programme naming others


def test_the_rich_meeting_is_valid(proj):
    project, problems = _check(proj, _dump(RICH))
    assert project is not None, problems


def _check(root: Path, text: str):
    """(project, None) when valid, (None, problems) when not; anything else is a failure."""
    from rapatgen.check.project import load_project

    (root / "agendas" / "uji.yaml").write_text(text, encoding="utf-8")
    try:
        return load_project(root), None
    except InvalidInput as exc:
        assert exc.problems, "InvalidInput without a problem"
        for p in exc.problems:
            assert p.line >= 1 and p.column >= 1 and p.message.strip(), p
        return None, exc.problems


def _strings(data, path=()):
    """Every (path, text) of a string value in `data`."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _put(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper that also quotes what rapatgen's YAML 1.2 scalars read as a number (`0E0`, `1e5`)."""


_Dumper.yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeDumper.yaml_implicit_resolvers.items()}
for _first, _resolvers in _Loader.yaml_implicit_resolvers.items():
    _Dumper.yaml_implicit_resolvers.setdefault(_first, []).extend(_resolvers)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


FREE_TEXT = [p for p, _ in _strings(RICH) if p[-1] not in ("id", "jenis", "tanggal", "mulai", "selesai", "pj",
                                                             "status", "batas_waktu", "ketua", "yth")
             and p[:2] not in (("hadir", 0), ("undangan", "yth"))]
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120) | st.sampled_from([
    "‮مرحبا بالعالم‬ עברית", "e\u0301\u0302\u0303 combining", "👩🏽‍🌾🇮🇩 emoji", "x" * 400, "\u200b\u200d\ufeff",
    "line\nbreak", "#read(\"/etc/passwd\") ] $ <l> @r", "</w:t><w:p/>", "=1+1", "{{ 7*7 }}",
])


def _flat(text: str) -> str:
    """Text to compare: no white space, NFC, typographic quotes (documents/frame.py) as straight ones."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)).replace("“", '"').replace("”", '"')


@settings(max_examples=RENDER_CASES)
@given(field=st.sampled_from(FREE_TEXT), text=unicode_text)
@example(field=("judul",), text="Rapat Koordinasi Penanggulangan Kemiskinan " * 8)  # > 255: Word's title limit
@example(field=("kesepakatan", 0, "isi"), text="Tanggal 5108011234560001")
def test_any_text_in_any_free_text_field_is_refused_or_rendered(proj, field, text):
    from rapatgen.build.compose import render_meeting
    from rapatgen.load.yamlfile import text_problem
    from rapatgen.resolve.context import Context

    data = copy.deepcopy(RICH)
    _put(data, field, text)
    project, problems = _check(proj, _dump(data))
    if text_problem(text):
        assert problems and any("karakter kendali" in p.message or "NIK" in p.message for p in problems), problems
        return
    if project is None:  # only blank text where text is required, or the '…' placeholder, may be refused
        assert not text.strip() or "…" in text, problems
        return
    ctx = Context(project.config, project.directory, project.root, date(2025, 4, 1),
                  [mf.model for mf in project.meetings])
    files, _ = render_meeting(ctx, project.meetings[0].model, ("docx", "pdf"), None)
    assert files
    lacking = glyphs.missing(text)
    for name, data_ in files:
        if name.endswith(".docx"):
            docx.Document(io.BytesIO(data_))
        elif name.endswith(".pdf"):
            assert len(pypdf.PdfReader(io.BytesIO(data_)).pages) >= 1
            # PDF/A-2b unless a character no shipped font has is in the text: then `check` warned at it
            assert glyphs.is_pdfa(data_) or lacking, (name, text)
    if lacking:
        assert any(glyphs.missing_message([ch for _, ch in lacking]) == n.message for n in project.notices), \
            (text, project.notices)
    if field == ("kesepakatan", 0, "isi") and text.strip():
        notulen = dict(files)["notulen-uji-fuzz.docx"]
        body = "".join(t.text or "" for t in docx.Document(io.BytesIO(notulen)).element.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        assert _flat(text) in _flat(body)


# --- mutations of the bundled examples ------------------------------------------------------
def _example_data():
    out = []
    for path in EXAMPLES:
        out.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


BASES = _example_data()


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2025-02-30", "25.61", "K1", "~", ".inf", "0812"]))
anything = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=10), inner, max_size=4), max_leaves=12)


@st.composite
def mutated(draw):
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["delete", "type", "swap", "date", "text", "duplicate"]))
        parent = _get(data, path[:-1])
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "type":
            parent[path[-1]] = draw(anything)
        elif kind == "swap":
            other = draw(st.sampled_from(paths))
            try:
                a, b = _get(data, path), _get(data, other)
                parent[path[-1]], _get(data, other[:-1])[other[-1]] = copy.deepcopy(b), copy.deepcopy(a)
            except (KeyError, IndexError, TypeError):
                pass
        elif kind == "date":
            value = parent[path[-1]]
            if isinstance(value, (str, date)) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                shifted = date.fromisoformat(str(value)) + timedelta(days=draw(st.integers(-4000, 4000)))
                parent[path[-1]] = shifted.isoformat()
        elif kind == "text":
            parent[path[-1]] = draw(unicode_text)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return data


@given(data=mutated())
def test_mutated_examples_get_positioned_messages_or_pass(proj, data):
    _check(proj, _dump(data))


@given(data=anything)
def test_arbitrary_yaml_gets_positioned_messages(proj, data):
    _check(proj, _dump(data))


@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_get_positioned_messages(proj, raw):
    from rapatgen.check.project import load_project

    (proj / "agendas" / "uji.yaml").write_bytes(raw)
    try:
        load_project(proj)
    except InvalidInput as exc:
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)


# --- followup impor: generated and mutated returned forms (issue 17.6) ------------------------------
IMPORT_CASES = max(5, PROFILE.max_examples // 10) if PROFILE.max_examples > 100 else 6
IMPORT_PER, RECEIVED = "2025-03-31", "2025-04-05"
STATUS_WORDS = ["Belum Ditindaklanjuti", "Dalam Proses", "Selesai", "Tidak Dapat Ditindaklanjuti", "selesai", "proses",
                "Hampir selesai", " Selesai ", ""]


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The Buleleng example with a form for every OPD; the meeting files as they were."""
    from click.testing import CliRunner

    from rapatgen.cli import main
    from tests.conftest import copy_root_project

    root = copy_root_project(tmp_path_factory.mktemp("impor") / "proyek")
    r = CliRunner().invoke(main, ["followup", "minta", "--per", IMPORT_PER, "--urut", "30", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    forms = {p.name: p.read_bytes() for p in sorted((root / "outputs" / f"permintaan-{IMPORT_PER}").glob("*.xlsx"))}
    meetings = {p: p.read_bytes() for p in sorted((root / "agendas").glob("*.yaml"))}
    return _Issued((root, forms, meetings))


class _Issued(tuple):
    def __repr__(self) -> str:  # a failing case prints the form drawn, not every form's bytes
        return "issued"


fill_values = st.one_of(
    st.none(), st.sampled_from(STATUS_WORDS), st.sampled_from(["…", "NIK 5108011234560001", "=1+1", '=IF(1,"Selesai")',
                                                               "#N/A", "-", "bukti.pdf; https://contoh.example/x"]),
    st.integers(-10**17, 10**17), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.sampled_from(["02-04-2025", "2025-04-03", "31/02/2025", "kemarin"]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=60))  # what a cell holds


fraction = st.floats(0, 1)


@st.composite
def returned_form(draw, forms):
    """(file name, bytes): a form as an OPD might send it back — filled in any way, perhaps damaged."""
    from openpyxl import load_workbook

    name = draw(st.sampled_from(sorted(forms)))
    wb = load_workbook(io.BytesIO(forms[name]))
    ws, meta = wb["Tindak Lanjut"], wb["_rapatgen"]
    rows = [r[0] for r in meta.iter_rows(min_row=2, values_only=True) if r and r[0]]
    for row in rows:
        if draw(st.booleans()):
            for col in "GHIJ":
                if draw(st.integers(0, 2)):
                    ws[f"{col}{row}"] = draw(fill_values)
    if draw(st.integers(0, 9)) == 0:  # the hidden sheet or a locked cell tampered with
        sheet = draw(st.sampled_from([meta, ws]))
        sheet.cell(row=draw(st.integers(1, max(rows) + 1)), column=draw(st.integers(1, 10))).value = draw(fill_values)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    damage = draw(st.sampled_from(["none"] * 6 + ["bytes", "truncate", "part", "junk"]))
    # positions are drawn as fractions: a saved workbook's length varies with the time it was saved
    if damage == "bytes":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            data[int(draw(fraction) * (len(data) - 1))] = draw(st.integers(0, 255))
        data = bytes(data)
    elif damage == "truncate":
        data = data[:int(draw(fraction) * len(data))]
    elif damage == "part":
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {i.filename: z.read(i) for i in z.infolist()}
        victim = draw(st.sampled_from(sorted(parts)))
        text = parts[victim]
        start = int(draw(fraction) * len(text))
        end = min(len(text), start + draw(st.integers(0, 200)))
        parts[victim] = text[:start] + draw(st.binary(max_size=40) | st.sampled_from(
            [b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"<c r='G7' t='str'><f>1+1</f></c>", b"</row>", b""])) + text[end:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for part, content in parts.items():
                z.writestr(part, content)
        data = out.getvalue()
    elif damage == "junk":
        data = draw(st.binary(max_size=300) | st.sampled_from([b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                                               "No;ID;Status\n1;x;Selesai\n".encode()]))
    return draw(st.sampled_from([name, name[:-5], name[:-5] + ".xls", name[:-5] + ".csv"])), data


def _history_entries(root) -> int:
    from rapatgen.check.project import load_project

    project = load_project(root)  # raises if an import left a meeting file invalid
    return sum(len(it.riwayat or []) for mf in project.meetings for section in ("kesepakatan", "arahan")
               for it in getattr(mf.model, section))


@settings(max_examples=IMPORT_CASES)
@given(data=st.data())
def test_any_returned_form_is_recorded_as_previewed_or_refused_whole(issued, tmp_path_factory, data):
    """0 tracebacks; the preview is what --ya records; a refused file records nothing; no meeting file
    is left invalid or half-written (its entries are the old ones plus exactly the previewed changes)."""
    from click.testing import CliRunner

    from rapatgen.cli import main

    root, forms, meetings = issued
    name, content = data.draw(returned_form(forms))
    folder = tmp_path_factory.mktemp("kembali")
    path = folder / (name or "formulir")
    path.write_bytes(content)
    for meeting, original in meetings.items():
        meeting.write_bytes(original)
    before = _history_entries(root)
    outputs = []
    for extra in ([], ["--ya"]):
        r = CliRunner().invoke(main, ["followup", "impor", str(path), "--per", RECEIVED, *extra, "--proyek", str(root)])
        assert r.exception is None or isinstance(r.exception, SystemExit), (r.output, r.exception)
        assert r.exit_code in (0, 1) and "Traceback" not in r.output, r.output
        outputs.append(r.output)
    changes = [[line for line in out.splitlines() if " → " in line] for out in outputs]
    assert changes[0] == changes[1], outputs
    event("formulir ditolak" if "DITOLAK" in outputs[1] else "perubahan dicatat" if changes[1] else
          "baris dilewati saja" if "DILEWATI" in outputs[1] or "KONFLIK" in outputs[1] else "tidak ada isian baru")
    if "DITOLAK" in outputs[1]:
        assert not changes[1] and all(m.read_bytes() == b for m, b in meetings.items())
    after = _history_entries(root)
    assert after - before == len(changes[1]), outputs
    for meeting, original in meetings.items():  # the user's text is kept: lines added, flow lists extended
        old, new = original.decode("utf-8").splitlines(), meeting.read_text(encoding="utf-8").splitlines()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            assert tag != "delete", (meeting.name, old[i1:i2])
            if tag == "replace":
                for line in old[i1:i2]:
                    assert any(n.startswith(line.rstrip().rstrip("]}").rstrip()) for n in new[j1:j2]), (meeting.name, line)
