"""The project tracker's PDF after one follow-up item changed: only the pieces whose rows changed are
typeset again (the others come from `.rapatgen/cache/tabel/`), and the bytes are those of a full remake."""

from __future__ import annotations

import shutil
from datetime import date

from rapatgen.build.coordinator import build as run_build
from rapatgen.build.tracker import TABLE_PIECES
from rapatgen.check.project import load_project
from rapatgen.files.cache import CACHE_DIR
from rapatgen.render.pdf import pieces
from tests.conftest import EXAMPLE_PER, replace_in

TRACKER_PDF = "matriks-tindak-lanjut.pdf"


def test_one_item_changed_typesets_only_the_pieces_that_show_it(kaltim, monkeypatch):
    # the example's tracker (30 rows) typeset in pieces as a long one is (4,000 rows at 500 meetings)
    monkeypatch.setattr(pieces, "LONG_TABLE_ROWS", 10)
    monkeypatch.setattr(pieces, "PIECE_ROWS", 6)
    compiled = []
    real = pieces._compile_piece
    monkeypatch.setattr(pieces, "_compile_piece", lambda *a: compiled.append(1) or real(*a))

    def build(**kwargs):
        compiled.clear()
        run_build(load_project(kaltim), formats=("pdf",), only=["tindak-lanjut"], as_of=date.fromisoformat(EXAMPLE_PER),
                  log=lambda _: None, workers=1, **kwargs)
        return len(compiled), (kaltim / "outputs" / TRACKER_PDF).read_bytes()

    first, _ = build()
    assert first >= 4
    # an item of the last meeting: its rows are in the last pieces
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "isi: Seluruh perangkat daerah menyelaraskan",
               "isi: Seluruh perangkat daerah (diperbarui) menyelaraskan")
    again, incremental = build()
    assert 1 <= again < first
    assert build()[0] == 0  # nothing changed: not even the tracker is made

    shutil.rmtree(kaltim / CACHE_DIR / TABLE_PIECES)  # a full remake, nothing kept
    full, remade = build(force=True)
    assert full == first and remade == incremental
