"""outputs/.rapatgen-build.json: what each build unit was made from and the bytes written per file."""

from __future__ import annotations

import os
from pathlib import Path

from rapatgen.files.atomic import sha256, write_atomic, write_failed

BUILD_MANIFEST = ".rapatgen-build.json"
LEGACY_MANIFEST = ".rapatgen-manifest.json"  # one per folder, before the project manifest


class BuildManifest:
    """`outputs/.rapatgen-build.json`: what rapatgen wrote, and what each unit was made from.

    files: {relative path: {"sha256", "size", "mtime_ns"}} — the bytes rapatgen last wrote there.
    units: {"<meeting>/<kind>/<format>": {"inputs": hash, "files": [relative paths], "isi": hash of their
    bytes, "skip": reason|None}}
    meetings ("rapat"): {"<meeting>": [hash of everything its units read, hash of their records]} — the
    plan's shortcut (`meeting_up_to_date`); a missing or damaged entry only means the long way.
    Use under `project_lock`; `save()` replaces the file atomically.

    With `state_root` (the project), every file is also entered in the write-ahead journal
    `.rapatgen/keluaran.jurnal` *before* it replaces the old one (`intend`): a build killed after
    writing files it had not recorded yet (kill -9, Ctrl-C, SIGTERM) leaves bytes the next build
    still recognises as its own — not as a hand edit. The journal keeps the hashes rapatgen wrote
    per file, so an older manifest put back later is corrected from it too.
    """

    VERSION = 1

    def __init__(self, output_dir: Path, state_root: Path | None = None):
        import json

        self.root = Path(output_dir)
        self.base = os.path.join(str(self.root), "")  # the folder as text ending in a separator
        self.path = self.root / BUILD_MANIFEST
        self.files: dict[str, dict] = {}
        self.units: dict[str, dict] = {}
        self.meetings: dict[str, list[str]] = {}
        self.dirty = False
        self.legacy = False  # read from the manifests of earlier versions: `save` removes them
        self.problem: str | None = None  # a damaged manifest, in words for the user (rapatgen.build warns)
        known = None  # what the last save recorded of the journal (Journal.marker)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = None
        except (OSError, ValueError):
            data = None
            self.problem = _DAMAGED.format(path=_shown(self.path))
        if isinstance(data, dict) and data.get("versi") == self.VERSION:
            self.files, bad_files = _well_formed(data.get("berkas"), _file_record)
            self.units, bad_units = _well_formed(data.get("unit"), _unit_record)
            if bad_files or bad_units:
                self.problem = _DAMAGED.format(path=_shown(self.path))
            known = data.get("jurnal")
            meetings = data.get("rapat")
            if isinstance(meetings, dict):  # a hint only: a damaged entry is left out, nothing to warn about
                self.meetings = {k: v for k, v in meetings.items() if isinstance(v, list) and len(v) == 2
                                 and all(isinstance(x, str) for x in v)}
        else:
            if data is not None:
                self.problem = _DAMAGED.format(path=_shown(self.path))
            self._read_legacy()
        self.journal = Journal(state_root, self.root, known) if state_root is not None else None
        if self.journal is not None:
            self._take_from_journal()

    def _take_from_journal(self) -> None:
        """Files the journal says rapatgen wrote last but this manifest does not know: recorded when their
        bytes on disk are the journal's (a killed build, an older manifest put back)."""
        for rel, latest in list(self.journal.latest.items()):
            recorded = self.files.get(rel)
            if recorded is not None and recorded["sha256"] == latest:
                continue
            path = self.root / rel
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest = sha256(data)
            if digest == latest or digest in self.journal.hashes(rel):
                self.record_file(path, data)

    def _read_legacy(self) -> None:
        """Hashes from the per-folder manifests of earlier versions, so hand edits stay recognised."""
        import json

        if not self.root.is_dir():
            return
        self.legacy = True
        for legacy in [self.root / LEGACY_MANIFEST, *self.root.glob(f"*/{LEGACY_MANIFEST}")]:
            try:
                entries = json.loads(legacy.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(entries, dict):
                continue
            folder = legacy.parent.relative_to(self.root).as_posix()
            for name, digest in entries.items():
                if isinstance(digest, str):
                    rel = name if folder == "." else f"{folder}/{name}"
                    self.files[rel] = {"sha256": digest}

    def rel(self, target: Path) -> str:
        text = os.fspath(target)
        if os.sep == "/" and text.startswith(self.base):  # called for every file written and recorded
            rest = text[len(self.base):]  # (pathlib's parsing: ≈ 0.1 ms a call); what it would change is left to it
            if rest and "//" not in "/" + rest and "/." not in "/" + rest and not rest.endswith("/"):
                return rest
        return Path(target).relative_to(self.root).as_posix()

    # --- files ----------------------------------------------------------------------
    def intend(self, target: Path, digest: str) -> None:
        """Enter `digest` as what rapatgen is about to write to `target` (before it replaces the old file)."""
        if self.journal is not None:
            self.journal.intend(self.rel(target), digest)

    def intend_many(self, entries) -> None:
        """`intend` for several (target, hash) pairs at once (one flush to disk: a meeting's files)."""
        if self.journal is not None:
            self.journal.intend_many([(self.rel(target), digest) for target, digest in entries])

    def record_file(self, target: Path, data: bytes, digest: str | None = None) -> None:
        st = Path(target).stat()
        self.files[self.rel(target)] = {"sha256": digest or sha256(data), "size": st.st_size,
                                        "mtime_ns": st.st_mtime_ns}
        self.dirty = True

    def _written(self, rel: str):
        return self.journal.hashes(rel) if self.journal is not None else ()

    def edited_by_hand(self, target: Path) -> bool:
        """The file exists and holds bytes rapatgen did not write there (neither the recorded ones nor,
        per the journal, those of a build stopped before it recorded them)."""
        target = Path(target)
        try:
            st = target.stat()
        except FileNotFoundError:
            return False
        rel = self.rel(target)
        recorded = self.files.get(rel)
        if recorded is not None and recorded.get("size") == st.st_size and recorded.get("mtime_ns") == st.st_mtime_ns:
            return False  # untouched since rapatgen wrote it: no need to read it
        written = self._written(rel)
        if recorded is None and not written:
            return True
        digest = sha256(target.read_bytes())
        return not ((recorded is not None and recorded["sha256"] == digest) or digest in written)

    # --- units ----------------------------------------------------------------------
    def _content(self, rels) -> str | None:
        """The recorded bytes of a unit's files, in short (12 hex digits of each hash); None if one is unknown."""
        files = self.files
        try:
            return "".join([files[rel]["sha256"][:12] for rel in rels])
        except KeyError:
            return None

    def up_to_date(self, key: str, inputs: str, check_edits: bool = False) -> dict | None:
        """The unit's record when it was built from `inputs` and its files still hold what it wrote.

        Bound to the bytes on disk, not only to the record: a file that holds other bytes rapatgen
        wrote (an older manifest put back, a build stopped half-way) makes the unit out of date;
        a file edited by hand does too with `check_edits` (else the edit is kept, nothing is new)."""
        unit = self.units.get(key)
        if unit is None or unit.get("inputs") != inputs:
            return None
        rels = unit["files"]
        if unit.get("isi") is None or unit["isi"] != self._content(rels):
            return None
        base, files = self.base, self.files
        for rel in rels:
            # a string, not a Path: called for every unit of every meeting (7,000 at 500 meetings)
            try:
                st = os.stat(base + rel)
            except OSError:
                return None
            recorded = files[rel]
            if recorded.get("size") == st.st_size and recorded.get("mtime_ns") == st.st_mtime_ns:
                continue
            path = self.root / rel
            try:
                data = path.read_bytes()
            except OSError:
                return None
            digest = sha256(data)
            if digest == recorded["sha256"]:
                self.record_file(path, data, digest)  # touched, not changed
            elif check_edits or digest in self._written(rel):
                return None
        return unit

    # --- meetings (the plan's shortcut) ---------------------------------------------
    def _units_digest(self, keys: list[str], stat: bool) -> str | None:
        """A hash of the records of units `keys` and of their files' records; None when one is missing or
        (with `stat`) a file's size or time on disk is not the recorded one."""
        units, files, base = self.units, self.files, self.base
        parts = []
        try:
            for key in keys:
                unit = units[key]
                parts += (key, unit["inputs"], unit.get("isi") or "", unit.get("kasar") or "", unit.get("kepala") or "")
                for rel in unit["files"]:
                    recorded = files[rel]
                    if stat:
                        st = os.stat(base + rel)
                        if recorded.get("size") != st.st_size or recorded.get("mtime_ns") != st.st_mtime_ns:
                            return None
                    parts += (rel, recorded["sha256"])
        except (KeyError, OSError):
            return None
        return sha256("\0".join(parts).encode("utf-8"))

    def meeting_up_to_date(self, meeting_id: str, inputs: str, keys: list[str]) -> bool:
        """Whether every unit `keys` of a meeting is up to date, known without working any of them out:
        `inputs` (rapatgen.build.inputs.Inputs.meeting) is the one recorded when they last were
        (`record_meeting`), their records and their files' records are as they were then, and
        every file on disk has its recorded size and time (else the long way, `up_to_date`, decides)."""
        recorded = self.meetings.get(meeting_id)
        return recorded is not None and recorded[0] == inputs and self._units_digest(keys, stat=True) == recorded[1]

    def record_meeting(self, meeting_id: str, inputs: str, keys: list[str]) -> None:
        """Record that units `keys` of a meeting were all found up to date from `inputs` (see `meeting_up_to_date`)."""
        digest = self._units_digest(keys, stat=False)
        entry = [inputs, digest] if digest is not None else None
        if self.meetings.get(meeting_id) != entry:
            if entry is None:
                self.meetings.pop(meeting_id, None)
            else:
                self.meetings[meeting_id] = entry
            self.dirty = True

    def forget_meeting(self, meeting_id: str) -> None:
        if self.meetings.pop(meeting_id, None) is not None:
            self.dirty = True

    def exists(self, rel: str) -> bool:
        """Whether the output `rel` (relative to the output folder, '/'-separated) is there."""
        return os.path.exists(self.base + rel)

    def record_unit(self, key: str, inputs: str, files: list[str], skip: str | None = None, **extra) -> None:
        """`extra`: further keys of the record (the quick tests of a notulen unit, rapatgen.build.plan._plan)."""
        self.units[key] = {"inputs": inputs, "files": files, "skip": skip, **extra, "isi": self._content(files)}
        self.dirty = True

    def forget_unit(self, key: str) -> None:
        if self.units.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        import json

        if not self.dirty:
            return
        data = {"versi": self.VERSION, "berkas": self.files, "unit": self.units, "rapat": self.meetings}
        if self.journal is not None:  # the journal as this build leaves it: the next takes in only what follows
            data["jurnal"] = self.journal.marker()
        # the same text without the encoder's check for cycles (JSON records have none): ≈ 10 % of the save
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), check_circular=False)
        write_atomic(self.path, text.encode("utf-8"))
        self.dirty = False
        if self.journal is not None:
            self.journal.compact(self.files)
        if self.legacy:  # once (looking into every meeting's folder on each save took 0.03-0.06 s at 500 meetings)
            for legacy in [self.root / LEGACY_MANIFEST, *self.root.glob(f"*/{LEGACY_MANIFEST}")]:
                legacy.unlink(missing_ok=True)
            self.legacy = False


