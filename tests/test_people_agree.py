"""Issue 18, the page review's blockers: the daftar hadir, the notulen and the berita acara say
the same about who came — group lines count and never mark named members, a position written
in `yth` and in `hadir` is one row, and a berita acara is signed by those who were there.
Read back from the DOCX and PDF a user opens (and from `check`)."""

import re

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in
from tests.readback import docx_text, flat, pdf_text
from tests.test_attendance import BULELENG, BULELENG_FILE, SERIES, SERIES_FILE, _build, sheets

pytestmark = pytest.mark.slow


def came_rows(path):
    """(paper and online rows) marked present in each sheet of a daftar hadir DOCX, per sheet."""
    tables = sheets(path)
    out, k = [], 0
    while k < len(tables):
        paper = tables[k]
        rows = [r for r in paper[1:] if r[5] == "hadir"]
        k += 1
        if k < len(tables) and len(tables[k][0]) == 3:  # the online table of the same sheet
            rows += [[r[0], r[1], r[2], "", "", "hadir"] for r in tables[k][1:]]
            k += 1
        out.append(rows)
    return out


def people_on_sheets(per_sheet):
    """What the sheets say came: each named person once over all sheets, each group line with its
    count ('…, 4 orang'), each unnamed office once."""
    names, offices, grouped = set(), set(), 0
    for rows in per_sheet:
        for r in rows:
            count = re.search(r", (\d+) orang$", r[2])
            if r[1]:
                names.add(r[1])
            elif count:
                grouped += int(count.group(1))
            else:
                offices.add(r[2])
    return len(names) + grouped, len(offices)


def test_a_counted_group_line_marks_no_member_and_the_count_agrees(built_buleleng):
    folder = built_buleleng.outputs(SERIES)
    per_sheet = came_rows(folder / f"daftar-hadir-{SERIES}.docx")
    sukasada = per_sheet[2]
    # "kades_sukasada, jumlah: 4" of five invited villages: one row with its count, no village "hadir"
    assert [r[2] for r in sukasada if r[2].startswith("Kepala Desa")] == ["Kepala Desa se-Kecamatan Sukasada, 4 orang"]
    pdf = flat(pdf_text(folder / f"daftar-hadir-{SERIES}.pdf"))
    assert flat("Kepala Desa se-Kecamatan Sukasada, 4 orang") in pdf and "KepalaDesaPancasari" not in pdf
    persons, offices = people_on_sheets(per_sheet)
    assert offices == 0
    for text in (docx_text(folder / f"notulen-{SERIES}.docx"), pdf_text(folder / f"notulen-{SERIES}.pdf")):
        assert flat(f"Peserta Sidang/Rapat: {persons} orang") in flat(text)
        assert not re.search(r"Peserta Sidang/Rapat: \d+ orang dan", text)
    for text in (docx_text(folder / f"berita-acara-{SERIES}.docx"), pdf_text(folder / f"berita-acara-{SERIES}.pdf")):
        assert flat(f"dihadiri oleh {persons} (") in flat(text)


def test_a_position_invited_and_present_is_one_row(project):
    path = project / BULELENG_FILE
    replace_in(path, "    - dinsos_bll\n", "    - dinsos_bll\n    - {jabatan: Forkopimda Kabupaten Buleleng}\n"
                                          "    - {jabatan: Koordinator Pendamping PKH Kabupaten Buleleng}\n")
    replace_in(path, "  - notulis_bll\n", "  - notulis_bll\n  - {kelompok: Forkopimda Kabupaten Buleleng, jumlah: 3}\n"
                                          "  - {nama: Gede Contoh Pendamping, jabatan: Koordinator Pendamping PKH "
                                          "Kabupaten Buleleng, jenis_kelamin: L}\n")
    folder = _build(project, BULELENG, "daftar-hadir", "notulen", "berita-acara")
    paper, = sheets(folder / f"daftar-hadir-{BULELENG}.docx")
    forkopimda = [r for r in paper[1:] if "Forkopimda" in r[2]]
    assert [(r[2], r[5]) for r in forkopimda] == [("Forkopimda Kabupaten Buleleng, 3 orang", "hadir")]
    pkh = [r for r in paper[1:] if "Pendamping PKH" in r[2]]
    assert [(r[1], r[5]) for r in pkh] == [("Gede Contoh Pendamping", "hadir")]
    # in the invitation's place (after Dinas Sosial), not among the others at the end
    order = [r[2] for r in paper[1:]]
    assert order.index("Forkopimda Kabupaten Buleleng, 3 orang") == order.index(
        "Kepala Dinas Sosial Kabupaten Buleleng") + 1
    persons, offices = people_on_sheets(came_rows(folder / f"daftar-hadir-{BULELENG}.docx"))
    for text in (docx_text(folder / f"notulen-{BULELENG}.docx"), pdf_text(folder / f"notulen-{BULELENG}.pdf")):
        assert flat(f"Peserta Sidang/Rapat: {persons} orang") in flat(text)
    pdf = flat(pdf_text(folder / f"daftar-hadir-{BULELENG}.pdf"))
    assert pdf.count("Forkopimda") == 1 and pdf.count("PendampingPKH") == 1


