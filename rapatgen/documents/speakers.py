"""Who said it: a discussion heading that names its speaker once, and the source of an
agreement or direction ("arahan Wali Kota Samarinda", "saran narasumber Kemenko PMK")."""

from __future__ import annotations

import re

from rapatgen.text import locale as L
from rapatgen.model.meeting import Butir, Rapat
from rapatgen.model.occurrences import item_number, meeting_label
from rapatgen.resolve.context import Context

_MARK = re.compile(r"\s*\(([^()]*)\)\s*$")  # a trailing "(daring)"


def _words(text: str) -> list[str]:
    return text.split()


def _fold(words: list[str]) -> list[str]:
    return [w.casefold().strip(",.;:") for w in words]


def heading(judul: str, oleh: str | None, aliases: list[str] | None = None, name: str | None = None) -> str:
    """The heading of a discussion item, naming its speaker once.

    "Arahan Wali Kota Samarinda" + "Wali Kota Samarinda" stays as it is; "Sambutan Sekretaris
    Daerah" + "Sekretaris Daerah Provinsi Kalimantan Timur" becomes "Sambutan Sekretaris Daerah
    Provinsi Kalimantan Timur"; "Paparan Kemenko PMK (daring)" + "Asisten Deputi Penanganan
    Kemiskinan Kemenko PMK" becomes "Paparan Kemenko PMK oleh Asisten Deputi Penanganan
    Kemiskinan (daring)"; otherwise "Judul (Oleh)", with a trailing remark joined into one
    bracket ("Diskusi (daring; Moderator)").

    `name`: the speaker's own name, when `oleh` is their position (a directory person). The heading
    still names the position once and the name goes beside it: "Sambutan Sekretaris Daerah Provinsi
    Nusa Tenggara Barat (Lalu Hamdani, S.H.)", "Paparan Kemenko PMK oleh Dr. Sari, Asisten Deputi …
    (daring)", "Diskusi (Nama, Moderator)".
    """
    if not oleh or not oleh.strip():
        return judul
    marks = []
    base = judul.strip()
    while (found := _MARK.search(base)) and found.start() > 0:
        marks.insert(0, found.group(1).strip())
        base = base[:found.start()].rstrip()
    tail = f" ({'; '.join(marks)})" if marks else ""
    named = f" ({'; '.join([*marks, name])})" if name else tail  # the position in the heading, the name beside it
    b, o = _words(base), _words(oleh.strip())
    fb, fo = _fold(b), _fold(o)
    if _contains(fb, fo) or any(_contains(fb, _fold(_words(a))) for a in aliases or ()):
        return base + named if name else judul  # the heading already names the speaker (in full, or short)
    for n in range(min(len(b), len(o)), 0, -1):  # "… Sekretaris Daerah" + "Sekretaris Daerah Provinsi …"
        if fb[-n:] == fo[:n] and _meaningful(fo[:n]):
            return " ".join(b + o[n:]) + named
    for n in range(min(len(b), len(o) - 1), 0, -1):  # "Paparan Kemenko PMK" + "Asisten Deputi … Kemenko PMK"
        if fb[-n:] == fo[-n:] and _meaningful(fo[-n:]):
            who = f"{name}, {' '.join(o[:-n])}" if name else " ".join(o[:-n])
            return f"{base} oleh {who}{tail}"
    inner = "; ".join([*marks, f"{name}, {oleh.strip()}" if name else oleh.strip()])
    return f"{base} ({inner})"


_WEAK = {"dan", "oleh", "dari", "di", "ke", "se", "provinsi", "kabupaten", "kota", "daerah"}


def _meaningful(words: list[str]) -> bool:
    """An overlap of only 'dan' or 'Provinsi' is chance, not the same speaker."""
    return any(w not in _WEAK for w in words)


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def short_forms(ctx: Context, oleh: str | None) -> list[str]:
    """The speaker with an institution's full name written short: 'Plt. Kepala Badan Perencanaan
    Pembangunan Daerah Kabupaten Kutai Timur' is also 'Plt. Kepala Bappeda' (its `singkatan`)."""
    if not oleh:
        return []
    out = []
    for inst in ctx.directory.instansi.values():
        at = oleh.casefold().find(inst.nama.casefold())
        if inst.singkatan and at >= 0:
            out.append(oleh[:at] + inst.singkatan + oleh[at + len(inst.nama):])
    return out


