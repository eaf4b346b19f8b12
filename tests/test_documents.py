"""The six documents, built from the bundled examples, read back from DOCX and PDF."""

import docx
import pypdf
import pytest

from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow
KALTIM = "rakor-kaltim-2024-12-19"
BULELENG = "rakor-buleleng-2023-12-14"
SERIES = "sosialisasi-dtsen-buleleng-2025"


def out(root, meeting, name):
    return root / "outputs" / meeting / name


def both(root, meeting, stem):
    d = out(root, meeting, f"{stem}.docx")
    p = out(root, meeting, f"{stem}.pdf")
    return docx_text(d), pdf_text(p)


def test_every_document_kind_is_built_in_both_formats(built_buleleng, built_kaltim):
    root, output = built_buleleng.root, built_buleleng.output
    names = {p.name for p in (built_kaltim.root / "outputs" / KALTIM).iterdir()}
    for kind in ("undangan", "daftar-hadir", "notulen", "berita-acara", "rencana-aksi", "tindak-lanjut"):
        assert f"{kind}-{KALTIM}.docx" in names and f"{kind}-{KALTIM}.pdf" in names
    assert f"{SERIES}: rencana-aksi dilewati — rapat ini tidak memuat rencana_aksi" in output


def test_undangan_has_number_date_addressee_place_and_signer(built_kaltim):
    root = built_kaltim.root
    for text in both(root, KALTIM, f"undangan-{KALTIM}"):
        f = flat(text)
        for piece in ("Samarinda, 12 Desember 2024", "Nomor", "400.9.14/1287/Bappeda", "Sifat", "Penting",
                      "Lampiran", "2 (dua) berkas", "Yth. (daftar terlampir)", "Kamis, 19 Desember 2024",
                      "pukul 08.30 WITA s.d. selesai", "Ballroom Hotel Puri Senyiur", "a.n. GUBERNUR KALIMANTAN TIMUR",
                      "Sri Contoh Rahayu, S.E., M.M.", "Tembusan", "DAFTAR UNDANGAN", "Kepala Badan Pusat Statistik Provinsi Kalimantan Timur",
                      "Kepala Badan Perencanaan Pembangunan Daerah Kota Samarinda", "SUSUNAN ACARA"):
            assert flat(piece) in f, piece
        assert "NIP" not in text  # a Sekda signs with name only (Permendagri 1/2023 Pasal 44)


def test_undangan_mail_merge_one_letter_per_invitee_with_nip(built_buleleng):
    root = built_buleleng.root
    d, p = both(root, BULELENG, f"undangan-{BULELENG}-01-dinsos_bll")
    for text in (d, p):
        f = flat(text)
        assert flat("Yth. Kepala Dinas Sosial Kabupaten Buleleng") in f
        assert flat("Singaraja, 7 Desember 2023") in f and flat("400.9.14/245/Bappeda") in f
        assert flat("NIP 19720315 200003 1 002") in f and flat("Pembina Utama Muda (IV/c)") in f
        assert flat("a.n. BUPATI BULELENG") in f
    letters = [x for x in (root / "outputs" / BULELENG).iterdir() if x.name.startswith("undangan") and x.suffix == ".pdf"]
    assert len(letters) == 8


def test_series_gets_one_invitation_per_session(built_buleleng):
    root = built_buleleng.root
    d, p = both(root, SERIES, f"undangan-{SERIES}-sesi-04-sawan")
    for text in (d, p):
        f = flat(text)
        assert flat("Rabu, 26 Februari 2025") in f and flat("Aula Kantor Camat Sawan") in f
        assert flat("pukul 13.30 WITA s.d. selesai") in f and flat("111 1111 1111") in f
        assert flat("Aula Kantor Camat Gerokgak") not in f


