"""`sesi_bawaan`: a series' shared session lines written once (issue 18 point 8)."""

from __future__ import annotations

import hashlib
import re

from click.testing import CliRunner

from rapatgen.cli import main

SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"
SHORT = '''sesi_bawaan:
  nama: Kecamatan {wilayah}
  mulai: "09.00"
  selesai: "12.00"
  tempat: Aula Kantor Camat {wilayah}
  jumlah_peserta: 20
  yth: ["kec_{kode}", "kades_{kode}", {jabatan: "Pendamping Program Keluarga Harapan (PKH) Kecamatan {wilayah}"}]
sesi:
  - {wilayah: Gerokgak, tanggal: 2025-02-18, urut: 57}
  - {wilayah: Seririt, tanggal: 2025-02-19, urut: 58}
  - wilayah: Sukasada
    tanggal: 2025-02-25
    urut: 61
    yth: [kec_sukasada, kades_sukasada, kel_sukasada,     # a session's own list wins
          {jabatan: Pendamping Program Keluarga Harapan (PKH) Kecamatan Sukasada}]
  - wilayah: Sawan
    tanggal: 2025-02-26
    mulai: "13.30"
    selesai: null
    daring: {platform: Zoom Meeting, tautan: "https://zoom.us/j/1111111111", id_rapat: "111 1111 1111", kode_akses: dtsen25}
    urut: 62
    jumlah_peserta: 25

'''


def _short_form(path):
    text = path.read_text(encoding="utf-8")
    start, end = text.index("sesi:\n"), text.index("pimpinan:\n")
    path.write_text(text[:start] + SHORT + text[end:], encoding="utf-8")


def _outputs(root) -> dict[str, str]:
    r = CliRunner().invoke(main, ["build", SERIES, "--per", "2025-03-01", "--paksa-ulang", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "outputs" / SERIES).iterdir()) if p.is_file() and p.name != "SHA256SUMS"}


def test_the_short_form_makes_the_same_documents_as_every_session_written_out(project):
    long_form = _outputs(project)
    _short_form(project / SERIES_FILE)
    assert "yth: [kec_gerokgak" not in (project / SERIES_FILE).read_text(encoding="utf-8")
    assert _outputs(project) == long_form  # every letter, list and minute byte for byte
    assert len([n for n in long_form if n.startswith("undangan-")]) == 8  # 4 sessions × docx+pdf


def test_a_mistake_in_the_template_is_reported_once_at_its_own_line(project):
    _short_form(project / SERIES_FILE)
    text = (project / SERIES_FILE).read_text(encoding="utf-8")
    (project / SERIES_FILE).write_text(text.replace("  tempat: Aula", "  tempt: Aula")
                                       .replace('"kades_{kode}"', '"kades_{kecamatan}"'), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1
    line = next(i for i, l in enumerate((project / SERIES_FILE).read_text().splitlines(), 1) if l.startswith("  yth:"))
    assert re.search(rf"{SERIES_FILE}:{line}:\d+: '{{kecamatan}}' tidak dikenal di sesi_bawaan", r.output), r.output
    assert r.output.count("tidak dikenal di sesi_bawaan") == 1  # once, not once per session


def test_a_session_without_its_place_is_told_what_to_write(project):
    _short_form(project / SERIES_FILE)
    text = (project / SERIES_FILE).read_text(encoding="utf-8")
    (project / SERIES_FILE).write_text(text.replace("{wilayah: Seririt, ", "{"), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "sesi 2 perlu 'wilayah' (mis. wilayah: Gerokgak)" in r.output, r.output