_DAMAGED = ("{path} rusak atau bentuknya tidak dikenali — bagian yang rusak diabaikan dan dokumen yang "
            "terkait dibuat ulang (rapatgen menulis berkas ini sendiri; tidak perlu diperbaiki)")


def _shown(path: Path) -> str:
    from rapatgen.text.errors import display_path

    return display_path(path)


def _file_record(value) -> bool:
    # exact types (what json.loads gives; a bool is no size): ≈ 3 times faster than isinstance and all() over
    # the 10,000 records of 500 meetings, read on every build
    return type(value) is dict and type(value.get("sha256")) is str and type(value.get("size", 0)) is int and \
        type(value.get("mtime_ns", 0)) is int


def _unit_record(value) -> bool:
    if type(value) is not dict or type(value.get("inputs")) is not str or type(value.get("skip")) not in _TEXT_OR_NONE \
            or type(value.get("isi")) not in _TEXT_OR_NONE:
        return False
    files = value.get("files")
    return type(files) is list and all([type(f) is str for f in files])


_TEXT_OR_NONE = (str, type(None))


def _well_formed(entries, good) -> tuple[dict, bool]:
    """(the entries of the right shape, whether any was not): a damaged manifest never gives a traceback."""
    if entries is None:
        return {}, False
    if not isinstance(entries, dict):
        return {}, True
    kept = {k: v for k, v in entries.items() if good(v)}
    return kept, len(kept) != len(entries)


