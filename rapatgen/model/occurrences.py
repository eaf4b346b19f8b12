"""One agreement, several tracked occurrences ("rincian").

An agreement or direction is printed once in the notulen and berita acara, but its
follow-up may be tracked in several parts, each with its own status, history and
overdue flag:

- per member, when `pj` is a group (kelompok) of the directory: one per member
  institution ("Setiap kabupaten/kota melakukan verval …");
- per session, when a series (`rangkaian: true`) says `batas_waktu: "2 minggu setelah sesi"`;
- per period, for a recurring commitment (`berulang:`).

Dimensions combine (a group-owned recurring commitment is tracked per member and
period). A `riwayat` entry names its occurrence with `anggota:`, `sesi:` and/or
`periode:`; its id is the item id with `@` parts: `rakor-…/K4@pemkab_kukar@2025-04`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapatgen.text import locale as L
from rapatgen.model.deadline import Jangka
from rapatgen.model.directory import Direktori
from rapatgen.model.meeting import Butir, Rapat, Riwayat

DIMENSIONS = ("anggota", "sesi", "periode")
SESSION_PART = re.compile(r"^sesi-(\d+)$")
PERIOD_PART = re.compile(r"^\d{4}-\d{1,2}$")

MEETING_KIND = {"rakor": "Rakor {tim}", "raker": "Raker {tim}", "fgd": "FGD {tim}", "sosialisasi": "Sosialisasi",
                "konsolidasi": "Rapat Konsolidasi {tim}", "pra_rakor": "Pra-Rakor {tim}",
                "desk_evaluasi": "Desk Evaluasi {tim}", "rapat": "Rapat {tim}"}
TEAM = "TKPK"  # the team's short name when the project does not say otherwise


def team_short(singkatan: str | None) -> str:
    """The team as a meeting label names it: the first word of `organisasi.singkatan` when it is an
    acronym ('TKPKD Kabupaten Lampung Tengah' → 'TKPKD'), else 'TKPK'."""
    first = (singkatan or "").split()[:1]
    return first[0] if first and first[0].isupper() and first[0].isalpha() else TEAM


@dataclass(frozen=True)
class Rincian:
    """One tracked occurrence of an item. Simple items have exactly one, with no key."""

    owner: str  # id of the responsible institution (the member, for a group-owned item)
    batas_waktu: date | None
    anggota: str | None = None
    sesi: int | None = None
    periode: str | None = None  # "2025-04"
    label: str = ""  # "Kabupaten Kutai Kartanegara, April 2025"; empty for a simple item
    detail: str = ""  # the member's own part of a group-owned item (`rincian:` of the item), e.g. "Desa Pejarakan"

    @property
    def key(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in DIMENSIONS if getattr(self, k) is not None}

    @property
    def suffix(self) -> str:
        """'@pemkab_kukar@2025-04' — appended to 'meeting/item' for the occurrence's id."""
        parts = [self.anggota, f"sesi-{self.sesi}" if self.sesi else None, self.periode]
        return "".join(f"@{p}" for p in parts if p)

    def matches(self, entry: Riwayat) -> bool:
        # = all(getattr(entry, k) == getattr(self, k) for k in DIMENSIONS), written out: asked for every
        # history entry of every occurrence in each carry-over section
        return bool(entry.anggota == self.anggota and entry.sesi == self.sesi and entry.periode == self.periode)


def owners(directory: Direktori, pj: str) -> list[str]:
    """The institutions responsible for `pj`: the group's members, or `pj` itself."""
    group = directory.kelompok.get(pj)
    return list(group.anggota) if group else [pj]


def is_group(directory: Direktori, pj: str | None) -> bool:
    return bool(pj) and pj in directory.kelompok


def member_noun(directory: Direktori, pj: str) -> str:
    """How a member is counted: 'kab/kota' in '3 dari 10 kab/kota selesai'."""
    group = directory.kelompok.get(pj)
    return (group.sebutan_anggota if group and group.sebutan_anggota else "anggota")


def _name(directory: Direktori, ref: str) -> str:
    if ref in directory.instansi:
        return directory.instansi[ref].nama
    if ref in directory.orang:
        return directory.orang[ref].jabatan_text()
    return ref


def meeting_end(m: Rapat) -> date:
    return max(s.tanggal for s in m.sesi)


def per_session(m: Rapat, item: Butir) -> bool:
    """True when the deadline is counted from each session of a series."""
    return m.rangkaian and isinstance(item.batas_waktu, Jangka) and item.batas_waktu.acuan == "sesi" \
        and len(m.sesi) > 1


def item_sessions(m: Rapat, item: Butir) -> list[int]:
    """Sessions (1-based) of a series an item belongs to: those it names, else all."""
    chosen = [i for i in item.sesi if 1 <= i <= len(m.sesi)]
    return chosen or list(range(1, len(m.sesi) + 1))


