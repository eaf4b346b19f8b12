"""A real meeting written from a news report by a user who knows only the README (issue 19:
every page signable — wording and form, people on the pages): the Rakor Penanggulangan
Kemiskinan Ekstrem of Kota Tebing Tinggi, 8 July 2024 (tests/data/tebing_tinggi). Each test
writes what that user wrote and reads back what they read: `rapatgen check` output, the DOCX
text and the PDF text.
"""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in
from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow
DATA = Path(__file__).parent / "data" / "tebing_tinggi"
MEETING = "rakor-tebing-tinggi-2024-07-08"
AGENDA = "agendas/2024-07-08-rakor-kemiskinan-ekstrem-tebing-tinggi.yaml"
CHAIR = "Erwin Suheri Damanik, S.Sos., M.SP."


@pytest.fixture
def tt(tmp_path) -> Path:
    root = tmp_path / "tebing-tinggi"
    shutil.copytree(DATA, root)
    return root


def check(root: Path) -> str:
    return CliRunner().invoke(main, ["check", "--proyek", str(root)]).output


def build(root: Path) -> Path:
    r = CliRunner().invoke(main, ["build", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return root / "outputs" / MEETING


def texts(out: Path, stem: str) -> tuple[str, str]:
    base = out / f"{stem}-{MEETING}"
    return docx_text(base.with_suffix(".docx")), pdf_text(base.with_suffix(".pdf"))


def test_discussion_speaker_given_by_id_prints_name_and_position_never_the_id(tt):
    agenda = tt / AGENDA
    replace_in(agenda, "    oleh: Kepala Bappeda Kota Tebing Tinggi\n", "    oleh: kepala_bappeda_tebing_tinggi\n")
    replace_in(agenda, "    oleh: Kepala Bappeda Kota Tebing Tinggi\n", "    oleh: dinsos_tt\n")
    replace_in(agenda, "pembahasan:\n", "acara:\n  - {mulai: \"09.00\", acara: Pembukaan, oleh: kepala_bappeda_tebing_tinggi}\n"
                                         "  - {mulai: \"09.15\", acara: Paparan, oleh: dinsos_tt}\n\npembahasan:\n")
    out = build(tt)
    for docx, pdf in (texts(out, "notulen"), texts(out, "undangan")):
        for text in (docx, flat(pdf)):
            assert "kepala_bappeda_tebing_tinggi" not in text and "dinsos_tt" not in text
    docx, pdf = texts(out, "notulen")
    assert ("2. Arahan Presiden tentang kemiskinan ekstrem (Erwin Suheri Damanik, S.Sos., M.SP., Kepala Badan "
            "Perencanaan Pembangunan Daerah Kota Tebing Tinggi)") in docx
    assert "3. Peran wali kota menurut Instruksi Presiden Nomor 4 Tahun 2022 (Dinas Sosial Kota Tebing Tinggi)" in docx
    assert flat("(Dinas Sosial Kota Tebing Tinggi)") in flat(pdf)
    # a speaker written out stays as written
    assert "(Kepala Bappeda Kota Tebing Tinggi)" not in docx


def test_discussion_speaker_id_misspelt_is_reported_at_its_place(tt):
    agenda = tt / AGENDA
    replace_in(agenda, "    oleh: Kepala Bappeda Kota Tebing Tinggi\n", "    oleh: kepala_bappeda_tebing_tingi\n")
    line = line_of(agenda, "kepala_bappeda_tebing_tingi")
    said = check(tt)
    assert f"{AGENDA}:{line}:11: 'kepala_bappeda_tebing_tingi' tidak ada di direktori — maksud Anda " \
           "'kepala_bappeda_tebing_tinggi'?" in said


@pytest.mark.parametrize("written", ["mulai: null", "mulai:"])
def test_missing_start_time_says_it_is_required_and_how_to_write_it(tt, written):
    agenda = tt / AGENDA
    replace_in(agenda, 'mulai: "09.00"', written)
    said = check(tt)
    line = line_of(agenda, written + " ")
    assert re.search(rf"{AGENDA}:{line}:\d+: jam mulai wajib diisi — tulis jamnya dengan titik dalam tanda kutip, "
                     r'mis\. mulai: "09\.00"', said), said
    assert "None" not in said


def test_chair_who_is_also_secretary_is_named_once_and_signs_the_berita_acara_first(tt):
    out = build(tt)
    docx, pdf = texts(out, "notulen")
    lead = docx[docx.index("Pimpinan Sidang/Rapat"):docx.index("Peserta Sidang/Rapat")]
    assert lead.count(CHAIR) == 1 and "Sekretaris\n:" not in lead
    pdf_lead = pdf[pdf.index("Pimpinan Sidang/Rapat"):pdf.index("Peserta Sidang/Rapat")]
    assert pdf_lead.count("Erwin Suheri Damanik") == 1
    docx, pdf = texts(out, "berita-acara")
    table = docx[docx.index("Yang menyepakati:"):]
    rows = table.split("\n")
    assert rows[rows.index("1.") + 1] == CHAIR  # the chair signs first, not among the OPD rows
    signed = flat(pdf[pdf.index("Yang menyepakati"):])
    assert signed.index(flat(CHAIR)) < signed.index("CamatBajenis") < signed.index("KepalaDinasKependudukan")


def test_office_that_came_by_position_only_counts_and_prints_as_that_office(tt):
    """The news says 'pimpinan atau perwakilan OPD' came, without names: the line fills the
    invited office's row (README: 'staf instansi yang diundang mengisi baris instansinya')."""
    agenda = tt / AGENDA
    replace_in(agenda, "  - dinsos_tt\n", '  - {jabatan: "Pimpinan atau perwakilan", instansi: dinsos_tt}\n')
    assert "masalah" not in check(tt)
    out = build(tt)
    docx, pdf = texts(out, "daftar-hadir")
    assert "Kepala Dinas Sosial Kota Tebing Tinggi" not in docx  # no second, 'tidak hadir' row
    assert "tidak hadir" not in docx and "tidak hadir" not in pdf
    rows = docx.split("\n")
    at = rows.index("Pimpinan atau perwakilan, Dinas Sosial Kota Tebing Tinggi")
    assert rows[at - 1] == "2." and rows[at + 1] == "hadir"  # its invitation row, right after the chair
    assert flat("Pimpinan atau perwakilan, Dinas Sosial Kota Tebing Tinggi") in flat(pdf)
    docx, pdf = texts(out, "notulen")
    said = "Peserta Sidang/Rapat: 1 orang (laki-laki 1, perempuan 0), 13 perangkat daerah, 5 kecamatan dan 1 kelompok"
    assert said in docx and flat(said) in flat(pdf)
    assert "2.Pimpinan atau perwakilan, Dinas Sosial Kota Tebing Tinggi" in docx
    docx, pdf = texts(out, "berita-acara")
    said = "13 (tiga belas) perangkat daerah, 5 (lima) kecamatan dan 1 (satu) kelompok (daftar hadir terlampir)"
    assert said in docx and flat(said) in flat(pdf)
    assert "instansi" not in docx[docx.index("dihadiri oleh"):docx.index("(daftar hadir terlampir)")]
    # the office signs the agreements it owns by the one who came for it
    assert "Pimpinan atau perwakilan, Dinas Sosial Kota Tebing Tinggi" in docx[docx.index("Yang menyepakati:"):]


def test_list_written_right_under_a_paragraph_line_prints_as_a_list(tt):
    agenda = tt / AGENDA
    replace_in(agenda, "      Setiap bupati/wali kota berperan:\n\n      1.", "      Setiap bupati/wali kota berperan:\n      1.")
    replace_in(agenda, "(*extreme poverty*) pada tahun 2024 mencapai **nol persen**.\n",
               "(*extreme poverty*) pada tahun 2024 mencapai **nol persen**. Sasarannya:\n"
               "      a. data terpadu;\n      b. anggaran daerah.\n")
    out = build(tt)
    docx, pdf = texts(out, "notulen")
    assert "berperan: 1." not in docx and "berperan: 1." not in pdf and "Sasarannya: a." not in pdf
    assert "Setiap bupati/wali kota berperan:\n" in docx
    assert "\n1.melaksanakan percepatan penghapusan kemiskinan ekstrem di wilayah kabupaten/kota;\n" in docx
    assert "Sasarannya:\n" in docx and "\na.data terpadu;\nb.anggaran daerah.\n" in docx
    assert "Sasarannya: a." not in docx
    pdf_lines = [line.strip() for line in pdf.splitlines()]
    assert any(re.fullmatch(r"1\.\s*melaksanakan percepatan penghapusan kemiskinan ekstrem di wilayah", x)
               or x.startswith("1. melaksanakan") or x.startswith("1.melaksanakan") for x in pdf_lines), pdf
    assert any(x.startswith(("a. data terpadu", "a.data terpadu")) for x in pdf_lines), pdf
    assert any(x.startswith(("6. menyampaikan laporan yang sama", "6.menyampaikan laporan yang sama"))
               for x in pdf_lines), pdf


def test_acronym_in_a_group_name_is_warned_where_the_group_name_is_written(tt):
    """The 'Yth.' line came from a kelompok's `nama`: the warning points at it in direktori.yaml and
    says to write the group's full name there (not 'kepala:' of an institution)."""
    directory = tt / "direktori.yaml"
    replace_in(directory, "Anggota Tim Koordinasi Penanggulangan Kemiskinan (TKPK) Kota", "Anggota TKPK Kota")
    replace_in(directory, "kepala: Kepala Dinas Pertanian Kota Tebing Tinggi", "kepala: Kepala Distan Kota Tebing Tinggi")
    agenda = tt / AGENDA
    replace_in(agenda, "    - camat_tt\n", "    - camat_tt\n    - {jabatan: Kepala Dinkes Kota Tebing Tinggi}\n")
    said = check(tt)
    group = line_of(directory, "nama: Kepala Perangkat Daerah Anggota TKPK")
    assert (f"direktori.yaml:{group}:11: 'nama:' kelompok 'opd_tkpk_tt' dicetak sebagai yang dituju undangan "
            f"2024-07-08-rakor-kemiskinan-ekstrem-tebing-tinggi.yaml: 'Kepala Perangkat Daerah Anggota TKPK Kota "
            "Tebing Tinggi' — tulis nama lengkap kelompok, tanpa singkatan 'TKPK'") in said
    head = line_of(directory, "Kepala Distan Kota Tebing Tinggi")
    assert re.search(rf"direktori\.yaml:{head}:\d+: 'kepala:' instansi 'distan_tt' dicetak sebagai yang dituju "
                     r"undangan .*: 'Kepala Distan Kota Tebing Tinggi' — tulis jabatan lengkap, tanpa singkatan "
                     "'Distan'", said), said
    written = line_of(agenda, "Kepala Dinkes")
    assert re.search(rf"{AGENDA}:{written}:\d+: undangan ditujukan kepada 'Kepala Dinkes Kota Tebing Tinggi' — tulis "
                     r"jabatan lengkap di 'jabatan:', tanpa singkatan 'Dinkes'", said), said
    assert "di direktori 'kepala:' instansinya" not in said


def test_civil_servant_signing_the_invitation_without_nip_and_rank_is_warned(tt):
    said = check(tt)
    directory = tt / "direktori.yaml"
    at = line_of(directory, "kepala_bappeda_tebing_tinggi:")
    assert (f"direktori.yaml:{at}:3: Kepala Badan Perencanaan Pembangunan Daerah Kota Tebing Tinggi (Erwin Suheri "
            "Damanik) menandatangani undangan 2024-07-08-rakor-kemiskinan-ekstrem-tebing-tinggi.yaml, tetapi golongan "
            "(atau pangkat) dan NIP-nya belum ada di direktori") in said
    assert "isi 'golongan' dan 'nip' orang 'kepala_bappeda_tebing_tinggi'" in said
    # with both, or for a head of region signing (Pasal 44: name only), nothing to say
    replace_in(directory, "    jenis_kelamin: L\n", '    jenis_kelamin: L\n    golongan: IV/b\n'
                                                      '    nip: "197001011995031001"\n')
    assert "menandatangani undangan" not in check(tt)
    replace_in(directory, "orang:\n", "orang:\n  wali_kota_tt: {nama: Contoh Wali, jenis: kepala_daerah, "
                                      "jabatan: Wali Kota Tebing Tinggi}\n")
    replace_in(tt / AGENDA, "    orang: kepala_bappeda_tebing_tinggi", "    orang: wali_kota_tt")
    said = check(tt)
    assert "menandatangani undangan" not in said, said


def test_notulen_plan_lists_only_written_plans_and_berita_acara_names_each_institution_one_way(tt):
    out = build(tt)
    docx, pdf = texts(out, "notulen")
    assert "Rencana tindak lanjut" not in docx and "Rencana tindak lanjut" not in pdf  # it only repeated the list
    agenda = tt / AGENDA
    replace_in(agenda, "    pj: perkim_tt\n", "    pj: perkim_tt\n    rencana_tindak_lanjut: Inventarisasi lahan milik "
                                              "pemerintah kota.\n")
    out = build(tt)
    docx, pdf = texts(out, "notulen")
    plan = docx[docx.index("Rencana tindak lanjut"):docx.index("Penutup")]
    assert "Inventarisasi lahan milik pemerintah kota. (kesepakatan nomor 3)" in plan
    assert "Data sasaran keluarga miskin ekstrem" not in plan  # not the agreements again
    assert flat("Inventarisasi lahan milik pemerintah kota. (kesepakatan nomor 3)") in flat(pdf)
    for text in texts(out, "berita-acara"):
        agreed = flat(text[text.index("disepakati"):text.index("Demikian")])
        # named once in full (with its singkatan in brackets when named again), the singkatan after
        assert agreed.count(flat("Badan Perencanaan Pembangunan Daerah Kota Tebing Tinggi (Bappeda)")) == 1
        assert agreed.index(flat("Badan Perencanaan Pembangunan Daerah Kota Tebing Tinggi (Bappeda)")) \
            < agreed.index("terkait:Bappeda")
        # named once: in full, never by a singkatan the document does not introduce
        assert flat("Dinas Kependudukan dan Pencatatan Sipil Kota Tebing Tinggi") in agreed
        assert "Disdukcapil" not in agreed and "Dinsos" not in agreed


def test_a_heading_that_names_the_position_of_a_speaker_given_by_id_names_them_once(tt):
    """'Sambutan Kepala Bappeda Kota Tebing Tinggi' given by kepala_bappeda_tebing_tinggi: the position is
    in the heading already, so only the name is added — not the name and the position again."""
    agenda = tt / AGENDA
    replace_in(agenda, "  - judul: Arahan Presiden tentang kemiskinan ekstrem\n    oleh: Kepala Bappeda Kota Tebing Tinggi\n",
               "  - judul: Sambutan Kepala Bappeda Kota Tebing Tinggi\n    oleh: kepala_bappeda_tebing_tinggi\n")
    docx, pdf = texts(build(tt), "notulen")
    for text in (docx, flat(pdf)):
        assert flat("2. Sambutan Kepala Bappeda Kota Tebing Tinggi (Erwin Suheri Damanik, S.Sos., M.SP.)") in flat(text)
        assert "Tinggi (Erwin Suheri Damanik, S.Sos., M.SP., Kepala" not in text
