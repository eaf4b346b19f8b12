"""The hash of everything a unit is made from, so an unchanged unit is skipped without composing it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rapatgen import __version__
from rapatgen.check.project import Project
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context
from rapatgen.text.templating import project_templates


FOLLOWUP_CACHE = "butir.bin"  # .rapatgen/cache/butir.bin: Inputs.followup's hashes by meeting model


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class Inputs:
    """Hashes of everything a unit is made from.

    Shared by every unit (first slice: whole files, not only the parts a unit reads): the
    tool (version, and a hash of the installed package: code, fonts, wording), the project's
    own `templates/` (wording overrides, logos), every logo a kop names, `rapatgen.yaml` and
    the directory. Per meeting: its file. Per kind: what it reads of other meetings — notulen
    what its carry-over section shows of earlier meetings of the same team (`effective`; first
    tested cheaply with `coarse`) and the days of the meetings its reviewed programme links —,
    the reference date for documents that print a status on that date, and the letter numbers
    the register gave. The tracker and the deadline
    feeds read every meeting's follow-up items and title, not the rest of its file.
    """

    #: kinds that read other meetings or the reference date: declare it here when a document starts to
    READS_OTHER_MEETINGS = {"notulen"}
    READS_REFERENCE_DATE = {"tindak-lanjut"}
    READS_REGISTER = {"undangan"}  # the letter numbers the register gave

    def __init__(self, project: Project, ctx: Context):
        from rapatgen.files.cache import fingerprint

        self.ctx = ctx
        logos = sorted({k.logo for k in project.config.kop.values() if k.logo})
        own = project_templates(project.root)
        self.base = _hash(__version__, fingerprint(), _tree_digest(own) if own else "",
                          *[f"{p}={_file_digest(project.root / p)}" for p in logos],
                          project.config_digest, project.directory_digest)
        self.by_id = {mf.model.id: mf.digest for mf in project.meetings}
        self.models = {mf.model.id: mf.model for mf in project.meetings}
        self.paths = {mf.model.id: str(mf.path) for mf in project.meetings}
        self.root = project.root
        self._known: dict[str, str] | None = None  # followup hashes of the last build (FOLLOWUP_CACHE)
        self._used: dict[str, str] = {}
        self.programmes = {pf.model.tahun: pf.digest for pf in project.programmes}
        self._teams: dict[str, tuple[list, list]] | None = None
        self._tracker: str | None = None
        self._followup: dict[str, str] = {}
        self._lokus_digests: dict[object, str] = {}

    #: what other documents read of a meeting: its follow-up items and what names them (kind, dates,
    #: sessions, team) — the carry-over section of later notulen, the tracker (also the title), the feeds;
    #: the narasumber, since an arahan one of them gave is labelled "saran narasumber …" (documents/speakers)
    FOLLOWUP_FIELDS = {"id", "jenis", "tim", "rangkaian", "sesi", "kesepakatan", "arahan", "narasumber"}

    def followup(self, meeting_id: str) -> str:
        """A hash of what a later notulen or the tracker can show of a meeting (not its notes, attendance, …).

        Kept from the last build by what the meeting's model is made from (its file's text and path, and
        `base`: the tool, config and directory): serialising every meeting took ≈ 0.03 s of a build after
        one change at 500 meetings."""
        if meeting_id not in self._followup:
            m = self.models.get(meeting_id)
            value = ""
            if m is not None:
                key = _hash(self.base, meeting_id, self.paths.get(meeting_id, ""), self.by_id.get(meeting_id, ""))
                value = self._known_followups().get(key) or _hash(m.model_dump_json(include=self.FOLLOWUP_FIELDS))
                self._used[key] = value
            self._followup[meeting_id] = value
        return self._followup[meeting_id]

    def _known_followups(self) -> dict[str, str]:
        if self._known is None:
            import json

            from rapatgen.files.cache import CACHE_DIR, read_signed

            payload = read_signed(self.root / CACHE_DIR / FOLLOWUP_CACHE)
            try:
                known = json.loads(payload) if payload is not None else {}
            except ValueError:
                known = {}
            self._known = {k: v for k, v in known.items() if isinstance(v, str)} if isinstance(known, dict) else {}
        return self._known

    def save(self) -> None:
        """Keep the followup hashes worked out in this build for the next (only those it used)."""
        if self._used and self._used != self._known:
            import json

            from rapatgen.files.cache import CACHE_DIR, write_signed

            write_signed(self.root / CACHE_DIR / FOLLOWUP_CACHE, json.dumps(self._used, sort_keys=True).encode())

    def dates(self, meeting_id: str) -> str:
        """What a programme shows of a linked meeting: its days (planned, held, or scheduled)."""
        m = self.models.get(meeting_id)
        return ",".join(s.tanggal.isoformat() for s in m.sesi) if m else "-"

    def head(self, m: Rapat, kind: str) -> str:
        """A hash of what a unit reads besides the carry-over section of notulen."""
        return _hash(self.base, self.by_id.get(m.id, ""), kind, *self._reads(m, kind))

    def _reads(self, m: Rapat, kind: str) -> list[str]:
        """What a unit of `kind` reads besides the tool, the config, the directory and m's own file (`head`)."""
        parts = []
        if kind in self.READS_REFERENCE_DATE:
            parts.append(self.ctx.today.isoformat())
        if kind == "notulen" and m.tinjau_lokus is not None:  # the lokus table it prints
            parts.append(f"lokus={self._lokus(m.tinjau_lokus)}")
        if kind == "notulen" and m.tinjau_program is not None:  # the programme and the days of the meetings it links
            prog = next((p for p in self.ctx.programmes if p.tahun == m.tinjau_program), None)
            linked = sorted({e.rapat for e in prog.kegiatan if e.rapat}) if prog else []
            parts += [f"program={self.programmes.get(m.tinjau_program, '')}",
                      *[f"{k}={self.dates(k)}" for k in linked]]
        if kind in self.READS_REGISTER:
            from rapatgen.build.register import letters_of

            parts += [f"{key}={self.ctx.numbers.get(key, '')}" for key, _, _ in letters_of(m)]
        return parts

    def _lokus(self, name) -> str:
        if name not in self._lokus_digests:
            data = self.ctx.lokus.get(name)
            self._lokus_digests[name] = _hash(data.model_dump_json()) if data is not None else ""
        return self._lokus_digests[name]

    def meeting(self, m: Rapat, kinds, formats, bundle: bool) -> str:
        """One hash of everything every unit of m reads: the plan's shortcut (rapatgen.build.plan).

        Equal to the one recorded when all of m's units were last found up to date → each unit's
        inputs hash is what it was then, without working out any: it covers every part of every
        `head` (the tool, config, directory, m's file, and what each kind reads besides — `_reads`),
        what `coarse` adds for a kind that reads other meetings (the items of the team's earlier
        meetings), and which units there are (kinds, formats, the bundle).
        """
        parts = [self.base, self.by_id.get(m.id, ""), "format=" + ",".join(formats), f"berkas={bool(bundle)}"]
        for kind in kinds:
            parts.append("jenis=" + kind)
            parts += self._reads(m, kind)
            if kind in self.READS_OTHER_MEETINGS:
                parts.append("tim=" + self.earlier_of_team(m))
        return _hash(*parts)

    def unit(self, m: Rapat, kind: str) -> str:
        """The inputs hash of a unit that reads no other meeting (see `effective` for notulen)."""
        return self.head(m, kind)

    def coarse(self, m: Rapat, kind: str) -> str:
        """Cheap and conservative: the head and every follow-up item of earlier meetings of m's team.

        Equal to the recorded one → the unit is up to date without working out its carry-over.
        """
        return _hash(self.head(m, kind), "tim=" + self.earlier_of_team(m))

    def effective(self, m: Rapat, kind: str, shown: str) -> str:
        """The inputs hash recorded for a notulen: its head and what its carry-over section shows."""
        return _effective(self.head(m, kind), shown)

    def earlier_of_team(self, m: Rapat) -> str:
        """A hash of the follow-up items of every earlier meeting of m's team (what a carry-over may show).

        A running hash per team of `followup` (the items, the meeting's kind, days and sessions —
        not its notes, attendance or title), O(log N) per meeting. Only the first, conservative
        test (`coarse`): when it differs from the recorded one, the build works out what the
        carry-over section shows (`carry_over_shown`) and remakes the notulen only when that
        changed, so editing an item closed before m was held, or one among the items only
        counted, leaves m's notulen alone.
        """
        if not m.tim:
            return ""
        if self._teams is None:
            self._teams = {}
            for other in sorted(self.ctx.meetings, key=lambda x: (x.sesi[0].tanggal, x.id)):
                if other.tim and any(it.pj or it.lanjutan_dari for it in (*other.kesepakatan, *other.arahan)):
                    days, hashes = self._teams.setdefault(other.tim, ([], []))
                    days.append(other.sesi[0].tanggal)
                    hashes.append(_hash(hashes[-1] if hashes else "", other.id, self.followup(other.id)))
        import bisect

        days, hashes = self._teams.get(m.tim, ([], []))
        i = bisect.bisect_left(days, m.sesi[0].tanggal)  # meetings strictly before m's first day
        return hashes[i - 1] if i else ""

    def jadwal(self, year: int) -> str:
        """The programme file, the reference date, and the meetings it links (their dates make the statuses)."""
        prog = next((p for p in self.ctx.programmes if p.tahun == year), None)
        linked = sorted({e.rapat for e in prog.kegiatan if e.rapat}) if prog else []
        return _hash(self.base, self.ctx.today.isoformat(), self.programmes.get(year, ""),
                     *[f"{k}={self.dates(k)}" for k in linked])

    def tracker(self) -> str:
        """Every meeting's follow-up items and title (the XLSX names the meeting), and the reference date."""
        if self._tracker is None:
            self._tracker = _hash(self.base, self.ctx.today.isoformat(),
                                  *sorted(f"{k}={self.followup(k)}:{_hash(m.judul)}" for k, m in self.models.items()))
        return self._tracker


def _effective(head: str, shown: str) -> str:
    return _hash(head, "isi=" + shown)


def carry_over_shown(ctx: Context, m: Rapat) -> tuple[str, tuple[list, int]]:
    """(hash, (shown, hidden)) of the "Tindak lanjut rapat sebelumnya" section of m's notulen.

    The hash is of the table as the notulen prints it (rows, labels, statuses) and the count
    of the other open items: exactly what the section shows.
    """
    from rapatgen.documents.notulen import CARRY_OVER_MAX, previous_table
    from rapatgen.resolve.carryover import open_items

    previous, hidden = open_items(ctx).section(m, CARRY_OVER_MAX)
    shown = repr(previous_table(ctx, m, previous)) if previous else ""
    return _hash(shown, str(hidden)), (previous, hidden)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def _tree_digest(folder: Path) -> str:
    return _hash(*[f"{p.relative_to(folder).as_posix()}={_file_digest(p)}"
                   for p in sorted(folder.rglob("*")) if p.is_file()])
