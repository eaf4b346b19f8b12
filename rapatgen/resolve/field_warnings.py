"""Fields that would do nothing, and the rule that decides it: a `berita_acara:` block in a
meeting without kesepakatan (no berita acara is made), and a meeting whose notulen is not made
yet although it carries a `notulen:` block or its objectives. `check` warns at the field's line;
the notulen itself (documents/notulen.py) reads `has_record` so both say the same."""

from __future__ import annotations

from rapatgen.model.meeting import Rapat
from rapatgen.resolve.people_warnings import _File

NOTHING_TO_RECORD = "belum ada catatan pembahasan, kesepakatan, arahan, atau angka (indikator)"


def has_record(m: Rapat) -> bool:
    """A notulen is made once the meeting has something to record: discussion, agreements,
    directions, or the figures presented (indicators print their text, table and chart)."""
    return bool(m.pembahasan or m.kesepakatan or m.arahan or m.indikator)


def field_warnings(project) -> list[str]:
    out: list[str] = []
    for mf in project.meetings:
        m = mf.model
        f = _File(mf, out)
        if m.berita_acara is not None and not m.kesepakatan:
            f.warn(("berita_acara",), "bagian 'berita_acara' tidak dipakai: berita acara hanya dibuat dari "
                                      "kesepakatan, dan rapat ini belum mencatat 'kesepakatan' — tambahkan "
                                      "kesepakatannya atau hapus bagian ini")
        for k, s in enumerate(m.sesi):
            code = s.daring.kode_akses if s.daring else None
            texts = [("tempat", s.tempat)] + ([("catatan", c) for c in m.undangan.catatan] if m.undangan else [])
            if code and len(code) >= 4 and any(t and code in t for _, t in texts):
                f.warn(("sesi", k, "daring", "kode_akses"), f"kode akses '{code}' juga tertulis di "
                       f"{next(w for w, t in texts if t and code in t)} — surat mencetaknya sekali dari "
                       "'daring.kode_akses'; hapus dari teks itu")
        if not has_record(m):
            written = [k for k in ("notulen", "tujuan") if k in m.model_fields_set and getattr(m, k)]
            if written:
                f.warn((written[0],), f"notulen belum dibuat: {NOTHING_TO_RECORD}; '{written[0]}' saja tidak "
                                      "cukup — tulis 'pembahasan', 'kesepakatan', 'arahan', atau 'indikator'")
    return out
