"""Roles of the people in a meeting (issue 18, point 4) read back from the produced DOCX and PDF."""

import pytest

from tests.readback import flat

pytestmark = pytest.mark.slow
KALTIM = "rakor-kaltim-2024-12-19"
BULELENG = "rakor-buleleng-2023-12-14"


def texts(built, meeting, stem):
    """(docx text, pdf text) of one produced document."""
    folder = built.outputs(meeting)
    return built.texts[folder / f"{stem}.docx"], built.texts[folder / f"{stem}.pdf"]


def test_moderator_is_named_in_the_notulen(built_kaltim):
    for text in texts(built_kaltim, KALTIM, f"notulen-{KALTIM}"):
        f = flat(text)
        assert flat("Moderator") in f
        assert flat("Fajar Contoh Nugroho, S.E., M.Ec.Dev., Plh. Kepala Bidang Pemerintahan dan Pembangunan "
                    "Manusia Bappeda Provinsi Kalimantan Timur") in f


def test_ditutup_oleh_names_who_closed_the_meeting_default_the_chair(built_buleleng, built_kaltim):
    for text in texts(built_buleleng, BULELENG, f"notulen-{BULELENG}"):
        assert flat("Rapat ditutup oleh Ir. Made Contoh Arsana, M.T., Kepala Badan Perencanaan Pembangunan "
                    "Daerah Kabupaten Buleleng pukul 12.00 WITA.") in flat(text)
    for text in texts(built_kaltim, KALTIM, f"notulen-{KALTIM}"):  # not written: the chair
        assert flat("Rapat ditutup oleh Sri Contoh Rahayu, S.E., M.M., Sekretaris Daerah Provinsi Kalimantan "
                    "Timur pukul 13.00 WITA.") in flat(text)


def test_oleh_says_whose_direction_and_a_narasumber_advice_is_no_direction(built_buleleng, built_kaltim):
    for text in texts(built_kaltim, KALTIM, f"notulen-{KALTIM}"):
        f = flat(text)
        assert flat("Arahan dan Saran") in f
        assert flat("dengan sasaran BNBA. (arahan Sekretaris Daerah Provinsi Kalimantan Timur; penanggung jawab") in f
        assert flat("kepada TKPK Provinsi. (saran narasumber Kemenko PMK; penanggung jawab") in f
        assert flat("(usulan Kepala Badan Perencanaan Pembangunan Daerah Provinsi Kalimantan Timur; "
                    "penanggung jawab: Dinsos Kaltim") in f
    for text in texts(built_buleleng, BULELENG, f"notulen-{BULELENG}"):
        # every direction from one speaker: the section says it once, the items not again
        f = flat(text)
        assert flat("8. Arahan Sekretaris Daerah Kabupaten Buleleng 1. Program kegiatan") in f
        assert "(arahanSekretaris" not in f


@pytest.mark.parametrize("judul, oleh, expected", [
    ("Arahan Wali Kota Samarinda", "Wali Kota Samarinda", "Arahan Wali Kota Samarinda"),
    ("Paparan Dinas Sosial Provinsi Kalimantan Timur", "Dinas Sosial Provinsi Kalimantan Timur",
     "Paparan Dinas Sosial Provinsi Kalimantan Timur"),
    ("Paparan Kemenko PMK (daring)", "Asisten Deputi Penanganan Kemiskinan Kemenko PMK",
     "Paparan Kemenko PMK oleh Asisten Deputi Penanganan Kemiskinan (daring)"),
    ("Sambutan Sekretaris Daerah", "Sekretaris Daerah Provinsi Kalimantan Timur",
     "Sambutan Sekretaris Daerah Provinsi Kalimantan Timur"),
    ("Diskusi (daring)", "Moderator", "Diskusi (daring; Moderator)"),
    ("Diskusi", "Moderator", "Diskusi (Moderator)"),
    ("Pemaparan dan diskusi", None, "Pemaparan dan diskusi"),
])
def test_heading_names_its_speaker_once(judul, oleh, expected):
    from rapatgen.documents.speakers import heading

    assert heading(judul, oleh) == expected


