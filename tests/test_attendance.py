"""Issue 18 (points 1-3): one attendance model feeds the daftar hadir, the notulen and the
berita acara. Read back from the DOCX and PDF a user opens, in both example projects."""

import re

import docx
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow
BULELENG = "rakor-buleleng-2023-12-14"
BULELENG_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
KALTIM = "rakor-kaltim-2024-12-19"
KALTIM_FILE = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
FGD = "fgd-rpkd-kaltim-2024-09-27"


def _build(root, meeting, *only):
    args = ["build", meeting, "--per", "2025-02-15", "--proyek", str(root)]
    for kind in only:
        args += ["--only", kind]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return root / "outputs" / meeting


def sheets(path):
    """Every attendance table of a daftar hadir DOCX: its header and numbered rows (not the signature
    block written as rows at its foot), each a list of cell texts."""
    d = docx.Document(str(path))
    return [[[c.text for c in r.cells] for r in t.rows if r.cells[0].text == "No" or re.fullmatch(r"\d+\.", r.cells[0].text)]
            for t in d.tables if t.rows[0].cells[0].text == "No"]


def named_rows(table):
    return [r for r in table[1:] if r[1] or r[2]]


def pdf_order(path, names):
    """Positions of `names` in the PDF text (each must be there exactly once)."""
    text = flat(pdf_text(path))
    out = []
    for n in names:
        assert text.count(flat(n)) == 1, (n, text.count(flat(n)))
        out.append(text.index(flat(n)))
    return out


def test_buleleng_every_attendee_has_one_row_plt_head_merged_chair_once(built_buleleng):
    folder = built_buleleng.outputs(BULELENG)
    paper, = sheets(folder / f"daftar-hadir-{BULELENG}.docx")
    assert paper[0] == ["No", "Nama", "Jabatan / Instansi", "L/P", "No. HP", "Ket.", "Tanda Tangan"]
    rows = named_rows(paper)
    names = [r[1] for r in rows if r[1]]
    # all 11 written in hadir, each once — the Kabid and the notulis had no row before
    for who in ("Gede Contoh Suyasa", "Made Contoh Arsana", "Ketut Contoh Sari", "Nyoman Contoh Wijaya",
                "Ari Contoh Pamungkas", "Komang Contoh Budiasa", "Luh Contoh Sukerti", "Gede Contoh Mahendra",
                "Kadek Contoh Yasa", "Ni Made Contoh Rai", "Putu Contoh Ardana"):
        assert sum(who in n for n in names) == 1, who
    assert len(names) == 11
    # the Plt. head fills the row of the office he heads (no blank office row beside his named row)
    dpmd = [r for r in rows if "Pemberdayaan Masyarakat dan Desa" in r[2]]
    assert len(dpmd) == 1 and "Komang Contoh Budiasa" in dpmd[0][1] and dpmd[0][2].startswith("Plt. Kepala Dinas")
    # protocol: the Sekda (chair) first, the Kepala Bappeda as the team's secretary next (issue 18 review: he
    # was among the last), then the invitation's order; the one office nobody came from is marked
    assert "Gede Contoh Suyasa" in rows[0][1] and rows[0][3] == "L"
    assert "Made Contoh Arsana" in rows[1][1]
    assert rows[2][2] == "Kepala Dinas Sosial Kabupaten Buleleng" and rows[2][1]
    absent = [r for r in rows if r[5] == "tidak hadir"]
    assert [r[2] for r in absent] == ["Kepala Dinas Pendidikan, Kepemudaan dan Olahraga Kabupaten Buleleng"]
    assert all(r[5] == "hadir" for r in rows if r[1])
    # staff of an invited office whose head did not come signs in that office's row
    dinkes = [r for r in rows if "Dinas Kesehatan" in r[2]]
    assert len(dinkes) == 1 and dinkes[0][1] == "Luh Contoh Sukerti" and dinkes[0][3] == "P"
    # the PDF has the same rows in the same order
    pdf = folder / f"daftar-hadir-{BULELENG}.pdf"
    order = pdf_order(pdf, ["Gede Contoh Suyasa", "Nyoman Contoh Wijaya", "Luh Contoh Sukerti", "Komang Contoh Budiasa",
                            "Ni Made Contoh Rai", "Putu Contoh Ardana"])
    assert order == sorted(order)
    assert flat("tidak hadir") in flat(pdf_text(pdf))


