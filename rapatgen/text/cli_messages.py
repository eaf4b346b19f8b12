"""Click's own usage errors in Bahasa Indonesia (click ships English text only)."""

from __future__ import annotations

import re

_PATTERNS = [
    (r"No such command '(.+?)'\.", r"perintah '\1' tidak dikenal"),
    (r"Missing argument '(.+?)'\.", r"argumen \1 belum diisi"),
    (r"Missing option '(.+?)'\.", r"pilihan \1 wajib diisi"),
    (r"No such option:? '?([^'\s]+?)'?\.?(?: \(?Did you mean(?: one of:)? (.+?)\?\)?)?$", None),
    (r"Invalid value for '(.+?)': '(.*?)' is not one of (.+)\.", None),
    (r"Invalid value for '(.+?)': (.+)", r"nilai untuk \1 tidak sah: \2"),
    (r"Option '(.+?)' requires an argument\.", r"pilihan \1 perlu diberi nilai"),
    (r"Got unexpected extra arguments? \((.+)\)", r"argumen berlebih: \1"),
]


def translate(message: str) -> str:
    for pattern, replacement in _PATTERNS:
        m = re.search(pattern, message)
        if not m:
            continue
        if pattern.startswith("No such option"):
            text = f"pilihan {m.group(1)} tidak dikenal"
            hint = m.group(2).replace("'", "").replace(", ", " atau ") if m.group(2) else None
            return text + (f" — maksud Anda {hint}?" if hint else "")
        if "is not one of" in pattern:
            choices = ", ".join(c.strip().strip("'") for c in m.group(3).split(","))
            return f"nilai '{m.group(2)}' untuk {m.group(1)} tidak dikenal; pilihan: {choices}"
        return m.expand(replacement)
    return message