def _narasumber(m: Rapat, ref: str) -> bool:
    if ref.casefold().startswith("narasumber"):
        return True
    return any(ref in (ns.id, ns.instansi) for ns in m.narasumber)


def speaker_name(ctx: Context, m: Rapat, ref: str) -> str:
    """A speaker as the source of an item: a person by position, an institution by its short
    name, a narasumber by their institution; a name written in the file as written."""
    d = ctx.directory
    if ref in d.orang:
        p = ctx.person(ref)
        if _narasumber(m, ref) and d.orang[ref].instansi:
            return ctx.institution_short(d.orang[ref].instansi)
        return p.jabatan
    if ref in d.instansi:
        return ctx.institution_short(ref)
    if ref in d.kelompok:
        return d.kelompok[ref].nama
    return ref


def speaker_parts(ctx: Context, ref: str | None) -> tuple[str | None, str | None]:
    """A discussion item's speaker (`pembahasan[].oleh`) as (name, position) for `heading`: a directory
    person with a name gives both; anything else (no name, an institution, text) only what
    `speaker_line` prints."""
    if ref and ref.strip() in ctx.directory.orang:
        p = ctx.person(ref.strip())
        if p.nama:
            return p.nama, p.role()
    return None, speaker_line(ctx, ref)


def speaker_line(ctx: Context, ref: str | None) -> str | None:
    """Who gave a discussion item (`pembahasan[].oleh`) as the notulen heading names them: a
    directory person by name and position ("Erwin Suheri Damanik, S.Sos., M.SP., Kepala Badan …"),
    an institution or a group by its full name; a speaker written out stays as written. Never
    the raw id."""
    if not ref or not ref.strip():
        return ref
    ref = ref.strip()
    d = ctx.directory
    if ref in d.orang:
        p = ctx.person(ref)
        return f"{p.nama}, {p.role()}" if p.nama else p.role()
    if ref in d.instansi or ref in d.kelompok:
        return ctx.institution_name(ref)
    return ref


def item_source(ctx: Context, m: Rapat, item: Butir, section: str) -> str | None:
    """'arahan Sekretaris Daerah Provinsi Kalimantan Timur', 'saran narasumber Kemenko PMK',
    'usulan Dinas Sosial': where an agreement or a direction came from (`oleh`)."""
    if not item.oleh:
        return None
    ref = item.oleh.strip()
    name = speaker_name(ctx, m, ref)
    if _narasumber(m, ref):
        name = name if name.casefold().startswith("narasumber") else f"narasumber {name}"
        return f"saran {name}"
    return f"{'arahan' if section == 'arahan' else 'usulan'} {name}"


def item_label(ctx: Context, m: Rapat, item: Butir) -> str:
    """'Kesepakatan nomor 1', 'Arahan nomor 2' — or, for an arahan a narasumber gave, 'Saran
    narasumber Kemenko PMK nomor 2': a narasumber's advice is not the chair's direction."""
    section, number = item_number(m, item)
    source = item_source(ctx, m, item, section) if section == "arahan" else None
    if source and source.startswith("saran"):
        return f"{source[0].upper()}{source[1:]} nomor {number}"
    return f"{section.capitalize()} nomor {number}"


def item_source_label(ctx: Context, m: Rapat, item: Butir, team: str) -> str:
    """'Rakor TKPK 19 Desember 2024, saran narasumber Kemenko PMK nomor 2' (occurrences.source_label, with
    the speaker; `team` as the project names it, 'Rakor TKPKD …')."""
    label = item_label(ctx, m, item)
    return f"{meeting_label(m, team)}, {label[0].lower()}{label[1:]}"


def provincial_reference(ctx: Context, item: Butir) -> str | None:
    """'menindaklanjuti kesepakatan nomor 4 rapat TKPK Provinsi Kalimantan Timur tanggal 19 Desember 2024':
    the provincial agreement a kab/kota's item answers (`kesepakatan_provinsi`), as its signed documents name it."""
    ref = getattr(item, "kesepakatan_provinsi", None)
    if ref is None:
        return None
    meeting = ref.rapat or " ".join(x for x in ("rapat TKPK", ctx.config.organisasi.provinsi) if x)
    return f"menindaklanjuti kesepakatan nomor {ref.nomor} {meeting} tanggal {L.tanggal(ref.tanggal)}"
