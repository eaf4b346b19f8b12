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
from tests.conftest import copy_root_project, replace_in

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
        assert errors == []
    finally:
        server.shutdown()


def test_index_charts_come_from_a_signed_cache_by_their_data(built_buleleng, tmp_path, monkeypatch):
    """Remaking index.html after one meeting changed draws no chart again (nor imports matplotlib);
    the same bytes; a tampered cache file is a miss, never trusted."""
    from datetime import date

    from rapatgen.distribute import dashboard
    from rapatgen.documents import grafik
    from rapatgen.followup.items import collect
    from rapatgen.project import load_project
    from rapatgen.resolve import Context

    root = built_buleleng.root
    project = load_project(root)
    meetings = [mf.model for mf in project.meetings]
    ctx = Context(project.config, project.directory, tmp_path, date(2025, 2, 15), meetings, [])  # cache: tmp_path
    items = collect(meetings, ctx.today, ctx.directory)
    drawn = []
    real = grafik.draw
    monkeypatch.setattr(grafik, "draw", lambda ind: drawn.append(ind) or real(ind))
    first = dashboard.render_index(ctx, root / "outputs", meetings, items, ctx.today)
    assert drawn and first == (root / "outputs" / "index.html").read_bytes()
    cached = sorted((tmp_path / ".rapatgen" / "cache" / "grafik").glob("*.bin"))
    assert cached
    drawn.clear()
    assert dashboard.render_index(ctx, root / "outputs", meetings, items, ctx.today) == first and drawn == []
    cached[0].write_bytes(cached[0].read_bytes()[:-1] + b"x")  # tampered: drawn again
    assert dashboard.render_index(ctx, root / "outputs", meetings, items, ctx.today) == first and len(drawn) == 1