def test_a_group_line_without_a_count_marks_its_invited_members(project):
    replace_in(project / SERIES_FILE, "{kelompok: kades_gerokgak, jumlah: 5, hari: [1]}", "{kelompok: kades_gerokgak, hari: [1]}")
    folder = _build(project, SERIES, "daftar-hadir", "notulen")
    per_sheet = came_rows(folder / f"daftar-hadir-{SERIES}.docx")
    desa = [r[2] for r in per_sheet[0] if r[2].startswith("Kepala Desa")]
    assert desa == ["Kepala Desa Pejarakan", "Kepala Desa Sumberkima", "Kepala Desa Pemuteran", "Kepala Desa Banyupoh",
                    "Kepala Desa Penyabangan"]
    persons, offices = people_on_sheets(per_sheet)
    assert offices == 5
    for text in (docx_text(folder / f"notulen-{SERIES}.docx"), pdf_text(folder / f"notulen-{SERIES}.pdf")):
        assert flat(f"Peserta Sidang/Rapat: {persons} orang dan 5 desa") in flat(text)


def signatories(path):
    """(Nama, Jabatan/Instansi) of each row of the 'Yang menyepakati' table of a berita acara DOCX."""
    import docx

    d = docx.Document(str(path))
    table, = [t for t in d.tables if [c.text for c in t.rows[0].cells][:3] == ["No", "Nama", "Jabatan/Instansi"]]
    return [(r.cells[1].text, r.cells[2].text) for r in table.rows[1:]]


def test_berita_acara_is_signed_by_the_parties_that_were_there(built_kaltim, built_buleleng):
    fgd = "fgd-rpkd-kaltim-2024-09-27"
    folder = built_kaltim.outputs(fgd)
    rows = signatories(folder / f"berita-acara-{fgd}.docx")
    # the chair (Plh. Kabid Bappeda) first, then Bappeda (pj K1) by its head; Dinsos (terkait) by its head,
    # who came on day 1; Disperkim (pj K2) by the one who represented its absent head on day 2; DPMPD
    # (terkait) was not there: no row
    assert [n for n, _ in rows] == ["Fajar Contoh Nugroho, S.E., M.Ec.Dev.", "Dr. Yusuf Contoh Pratama, S.T., M.T.",
                                    "Agus Contoh Hidayat, S.Sos., M.Si.", "Tono Contoh"]
    assert rows[3][1].endswith("mewakili Kepala Dinas Perumahan dan Kawasan Permukiman Provinsi Kalimantan Timur")
    pdf = flat(pdf_text(folder / f"berita-acara-{fgd}.pdf"))
    assert flat("Tono Contoh") in pdf and flat("mewakili Kepala Dinas Perumahan") in pdf
    konsolidasi = "konsolidasi-kaltim-2024-12-04"
    folder = built_kaltim.outputs(konsolidasi)
    rows = signatories(folder / f"berita-acara-{konsolidasi}.docx")
    # Diskominfo (pj K3) was not at the meeting: it does not sign, and no row is left without a name
    assert all(n for n, _ in rows) and not any("Komunikasi" in j for _, j in rows)
    # the chair (Kepala Bappeda) signs first, never among the OPD rows (issue 19)
    assert [n.split(",")[0] for n, _ in rows] == ["Dr. Yusuf Contoh Pratama", "Agus Contoh Hidayat"]
    tail = flat(pdf_text(folder / f"berita-acara-{konsolidasi}.pdf")).split("Yangmenyepakati")[1]
    assert "Komunikasi" not in tail and "AgusContohHidayat" in tail
    folder = built_buleleng.outputs(SERIES)
    rows = signatories(folder / f"berita-acara-{SERIES}.docx")
    # the DTSEN series: DPMD (pj K1) was neither invited nor there, the camat were invited but did not come;
    # the chair (Kabid Bappeda, whose Bappeda owns no agreement) signs first
    assert rows == [("Ketut Contoh Sari, S.E., M.Si.", "Kepala Bidang Pemerintahan dan Pembangunan Manusia Bappeda "
                                                        "Kabupaten Buleleng"),
                    ("Nyoman Contoh Wijaya, S.Sos., M.AP.", "Kepala Dinas Sosial Kabupaten Buleleng")]
    tail = flat(pdf_text(folder / f"berita-acara-{SERIES}.pdf")).split("Yangmenyepakati")[1]
    assert "Pemberdayaan" not in tail and "Camat" not in tail