def invited_to(m: Rapat, index: int, member: str, directory: Direktori) -> bool:
    """Whether `member` was invited to session `index` (sessions with no own list invite everyone)."""
    s = m.sesi[index - 1]
    if not s.yth:
        return True
    ids = set()
    for y in s.yth:
        if y.id:
            ids.add(y.id)
            ids.update(owners(directory, y.id))
    return member in ids


def fixed_deadline(m: Rapat, item: Butir) -> date | None:
    """The single deadline of an item that is not split per session or period."""
    d = item.batas_waktu
    if isinstance(d, Jangka):
        return d.after(meeting_end(m))
    return d


def expand(m: Rapat, item: Butir, directory: Direktori) -> list[Rincian]:
    """Every tracked occurrence of `item`, in a stable order (member, then session/period)."""
    if not item.pj:
        return []
    members = owners(directory, item.pj) if is_group(directory, item.pj) else [None]
    times: list[tuple[dict, date | None, str]] = []
    if item.berulang:
        times = [({"periode": p.id}, p.batas_waktu, p.label) for p in item.berulang.periods(m.sesi[0].tanggal)]
    elif per_session(m, item):
        for i in item_sessions(m, item):
            s = m.sesi[i - 1]
            where = s.nama or s.tempat or ""
            label = f"Sesi {i}" + (f" ({where}, {L.tanggal(s.tanggal)})" if where else f" ({L.tanggal(s.tanggal)})")
            times.append(({"sesi": i}, item.batas_waktu.after(s.tanggal), label))
    else:
        times = [({}, fixed_deadline(m, item), "")]
    out = []
    for member in members:
        own = [t for t in times if "sesi" not in t[0] or member is None
               or invited_to(m, t[0]["sesi"], member, directory)]
        for key, due, when in own or times:  # a member invited nowhere in particular: every session
            label = ", ".join(x for x in (_name(directory, member) if member else "", when) if x)
            out.append(Rincian(owner=member or item.pj, batas_waktu=due, anggota=member, label=label,
                               detail=item.rincian.get(member, "") if member else "", **key))
    return out


def required_dimensions(m: Rapat, item: Butir, directory: Direktori) -> list[str]:
    dims = []
    if is_group(directory, item.pj):
        dims.append("anggota")
    if item.berulang:
        dims.append("periode")
    elif per_session(m, item):
        dims.append("sesi")
    return dims


def parse_suffix(parts: list[str]) -> dict[str, object]:
    """'@'-separated parts of an occurrence id → {anggota, sesi, periode}."""
    key: dict[str, object] = {}
    for part in parts:
        if SESSION_PART.match(part):
            key["sesi"] = int(SESSION_PART.match(part).group(1))
        elif PERIOD_PART.match(part):
            year, month = part.split("-")
            key["periode"] = f"{int(year):04d}-{int(month):02d}"
        else:
            key["anggota"] = part
    return key


def history(item: Butir, r: Rincian) -> list[Riwayat]:
    riwayat = item.riwayat
    return [e for e in riwayat if r.matches(e)] if riwayat else []


# --- how documents name things ----------------------------------------------------------
def meeting_label(m: Rapat, team: str = TEAM) -> str:
    """'Rakor TKPK 19 Desember 2024' — a meeting as people refer to it, never its id; `team` is the
    project's team ('Rakor TKPKD …' in a TKPKD project)."""
    return f"{MEETING_KIND.get(m.jenis, 'Rapat').format(tim=team)} {L.tanggal(m.sesi[0].tanggal)}"


def item_number(m: Rapat, item: Butir) -> tuple[str, int]:
    """('kesepakatan', 1): the section and the number the notulen prints for the item."""
    for section in ("kesepakatan", "arahan"):
        for i, it in enumerate(getattr(m, section), 1):
            if it is item or it.id == item.id:
                return section, i
    return "kesepakatan", 0


def source_label(m: Rapat, item: Butir, team: str = TEAM) -> str:
    """'Rakor TKPK 19 Desember 2024, kesepakatan nomor 1'."""
    section, number = item_number(m, item)
    return f"{meeting_label(m, team)}, {section} nomor {number}"


def deadline_text(m: Rapat, item: Butir) -> str | None:
    """The deadline as the notulen and berita acara print it, once for the whole item."""
    if item.berulang:
        return item.berulang.teks(m.sesi[0].tanggal)
    if getattr(item, "segera", False):
        return "segera"
    d = item.batas_waktu
    if d is None:
        return None
    if not isinstance(d, Jangka):
        return L.tanggal(d)
    if per_session(m, item):
        days = [d.after(m.sesi[i - 1].tanggal) for i in item_sessions(m, item)]
        return f"{d.jumlah} {d.satuan} setelah setiap sesi ({L.rentang_tanggal(days)})"
    return f"{L.tanggal(d.after(meeting_end(m)))} ({d.teks})"