def test_kaltim_head_merged_once_secretary_listed_text_institution_matched(built_kaltim):
    folder = built_kaltim.outputs(KALTIM)
    paper, online = sheets(folder / f"daftar-hadir-{KALTIM}.docx")
    rows = named_rows(paper)
    # the BPKP head: one named row (was a blank office row and a named row)
    bpkp = [r for r in rows if "BPKP" in r[2] or "Badan Pengawasan Keuangan" in r[2]]
    assert len(bpkp) == 1 and "Hendra Contoh Saputra" in bpkp[0][1]
    # the secretary (Kepala Bappeda) and those not invited by name have rows
    text = "\n".join(r[1] for r in rows)
    for who in ("Yusuf Contoh Pratama", "Bambang Contoh", "Lina Contoh", "Rudi Contoh", "Sari Contoh",
                "Darmawan Contoh", "Rina Contoh Lestari"):
        assert who in text, who
    # "Bappeda Kota Samarinda" written inline is the invited Bappeda of Kota Samarinda: one row
    samarinda = [r for r in rows if "Samarinda" in r[2]]
    assert len(samarinda) == 1 and samarinda[0][1] == "Rudi Contoh"
    assert "Sri Contoh Rahayu" in rows[0][1]  # the Sekda first
    assert [r[1] for r in online[1:]] == ["Nur Contoh", ""]  # online: no paper row, no signature column
    assert "Nur Contoh" not in text and len(online[0]) == 3


def test_notulen_and_berita_acara_count_what_the_daftar_hadir_lists(built_kaltim):
    folder = built_kaltim.outputs(KALTIM)
    paper, online = sheets(folder / f"daftar-hadir-{KALTIM}.docx")
    came = [r for r in paper[1:] if r[5] == "hadir"] + online[1:]
    persons = [r for r in came if r[1]]
    offices = [r for r in came if not r[1]]
    assert (len(persons), len(offices)) == (12, 1)  # the moderator (Plh. Kabid) led the discussion
    for path in (folder / f"notulen-{KALTIM}.docx", folder / f"notulen-{KALTIM}.pdf"):
        text = flat(docx_text(path) if path.suffix == ".docx" else pdf_text(path))
        assert flat("12 orang (laki-laki 7, perempuan 5) dan 1 instansi; 11 hadir langsung, 2 hadir daring") in text
        assert "tidakterc" not in text
        for r in persons:  # the peserta list names exactly those the daftar hadir marks as present
            assert flat(r[1]) in text, r[1]
    for path in (folder / f"berita-acara-{KALTIM}.docx", folder / f"berita-acara-{KALTIM}.pdf"):
        text = flat(docx_text(path) if path.suffix == ".docx" else pdf_text(path))
        assert flat("dihadiri oleh 12 (dua belas) orang peserta dan 1 (satu) instansi") in text


def test_multi_day_fgd_each_day_its_own_rows(built_kaltim):
    folder = built_kaltim.outputs(FGD)
    day1, day2 = sheets(folder / f"daftar-hadir-{FGD}.docx")
    dinsos1 = [r for r in day1 if "Dinas Sosial" in r[2]]
    dinsos2 = [r for r in day2 if "Dinas Sosial" in r[2]]
    assert [r[1] for r in dinsos1] == ["Agus Contoh Hidayat, S.Sos., M.Si.", "Bambang Contoh"]
    assert [r[1] for r in dinsos2] == ["Bambang Contoh"]  # the Kabid in the office's row when the head is away
    for text in (docx_text(folder / f"notulen-{FGD}.docx"), pdf_text(folder / f"notulen-{FGD}.pdf")):
        assert flat("Peserta Sidang/Rapat: 7 orang (laki-laki 6, perempuan 1)") in flat(text)


