"""Issue 18 point 6 (and 2): `check` warns about the people of a meeting at the file and line
where the entry is written, once per entry."""

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

BULELENG_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
KALTIM_FILE = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"


def warnings(root):
    r = CliRunner().invoke(main, ["check", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return [line.removeprefix("Peringatan: ") for line in r.output.splitlines() if line.startswith("Peringatan: ")]


def about(lines, needle):
    return [x for x in lines if needle in x]


def test_examples_have_no_warning_about_people(project, kaltim):
    for root in (project, kaltim):
        lines = warnings(root)
        for needle in ("dua kali", "kantornya sendiri", "lebih tinggi", "tanpa jabatan", "jenis kelamin",
                       "satu per satu"):
            assert not about(lines, needle), (needle, lines)


def test_invited_twice_directly_and_through_a_group_own_office_and_hadir(project):
    path = project / BULELENG_FILE
    replace_in(path, "    - bps_bll\n", "    - bps_bll\n    - opd_tkpk_bll\n    - bappeda_bll\n    - dinsos_bll\n")
    replace_in(path, "  - notulis_bll\n", "  - notulis_bll\n  - kadinsos_bll\n  - {nama: Tanpa Contoh Jabatan}\n")
    lines = warnings(project)
    group = line_of(path, "    - opd_tkpk_bll")
    twice = about(lines, "diundang dua kali")
    # the group (7 of its 8 members already listed): one warning on its line naming them; dinsos_bll again
    assert len(twice) == 2
    assert f"{BULELENG_FILE}:{group}:" in twice[0] and "Dinas Sosial Kabupaten Buleleng" in twice[0]
    assert f"{BULELENG_FILE}:{group + 2}:" in twice[1]
    own = about(lines, "kantornya sendiri")
    assert len(own) == 1 and f"{BULELENG_FILE}:{group + 1}:7" in own[0]
    hadir_twice = about(lines, "tertulis dua kali di 'hadir'")
    assert len(hadir_twice) == 1 and f"{BULELENG_FILE}:{line_of(path, '  - notulis_bll') + 1}:" in hadir_twice[0] and "juga baris" in hadir_twice[0]
    no_position = about(lines, "tanpa jabatan")
    assert len(no_position) == 1 and f":{line_of(path, 'Tanpa Contoh Jabatan')}:" in no_position[0]
    assert len(lines) == len(set(lines))  # once per entry


def test_group_whose_members_are_all_listed(project):
    path = project / BULELENG_FILE
    replace_in(path, "    - bps_bll\n", "    - bps_bll\n    - kominfosanti_bll\n    - opd_tkpk_bll\n")
    lines = warnings(project)
    group = about(lines, "sudah ditulis satu per satu")
    assert len(group) == 1 and f"{BULELENG_FILE}:{line_of(path, '    - opd_tkpk_bll')}:" in group[0]
    assert not about(lines, "diundang dua kali")  # said once, on the group's line


def test_invitee_above_the_signer(project):
    path = project / SERIES_FILE
    replace_in(path, "    yth: [kec_gerokgak, kades_gerokgak,", "    yth: [wakil_bupati_bll, kec_gerokgak, kades_gerokgak,")
    lines = about(warnings(project), "lebih tinggi")
    assert len(lines) == 1 and f"{SERIES_FILE}:{line_of(path, 'wakil_bupati_bll')}:" in lines[0]
    assert "wakil kepala daerah" in lines[0] and "atas_nama: BUPATI BULELENG" in lines[0]
    # signed on behalf of the Bupati: nobody invited is above the signer
    replace_in(project / BULELENG_FILE, "    - bps_bll\n", "    - bps_bll\n    - wakil_bupati_bll\n")
    assert len(about(warnings(project), "lebih tinggi")) == 1


def test_unknown_sex_of_a_counted_person(kaltim):
    path = kaltim / KALTIM_FILE
    replace_in(path, "  - notulis_kaltim\n", "  - notulis_kaltim\n  - {nama: Dewa Contoh, jabatan: Analis, instansi: dinsos_kaltim}\n")
    lines = about(warnings(kaltim), "jenis kelamin")
    assert len(lines) == 1 and f"{KALTIM_FILE}:{line_of(path, 'Dewa Contoh')}:" in lines[0]
    assert "'jenis_kelamin: L' atau 'P'" in lines[0]