def test_check_warns_about_a_berita_acara_without_its_parties(project):
    series = project / SERIES_FILE
    replace_in(series, "    pj: dinsos_bll\n", "    pj: dpmd_bll\n")
    buleleng = project / BULELENG_FILE
    replace_in(buleleng, "  pihak: [kepala_bappeda_bll, kadinsos_bll,", "  pihak: [kepala_bappeda_bll, disdik_bll, kadinsos_bll,")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    assert (f"{SERIES_FILE}:{line_of(series, 'kesepakatan:')}:1: berita acara tidak punya pihak yang menyepakati"
            in r.output), r.output
    assert f"{BULELENG_FILE}:{line_of(buleleng, 'pihak: [kepala_bappeda_bll')}:" in r.output
    assert "pihak berita acara Kepala Dinas Pendidikan, Kepemudaan dan Olahraga Kabupaten Buleleng tidak tercatat hadir" \
        in r.output
    assert r.output.count("tidak tercatat hadir") == 1 and r.output.count("tidak punya pihak") == 1
    folder = _build(project, SERIES, "berita-acara")
    rows = signatories(folder / f"berita-acara-{SERIES}.docx")
    assert rows == [("Ketut Contoh Sari, S.E., M.Si.", "Kepala Bidang Pemerintahan dan Pembangunan Manusia Bappeda "
                                                        "Kabupaten Buleleng")]  # the chair, never an empty table


def test_a_narasumbers_advice_is_not_labelled_arahan_in_the_matrices(built_kaltim):
    meeting = "rakor-kaltim-2024-12-19"
    folder = built_kaltim.outputs(meeting)
    for text in (docx_text(folder / f"tindak-lanjut-{meeting}.docx"), pdf_text(folder / f"tindak-lanjut-{meeting}.pdf")):
        f = flat(text)
        assert flat("Saran narasumber Kemenko PMK nomor 2: Dinas Sosial memutakhirkan") in f
        assert flat("Arahan nomor 1: Seluruh perangkat daerah") in f  # the Sekda's direction stays an arahan
        assert flat("Arahan nomor 2") not in f
    tracker = built_kaltim.outputs("matriks-tindak-lanjut")
    for text in (docx_text(tracker.with_suffix(".docx")), pdf_text(tracker.with_suffix(".pdf"))):
        assert flat("saran narasumber Kemenko PMK nomor 2") in flat(text) and flat("arahan nomor 2") not in flat(text)


