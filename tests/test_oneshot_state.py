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