def test_before_the_meeting_the_sheet_lists_everyone_expected(project):
    replace_in(project / SERIES_FILE, "\nundangan:\n", "\ndaftar_hadir: {mode: sebelum}\nundangan:\n")
    folder = _build(project, SERIES, "daftar-hadir")
    first = sheets(folder / f"daftar-hadir-{SERIES}.docx")[0]
    assert first[0] == ["No", "Nama", "Jabatan / Instansi", "L/P", "No. HP", "Tanda Tangan"]  # nothing marked
    names = [r[1].split(",")[0] for r in first[1:] if r[1]]
    # opener, chair, narasumber in person, the note-taker and whoever hadir already names: a named row each
    for who in ("Ir. Made Contoh Arsana", "Ketut Contoh Sari", "Nyoman Contoh Wijaya", "Ni Made Contoh Rai",
                "Wayan Contoh Adi"):
        assert names.count(who) == 1, who
    assert names[:2] == ["Ir. Made Contoh Arsana", "Ketut Contoh Sari"]
    jabatan = [r[2] for r in first[1:]]
    assert "Camat Gerokgak" in jabatan and "Kepala Desa Pejarakan" in jabatan
    assert len(first) - 1 >= 20  # jumlah_peserta rows to sign


def test_group_line_with_a_count_is_one_row_in_place_of_its_members(built_buleleng):
    first = sheets(built_buleleng.outputs(SERIES) / f"daftar-hadir-{SERIES}.docx")[0]
    desa = [r for r in first[1:] if r[2].startswith("Kepala Desa")]
    # hadir: {kelompok: kades_gerokgak, jumlah: 5}: five came, not which five — one row with the count in
    # place of the five invited village heads' rows (issue 18 review: no member marked "hadir" by a count)
    assert [(r[2], r[5]) for r in desa] == [("Kepala Desa se-Kecamatan Gerokgak, 5 orang", "hadir")]


def test_mode_sebelum_and_written_order_can_be_chosen(project):
    replace_in(project / BULELENG_FILE, "notulen:\n  ditutup", "daftar_hadir: {mode: sebelum, urutan: tertulis}\n"
                                                               "notulen:\n  ditutup")
    folder = _build(project, BULELENG, "daftar-hadir", "notulen")
    paper, = sheets(folder / f"daftar-hadir-{BULELENG}.docx")
    assert "Ket." not in paper[0]
    rows = named_rows(paper)
    assert rows[0][1].startswith("Dr. Ir. Gede Contoh Suyasa")  # the chair, as written first
    assert len(paper) - 1 > len(rows)  # blank rows for walk-ins
    text = docx_text(folder / f"notulen-{BULELENG}.docx")
    assert "Peserta Sidang/Rapat" in text and "11 orang" not in text  # nobody counted before the meeting


def test_protocol_order_head_of_region_deputy_sekda_first(kaltim):
    replace_in(kaltim / KALTIM_FILE, "  - notulis_kaltim\n",
               "  - notulis_kaltim\n  - {nama: Wakil Contoh, jabatan: Wakil Gubernur Kalimantan Timur, jenis_kelamin: L}\n"
               "  - {nama: Gubernur Contoh, jabatan: Gubernur Kalimantan Timur, jenis_kelamin: L}\n")
    folder = _build(kaltim, KALTIM, "daftar-hadir")
    paper, _ = sheets(folder / f"daftar-hadir-{KALTIM}.docx")
    assert [r[1].split(",")[0] for r in paper[1:4]] == ["Gubernur Contoh", "Wakil Contoh", "Sri Contoh Rahayu"]
    order = pdf_order(folder / f"daftar-hadir-{KALTIM}.pdf", ["Gubernur Contoh", "Wakil Contoh", "Sri Contoh Rahayu"])
    assert order == sorted(order)


