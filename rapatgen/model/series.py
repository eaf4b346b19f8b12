"""`sesi_bawaan`: what every session of a series shares, written once.

A 16-session sosialisasi repeats the same six lines per kecamatan: time, place, invitees, expected
participants. `sesi_bawaan` holds them once, with `{wilayah}` and `{kode}` standing for each
session's own place name and id part:

    sesi_bawaan:
      nama: Kecamatan {wilayah}
      mulai: "09.00"
      tempat: Aula Kantor Camat {wilayah}
      yth: ["kec_{kode}", "kades_{kode}"]
    sesi:
      - {wilayah: Gerokgak, tanggal: 2025-02-18}
      - {wilayah: Seririt, tanggal: 2025-02-19, mulai: "13.30"}   # a session's own key wins

The template is filled into each session on the YAML tree itself, before validation: a filled
value keeps the position of the template line it came from, so every message about it points
there. Filling only adds keys a session lacks, so it can run twice (to_model, then partial_model).
`{kode}` is the session's `kode`, else its `wilayah` in lower case with `_` for spaces.
"""

from __future__ import annotations

import re

from rapatgen.load.yamlfile import LoadedYaml, PosDict, PosList, locate
from rapatgen.text.errors import Problem

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAMES = ("wilayah", "kode")


def _kode(wilayah: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", wilayah.lower()).strip("_")


def _fill(value, values: dict[str, str | None], wanted: set[str]):
    """A copy of a template value (positions kept) with the placeholders replaced."""
    if isinstance(value, str):
        def one(m):
            wanted.add(m.group(1))
            got = values.get(m.group(1))
            return got if got is not None else m.group(0)
        return PLACEHOLDER.sub(one, value)
    if isinstance(value, PosDict):
        out = PosDict()
        out.key_pos, out.value_pos, out.value_span, out.flow = (dict(value.key_pos), dict(value.value_pos),
                                                                dict(value.value_span), value.flow)
        for k, v in value.items():
            out[k] = _fill(v, values, wanted)
        return out
    if isinstance(value, PosList):
        out = PosList()
        out.item_pos, out.item_span, out.flow = list(value.item_pos), list(value.item_span), value.flow
        out.extend(_fill(v, values, wanted) for v in value)
        return out
    return value


def expand_series(loaded: LoadedYaml, problems: list[Problem]) -> None:
    """Fill `sesi_bawaan` into every session of `loaded` (in place); problems for what cannot be filled."""
    data = loaded.data
    if not isinstance(data, PosDict):
        return
    template, sessions = data.get("sesi_bawaan"), data.get("sesi")
    if not isinstance(template, PosDict) or not isinstance(sessions, PosList):
        return  # nothing to fill, or a shape validation reports
    for i, session in enumerate(sessions):
        if not isinstance(session, PosDict):
            continue
        wilayah = session.get("wilayah") if isinstance(session.get("wilayah"), str) else None
        kode = session.get("kode") if isinstance(session.get("kode"), str) else (_kode(wilayah) if wilayah else None)
        values = {"wilayah": wilayah, "kode": kode}
        for key, value in template.items():
            if key in session:
                continue
            wanted: set[str] = set()
            session[key] = _fill(value, values, wanted)
            session.key_pos[key] = template.key_pos[key]
            session.value_pos[key] = template.value_pos[key]
            if key in template.value_span:
                session.value_span[key] = template.value_span[key]
            unknown = sorted(wanted - set(NAMES))
            if unknown:
                line, col = locate(data, ("sesi_bawaan", key))
                problems.append(Problem(str(loaded.path), line, col,
                                        f"'{{{unknown[0]}}}' tidak dikenal di sesi_bawaan — yang dikenal: "
                                        "{wilayah} (nama tempat sesi) dan {kode} (bagian id, mis. kec_{kode})"))
            missing = sorted(n for n in wanted & set(NAMES) if values[n] is None)
            if missing:
                line, col = locate(data, ("sesi", i))
                problems.append(Problem(str(loaded.path), line, col,
                                        f"sesi {i + 1} perlu 'wilayah' (mis. wilayah: Gerokgak): sesi_bawaan "
                                        f"'{key}' memakai {{{missing[0]}}}"))