def test_kaltim_rows_secretary_after_the_chair_institution_not_repeated_order_chosen(kaltim):
    meeting, path = "rakor-kaltim-2024-12-19", kaltim / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"
    folder = _build(kaltim, meeting, "daftar-hadir")
    paper, _ = sheets(folder / f"daftar-hadir-{meeting}.docx")
    names = [r[1].split(",")[0] for r in paper[1:]]
    # the Sekda (chair), the Kepala Bappeda (Sekretaris TKPK), the moderator, then the invitation's order
    assert names[:3] == ["Sri Contoh Rahayu", "Dr. Yusuf Contoh Pratama", "Fajar Contoh Nugroho"]
    rudi, = [r for r in paper[1:] if r[1] == "Rudi Contoh"]
    assert rudi[2] == "Kepala Bappeda Kota Samarinda"  # not "Kepala Bappeda, Bappeda Kota Samarinda"
    pdf = flat(pdf_text(folder / f"daftar-hadir-{meeting}.pdf"))
    assert flat("Kepala Bappeda Kota Samarinda") in pdf and flat("Kepala Bappeda, Bappeda") not in pdf
    # a chosen order: these rows first, as listed (id, name, printed position); the rest as before
    replace_in(path, "\nundangan:\n", "\ndaftar_hadir:\n  urutan: [kaper_bpkp_kaltim, Lina Contoh, "
                                      "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur, "
                                      "Pak Tidak Ada]\nundangan:\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(kaltim)])
    assert f"{line_of(path, 'urutan: [kaper_bpkp_kaltim')}:" in r.output
    assert r.output.count("di daftar_hadir.urutan bukan baris daftar hadir") == 1
    assert "'Pak Tidak Ada' di daftar_hadir.urutan" in r.output
    folder = _build(kaltim, meeting, "daftar-hadir")
    paper, _ = sheets(folder / f"daftar-hadir-{meeting}.docx")
    rows = [(r[1].split(",")[0], r[2]) for r in paper[1:]]
    assert [n for n, _ in rows[:2]] == ["Hendra Contoh Saputra", "Lina Contoh"]
    assert rows[2][1] == "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur"
    assert [n for n, _ in rows[3:6]] == ["Sri Contoh Rahayu", "Dr. Yusuf Contoh Pratama", "Fajar Contoh Nugroho"]
    pdf = flat(pdf_text(folder / f"daftar-hadir-{meeting}.pdf"))
    order = [pdf.index(flat(x)) for x in ("Hendra Contoh Saputra", "Lina Contoh", "Sri Contoh Rahayu")]
    assert order == sorted(order)


def test_a_leader_who_joined_online_is_listed_online_and_a_short_name_is_the_speaker(kaltim):
    meeting, path = "rakor-kaltim-2024-12-19", kaltim / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"
    # the Sekda (chair and opener) opened the meeting online; the report's heading uses the short name
    replace_in(path, "hadir:\n  - sekda_kaltim\n", "hadir:\n  - {id: sekda_kaltim, daring: true}\n")
    replace_in(path, "  - judul: Laporan Kepala Bappeda\n    oleh: Kepala Bappeda Provinsi Kalimantan Timur",
               "  - judul: Laporan Kepala Bappeda Kaltim\n    oleh: Kepala Badan Perencanaan Pembangunan Daerah "
               "Provinsi Kalimantan Timur")
    folder = _build(kaltim, meeting, "daftar-hadir", "notulen")
    paper, online = sheets(folder / f"daftar-hadir-{meeting}.docx")
    assert not any("Sri Contoh Rahayu" in r[1] for r in paper)
    assert [r[1].split(",")[0] for r in online[1:]] == ["Sri Contoh Rahayu", "Nur Contoh", ""]
    for text in (docx_text(folder / f"notulen-{meeting}.docx"), pdf_text(folder / f"notulen-{meeting}.pdf")):
        f = flat(text)
        assert flat("Sri Contoh Rahayu, S.E., M.M., Sekretaris Daerah Provinsi Kalimantan Timur (daring), mewakili") in f
        assert flat("10 hadir langsung, 3 hadir daring") in f
        assert flat("5. Laporan Kepala Bappeda Kaltim") in f and flat("Kaltim (Kepala Badan") not in f


def test_the_signer_invited_directly_and_through_a_group_is_said_on_each_line(project):
    """The Lampung Tengah shape: the signer (Kepala Bappeda) in yth, and a group holding his office."""
    replace_in(project / "direktori.yaml", "kelompok:\n", "kelompok:\n  opd_terkait_bll:\n    nama: Perangkat Daerah "
                                                         "Terkait\n    anggota: [kominfosanti_bll, bappeda_bll]\n")
    path = project / BULELENG_FILE
    replace_in(path, "    - bps_bll\n", "    - bps_bll\n    - kepala_bappeda_bll\n    - opd_terkait_bll\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    person, group = line_of(path, "    - kepala_bappeda_bll"), line_of(path, "    - opd_terkait_bll")
    lines = [x for x in r.output.splitlines() if x.startswith("Peringatan:")]
    himself = [x for x in lines if f"{BULELENG_FILE}:{person}:" in x]
    assert len(himself) == 1 and "mengundang dirinya sendiri (Kepala Badan Perencanaan Pembangunan Daerah " \
                                  "Kabupaten Buleleng)" in himself[0]
    on_group = [x for x in lines if f"{BULELENG_FILE}:{group}:" in x]
    assert any("diundang dua kali (juga di baris sebelumnya" in x for x in on_group)
    assert any("mengundang kantornya sendiri" in x for x in on_group)


def test_a_deadline_said_as_segera(project):
    """'Dinas Sosial segera melaksanakan …' (the Lampung Tengah report): no date, printed 'segera', never late."""
    path = project / BULELENG_FILE
    replace_in(path, "    batas_waktu: 2024-01-15\n", "    batas_waktu: segera\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    folder = _build(project, BULELENG, "notulen", "berita-acara", "tindak-lanjut")
    for stem in (f"notulen-{BULELENG}", f"berita-acara-{BULELENG}"):
        for text in (docx_text(folder / f"{stem}.docx"), pdf_text(folder / f"{stem}.pdf")):
            assert re.search(r"[Bb]atas\s*waktu:\s*segera", text), stem
    for text in (docx_text(folder / f"tindak-lanjut-{BULELENG}.docx"), pdf_text(folder / f"tindak-lanjut-{BULELENG}.pdf")):
        k1 = flat(text).split("Kesepakatannomor1:")[1].split("Kesepakatannomor2")[0]
        assert "segera" in k1 and "Terlambat" not in k1  # as of 2025-02-15, a year on: open, not late
