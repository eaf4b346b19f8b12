"""`rapatgen new`: a ready-to-fill meeting file, never overwriting an existing one."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from rapatgen.text.errors import UsageError
from rapatgen.check.project import CONFIG_NAME
from rapatgen.text.templating import get_template, use_project
from rapatgen.files.atomic import write_new


def slug(text: str, limit: int = 50) -> str:
    """File-name part of a title: whole words only, and a year in the title is never cut off."""
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    years = [w for w in words if re.fullmatch(r"(19|20)\d\d", w)]
    kept: list[str] = []
    for w in words:
        if len("-".join([*kept, w])) > limit:
            break
        kept.append(w)
    for y in years:
        if y not in kept:
            before = words[words.index(y) - 1] if words.index(y) else ""
            kept += ["tahun", y] if before == "tahun" and kept[-1:] != ["tahun"] else [y]
    return "-".join(kept)


def create_meeting_file(root: Path, jenis: str, judul: str, day: date, meeting_id: str | None) -> Path:
    from rapatgen.load import read_yaml

    agenda_dir = read_yaml(root / CONFIG_NAME).data.get("folder_rapat", "agendas")
    meeting_id = meeting_id or f"{jenis}-{day.isoformat()}"
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", meeting_id):
        raise UsageError(f"--id '{meeting_id}' hanya boleh berisi huruf, angka, '-', '_' atau '.'")
    title = slug(judul) or "rapat"
    if title.split("-")[0] == jenis.replace("_", "-").split("-")[0]:  # "rakor-rakor-…" says it twice
        title = title.split("-", 1)[1] if "-" in title else title
    path = root / agenda_dir / f"{day.isoformat()}-{jenis}-{title}.yaml"
    if path.exists():
        raise UsageError(f"{path} sudah ada — berkas itu tidak ditimpa; beri judul lain atau sunting berkas itu")
    use_project(root)
    text = get_template("rapat-baru.yaml.j2").render(
        id=meeting_id, jenis=jenis, judul=judul, tanggal=day.isoformat(),
        tanggal_surat=(day - timedelta(days=7)).isoformat())
    return write_new(path, text.encode("utf-8"))
