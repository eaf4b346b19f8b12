"""A session's agenda: its own items, or the shared ones moved to its start time."""

from __future__ import annotations

from datetime import time

from rapatgen.model.meeting import Acara, Rapat

def session_agenda(m: Rapat, index: int) -> list[Acara]:
    """The agenda of session/day `index` (1-based).

    A session's own `acara` wins; else items marked with its `hari`; in a series, the shared
    items (no `hari`) are every session's agenda, moved to start at that session's time, so
    that a letter's time and its attached agenda always agree.
    """
    s = m.sesi[index - 1]
    if s.acara:
        return list(s.acara)
    own = [a for a in m.acara if (a.hari or 1) == index] if not m.rangkaian else \
        [a for a in m.acara if a.hari == index]
    if own or not m.rangkaian:
        return own
    shared = [a for a in m.acara if a.hari is None]
    if not shared:
        return []
    delta = _minutes(s.mulai) - _minutes(shared[0].mulai)
    return [a.model_copy(update={"mulai": _shift(a.mulai, delta),
                                 "selesai": _shift(a.selesai, delta) if a.selesai else None}) for a in shared]


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _shift(t: time, delta: int) -> time:
    total = max(0, min(_minutes(t) + delta, 23 * 60 + 59))
    return time(total // 60, total % 60)