def test_headings_in_the_produced_notulen_do_not_repeat_the_speaker(built_buleleng, built_kaltim):
    for text in texts(built_kaltim, KALTIM, f"notulen-{KALTIM}"):
        f = flat(text)
        assert flat("4. Sambutan Sekretaris Daerah Provinsi Kalimantan Timur") in f
        assert flat("5. Laporan Kepala Bappeda Provinsi Kalimantan Timur") in f
        assert flat("6. Paparan Kemenko PMK oleh Asisten Deputi Penanganan Kemiskinan (daring)") in f
        assert flat("(Sekretaris Daerah Provinsi") not in f and flat("(daring) (") not in f
    for text in texts(built_buleleng, BULELENG, f"notulen-{BULELENG}"):
        assert flat("Arahan Sekretaris Daerah Kabupaten Buleleng Kondisi kemiskinan") in flat(text)


SERIES = "sosialisasi-dtsen-buleleng-2025"


def test_group_lines_kinds_gelar_and_an_institution_represented(built_buleleng):
    for text in texts(built_buleleng, SERIES, f"notulen-{SERIES}"):
        f = flat(text)
        for line in ("Kepala Desa se-Kecamatan Gerokgak, 5 orang",           # hadir: a group from the directory
                     "Operator SIKS-NG desa se-Kecamatan Gerokgak, 5 orang",   # ... or written out
                     "Nyoman Contoh Sudarma, S.H., Anggota Dewan Perwakilan Rakyat Daerah Kabupaten Buleleng",
                     "Ida Bagus Contoh Mantra, Tokoh Agama, Kecamatan Gerokgak",
                     "Ketut Contoh Widana, Tokoh Masyarakat, Kecamatan Seririt",
                     "Dr. Putu Contoh Suarsana, S.E., M.Si., Akademisi, Universitas Pendidikan Ganesha",
                     "Gede Contoh Artawan, Pimpinan Bank Contoh Cabang Singaraja",
                     "Kadek Contoh Wirawan, Wartawan, Radar Contoh Bali",
                     "Komang Contoh Sari, Sekretaris Kelurahan Sukasada, mewakili Lurah Sukasada",  # the head it stands in for
                     "Wayan Contoh Adi, S.Kom., Pranata Komputer",                # gelar of an inline person
                     "Peserta Sidang/Rapat: 36 orang"):                          # group lines count their number
                                                                                 # (issue 18.2: the leaders too)
            assert flat(line) in f, line
        assert "NIP" not in text.split("Narasumber")[0].split("Peserta Sidang")[1]  # no NIP for the pentahelix
    for text in texts(built_buleleng, SERIES, f"undangan-{SERIES}-sesi-03-sukasada"):
        assert "Lurah Sukasada" in text  # a kelurahan's head by its kind


def test_inline_gelar_and_mewakili_an_institution_in_kaltim(built_kaltim):
    fgd = "fgd-rpkd-kaltim-2024-09-27"
    for text in texts(built_kaltim, fgd, f"notulen-{fgd}"):
        f = flat(text)
        assert flat("Dr. Andi Contoh Wijaya, S.E., M.Si., Dosen Fakultas Ekonomi dan Bisnis") in f
        # representing his own office: its head, named once (issue 18 review: not "mewakili Dinas …")
        assert flat("Tono Contoh, Kepala Bidang Kawasan Permukiman, mewakili Kepala Dinas Perumahan dan Kawasan "
                    "Permukiman Provinsi Kalimantan Timur") in f


@pytest.mark.parametrize("judul, role, name, expected", [
    ("Sambutan Sekretaris Daerah", "Sekretaris Daerah Provinsi Nusa Tenggara Barat", "Lalu Hamdani, S.H.",
     "Sambutan Sekretaris Daerah Provinsi Nusa Tenggara Barat (Lalu Hamdani, S.H.)"),
    ("Arahan Wali Kota Samarinda", "Wali Kota Samarinda", "Dr. Andi Harun",
     "Arahan Wali Kota Samarinda (Dr. Andi Harun)"),
    ("Paparan Kemenko PMK (daring)", "Asisten Deputi Penanganan Kemiskinan Kemenko PMK", "Dr. Sari",
     "Paparan Kemenko PMK oleh Dr. Sari, Asisten Deputi Penanganan Kemiskinan (daring)"),
    ("Diskusi (daring)", "Moderator", "Rina", "Diskusi (daring; Rina, Moderator)"),
])
def test_a_named_speaker_is_named_once_beside_the_position_the_heading_names(judul, role, name, expected):
    """`oleh` a directory person (their name and position): the heading names the position once, as
    without a name, and the name stands beside it — not 'Sambutan Sekretaris Daerah (Lalu Hamdani,
    S.H., Sekretaris Daerah Provinsi …)', the speaker twice (found writing a meeting from README)."""
    from rapatgen.documents.speakers import heading

    assert heading(judul, role, name=name) == expected
