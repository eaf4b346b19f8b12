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