def test_offices_counted_as_offices_represented_person_not_counted_no_unknown_sex(project):
    path = project / BULELENG_FILE
    replace_in(path, "  - notulis_bll\n",
               "  - notulis_bll\n  - disdik_bll\n"
               "  - {nama: Wayan Contoh Staf, jabatan: Kepala Bidang Sosial, instansi: dinsos_bll, mewakili: kadinsos_bll}\n"
               "  - {nama: Tanpa Contoh, jabatan: Penyuluh, instansi: dinsos_bll}\n")
    replace_in(path, "  peserta: terlampir", "  peserta: daftar")
    folder = _build(project, BULELENG, "daftar-hadir", "notulen", "berita-acara")
    # kadinsos_bll is written in hadir and represented: the representative is counted, not him; the office once;
    # the Penyuluh's sex is unknown: no breakdown at all, never "tidak tercatat"
    for text in (docx_text(folder / f"notulen-{BULELENG}.docx"), pdf_text(folder / f"notulen-{BULELENG}.pdf")):
        f = flat(text)
        assert flat("Peserta Sidang/Rapat: 12 orang dan 1 perangkat daerah") in f
        assert "tidaktercatat" not in f and "laki-laki" not in f
        assert flat("Wayan Contoh Staf, Kepala Bidang Sosial, mewakili Kepala Dinas Sosial Kabupaten Buleleng") in f
    for text in (docx_text(folder / f"berita-acara-{BULELENG}.docx"), pdf_text(folder / f"berita-acara-{BULELENG}.pdf")):
        assert flat("12 (dua belas) orang peserta dan 1 (satu) perangkat daerah") in flat(text)
    paper, = sheets(folder / f"daftar-hadir-{BULELENG}.docx")
    dinsos = [r for r in paper if r[2].startswith("Kepala Bidang Sosial")]
    assert len(dinsos) == 1 and dinsos[0][1] == "Wayan Contoh Staf"
    assert not any("Nyoman Contoh Wijaya" in r[1] for r in paper)


def test_directory_person_printed_with_institution(kaltim):
    replace_in(kaltim / "direktori.yaml", "  plh_kabid_bappeda_kaltim:", """  kasubdit_kemenko:
    nama: Tari Contoh
    jabatan: Kepala Subdirektorat Penanganan Fakir Miskin
    instansi: kemenko_pmk
    jenis: non_asn
    jenis_kelamin: P
  plh_kabid_bappeda_kaltim:""")
    path = kaltim / KALTIM_FILE
    replace_in(path, "  - notulis_kaltim\n", "  - notulis_kaltim\n  - kasubdit_kemenko\n")
    replace_in(path, "    - bpkp_kaltim\n", "    - bpkp_kaltim\n    - kasubdit_kemenko\n")
    replace_in(path, "    - kaper_bpkp_kaltim\n    - {nama: Rudi", "    - kaper_bpkp_kaltim\n    - kasubdit_kemenko\n"
                                                             "    - {nama: Rudi")
    folder = _build(kaltim, KALTIM)
    full = flat("Kepala Subdirektorat Penanganan Fakir Miskin, Kementerian Koordinator Bidang Pembangunan Manusia "
                "dan Kebudayaan")
    for stem in (f"notulen-{KALTIM}", f"daftar-hadir-{KALTIM}", f"berita-acara-{KALTIM}", f"undangan-{KALTIM}"):
        for suffix in (".docx", ".pdf"):
            p = folder / (stem + suffix)
            text = flat(docx_text(p) if suffix == ".docx" else pdf_text(p))
            assert full in text, p.name
    # a jabatan that already names its institution (short name and region) gets nothing added
    notulen = flat(docx_text(folder / f"notulen-{KALTIM}.docx"))
    assert flat("Kepala Perwakilan BPKP Provinsi Kalimantan Timur") in notulen
    assert flat("Kepala Perwakilan BPKP Provinsi Kalimantan Timur, Perwakilan Badan") not in notulen


def test_a_meetings_rows_are_worked_out_once_per_day(monkeypatch):
    """Issue 22.5 (d): composing a meeting's documents asked for its attendance rows ≈ 10 times (the daftar
    hadir, the notulen, the berita acara and its parties); each day's rows are worked out once for the
    build's context, and each caller gets its own copies."""
    from datetime import date

    import rapatgen.resolve.attendance as attendance
    from rapatgen.build.compose import compose_meeting
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from tests.conftest import KALTIM_ROOT

    project = load_project(KALTIM_ROOT)
    ctx = Context(project.config, project.directory, project.root, date(2025, 2, 15),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    built = []
    real = attendance._Builder

    class Counting(real):
        def __init__(self, *args, **kwargs):
            built.append(args[1].id)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(attendance, "_Builder", Counting)
    m = project.meeting("fgd-rpkd-kaltim-2024-09-27").model
    docs, _ = compose_meeting(ctx, m)
    assert len(docs) >= 5 and built == [m.id] * len(m.sesi)
    rows = attendance.session_rows(ctx, m, 1)
    rows[0].nama = "diubah"
    rows.pop()
    assert attendance.session_rows(ctx, m, 1)[0].nama != "diubah" and len(attendance.session_rows(ctx, m, 1)) > len(rows)
