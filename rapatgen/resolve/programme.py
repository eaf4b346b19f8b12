"""Status of each planned meeting of a year's programme on a reference date.

Never typed by hand: a planned entry linked to its meeting file (`rapat: <id>`) is
"terlaksana <tanggal>" once the meeting's last day has passed and "dijadwalkan <tanggal>"
before; an unlinked entry is "direncanakan" until its month ends and "belum terlaksana"
after; `terlaksana: <tanggal>` records a meeting held without a file in this project;
`status: ditunda|batal` written by the user wins.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from rapatgen.text import locale as L
from rapatgen.model.common import MONTHS_ID
from rapatgen.model.meeting import Rapat
from rapatgen.model.program import KegiatanProgram, ProgramTahunan

JENIS_LABEL = {"rakor": "Rapat Koordinasi", "raker": "Rapat Kerja", "fgd": "Focus Group Discussion",
               "sosialisasi": "Sosialisasi", "konsolidasi": "Rapat Konsolidasi", "pra_rakor": "Pra Rapat Koordinasi",
               "desk_evaluasi": "Desk Evaluasi", "rapat": "Rapat"}


@dataclass
class PlannedStatus:
    key: str  # terlaksana, dijadwalkan, direncanakan, belum_terlaksana, ditunda, batal
    text: str  # "terlaksana 14 Desember 2023"


def meeting_dates(m: Rapat) -> str:
    return L.rentang_tanggal([s.tanggal for s in m.sesi])


def planned_status(entry: KegiatanProgram, meetings: dict[str, Rapat], as_of: date) -> PlannedStatus:
    if entry.status:
        return PlannedStatus(entry.status, entry.status)
    if entry.terlaksana:
        if len(entry.terlaksana) == 7:  # only the month is known
            year, month = (int(x) for x in entry.terlaksana.split("-"))
            return PlannedStatus("terlaksana", f"terlaksana {MONTHS_ID[month - 1]} {year}")
        return PlannedStatus("terlaksana", f"terlaksana {L.tanggal(date.fromisoformat(entry.terlaksana))}")
    m = meetings.get(entry.rapat) if entry.rapat else None
    if m is not None:
        last = max(s.tanggal for s in m.sesi)
        if last <= as_of:
            return PlannedStatus("terlaksana", f"terlaksana {meeting_dates(m)}")
        return PlannedStatus("dijadwalkan", f"dijadwalkan {meeting_dates(m)}")
    month_end = date(entry.year, entry.month, calendar.monthrange(entry.year, entry.month)[1])
    if as_of > month_end:
        return PlannedStatus("belum_terlaksana", "belum terlaksana")
    return PlannedStatus("direncanakan", "direncanakan")


def programme_for(programmes: list[ProgramTahunan], year: int) -> ProgramTahunan | None:
    return next((p for p in programmes if p.tahun == year), None)
