"""Wording and form rules of issue 19 (items 6, 7, 8, 11), read from the text of produced files.

The geometric rules live in tests/layout.py; these read the words a user sees (PDF and DOCX read
back by tests/readback.py), so they check both formats alike. Each returns plain-word problems
named "aturan 19.N" (empty = the rule holds).
"""

from __future__ import annotations

import re

OPENERS = {"“": "”", "‘": "’"}


def check_quotes(name: str, text: str) -> list[str]:
    """Rule 19.6: no straight double quote; every “ closed by ” and ‘ by ’; the outer pair is “…”,
    the pair inside it ‘…’ (alternating); an opening mark never stands before a space nor a closing
    one after a space (the reversed “… ”X“ …")."""
    problems = []
    for m in re.finditer(r'.{0,25}"+.{0,25}', text):
        problems.append(f"{name}: aturan 19.6: tanda kutip lurus: '{m.group(0)}'")
    for line in [" ".join(text.split())]:  # a quote may open on one line and close on the next
        stack: list[str] = []
        for i, ch in enumerate(line):
            prev = line[i - 1] if i else " "
            nxt = line[i + 1] if i + 1 < len(line) else " "
            where = line[max(0, i - 25):i + 25]
            if ch == "“" or (ch == "‘" and (prev.isspace() or prev in "([“—")):
                if nxt.isspace():
                    problems.append(f"{name}: aturan 19.6: kutip pembuka sebelum spasi: '{where}'")
                want = "“" if len(stack) % 2 == 0 else "‘"
                if ch != want:
                    problems.append(f"{name}: aturan 19.6: kutip {'dalam' if stack else 'luar'} seharusnya {want}…: "
                                    f"'{where}'")
                stack.append(ch)
            elif ch == "”" or (ch == "’" and stack and stack[-1] == "‘" and not nxt.isalnum()):
                if prev.isspace():
                    problems.append(f"{name}: aturan 19.6: kutip penutup sesudah spasi (terbalik): '{where}'")
                if not stack or OPENERS[stack[-1]] != ch:
                    problems.append(f"{name}: aturan 19.6: kutip penutup {ch} tanpa pasangan: '{where}'")
                else:
                    stack.pop()
    return problems


COUNT_WORDS = r"(?:kecamatan|desa|kelurahan|kabupaten|kota|kabupaten/kota|sekolah|unit|KK|jiwa|orang|keluarga|rumah tangga|BUMDes|OPD)"


def check_words(name: str, text: str) -> list[str]:
    """Rule 19.7: no sentence dot before a semicolon ("rekap.;"), Indonesian labels ("ID Rapat",
    not "Meeting ID"), "sebanyak" for a count ("sebanyak 5 kecamatan", never "sebesar 5 kecamatan")."""
    problems = []
    flat = " ".join(text.split())
    for m in re.finditer(r"\S{0,25}[a-z0-9]{2}\.;.{0,15}", flat):
        if not re.search(r"\b(dll|dsb|dst|dkk|tsb|hlm|no)\.;", m.group(0)):
            problems.append(f"{name}: aturan 19.7: titik sebelum titik koma: '{m.group(0)}'")
    if "Meeting ID" in flat:
        problems.append(f"{name}: aturan 19.7: 'Meeting ID' (tulis 'ID Rapat')")
    for m in re.finditer(rf"sebesar [\d.,]+ {COUNT_WORDS}\b", flat):
        problems.append(f"{name}: aturan 19.7: hitungan dengan 'sebesar': '{m.group(0)}' (tulis 'sebanyak')")
    return problems


def check_text(name: str, text: str) -> list[str]:
    """Every text rule of one file."""
    return check_quotes(name, text) + check_words(name, text)
