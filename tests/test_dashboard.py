"""Issue 9.7: outputs/index.html looked at in a real browser (Debian's chromium driven by
Playwright): filters change the visible rows, links resolve to files that exist, no
console errors, from a file and from a web server; screenshots kept for a person to see."""

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import EXAMPLE_PER, built_copy, copy_root_project, replace_in

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
PER = "2025-03-31"
NASTY = "Awas <img src=x onerror=alert(1)> & </script><b>tebal</b>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_root_project(tmp_path_factory.mktemp("dasbor"))
    replace_in(project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml",
               "isi: TKPK tidak mempublikasikan secara berlebihan bahwa kemiskinan ekstrem sudah nol.",
               f'isi: "{NASTY}"')
    r = CliRunner().invoke(main, ["build", "--per", PER, "-q", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return project


def test_index_escapes_text_and_links_only_existing_files(site):
    html = (site / "outputs" / "index.html").read_text(encoding="utf-8")
    assert "<script>" in html and html.count("<script") == 1  # the page's own script only
    assert "<img" not in html.split("<section id=\"indikator\"")[0] and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="rakor-buleleng-2023-12-14/berkas-rakor-buleleng-2023-12-14.pdf"' in html


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium tidak terpasang (/usr/bin/chromium): jalankan 'apt-get install -y chromium' "
                    "(.ci/run melakukannya sebagai root di Debian)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    return page, errors


def visible_rows(page):
    return page.locator("#butir tbody tr:visible")


@pytest.mark.slow
def test_filters_links_and_no_console_errors_from_a_file(site, browser):
    index = site / "outputs" / "index.html"
    page, errors = _open(browser, index.as_uri())
    assert page.locator("#butir td", has_text="onerror=alert(1)").first.inner_text() == NASTY
    total = page.locator("#butir tbody tr").count()
    assert total > 3 and visible_rows(page).count() == total
    assert page.locator("#jumlah").inner_text() == f"{total} butir ditampilkan"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dasbor-semua.png"), full_page=True)

    page.select_option("#filter-opd", "dinsos_bll")
    rows = visible_rows(page)
    assert 0 < rows.count() < total
    assert all(rows.nth(i).get_attribute("data-opd") == "dinsos_bll" for i in range(rows.count()))
    page.select_option("#filter-status", "terlambat")
    late = visible_rows(page)
    assert late.count() >= 1
    for i in range(late.count()):  # overdue rows stand out
        assert late.nth(i).evaluate("r => getComputedStyle(r.cells[0]).backgroundColor") == "rgb(253, 232, 232)"
    page.screenshot(path=str(SHOTS / "dasbor-dinsos-terlambat.png"), full_page=True)
    page.select_option("#filter-opd", "")
    page.select_option("#filter-status", "")
    page.select_option("#filter-rapat", "rakor-buleleng-2023-12-14")
    rows = visible_rows(page)
    assert 0 < rows.count() <= total
    assert all(rows.nth(i).get_attribute("data-rapat") == "rakor-buleleng-2023-12-14" for i in range(rows.count()))

    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    assert len(hrefs) > 10
    for href in hrefs:
        target = Path(unquote(urlparse(href).path))
        assert target.is_file(), href
    bars = page.locator("#capaian .bar")
    assert bars.count() >= 3
    page.locator("#indikator img").last.scroll_into_view_if_needed()  # loaded lazily, once in view
    page.wait_for_function("[...document.querySelectorAll('#indikator img')].every(i => i.complete)")
    assert page.eval_on_selector_all("#indikator img", "is => is.map(i => i.naturalWidth)") and all(
        w > 100 for w in page.eval_on_selector_all("#indikator img", "is => is.map(i => i.naturalWidth)"))
    assert errors == []  # also: no dialog opened by text from YAML


@pytest.mark.slow
def test_same_page_from_a_web_server(site, browser):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "outputs"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page, errors = _open(browser, base + "index.html")
        page.select_option("#filter-status", "selesai")
        assert all(visible_rows(page).nth(i).get_attribute("data-status") == "selesai"
                   for i in range(visible_rows(page).count()))
        href = page.locator("#rapat a").first.get_attribute("href")
        response = page.request.get(base + href)
        assert response.status == 200 and len(response.body()) > 1000
        for src in page.eval_on_selector_all("#indikator img", "is => is.map(i => i.getAttribute('src'))"):
            response = page.request.get(base + src)  # the charts are files beside the page
            assert response.status == 200 and response.body()[:4] == b"\x89PNG"
        assert errors == []
    finally:
        server.shutdown()


# --- the charts: files beside the page, linked -----------------------------------------------
def _charts(root: Path) -> list[tuple[str, str]]:
    """(src, alt) of every chart the page shows."""
    import re

    html = (root / "outputs" / "index.html").read_text(encoding="utf-8")
    section = html.split('<section id="indikator">')[1].split("</section>")[0]
    return re.findall(r'<img src="([^"]+)" alt="([^"]*)"', section)


def test_charts_are_png_files_beside_the_page_with_alt_text(built_buleleng):
    root = built_buleleng.root
    html = (root / "outputs" / "index.html").read_text(encoding="utf-8")
    charts = _charts(root)
    assert charts and "data:image" not in html  # linked, not inlined: the page stays small
    for src, alt in charts:
        target = root / "outputs" / unquote(src)
        assert src.startswith("grafik/") and target.is_file() and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert alt.startswith("Grafik garis Persentase penduduk miskin") and "5,76" in alt
    assert sorted(p.name for p in (root / "outputs" / "grafik").iterdir()) == sorted(Path(s).name for s, _ in charts)


def _build(root: Path, monkeypatch, per: str = EXAMPLE_PER, **options):
    """Build in this process; (report, how many times the page was rendered)."""
    from datetime import date

    import rapatgen.build.coordinator as b
    from rapatgen.build import dashboard
    from rapatgen.check.project import load_project

    calls = []
    real = dashboard.render_index
    with monkeypatch.context() as mp:
        mp.setattr(dashboard, "render_index", lambda *a, **k: calls.append(a) or real(*a, **k))
        report = b.build(load_project(root), as_of=date.fromisoformat(per), log=lambda line: None, workers=1,
                         **options)
    return report, len(calls)


def test_chart_files_come_from_the_signed_cache_by_their_data(built_buleleng, tmp_path, monkeypatch):
    """A chart file deleted by hand is written again from the cache (not drawn, the page not remade);
    a tampered cache file is a miss, never trusted; a chart no meeting shows any more is removed."""
    from rapatgen.documents import grafik

    root = built_copy(built_buleleng, tmp_path / "p")
    drawn = []
    real = grafik.draw
    monkeypatch.setattr(grafik, "draw", lambda ind: drawn.append(ind) or real(ind))
    src = _charts(root)[0][0]
    chart = root / "outputs" / unquote(src)
    before = chart.read_bytes()
    chart.unlink()
    report, pages = _build(root, monkeypatch)
    assert chart.read_bytes() == before and chart in report.written and drawn == [] and pages == 0
    cached = sorted((root / ".rapatgen" / "cache" / "grafik").glob("*.bin"))
    assert cached
    for entry in cached:  # tampered: drawn again
        entry.write_bytes(entry.read_bytes()[:-1] + b"x")
    chart.unlink()
    report, pages = _build(root, monkeypatch)
    assert chart.read_bytes() == before and len(drawn) == 1 and pages == 0
    replace_in(root / RAKOR, "indikator:\n  - nama: Persentase penduduk miskin", "indikator:\n  - nama: Angka kemiskinan")
    report, pages = _build(root, monkeypatch)
    assert pages == 1 and not chart.exists()  # the old chart is gone, the new one linked
    assert [Path(s).name for s, _ in _charts(root)] == [p.name for p in (root / "outputs" / "grafik").iterdir()]
    assert all("Angka kemiskinan" in alt for _, alt in _charts(root))


# --- the page is made again only when what it shows changed ------------------------------------
RAKOR = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
RAKOR_ID = "rakor-buleleng-2023-12-14"


def _shown(root: Path, per: str = EXAMPLE_PER, stale=()) -> str:
    """The hash the build keeps of what outputs/index.html shows."""
    from datetime import date

    import rapatgen.build.dashboard_unit as b
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context

    project = load_project(root)
    ctx = Context(project.config, project.directory, project.root, date.fromisoformat(per),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    return b._dashboard_inputs(project, b.Inputs(project, ctx), stale)[0]


CHANGES = {  # what a user can change → whether the dashboard shows it
    "tema": (lambda r: replace_in(r / RAKOR, "tema: Arah", "tema: Arah baru,"), False),
    "tujuan": (lambda r: replace_in(r / RAKOR, "  - Menyelaraskan program", "  - Menyelaraskan seluruh program"), False),
    "judul": (lambda r: replace_in(r / RAKOR, "judul: Rapat Koordinasi", "judul: Rakor"), True),
    "tanggal": (lambda r: replace_in(r / RAKOR, "  - tanggal: 2023-12-14", "  - tanggal: 2023-12-15"), True),
    "dibatalkan": (lambda r: replace_in(r / RAKOR, "jenis: rakor\n", "jenis: rakor\ndibatalkan: true\n"), True),
    "status butir": (lambda r: replace_in(r / RAKOR, "status: proses, catatan: 5 dari 8", "status: selesai, catatan: 5 dari 8"),
                     True),
    "isi butir": (lambda r: replace_in(r / RAKOR, "isi: TKPK tidak", "isi: TKPK sama sekali tidak"), True),
    "data indikator": (lambda r: replace_in(r / RAKOR, "{periode: 2023-03, nilai: 5.85}",
                                            "{periode: 2023-03, nilai: 5.86}"), True),
    "berkas baru": (lambda r: (r / "outputs" / RAKOR_ID / f"notulen-{RAKOR_ID}-ttd.pdf").write_bytes(b"%PDF"), True),
    "berkas dihapus": (lambda r: (r / "outputs" / RAKOR_ID / f"notulen-{RAKOR_ID}.pdf").unlink(), True),
    "matriks": (lambda r: (r / "outputs" / "matriks-tindak-lanjut.xlsx").write_bytes(b"PK"), True),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_page_hash_follows_what_it_shows(change, tmp_path):
    root = copy_root_project(tmp_path / "p")
    (root / "outputs" / RAKOR_ID).mkdir(parents=True)
    (root / "outputs" / RAKOR_ID / f"notulen-{RAKOR_ID}.pdf").write_bytes(b"%PDF")
    before = _shown(root)
    edit, shows = CHANGES[change]
    edit(root)
    assert (_shown(root) != before) is shows


def test_the_page_hash_follows_the_reference_date_and_stale_folders(tmp_path):
    root = copy_root_project(tmp_path / "p")
    before = _shown(root)
    assert _shown(root) == before
    assert _shown(root, per="2025-02-16") != before  # the statuses are those of another day
    assert _shown(root, stale=[root / "outputs" / "rapat-lama"]) != before


def test_a_text_change_leaves_the_page_as_it_is(built_buleleng, tmp_path, monkeypatch):
    root = built_copy(built_buleleng, tmp_path / "p")
    index = root / "outputs" / "index.html"
    before, mtime = index.read_bytes(), index.stat().st_mtime_ns
    CHANGES["tema"][0](root)
    report, pages = _build(root, monkeypatch)
    assert report.written and pages == 0  # the meeting's documents were made again, the page was not
    assert index.read_bytes() == before and index.stat().st_mtime_ns == mtime and index in report.unchanged
    CHANGES["judul"][0](root)
    report, pages = _build(root, monkeypatch)
    assert pages == 1 and "Rakor Penanggulangan" in index.read_text(encoding="utf-8")
    report, pages = _build(root, monkeypatch, per="2025-02-16")
    assert pages == 1 and "16 Februari 2025" in index.read_text(encoding="utf-8")


def test_a_new_file_a_deleted_page_and_a_hand_edit(built_buleleng, tmp_path, monkeypatch):
    root = built_copy(built_buleleng, tmp_path / "p")
    index = root / "outputs" / "index.html"
    CHANGES["berkas baru"][0](root)  # a signed scan put beside the documents
    report, pages = _build(root, monkeypatch)
    assert pages == 1 and not report.written[1:] and f"notulen-{RAKOR_ID}-ttd.pdf" in index.read_text(encoding="utf-8")
    assert _build(root, monkeypatch)[1] == 0
    index.unlink()
    report, pages = _build(root, monkeypatch)
    assert pages == 1 and report.written == [index]
    index.write_text(index.read_text(encoding="utf-8").replace("Dasbor", "Dasbor kami"), encoding="utf-8")
    edited = index.read_bytes()
    assert _build(root, monkeypatch)[1] == 0 and index.read_bytes() == edited  # nothing to show: left alone
    (root / "outputs" / RAKOR_ID / f"notulen-{RAKOR_ID}-ttd.pdf").unlink()
    report, pages = _build(root, monkeypatch)
    assert pages == 1 and index.read_bytes() == edited and index in report.kept  # never overwritten silently
    assert f"notulen-{RAKOR_ID}-ttd.pdf" not in (root / "outputs" / "index (baru).html").read_text(encoding="utf-8")
    report, pages = _build(root, monkeypatch, overwrite=True)
    assert pages == 1 and index.read_bytes() != edited and "Dasbor kami" not in index.read_text(encoding="utf-8")


def test_file_links_are_percent_encoded_and_grouped_by_kind(tmp_path):
    from urllib.parse import quote

    from rapatgen.build.dashboard import _files

    names = sorted(["notulen-r1.pdf", "notulen-r1 (baru).pdf", "undangan-r1-sesi-2.docx", "berkas-r1.pdf",
                    "SHA256SUMS", "catatan & foto é.pdf", "kalender-r1.ics"])
    links = _files(tmp_path, "r1", names)
    assert [label for label, _ in links] == ["Berkas lengkap (PDF)", "Undangan sesi 2 (DOCX)", "Notulen (baru) (PDF)",
                                             "Notulen (PDF)", "Kalender (ICS)", "SHA256SUMS"]
    assert all(href == f"r1/{quote(name)}" for (_, href), name in zip(links, [
        "berkas-r1.pdf", "undangan-r1-sesi-2.docx", "notulen-r1 (baru).pdf", "notulen-r1.pdf", "kalender-r1.ics",
        "SHA256SUMS"]))
    assert links[2][1] == "r1/notulen-r1%20%28baru%29.pdf"


def test_chart_keys_of_an_unchanged_meeting_file_are_remembered():
    """The build after a text change works out the chart keys (a repr of every field, ~0.1 ms each) of
    the changed meeting only; another tool, config or directory (base) works them all out again."""
    from types import SimpleNamespace

    from rapatgen.build.dashboard import ChartKeys

    class Unreadable:
        def __repr__(self):
            raise AssertionError("worked out again")

    a, b = SimpleNamespace(id="a"), SimpleNamespace(id="b")
    first = ChartKeys("base", {"a": "fa", "b": "fb"})
    keys = [first(a, 0, "ind a0"), first(a, 1, "ind a1"), first(b, 0, "ind b0")]
    assert len(set(keys)) == 3
    again = ChartKeys("base", {"a": "fa", "b": "fb2"}, first.record())
    assert [again(a, 0, Unreadable()), again(a, 1, Unreadable())] == keys[:2]
    assert again(b, 0, "ind b0 changed") != keys[2]
    other = ChartKeys("another base", {"a": "fa"}, first.record())
    with pytest.raises(AssertionError, match="worked out again"):
        other(a, 0, Unreadable())


def test_a_meeting_folder_is_read_again_only_when_its_time_changed(tmp_path, monkeypatch):
    """The build reads only the folders whose modification time is not the recorded one; a folder
    changed less than two seconds before it was read is not trusted next time (same clock tick)."""
    import os
    import time

    from rapatgen.build import dashboard

    out = tmp_path / "outputs"
    for mid in ("a", "b", "c"):
        (out / mid).mkdir(parents=True)
        (out / mid / f"notulen-{mid}.pdf").write_bytes(b"%PDF")
    old = time.time_ns() - 60_000_000_000
    for mid in ("a", "b"):
        os.utime(out / mid, ns=(old, old))  # c was changed just now
    read = []
    real = dashboard.folder_names
    monkeypatch.setattr(dashboard, "folder_names", lambda o, mid: read.append(mid) or real(o, mid))
    first = dashboard.Listing(out, ["a", "b", "c", "gone"], None)
    assert read == ["a", "b", "c"] and first.get("gone") == [] and set(first.record()["folder"]) == {"a", "b"}
    read.clear()
    again = dashboard.Listing(out, ["a", "b", "c"], first.record())
    assert read == ["c"] and again.hashes == {k: v for k, v in first.hashes.items() if k != "gone"}
    assert again.get("a") == ["notulen-a.pdf"] and read == ["c", "a"]  # the page reads them all
    read.clear()
    (out / "b" / "notulen-b-ttd.pdf").write_bytes(b"%PDF")  # a file added: the folder's time changes
    third = dashboard.Listing(out, ["a", "b", "c"], again.record())
    assert read == ["b", "c"] and third.hashes["b"] != first.hashes["b"] and third.hashes["a"] == first.hashes["a"]
    read.clear()
    (out / "a" / "notulen-a (baru).pdf").write_bytes(b"%PDF")
    os.utime(out / "a", ns=(old, old))  # a file system that keeps a folder's time (FAT on Windows)
    fourth = dashboard.Listing(out, ["a", "b", "c"], third.record(), changed={"a"})  # the build wrote there
    assert "a" in read and fourth.hashes["a"] != first.hashes["a"]


def test_a_file_put_in_a_meeting_folder_by_hand_is_listed_by_the_next_build(built_buleleng, tmp_path):
    """The no-op shortcut (nothing changed since the last complete build) also looks at the output
    folders' modification times: a signed scan put beside the documents makes a real build, which
    lists it on the page; then it is a no-op again."""
    root = built_copy(built_buleleng, tmp_path / "p")

    def cli(*args):
        r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, "--proyek", str(root), *args])
        assert r.exit_code == 0, r.output
        return r

    cli()
    (root / "outputs" / RAKOR_ID / f"notulen-{RAKOR_ID}-ttd.pdf").write_bytes(b"%PDF-1.7 hasil pindai")
    cli()
    assert f'href="{RAKOR_ID}/notulen-{RAKOR_ID}-ttd.pdf"' in (root / "outputs" / "index.html").read_text(encoding="utf-8")
    assert "0 berkas ditulis" in cli().output  # and nothing to do again


def test_per_invitee_letters_are_labelled_with_the_addressee_not_its_id(tmp_path):
    """The file name keeps the directory id; the page names the addressee as a reader would."""
    from types import SimpleNamespace as NS

    from rapatgen.build.dashboard import _files

    directory = NS(kelompok={"camat_se": NS(nama="Camat se-Kabupaten Buleleng")},
                   instansi={"dinsos_bll": NS(nama="Dinas Sosial Kabupaten Buleleng", singkatan="Dinsos"),
                             "bps_bll": NS(nama="Badan Pusat Statistik Kabupaten Buleleng", singkatan=None)},
                   orang={"kadis": NS(nama="Nyoman Contoh Wijaya")})
    names = ["undangan-r1-01-dinsos_bll.pdf", "undangan-r1-02-bps_bll.pdf", "undangan-r1-03-camat_se.pdf",
             "undangan-r1-04-kadis.pdf", "undangan-r1-05-undangan-5.pdf",
             "undangan-r1-sesi-01-gerokgak-01-dinsos_bll.docx", "undangan-r1-sesi-02-seririt.docx"]
    labels = [label for label, _ in _files(tmp_path, "r1", names, directory)]
    assert labels == ["Undangan 01 Dinsos (PDF)", "Undangan 02 Badan Pusat Statistik Kabupaten Buleleng (PDF)",
                      "Undangan 03 Camat se-Kabupaten Buleleng (PDF)", "Undangan 04 Nyoman Contoh Wijaya (PDF)",
                      "Undangan 05 undangan 5 (PDF)", "Undangan sesi 01 gerokgak: 01 Dinsos (DOCX)",
                      "Undangan sesi 02 seririt (DOCX)"]


def test_the_built_page_never_shows_a_directory_id_as_a_letter_label(built_buleleng):
    import re

    page = (built_buleleng.root / "outputs" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<a href="[^"]*">(Undangan[^<]*)</a>', page)
    assert "Undangan 01 Dinsos (PDF)" in labels
    assert not [label for label in labels if "_bll" in label]
