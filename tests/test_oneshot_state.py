"""The part of a one-shot `rapatgen build` that grows with the number of meetings (issue 22.5 a): loading the
project, the manifest, the plan and the stamp. Work counted (folders resolved, files looked at, records
hashed), never timed; each shortcut checked against the long way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

COPIES = 6


def _copies(project: Path, source: str = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml",
            meeting_id: str = "rakor-buleleng-2023-12-14", folder: str = "agendas") -> list[str]:
    text = (project / source).read_text(encoding="utf-8")
    ids = [f"salinan-{i}" for i in range(COPIES)]
    (project / folder).mkdir(parents=True, exist_ok=True)
    for new in ids:
        (project / folder / f"{new}.yaml").write_text(text.replace(f"id: {meeting_id}", f"id: {new}"),
                                                      encoding="utf-8")
    return ids


def test_loading_resolves_each_folder_once_not_each_meeting(project, monkeypatch, tmp_path_factory):
    """`Path.resolve` of every meeting looked up every folder above it again (≈ 2,500 lstat calls at 500
    meetings). A meeting file that is no symlink is its folder's resolved path and its name; a symlink is
    still followed (into the project: read; out of it: refused)."""
    from rapatgen.check.project import load_project
    from rapatgen.text.errors import InvalidInput

    ids = _copies(project)
    _copies(project, folder="agendas/2024")  # a second folder of meetings
    for i in range(COPIES):
        path = project / "agendas" / "2024" / f"salinan-{i}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"id: salinan-{i}", f"id: tahun-{i}"),
                        encoding="utf-8")
    arsip = project / "arsip"
    arsip.mkdir()
    (project / "agendas" / "2024" / "salinan-0.yaml").rename(arsip / "pindahan.yaml")
    os.symlink(arsip / "pindahan.yaml", project / "agendas" / "2024" / "salinan-0.yaml")  # a link inside
    resolved = []
    real = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a, **k: resolved.append(self) or real(self, *a, **k))
    loaded = load_project(project)
    monkeypatch.setattr(Path, "resolve", real)
    assert {f"tahun-{i}" for i in range(COPIES)} | set(ids) <= {mf.model.id for mf in loaded.meetings}
    meetings = [p.name for p in resolved if p.suffix == ".yaml" and p.parent.name in ("agendas", "2024")]
    assert meetings == ["salinan-0.yaml"]  # only the link: every other meeting is a plain file in a folder

    outside = tmp_path_factory.mktemp("luar") / "rapat.yaml"
    outside.write_text((project / "agendas" / "salinan-1.yaml").read_text(encoding="utf-8").replace(
        "id: salinan-1", "id: luar"), encoding="utf-8")
    os.symlink(outside, project / "agendas" / "2024" / "luar.yaml")  # a file out of the project
    with pytest.raises(InvalidInput) as refused:
        load_project(project)
    shown = "\n".join(str(p) for p in refused.value.problems)
    assert "agendas/2024/luar.yaml:1:1: berkas rapat ini tautan simbolik ke luar folder proyek" in shown, shown


def test_the_stamp_of_a_build_takes_each_output_by_text(built_kaltim, tmp_path, monkeypatch):
    """After a build, the stamp records every output relative to outputs/ (9,600 at 500 meetings) and the time
    of each meeting's folder: the output folder's text is taken once, not once per output (`relative_posix`),
    and a folder's time by text. What it records is what the next build compares: a no-op, and then a build
    again once a meeting's folder is touched."""
    from click.testing import CliRunner

    import rapatgen.build.stamp as stamp_module
    from rapatgen.build.stamp import BuildStamp, build_options
    from rapatgen.cli import main
    from tests.conftest import EXAMPLE_PER as PER, built_copy, replace_in

    kaltim = built_copy(built_kaltim, tmp_path / "kaltim")
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    each = []
    real = stamp_module.relative_posix
    monkeypatch.setattr(stamp_module, "relative_posix", lambda path, folder: each.append(path) or real(path, folder))
    result = CliRunner().invoke(main, ["build", "--per", PER, "-q", "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(stamp_module, "relative_posix", real)
    from datetime import date

    options = build_options((), None, (), date.fromisoformat(PER))
    previous = BuildStamp(kaltim, options).stamp.previous
    out = kaltim / "outputs"
    assert len(previous["outputs"]) > 40 and each == []
    assert sorted(previous["outputs"]) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                                 if p.is_file() and not p.name.startswith("."))
    folders = {rel.split("/", 1)[0] for rel in previous["outputs"] if "/" in rel}
    assert previous["folder_times"] == {name: os.stat(out / name).st_mtime_ns for name in sorted(folders)}
    assert BuildStamp(kaltim, options).nothing_to_do() is not None
    (out / "rakor-kaltim-2024-12-19" / "catatan.txt").write_text("x", encoding="utf-8")
    assert BuildStamp(kaltim, options).nothing_to_do() is None


def _journal_built(built_kaltim, tmp_path):
    import json

    from click.testing import CliRunner

    from rapatgen.cli import main
    from tests.conftest import EXAMPLE_PER as PER, built_copy, replace_in

    kaltim = built_copy(built_kaltim, tmp_path / "kaltim")
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    result = CliRunner().invoke(main, ["build", "--per", PER, "-q", "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    out = kaltim / "outputs"
    return kaltim, out, json.loads((out / ".rapatgen-build.json").read_text(encoding="utf-8"))


def test_a_build_takes_in_only_the_journal_lines_after_the_last_save(built_kaltim, tmp_path):
    """The output journal has a line per file written (9,800 at 500 meetings: 0.015 s to parse on every
    build). The manifest records what its save left of it (size, hash of the bytes, lines): the next build
    parses only the lines after that — none after a build that ended — and still finds there the files
    a build killed before its save wrote."""
    import hashlib

    from rapatgen.build.manifest import JOURNAL, BuildManifest

    kaltim, out, saved = _journal_built(built_kaltim, tmp_path)
    raw = (kaltim / JOURNAL).read_bytes()
    assert saved["jurnal"] == [len(raw), hashlib.sha256(raw).hexdigest(), len(raw.splitlines()) - 1]
    manifest = BuildManifest(out, state_root=kaltim)
    assert manifest.journal.latest == {}  # nothing after the save: nothing parsed
    assert manifest.journal.lines == saved["jurnal"][2]

    # a build killed after writing a file, before its save: the line after the marker is taken in
    notulen = next(out.glob("rakor-kaltim-2024-12-19/notulen-*.pdf"))
    rel = notulen.relative_to(out).as_posix()
    new = notulen.read_bytes() + b"\n% dibuat ulang\n"
    BuildManifest(out, state_root=kaltim).intend(notulen, hashlib.sha256(new).hexdigest())
    notulen.write_bytes(new)
    again = BuildManifest(out, state_root=kaltim)
    assert list(again.journal.latest) == [rel]
    assert again.files[rel]["sha256"] == hashlib.sha256(new).hexdigest() and not again.edited_by_hand(notulen)


def test_the_journal_before_the_marker_still_counts_when_asked(built_kaltim, tmp_path):
    """What the marker lets a build leave unparsed is still the journal: a file put back to bytes rapatgen
    wrote there before is no hand edit, a real edit is one, a line already in it is not entered again, and a
    journal that is not the one the manifest saw (rewritten, cut, another folder's) is parsed whole."""
    import hashlib
    import json

    from rapatgen.build.manifest import BUILD_MANIFEST, JOURNAL, BuildManifest, Journal

    kaltim, out, saved = _journal_built(built_kaltim, tmp_path)
    journal = kaltim / JOURNAL
    notulen = next(out.glob("rakor-kaltim-2024-12-19/notulen-*.pdf"))
    rel = notulen.relative_to(out).as_posix()
    current = notulen.read_bytes()
    older = next(line.split(" ", 1)[0] for line in journal.read_text(encoding="utf-8").splitlines()[1:]
                 if line.endswith(json.dumps(rel)) and not line.startswith(hashlib.sha256(current).hexdigest()))
    manifest = BuildManifest(out, state_root=kaltim)
    assert manifest.journal.latest == {}
    assert older in manifest.journal.hashes(rel)  # parsed when asked
    size = journal.stat().st_size
    manifest.intend(notulen, older)  # in the journal already: not entered again
    assert journal.stat().st_size == size
    manifest.intend(notulen, "e" * 64)
    assert journal.stat().st_size > size

    notulen.write_bytes(current + b"\n% diubah tangan\n")
    assert BuildManifest(out, state_root=kaltim).edited_by_hand(notulen)

    text = journal.read_text(encoding="utf-8")
    for changed in (text.replace(older, "0" * 64, 1), text[: len(text) // 2]):  # rewritten before the mark, cut
        journal.write_text(changed, encoding="utf-8")
        whole = Journal(kaltim, out, saved["jurnal"])
        assert whole.latest == Journal(kaltim, out).latest and len(whole.latest) > 10
    (out / BUILD_MANIFEST).write_text(json.dumps({**saved, "jurnal": "rusak"}), encoding="utf-8")
    assert len(BuildManifest(out, state_root=kaltim).journal.latest) > 10  # a damaged marker: parsed whole
