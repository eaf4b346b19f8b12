"""`rapatgen followup set`: append a status change to an item's `riwayat` in its YAML file.

The file is edited as text, not re-dumped: new lines (or a flow-style entry) are inserted
at the positions the YAML reader records, so the user's comments, key order, quoting and spacing
stay byte-for-byte outside the inserted text. The whole read-check-write runs under a file
lock; the result is validated before it replaces the file atomically, and a file that is
invalid to begin with is never rewritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from filelock import FileLock, Timeout

from rapatgen.check.rules import check_meeting
from rapatgen.text.errors import InvalidInput, Problem, RapatgenError, UsageError
from rapatgen.model import occurrences as occ
from rapatgen.load.yamlfile import LoadedYaml, PosDict, PosList, parse_text
from rapatgen.model.meeting import Rapat
from rapatgen.check.project import Project
from rapatgen.text.suggest import suggest
from rapatgen.check.validate import to_model
from rapatgen.files.atomic import remove_temp_files, write_atomic

LOCK_TIMEOUT_S = 30


@dataclass
class Change:
    status: str
    tanggal: date
    catatan: str | None = None
    bukti: tuple[str, ...] = ()
    paksa: bool = False
    # the occurrence, for items tracked per member / session / period (see followup/occurrences.py)
    anggota: str | None = None
    sesi: int | None = None
    periode: str | None = None
    sumber: str | None = None  # the kab/kota export a status came from (`rekap impor`); None: the province's own


# --- finding the item -------------------------------------------------------------
def resolve_id(project: Project, full_id: str):
    """(meeting file, section, index) for 'meeting-id/item-id' (an '@…' occurrence part is
    ignored here), with a suggestion when wrong."""
    full_id = full_id.split("@", 1)[0]
    known = {}
    for mf in project.meetings:
        for section in ("kesepakatan", "arahan"):
            for i, it in enumerate(getattr(mf.model, section)):
                known[f"{mf.model.id}/{it.id}"] = (mf, section, i)
    if full_id in known:
        return known[full_id]
    hint = suggest(full_id, known)
    tail = f" — maksud Anda '{hint}'?" if hint else " — lihat daftarnya dengan 'rapatgen followup list --semua'"
    if "/" not in full_id:
        tail = " — tulis id lengkap: ID-RAPAT/ID-BUTIR, mis. rakor-2024-12-19/K1" + (f" (maksud Anda '{hint}'?)" if hint else "")
    raise UsageError(f"butir tindak lanjut '{full_id}' tidak ditemukan{tail}")


def with_occurrence(full_id: str, change: Change) -> Change:
    """`change` with the '@member@sesi-N@2025-04' parts of `full_id` filled in; options and id must agree."""
    if "@" not in full_id:
        return change
    parsed = occ.parse_suffix(full_id.split("@")[1:])
    for dim, value in parsed.items():
        given = getattr(change, dim)
        if given is not None and str(given) != str(value):
            raise UsageError(f"'{full_id}' menyebut {dim} {value}, tetapi --{dim} {given} — pilih salah satu")
    return replace(change, **parsed)


DIM_WORDS = {"anggota": "anggota kelompok", "sesi": "sesi", "periode": "periode"}


def target_occurrence(project: Project, meeting: Rapat, section: str, index: int, change: Change) -> occ.Rincian:
    """The occurrence `change` is about; a clear usage error when it is missing or unknown."""
    item = getattr(meeting, section)[index]
    ident = f"{meeting.id}/{item.id}"
    parts = occ.expand(meeting, item, project.directory)
    dims = occ.required_dimensions(meeting, item, project.directory)
    for dim in occ.DIMENSIONS:
        given = getattr(change, dim)
        choices = list(dict.fromkeys(str(getattr(r, dim)) for r in parts if getattr(r, dim) is not None))
        shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
        if dim in dims and given is None:
            example = f"sesi-{choices[0]}" if dim == "sesi" else choices[0]
            whom = f" '{project.directory.kelompok[item.pj].nama}'" if dim == "anggota" else ""
            raise UsageError(f"{ident} dipantau per {DIM_WORDS[dim]}{whom} — sebut yang mana: {ident}@{example} "
                             f"atau --{dim} {choices[0]} (pilihan: {shown})")
        if dim not in dims and given is not None:
            raise UsageError(f"{ident} tidak dipantau per {DIM_WORDS[dim]} — hapus --{dim} / '@{given}'")
        if given is not None and str(given) not in choices:
            hint = suggest(str(given), choices)
            raise UsageError(f"{DIM_WORDS[dim]} '{given}' tidak ada pada {ident}"
                             + (f" — maksud Anda '{hint}'?" if hint else f" — pilihan: {shown}"))
    for r in parts:
        if all(str(getattr(r, d)) == str(getattr(change, d)) for d in dims):
            return r
    raise RapatgenError(f"rincian {ident} tidak ditemukan")  # pragma: no cover - guarded above


# --- transition rules ---------------------------------------------------------------
def check_transition(meeting: Rapat, section: str, index: int, change: Change, today: date,
                     rincian: occ.Rincian | None = None) -> None:
    """Refuse changes that go backwards, repeat themselves, or are dated impossibly.

    With `rincian`, the rules apply to that occurrence's own history.
    """
    item = getattr(meeting, section)[index]
    history = occ.history(item, rincian) if rincian else item.riwayat
    last = history[-1] if history else None
    current = last.status if last else "belum"
    ident = f"{meeting.id}/{item.id}" + (rincian.suffix if rincian else "")
    if change.status == "tidak_dapat" and not change.catatan:
        raise UsageError("status 'tidak_dapat' perlu alasan: tambahkan --catatan \"…\"")
    if change.tanggal > today:
        raise UsageError(f"--tanggal {change.tanggal} belum terjadi — catat perubahan yang sudah terjadi")
    first_day = meeting.sesi[0].tanggal
    if change.tanggal < first_day:
        raise UsageError(f"--tanggal {change.tanggal} sebelum rapat {meeting.id} ({first_day})")
    if rincian and rincian.sesi and change.tanggal < meeting.sesi[rincian.sesi - 1].tanggal:
        held = meeting.sesi[rincian.sesi - 1].tanggal
        raise UsageError(f"--tanggal {change.tanggal} sebelum sesi {rincian.sesi} ({held}) — tindak lanjut sesi itu "
                         "baru dapat dicatat sesudah sesinya")
    if last and change.tanggal < last.tanggal:
        raise UsageError(f"--tanggal {change.tanggal} sebelum perubahan terakhir ({last.tanggal}, {last.status}); "
                         "riwayat harus urut waktu")
    if change.paksa:
        return
    if current in ("selesai", "tidak_dapat") and change.status != current:
        raise UsageError(f"{ident} sudah berstatus '{current}' sejak {last.tanggal}; membukanya kembali "
                         f"ke '{change.status}' perlu --paksa (riwayat lama tetap tersimpan)")
    if current == change.status and current in ("selesai", "tidak_dapat"):
        raise UsageError(f"{ident} sudah berstatus '{current}' sejak {last.tanggal}")
    if current == "proses" and change.status == "belum":
        raise UsageError(f"{ident} sudah 'proses'; kembali ke 'belum' perlu --paksa")
    if current == change.status and not change.catatan and not change.bukti:
        raise UsageError(f"{ident} sudah berstatus '{current}'; tambahkan --catatan atau --bukti untuk kemajuan baru")


def recorded_entry(history, status: str, tanggal: date | None, catatan: str | None, bukti=None):
    """The entry of `history` that already says this (same status, date, catatan and bukti), else None.

    What makes `followup impor` idempotent per row: a row recorded once, by an earlier run, an
    interrupted run or another process importing the same form, is never recorded again.
    `tanggal` None (a form row left without a date) matches any date; `bukti` None, any evidence.
    """
    for entry in history:
        if entry.status == status and (entry.catatan or None) == (catatan or None) \
                and (tanggal is None or entry.tanggal == tanggal) and (bukti is None or tuple(entry.bukti) == tuple(bukti)):
            return entry
    return None


# --- text editing -------------------------------------------------------------------
def entry_text(change: Change) -> str:
    parts = [f"tanggal: {change.tanggal.isoformat()}"]
    if change.anggota:
        parts.append(f"anggota: {change.anggota}")
    if change.sesi:
        parts.append(f"sesi: {change.sesi}")
    if change.periode:
        parts.append(f"periode: {change.periode}")
    parts.append(f"status: {change.status}")
    if change.catatan:
        parts.append(f"catatan: {json.dumps(change.catatan, ensure_ascii=False)}")
    if change.bukti:
        parts.append("bukti: [" + ", ".join(json.dumps(b, ensure_ascii=False) for b in change.bukti) + "]")
    if change.sumber:
        parts.append(f"sumber: {json.dumps(change.sumber, ensure_ascii=False)}")
    return "{" + ", ".join(parts) + "}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _block_end(lines: list[str], first: int, owner_col: int, dash_same_col: bool = False) -> int:
    """Index of the last content line of the block that starts on line `first`."""
    last = first
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if _is_filler(line):
            continue
        ind = _indent(line)
        if ind > owner_col or (dash_same_col and ind == owner_col and line.lstrip().startswith("- ")):
            last = i
        else:
            break
    return last


def _append_in_flow(text: str, span: tuple[int, int], entry: str) -> str:
    """Add `entry` as the last element of the flow collection at `span` (the parser's start and end marks)."""
    open_at, close = span[0], span[1] - 1
    if text[open_at:open_at + 1] not in ("[", "{") or text[close:close + 1] not in ("]", "}"):
        raise ValueError("not a flow collection")
    if not text[open_at + 1:close].strip():
        return text[:open_at + 1] + entry + text[close:]
    end = len(text[:close].rstrip())
    sep = " " if text[end - 1] == "," else ", "
    return text[:end] + sep + entry + text[end:]


def _eol(lines: list[str], i: int) -> str:
    """The line end (after '\\n' is split off) that line `i` uses: '\\r' in a CRLF line, else ''."""
    if lines[i].endswith("\r"):
        return "\r"
    if i == len(lines) - 1 and i > 0 and lines[i - 1].endswith("\r"):
        return "\r"  # the last line has no line end yet: it takes its neighbour's
    return ""


def _insert_lines(lines: list[str], after: int, new: list[str]) -> str:
    """Insert `new` after line `after`, each with the line end of the line it follows."""
    eol = _eol(lines, after)
    if after == len(lines) - 1 and eol and not lines[after].endswith("\r"):
        lines[after] += eol
    lines[after + 1:after + 1] = [line + eol for line in new]
    return "\n".join(lines)


def insert_entry(text: str, data: PosDict, section: str, index: int, entry: str) -> str:
    """New text with `entry` appended to `data[section][index].riwayat`.

    Positions come from the parser (flow collections end where its end mark says, so quotes
    and apostrophes inside them need no scanning here); every line keeps its own line end.
    """
    lines = text.split("\n")
    seq: PosList = data[section]
    item: PosDict = seq[index]
    item_line, item_col = seq.item_pos[index]
    item_span = seq.item_span[index]

    def is_flow(span: tuple[int, int]) -> bool:
        return text[span[0]:span[0] + 1] in ("[", "{")

    if is_flow(item_span):
        if "riwayat" in item:
            return _append_in_flow(text, item.value_span["riwayat"], entry)
        return _append_in_flow(text, item_span, f"riwayat: [{entry}]")
    if "riwayat" in item:
        history = item["riwayat"]
        kl, kc = item.key_pos["riwayat"]
        if is_flow(item.value_span["riwayat"]):
            return _append_in_flow(text, item.value_span["riwayat"], entry)
        if isinstance(history, PosList) and len(history):
            first_line, first_col = history.item_pos[0]
            dash_col = lines[first_line].rfind("-", 0, first_col)
            prefix = lines[first_line][:dash_col] if dash_col >= 0 else " " * (kc + 2)
            end = _block_end(lines, kl, kc, dash_same_col=True)
            return _insert_lines(lines, end, [f"{prefix}- {entry}"])
        # `riwayat:` with no value (or an empty value): put the list under the key
        key_text = lines[kl]
        eol = "\r" if key_text.endswith("\r") else ""
        rest = key_text[kc + len("riwayat:"):len(key_text) - len(eol)]
        value, hash_, comment = rest.partition(" #")
        if value.strip():  # an explicit null (`~`, `null`) must go; the comment stays
            lines[kl] = key_text[:kc] + "riwayat:" + (f" #{comment}" if hash_ else "") + eol
        return _insert_lines(lines, kl, [" " * (kc + 2) + f"- {entry}"])
    kl, kc = item.key_pos[next(iter(item))]
    dash_col = lines[item_line].rfind("-", 0, item_col)
    end = _block_end(lines, item_line, dash_col if dash_col >= 0 else kc - 1)
    return _insert_lines(lines, end, [" " * kc + "riwayat:", " " * (kc + 2) + f"- {entry}"])


# --- the whole operation -------------------------------------------------------------
def _load_text(path: Path, text: str) -> LoadedYaml:
    return LoadedYaml(path=path, text=text, data=parse_text(text, path))


def _validated(project: Project, loaded: LoadedYaml) -> Rapat:
    problems: list[Problem] = []
    model = to_model(Rapat, loaded, problems)
    if model is not None:
        check_meeting(model, project.config, project.directory, loaded, problems)
    if problems:
        raise InvalidInput(problems)
    return model


def meeting_in(project: Project, path: Path, text: str) -> Rapat:
    """The meeting `text` (the file `path` holds) as a checked model; InvalidInput when it is not valid."""
    return _validated(project, _load_text(path, text))


def check_text(change: Change) -> None:
    """The one rule for text (control characters, '…' placeholders, NIK-like numbers) on the note and evidence."""
    from rapatgen.load.yamlfile import text_problem

    for option, value in [("--catatan", change.catatan or "")] + [("--bukti", b) for b in change.bukti]:
        found = text_problem(value)
        if found:
            raise UsageError(f"{option}: {found[1]}")


def changed_text(project: Project, path: Path, text: str, section: str, full_id: str, change: Change,
                 today: date, once: bool = False) -> str | None:
    """`text` (the meeting file `path` holds) with `change` appended to the item's history.

    Every rule of `followup set` is checked on the way: the text rule, the file valid before,
    the occurrence, the transition, and the file valid after with the new entry where it belongs.
    Raises UsageError, InvalidInput or RapatgenError; writes nothing (`followup impor` plans with it).
    With `once`, None when the occurrence's history already holds the change (`recorded_entry`).
    """
    check_text(change)
    item_id = full_id.split("@", 1)[0].split("/", 1)[1]
    try:
        current = _validated(project, _load_text(path, text))
    except InvalidInput as exc:
        raise InvalidInput(exc.problems + [Problem(str(path), 1, 1, "berkas ini tidak valid, jadi tidak diubah — "
                                                                     "perbaiki dulu masalah di atas")]) from None
    ids = [it.id for it in getattr(current, section)]
    if item_id not in ids:
        raise RapatgenError(f"{full_id} tidak ada lagi di {path.name} (berkas baru saja diubah); jalankan lagi")
    index = ids.index(item_id)
    rincian = target_occurrence(project, current, section, index, change)
    if once and recorded_entry(occ.history(getattr(current, section)[index], rincian),
                               change.status, change.tanggal, change.catatan, change.bukti):
        return None
    check_transition(current, section, index, change, today, rincian)
    loaded = _load_text(path, text)
    new_text = insert_entry(text, loaded.data, section, index, entry_text(change))
    after = _validated(project, _load_text(path, new_text))
    history = getattr(after, section)[index].riwayat
    if not history or history[-1].status != change.status or history[-1].tanggal != change.tanggal \
            or not rincian.matches(history[-1]):
        raise RapatgenError(f"perubahan tidak dapat disisipkan dengan aman ke {path.name}; berkas tidak diubah")
    return new_text


def file_lock(path: Path):
    """The lock every edit of the meeting file `path` holds while it reads, checks and writes.

    Kept in the project's `.rapatgen/kunci/` (rapatgen.files.state.file_lock_path), not as
    `<file>.yaml.lock` beside the meeting file, where users committed it to git; an empty one an
    earlier version left there is removed once the new lock is held."""
    from contextlib import contextmanager

    from rapatgen.files.atomic import write_failed
    from rapatgen.files.state import file_lock_path, remove_old_lock

    try:
        lock = FileLock(str(file_lock_path(path)), timeout=LOCK_TIMEOUT_S)
    except OSError as exc:
        raise write_failed(exc, Path(exc.filename or path)) from None

    @contextmanager
    def held():
        with lock:
            remove_old_lock(Path(str(path) + ".lock"))
            yield lock

    return held()


def read_meeting_text(path: Path) -> tuple[str, bool]:
    """(text with its own line ends, whether it starts with a BOM)."""
    from rapatgen.load.yamlfile import decode

    raw = path.read_bytes()
    return decode(raw, path, keep_line_ends=True), raw.startswith(b"\xef\xbb\xbf")  # mixed CRLF/LF lines each keep their own


def write_meeting_text(path: Path, text: str, bom: bool) -> None:
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def record(project: Project, full_id: str, change: Change, today: date, once: bool = False) -> Path | None:
    """Append `change` to the item's history in its meeting file; returns the file.

    With `once`, a change the occurrence's history already holds (`recorded_entry`, checked
    under the file's lock) is not appended again, and None is returned.
    """
    check_text(change)
    mf, section, _ = resolve_id(project, full_id)
    change = with_occurrence(full_id, change)
    # a symlinked meeting file is edited where it lives, and stays a link
    path = Path(os.path.realpath(mf.path))
    try:
        with file_lock(path):
            remove_temp_files(path.parent, recursive=False, prefix=f".{path.name}.")  # left by a killed edit
            text, bom = read_meeting_text(path)  # read again under the lock: another process may have written
            new_text = changed_text(project, path, text, section, full_id, change, today, once)
            if new_text is None:
                return None
            write_meeting_text(path, new_text, bom)
    except Timeout:
        raise RapatgenError(f"{path.name} sedang diubah oleh proses lain; coba lagi sebentar lagi") from None
    return mf.path
