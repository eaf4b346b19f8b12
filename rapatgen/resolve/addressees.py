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


_KEEP_BRACKETED = "singkatan boleh dalam kurung sesudah nama lengkapnya"


def _sources(ctx, loc: tuple, entries: list) -> list[tuple[str, str, tuple, str]]:
    """(printed line, file kind, place in that file, what is written there) for every line an
    invitation prints from these `yth` entries: a kelompok's name and its members' positions come
    from the directory, a `{jabatan: …}` from the meeting file."""
    d = ctx.directory
    out = []

    def of_ref(ref: str) -> tuple[str, str, tuple, str]:
        line = ctx._member_line(ref)
        if ref in d.orang:
            return line, "direktori", ("orang", ref, "jabatan"), f"'jabatan:' orang '{ref}'"
        key = "kepala" if d.instansi[ref].kepala else "nama"
        return line, "direktori", ("instansi", ref, key), f"'{key}:' instansi '{ref}'"

    for i, y in enumerate(entries):
        if y.id in d.kelompok:
            out.append((d.kelompok[y.id].nama, "direktori", ("kelompok", y.id, "nama"), f"'nama:' kelompok '{y.id}'"))
            out += [of_ref(x) for x in d.kelompok[y.id].anggota if x in d.orang or x in d.instansi]
        elif y.jabatan:
            out.append((y.jabatan, "rapat", loc + (i, "jabatan"), "'jabatan:'"))
        elif y.id in d.orang or y.id in d.instansi:
            out.append(of_ref(y.id))
    return out


def addressee_warnings(project) -> list[str]:
    """One line per text an invitation prints as 'Yth.' or in its attached invitee list that uses
    an acronym, at the file, line and column where that text is written (the directory's
    kelompok name or kepala, or the meeting's `jabatan:`), with the fix that fits that place."""
    from rapatgen.load import locate, read_yaml
    from rapatgen.resolve.kop_warnings import invitations
    from rapatgen.text.errors import Problem

    ctx, meetings = invitations(project)
    vocabulary = Vocabulary(project.directory)
    directory_path = project.root / project.config.direktori
    positions: dict = {}

    def data(path):
        if path not in positions:
            try:
                positions[path] = read_yaml(path).data
            except Exception:  # read once by check already; without positions the place is line 1
                positions[path] = {}
        return positions[path]

    out, seen = [], set()
    for mf, m in meetings:
        lists = [(("undangan", "yth"), m.undangan.yth)]
        if m.rangkaian:
            lists += [(("sesi", k, "yth"), s.yth) for k, s in enumerate(m.sesi) if s.yth]
        for loc, entries in lists:
            for line, kind, where, field in _sources(ctx, loc, entries):
                short = vocabulary.acronyms(line)
                path = directory_path if kind == "direktori" else mf.path
                if not short or (path, where) in seen:
                    continue
                seen.add((path, where))
                row, col = locate(data(path), where)
                acronym = ", ".join(repr(x) for x in short)
                if kind == "rapat":
                    message = (f"undangan ditujukan kepada '{line}' — tulis jabatan lengkap di {field}, tanpa "
                               f"singkatan {acronym} ({_KEEP_BRACKETED})")
                else:
                    what = "nama lengkap kelompok" if where[0] == "kelompok" else \
                        "nama lengkap instansi" if where[-1] == "nama" else "jabatan lengkap"
                    message = (f"{field} dicetak sebagai yang dituju undangan {mf.path.name}: '{line}' — tulis "
                               f"{what}, tanpa singkatan {acronym} ({_KEEP_BRACKETED})")
                out.append(str(Problem(str(path), row, col, message)))
    return out