# --- the write-ahead journal -----------------------------------------------------------------

JOURNAL = os.path.join(".rapatgen", "keluaran.jurnal")
_JOURNAL_HEAD = "rapatgen-jurnal-keluaran 1 "


class Journal:
    """`.rapatgen/keluaran.jurnal`: one line `<sha256> <"path">` per file rapatgen is about to write in the
    output folder, appended (and flushed to disk) before the file replaces the old one.

    `hashes(rel)`: every hash rapatgen wrote there; `latest[rel]`: the last. Compacted to the
    manifest's hashes when it grows to twice their number. A line cut short by a kill is skipped;
    a journal of another output folder (the first line names it) is started again.

    `known`: what the manifest saved last recorded of this file (`marker()`: its size, the sha256 of its
    bytes, its lines). When the file still begins with exactly those bytes, that part is not parsed: the
    build that saved the manifest had taken in every line of it already. Only the lines after it (a build
    killed before its save) are, and `latest` holds only theirs — what `BuildManifest._take_from_journal`
    needs. The rest is parsed when a hash is asked for (`hashes`; `intend_many` looks its lines up as text).
    At 500 meetings the 9,800 lines took 0.015 s of every build.
    """

    def __init__(self, state_root: Path, output_dir: Path, known=None):
        import hashlib
        import json

        self.path = Path(state_root) / JOURNAL
        self.head = _JOURNAL_HEAD + json.dumps(Path(os.path.relpath(output_dir, state_root)).as_posix())
        self._written: dict[str, set[str]] = {}
        self.latest: dict[str, str] = {}
        self.lines = 0
        self.fresh = True  # nothing of this output folder in the file: start it with the head line
        self._unparsed: str | None = None  # the lines known from the manifest's marker, not parsed yet
        self._unparsed_lines: set[str] | None = None
        self._bytes = hashlib.sha256()  # of the file as this journal knows it (the next marker)
        self._size = 0
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        head = (self.head + "\n").encode("utf-8")
        if not raw.startswith(head):
            return
        self.fresh = False
        size = lines = None
        if isinstance(known, (list, tuple)) and len(known) == 3:
            size, digest, lines = known
        view = memoryview(raw)
        if type(size) is int and type(lines) is int and type(digest) is str and len(head) <= size <= len(raw) \
                and raw[size - 1:size] == b"\n":
            self._bytes.update(view[:size])
            if self._bytes.hexdigest() == digest:  # the same bytes as at the save: only what came after
                self._unparsed = raw[len(head):size].decode("utf-8", errors="replace")
                self.lines = lines
                self._bytes.update(view[size:])
                self._size = len(raw)
                self._parse(raw[size:].decode("utf-8", errors="replace").split("\n"))
                return
            self._bytes = hashlib.sha256()
        self._bytes.update(view)
        self._size = len(raw)
        self._parse(raw[len(head):].decode("utf-8", errors="replace").split("\n"))

    def _parse(self, lines) -> None:
        """Take in `lines` (after the head line): later lines after earlier ones."""
        import json

        written, latest = self._written, self.latest
        for line in lines:
            digest, _, quoted = line.partition(" ")
            if len(quoted) > 1 and quoted[0] == quoted[-1] == '"' and "\\" not in quoted and '"' not in quoted[1:-1] \
                    and quoted.isprintable():
                rel = quoted[1:-1]  # what json.dumps wrote for a path with nothing to escape (one JSON parse a line
            else:  # took 0.02 s of a build after one change at 500 meetings)
                try:
                    rel = json.loads(quoted)
                except ValueError:
                    continue
            if len(digest) == 64 and isinstance(rel, str):
                written.setdefault(rel, set()).add(digest)
                latest[rel] = digest
                self.lines += 1

    def _parse_unparsed(self) -> None:
        """Parse the lines the marker let the journal leave (before every line taken in since)."""
        if self._unparsed is None:
            return
        later_written, later_latest, lines = self._written, self.latest, self.lines
        self._written, self.latest = {}, {}
        self._parse(self._unparsed.split("\n"))
        for rel, digests in later_written.items():
            self._written.setdefault(rel, set()).update(digests)
        self.latest.update(later_latest)
        self.lines = lines  # counted in the marker already
        self._unparsed = self._unparsed_lines = None

    @property
    def written(self) -> dict[str, set[str]]:
        """{path: every hash rapatgen wrote there}, the whole journal."""
        self._parse_unparsed()
        return self._written

    def hashes(self, rel: str):
        """Every hash rapatgen wrote at `rel` (the whole journal)."""
        return self.written.get(rel, ())

    def _entered(self, rel: str, digest: str, line: str) -> bool:
        if digest in self._written.get(rel, ()):
            return True
        if self._unparsed is None:
            return False
        if self._unparsed_lines is None:  # each line as json.dumps wrote it (intend_many, compact)
            self._unparsed_lines = set(self._unparsed.split("\n"))
        return line in self._unparsed_lines

    def marker(self) -> list:
        """[size, sha256 of the bytes, lines] of the file as this journal knows it (see `known`)."""
        return [self._size, self._bytes.hexdigest(), self.lines]

    def intend(self, rel: str, digest: str) -> None:
        self.intend_many([(rel, digest)])

    def intend_many(self, entries) -> None:
        """Enter (rel, hash) pairs, flushed to disk with one fdatasync; a pair already entered is not again."""
        import hashlib
        import json

        new = []
        for rel, digest in entries:
            line = f"{digest} {json.dumps(rel)}"
            if not self._entered(rel, digest, line):
                new.append((rel, digest, line))
        if not new:
            return
        text = "".join(f"{line}\n" for _, _, line in new)
        data = (((self.head + "\n") if self.fresh else "") + text).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if self.fresh else os.O_APPEND), 0o666)
        except OSError as exc:
            raise write_failed(exc, self.path) from None
        try:
            os.write(fd, data)
            getattr(os, "fdatasync", os.fsync)(fd)
        except OSError as exc:
            raise write_failed(exc, self.path) from None
        finally:
            os.close(fd)
        if self.fresh:
            self._bytes, self._size = hashlib.sha256(), 0
        self._bytes.update(data)
        self._size += len(data)
        self.fresh = False
        for rel, digest, _ in new:
            self._written.setdefault(rel, set()).add(digest)
            self.latest[rel] = digest
        self.lines += len(new)

    def compact(self, files: dict[str, dict]) -> None:
        """Once it holds twice as many lines as the manifest has files: only the manifest's hashes."""
        import hashlib
        import json

        if self.lines <= 2 * len(files) + 64:
            return
        text = "".join([self.head, "\n", *(f"{rec['sha256']} {json.dumps(rel)}\n" for rel, rec in sorted(files.items()))])
        data = text.encode("utf-8")
        write_atomic(self.path, data)
        self._written = {rel: {rec["sha256"]} for rel, rec in files.items()}
        self.latest = {rel: rec["sha256"] for rel, rec in files.items()}
        self._unparsed = self._unparsed_lines = None
        self._bytes, self._size = hashlib.sha256(data), len(data)
        self.lines = len(files)
        self.fresh = False
