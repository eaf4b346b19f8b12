"""Addressees by full jabatan: a "Yth." line names the office in full ("Kepala Dinas Sosial
Kabupaten Buleleng"), never by its acronym ("Kepala Dinsos"). `check` warns where the
directory or a meeting file would print one; the layout tests hold the examples to it."""

from __future__ import annotations

import re

from rapatgen.model.directory import Direktori

_TOKEN = re.compile(r"[\w]+\.?")
_CAPS = re.compile(r"^[A-Z]{2,}[A-Za-z]*$")  # BPS, DPMD, OPD, DPMPD, UKM …
_ROMAN = re.compile(r"^[IVXLC]+$")


class Vocabulary:
    """The directory's full-name words and acronym words, gathered once per check (not per line)."""

    def __init__(self, directory: Direktori):
        full_words: set[str] = set()
        short_words: set[str] = set()
        for inst in directory.instansi.values():
            words = set(_TOKEN.findall(inst.nama))
            full_words |= words
            if inst.singkatan:
                short_words |= {w for w in _TOKEN.findall(inst.singkatan) if w not in words}
        self.full_words = full_words
        self.short_words = short_words - full_words  # a word that is also part of some full name is not an acronym

    def acronyms(self, line: str) -> list[str]:
        """The acronyms `line` uses in place of a full name, in order of appearance.

        An acronym is a word of an institution's `singkatan` that is not a word of its full name
        (Dinsos, Bappeda, Kab.), or a word in capitals (BPS, DPMD) that no full institution name
        in the directory contains (so UKM in "Koperasi dan UKM" stays). One written in brackets
        right after its full form — "Tim Koordinasi Penanggulangan Kemiskinan (TKPK)" — is fine.
        """
        bracketed = set(re.findall(r"\((\w+)\)", line))
        found = []
        for word in _TOKEN.findall(line):
            bare = word.rstrip(".")
            if word in bracketed or bare in bracketed or _ROMAN.match(bare):
                continue
            if word in self.short_words or bare in self.short_words or \
                    (_CAPS.match(bare) and bare not in self.full_words):
                if word not in found:
                    found.append(word)
        return found


def acronyms(line: str, directory: Direktori) -> list[str]:
    """`Vocabulary(directory).acronyms(line)`, for a single line."""
    return Vocabulary(directory).acronyms(line)


def addressee_warnings(project) -> list[str]:
    """One line per invitation whose 'Yth.' line or attached invitee list uses an acronym."""
    from rapatgen.resolve.kop_warnings import invitations

    ctx, meetings = invitations(project)
    vocabulary = Vocabulary(project.directory)
    out = []
    for mf, m in meetings:
        sessions = [s for s in m.sesi if s.yth] if m.rangkaian else []
        lines: list[str] = []
        for session in [None, *sessions]:
            for line, members in ctx.invitee_list(m, session):
                lines += [line, *members]
        seen = set()
        for line in lines:
            short = vocabulary.acronyms(line)
            if short and line not in seen:
                seen.add(line)
                out.append(f"{mf.path.name}: undangan ditujukan kepada '{line}' — tulis jabatan lengkap, tanpa "
                           f"singkatan {', '.join(repr(s) for s in short)} (di direktori 'kepala:' instansinya, atau "
                           f"'jabatan:' di berkas rapat; singkatan boleh dalam kurung sesudah nama lengkapnya)")
    return out
