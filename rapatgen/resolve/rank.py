"""Protocol rank read from a position as it is printed: head of region, deputy, sekda or DPRD, everyone else.

Enough to tell when an invitation must not ask its addressee to come "tidak diwakilkan" — a Kepala
Bappeda does not tell a Wakil Bupati whom not to send — without a table of every office.
Acting heads (Plt., Plh., Pj.) hold the rank of the office they lead.
"""

from __future__ import annotations

import re

HEAD, DEPUTY, SECOND, OTHER = range(4)
ACTING = re.compile(r"^(plt\.?|plh\.?|pj\.?|pelaksana tugas|pelaksana harian|penjabat)\s+", re.I)
HEAD_OF_REGION = re.compile(r"^(gubernur|bupati|wali ?kota)\b", re.I)
DEPUTY_HEAD = re.compile(r"^wakil (gubernur|bupati|wali ?kota)\b", re.I)
SEKDA = re.compile(r"^sekretaris daerah\b", re.I)
_SECOND = re.compile(r"^(sekretaris daerah\b|(wakil )?ketua (dewan perwakilan rakyat daerah|dprd)\b|anggota "
                     r"(dewan perwakilan rakyat daerah|dprd)\b|pimpinan (dewan perwakilan rakyat daerah|dprd)\b)", re.I)


def rank(position: str | None) -> int:
    """HEAD (0) … OTHER (3): lower is higher."""
    text = ACTING.sub("", (position or "").strip())
    if HEAD_OF_REGION.match(text):
        return HEAD
    if DEPUTY_HEAD.match(text):
        return DEPUTY
    if _SECOND.match(text):
        return SECOND
    return OTHER


def above(addressees: list[str], signer_position: str | None) -> list[str]:
    """The addressees of higher rank than the one who signs."""
    own = rank(signer_position)
    return [a for a in addressees if rank(a) < own]