def test_daftar_hadir_prefilled_staggered_one_per_session(built_buleleng, built_kaltim):
    root = built_buleleng.root
    doc = docx.Document(str(out(built_kaltim.root, KALTIM, f"daftar-hadir-{KALTIM}.docx")))
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "No"]
    assert tables, "no attendance table"
    t = tables[0]
    # after the meeting (hadir written): the same rows marked with who came, an L/P column (issue 18.1)
    assert [c.text for c in t.rows[0].cells] == ["No", "Nama", "Jabatan / Instansi", "L/P", "No. HP", "Ket.",
                                                 "Tanda Tangan"]
    header_xml = t.rows[0]._tr.xml
    assert "w:tblHeader" in header_xml  # repeated on every page
    sign = [r.cells[-1].paragraphs[0] for r in t.rows[1:3]]
    assert sign[0].text == "1." and sign[1].text == "2."
    assert (sign[0].paragraph_format.left_indent or 0) < (sign[1].paragraph_format.left_indent or 0)
    assert any("Kepala Dinas Sosial Provinsi Kalimantan Timur" in r.cells[2].text for r in t.rows)
    series = docx_text(out(root, SERIES, f"daftar-hadir-{SERIES}.docx"))
    assert series.count("DAFTAR HADIR") == 4


def test_notulen_discussion_agreements_and_two_signatures(built_kaltim):
    root = built_kaltim.root
    for text in both(root, KALTIM, f"notulen-{KALTIM}"):
        f = flat(text)
        for piece in ("NOTULA", "Surat Undangan", "Nomor 400.9.14/1287/Bappeda, tanggal 12 Desember 2024",
                      "Pimpinan Sidang/Rapat", "Rina Contoh Lestari",
                      "Peserta Sidang/Rapat: 12 orang (laki-laki 7, perempuan 5) dan 1 instansi; 11 hadir langsung, 2 hadir daring",
                      "(daring)", "puncak rangkaian rapat koordinasi", "5,78%", "221.340",
                      "Maret 2024", "Kesepakatan", "penanggung jawab: Dinsos Kaltim", "batas waktu: 28 Februari 2025",
                      "Rencana tindak lanjut", "Rapat ditutup oleh Sri Contoh Rahayu, S.E., M.M., Sekretaris Daerah Provinsi Kalimantan Timur pukul 13.00 WITA", "Pencatat",
                      "NIP 19880314 201212 2 001"):
            assert flat(piece) in f, piece
    d = docx.Document(str(out(root, KALTIM, f"notulen-{KALTIM}.docx")))
    bold_runs = [r.text for p in d.paragraphs for r in p.runs if r.bold]
    assert "puncak" in " ".join(bold_runs)  # Markdown bold survived


def test_berita_acara_date_in_words_and_parties(built_kaltim):
    root = built_kaltim.root
    for text in both(root, KALTIM, f"berita-acara-{KALTIM}"):
        f = flat(text)
        assert flat("Pada hari ini Kamis tanggal sembilan belas bulan Desember tahun dua ribu dua puluh empat") in f
        assert flat("NOMOR: 400.9.14/1301/Bappeda") in f
        assert flat("dalam rangkap 2 (dua)") in f
        for piece in ("Yang menyepakati", "Dr. Yusuf Contoh Pratama, S.T., M.T.", "Rudi Contoh", "Mengetahui,",
                      "Sekretaris Daerah Provinsi Kalimantan Timur,"):
            assert flat(piece) in f, piece


def test_rencana_aksi_landscape_with_subtotals_and_total(built_kaltim):
    root = built_kaltim.root
    d, p = both(root, KALTIM, f"rencana-aksi-{KALTIM}")
    for text in (d, p):
        f = flat(text)
        assert flat("Strategi 1: Pengurangan beban pengeluaran masyarakat") in f
        assert flat("Subtotal Strategi 1") in f and "9.600.000.000" in f  # 850 jt + 8,75 M
        assert flat("JUMLAH") in f and "11.250.000.000" in f
        assert flat("Rp11.250.000.000,00 (sebelas miliar dua ratus lima puluh juta rupiah)") in f
    sec = docx.Document(str(out(root, KALTIM, f"rencana-aksi-{KALTIM}.docx"))).sections[0]
    assert sec.page_width > sec.page_height
    page = pypdf.PdfReader(str(out(root, KALTIM, f"rencana-aksi-{KALTIM}.pdf"))).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_tindak_lanjut_status_as_of_date(built_buleleng):
    root = built_buleleng.root
    d, p = both(root, BULELENG, f"tindak-lanjut-{BULELENG}")
    for text in (d, p):
        f = flat(text)
        assert flat("Keadaan per 15 Februari 2025") in f
        assert flat("Tidak Dapat Ditindaklanjuti") in f and flat("Selesai") in f
        assert flat("Terlambat") in f
        assert flat("Ringkasan:") in f
    sec = docx.Document(str(out(root, BULELENG, f"tindak-lanjut-{BULELENG}.docx"))).sections[0]
    assert sec.page_width > sec.page_height


