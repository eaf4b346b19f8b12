"""The project tracker after one follow-up item changed: work in proportion to what changed.

Counts, never time (bench/incremental.py measures): the words of a table are measured once for
both formats; … (issue 22 item 5, second bullet)."""

from __future__ import annotations

from collections import Counter

import pytest

from rapatgen.render import layout
from tests.conftest import KALTIM_ROOT, copy_example_project
from tests.layout import AS_OF


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    """The Kalimantan Timur example's context, in a copy (the tracker keeps its PDF's pieces there)."""
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    project = load_project(copy_example_project(KALTIM_ROOT, tmp_path_factory.mktemp("kaltim")))
    use_project(project.root)
    yield Context(project.config, project.directory, project.root, AS_OF, [mf.model for mf in project.meetings],
                  [pf.model for pf in project.programmes])
    use_project(None)


def test_each_table_s_words_are_measured_once_for_both_formats(ctx, monkeypatch):
    from rapatgen.build.tracker import tracker_files

    measured = Counter()
    needs = layout.column_needs

    def counting(t, size_pt):
        measured[id(t)] += 1
        return needs(t, size_pt)
    monkeypatch.setattr(layout, "column_needs", counting)
    files = tracker_files(ctx, ctx.meetings, ("docx", "pdf"), with_xlsx=True)
    assert [name for name, _ in files] == ["matriks-tindak-lanjut.docx", "matriks-tindak-lanjut.pdf",
                                           "matriks-tindak-lanjut.xlsx"]
    assert len(measured) == 2 and set(measured.values()) == {1}  # the summary and the items: once each
    assert layout._FITTED is None  # nothing kept after the tracker
