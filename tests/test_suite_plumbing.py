"""The test suite's own plumbing (tests/conftest.py): what it shares between the processes of a run
must save work without changing what any of them computes."""

from __future__ import annotations

import json
import os
import py_compile
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT, seed_bytecode

# Run in a child as multiprocessing starts a build's worker (-B: it writes no bytecode) with the
# run's bytecode folder: the files it compiled from source (none of the repository's own).
_COMPILED = textwrap.dedent("""
    import importlib.machinery, json, sys
    compiled = []
    real = importlib.machinery.SourceFileLoader.source_to_code
    def counting(self, data, path, *args, **kwargs):
        compiled.append(path)
        return real(self, data, path, *args, **kwargs)
    importlib.machinery.SourceFileLoader.source_to_code = counting
    for name in sys.argv[1:]:
        __import__(name)
    print(json.dumps([[name, getattr(sys.modules[name], "VALUE", None)] for name in sys.argv[1:]] + [compiled]))
""")


def _child(prefix: Path, *modules: str, path: Path | None = None) -> tuple[dict, list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    r = subprocess.run([sys.executable, "-B", "-c", _COMPILED, *modules], env=env, cwd=prefix.parent,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    *values, compiled = json.loads(r.stdout)
    return dict(values), [p for p in compiled if not p.startswith(str(ROOT))]


def test_a_process_with_the_runs_bytecode_folder_compiles_no_installed_module(tmp_path):
    """`wave` (the standard library) and `yaml` (site-packages) are imported by no test's process, so
    nothing else of the run put their bytecode there: with the folder seeded the child compiles
    nothing, without it (the control) it compiles them from source."""
    empty, seeded = tmp_path / "empty", tmp_path / "seeded"
    empty.mkdir()
    seeded.mkdir()
    assert seed_bytecode(str(seeded)) > 1000
    _, compiled = _child(empty, "wave", "yaml")
    assert any(p.endswith("wave.py") for p in compiled) and any("yaml" in p for p in compiled), compiled
    _, compiled = _child(seeded, "wave", "yaml")
    assert compiled == []


def test_a_seeded_module_whose_source_changed_is_compiled_again(tmp_path):
    """The seeded bytecode is checked against its source as in __pycache__: after the source changes
    (size and time), the child runs the new source, not the old bytecode."""
    site = tmp_path / "site"
    site.mkdir()
    module = site / "uji_seed.py"
    module.write_text("VALUE = 1\n", encoding="utf-8")
    py_compile.compile(str(module), cfile=str(site / "__pycache__" / f"uji_seed.{sys.implementation.cache_tag}.pyc"))
    prefix = tmp_path / "pyc"
    prefix.mkdir()
    assert seed_bytecode(str(prefix), [str(site)]) == 1
    values, compiled = _child(prefix, "uji_seed", path=site)
    assert values == {"uji_seed": 1} and compiled == []
    module.write_text("VALUE = 22\n", encoding="utf-8")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    values, compiled = _child(prefix, "uji_seed", path=site)
    assert values == {"uji_seed": 22} and compiled == [str(module)]


def _readings(pdf) -> list:
    """What the layout checks take from each page (tests/layout.read_pdf), and the plain chars."""
    return [(page.extract_words(x_tolerance=1.0, y_tolerance=1.5, extra_attrs=["fontname", "size"]),
             page.chars, page.edges, page.rects,
             [(t.bbox, t.cells) for t in page.find_tables({"vertical_strategy": "lines",
                                                            "horizontal_strategy": "lines"})])
            for page in pdf.pages]


def test_a_pdf_is_parsed_once_per_run_and_each_reader_gets_its_own_copy(tmp_path, monkeypatch):
    """tests/pdfobjects.open_pdf: the same bytes read again are not parsed again (in any process of
    the run), every reading gives what pdfplumber alone gives, a reader's change to its copy does
    not reach the next reader, and other bytes are parsed on their own."""
    import io

    import pdfplumber

    from rapatgen.render.pdf.document import render_pdf
    from tests import pdfobjects
    from tests.test_ragged import _doc

    monkeypatch.setenv(pdfobjects.FOLDER_VARIABLE, str(tmp_path))
    data = render_pdf(_doc())
    parsed = []
    real = pdfplumber.page.Page.parse_objects
    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", lambda self: parsed.append(self.page_number) or real(self))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        expected = _readings(pdf)
    every_page = list(range(1, len(expected) + 1))
    assert parsed == every_page and any(page[0] for page in expected) and any(page[4] for page in expected)
    for reading in range(3):
        parsed.clear()
        with pdfobjects.open_pdf(data) as pdf:
            assert _readings(pdf) == expected
            pdf.pages[0].chars[0]["text"] = "diubah"  # this reader's copy only
            pdf.pages[0].chars.clear()
        assert parsed == (every_page if reading == 0 else []), reading
    parsed.clear()
    with pdfobjects.open_pdf(data + b"\n") as pdf:  # other bytes (the same pages): a record of their own
        assert _readings(pdf) == expected
    assert parsed == every_page
    assert len(list(tmp_path.glob("*.pickle"))) == 2 and not list(tmp_path.glob(".*"))


def test_an_images_pdfminer_objects_are_left_out_of_every_reading():
    """The kept objects are plain values: an image's raw stream and colour space (pdfminer objects
    of the open document, read by no check) are dropped from the first reading as from a later one."""
    from tests.pdfobjects import _plain

    image = {"x0": 1.0, "top": 2.0, "stream": object(), "colorspace": [object()], "name": "Im1"}
    objects = {"char": [{"text": "a"}], "image": [image]}
    assert _plain(objects) == {"char": [{"text": "a"}], "image": [{"x0": 1.0, "top": 2.0, "name": "Im1"}]}
    assert "stream" in image  # the parsed page's own dict is not changed