def test_paper_margins_and_font_follow_config(built_kaltim):
    root = built_kaltim.root
    d = docx.Document(str(out(root, KALTIM, f"notulen-{KALTIM}.docx")))
    sec = d.sections[0]
    assert round(sec.page_width.cm, 1) == 21.5 and round(sec.page_height.cm, 1) == 33.0
    assert round(sec.left_margin.cm, 1) == 3.0 and round(sec.bottom_margin.cm, 1) == 2.5
    assert d.styles["Normal"].font.name == "Arial" and d.styles["Normal"].font.size.pt == 12
    assert sec.different_first_page_header_footer  # page numbers after page one
    assert "PAGE" in sec.footer._element.xml
    page = pypdf.PdfReader(str(out(root, KALTIM, f"notulen-{KALTIM}.pdf"))).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 215
    assert "LiberationSans" in str([f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()])


def test_pdf_and_docx_carry_the_same_text_in_order(built_buleleng, built_kaltim):
    for stem in (f"undangan-{KALTIM}", f"notulen-{BULELENG}", f"berita-acara-{KALTIM}"):
        meeting = KALTIM if KALTIM in stem else BULELENG
        root = (built_kaltim if meeting == KALTIM else built_buleleng).root
        d, p = both(root, meeting, stem)
        fp = flat(p)
        # every word of the DOCX (tables included) is in the PDF ...
        assert set(d.split()) <= set(p.split()) | {w for w in d.split() if flat(w) in fp}
        # ... and body paragraphs come in the same order
        body = docx_text(out(root, meeting, f"{stem}.docx"), tables=False)
        position = 0
        for line in body.splitlines():
            piece = flat(line)
            if len(piece) < 4:
                continue
            where = fp.find(piece, position)
            assert where >= 0, f"{stem}: {line!r} not found in order in PDF"
            position = where


def test_acting_official_shows_plt_and_date_line_is_right_aligned(built_buleleng):
    root = built_buleleng.root
    for text in both(root, BULELENG, f"berita-acara-{BULELENG}"):
        assert flat("Plt. Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Buleleng") in flat(text)
        assert "NIP" not in text.split("Mengetahui")[-1]  # the Wakil Bupati signs with name only
    import pdfplumber

    page = pdfplumber.open(str(out(root, BULELENG, f"berita-acara-{BULELENG}.pdf"))).pages[0]
    word = next(w for w in page.extract_words() if w["text"] == "Singaraja,")
    assert word["x0"] > page.width / 2  # "Singaraja, 14 Desember 2023" sits on the right


def test_each_example_project_names_only_its_own_government(built_buleleng, built_kaltim):
    """One project is one TKPK: kop, signer and place line of every document, the project
    tracker included, belong to that project's government only."""
    import re

    foreign = {"buleleng": r"\b(Kalimantan|Kaltim|KALIMANTAN|Samarinda|Gubernur|GUBERNUR)\b",
               "kaltim": r"\b(Buleleng|BULELENG|Singaraja|Bali|Bupati|BUPATI)\b"}
    own = {"buleleng": ("Singaraja, ", "PEMERINTAH KABUPATEN BULELENG"),
           "kaltim": ("Samarinda, ", "PEMERINTAH PROVINSI KALIMANTAN TIMUR")}
    for which, built in (("buleleng", built_buleleng), ("kaltim", built_kaltim)):
        texts = built.texts  # every DOCX and PDF under outputs/, read back
        assert len(texts) > 20
        for path, text in texts.items():
            assert not re.search(foreign[which], text), f"{path.name}: {re.search(foreign[which], text).group(0)}"
        for fmt in ("docx", "pdf"):
            path = built.outputs(f"matriks-tindak-lanjut.{fmt}")
            text = flat(texts[path])
            assert all(flat(piece) in text for piece in own[which]), path
