"""`rapatgen new`: a ready-to-fill meeting file, never overwriting an existing one."""

from __future__ import annotations

import json
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


def _new_path(root: Path, agenda_dir: str, jenis: str, judul: str, day: date) -> Path:
    title = slug(judul) or "rapat"
    if title.split("-")[0] == jenis.replace("_", "-").split("-")[0]:  # "rakor-rakor-…" says it twice
        title = title.split("-", 1)[1] if "-" in title else title
    path = root / agenda_dir / f"{day.isoformat()}-{jenis}-{title}.yaml"
    if path.exists():
        raise UsageError(f"{path} sudah ada — berkas itu tidak ditimpa; beri judul lain atau sunting berkas itu")
    return path


def create_meeting_file(root: Path, jenis: str, judul: str, day: date, meeting_id: str | None) -> Path:
    from rapatgen.load import read_yaml

    agenda_dir = read_yaml(root / CONFIG_NAME).data.get("folder_rapat", "agendas")
    meeting_id = meeting_id or f"{jenis}-{day.isoformat()}"
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", meeting_id):
        raise UsageError(f"--id '{meeting_id}' hanya boleh berisi huruf, angka, '-', '_' atau '.'")
    path = _new_path(root, agenda_dir, jenis, judul, day)
    use_project(root)
    text = get_template("rapat-baru.yaml.j2").render(
        id=meeting_id, jenis=jenis, judul=judul, tanggal=day.isoformat(),
        tanggal_surat=(day - timedelta(days=7)).isoformat())
    return write_new(path, text.encode("utf-8"))


# what a meeting starting from an earlier one leaves out: what happened there (written anew)
MINUTES_KEYS = ("tema", "hadir", "pembahasan", "kesepakatan", "arahan", "rencana_aksi", "indikator", "dibatalkan")
NEW_KEYS = ("id", "jenis", "judul")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMBER = re.compile(r"(^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)(urut|nomor)([ \t]*:[ \t]*)(\"[^\"]*\"|'[^']*'|[^,}\]\n#]*[^,}\]\n#\s])",
                     re.M)


def _blocks(text: str) -> list[tuple[str | None, str]]:
    """The file cut at its top-level keys: (key, the key's lines with what follows it); comments and
    blank lines before the first key come as (None, …)."""
    out: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m:
            out.append((m.group(1), []))
        out[-1][1].append(line)
    return [(k, "".join(lines)) for k, lines in out if lines]


def _shift_dates(block: str, delta: timedelta) -> str:
    def moved(m):
        try:
            return (date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + delta).isoformat()
        except ValueError:
            return m.group(0)
    return _DATE.sub(moved, block)


def _without_numbers(block: str) -> str:
    """Agenda and letter numbers belong to the earlier letters: the register gives new ones."""
    return _NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}null", block)


def meeting_from(root: Path, earlier: str, jenis: str, judul: str, day: date, meeting_id: str | None) -> Path:
    """A new meeting file started from an earlier meeting of the project (`rapatgen new … --dari`).

    Kept as the user wrote it (comments included): the team, kop, aims, sessions (dates moved by the
    same number of days as the first session, agenda numbers removed), chair and secretary,
    narasumber, invitation (dated as many days before as the earlier one, numbers removed),
    agenda, legal basis and the settings of notulen and berita acara. Left empty: theme, who
    came, discussion, agreements, directions, action plan, figures. Open follow-ups of the same
    `tim` are carried by the notulen itself, as for any meeting of that team.
    """
    from rapatgen.check.project import load_project
    from rapatgen.text.suggest import suggest

    project = load_project(root)
    found = [mf for mf in project.meetings if mf.model.id == earlier or mf.path.name == earlier
             or mf.path.resolve() == (root / earlier).resolve()]
    if not found:
        ids = [mf.model.id for mf in project.meetings]
        hint = suggest(earlier, ids)
        raise UsageError(f"--dari '{earlier}': tidak ada rapat dengan id itu di folder {project.config.folder_rapat}"
                         + (f" — maksud Anda '{hint}'?" if hint else "; lihat id di baris 'id:' berkas rapat"))
    source = found[0]
    delta = day - source.model.sesi[0].tanggal
    text = source.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    meeting_id = meeting_id or f"{jenis}-{day.isoformat()}"
    if meeting_id in {mf.model.id for mf in project.meetings}:
        raise UsageError(f"--id '{meeting_id}' sudah dipakai rapat lain — beri --id yang lain")
    out = ["# yaml-language-server: $schema=../schema/rapat.schema.json\n",
           f"# Dimulai dari rapat {source.model.id} ({source.path.name}): pimpinan, undangan, narasumber,\n",
           "# susunan acara dan dasar hukum disalin; tanggal digeser; isi rapat (hadir, pembahasan,\n",
           "# kesepakatan, arahan, rencana aksi, angka) dikosongkan. Periksa semuanya, lalu: rapatgen check\n",
           f"id: {meeting_id}\n", f"jenis: {jenis}\n", f"judul: {json.dumps(judul, ensure_ascii=False)}\n",
           "tema: null\n"]
    for key, block in _blocks(text):
        if key is None or key in NEW_KEYS or key in MINUTES_KEYS:
            continue
        if key in ("sesi", "undangan"):
            block = _without_numbers(_shift_dates(block, delta))
        elif key == "berita_acara":
            block = _without_numbers(block)
        elif key == "notulen":
            block = re.sub(r"^\s+ditutup\s*:.*\n?", "", block, flags=re.M)  # the closing time is a fact of that day
            block = re.sub(r"\bditutup\s*:\s*(\"[^\"]*\"|[^,}\n]+)\s*,?\s*", "", block)
        elif key == "tinjau_program" and day.year in {pf.model.tahun for pf in project.programmes}:
            block = re.sub(r"\b\d{4}\b", str(day.year), block, count=1)  # that year's programme, when there is one
        out.append(block if block.endswith("\n") else block + "\n")
    out += ["hadir: []                 # isi setelah rapat: siapa yang datang\n", "pembahasan: []\n",
            "kesepakatan: []\n"]
    path = _new_path(root, project.config.folder_rapat, jenis, judul, day)
    return write_new(path, "".join(out).encode("utf-8"))
