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


FILE_NAME = re.compile(r"[\w./-]*\w\.(?:ya?ml|json|csv)\b", re.I)
# a project folder then a slash ("agendas/", "realisasi/2024"); "program/" only before a year
# ("program/kegiatan" is a phrase), never inside a web address or a letter number
PROJECT_FOLDER = re.compile(r"(?<![\w/.:-])(?:agendas|outputs|realisasi|lokus|rekap|templates|schema|\.rapatgen"
                            r"|program(?=/\d))/")


def check_paths(name: str, text: str) -> list[str]:
    """Rule 19.7 (nothing internal in a signed document): no file name or project folder in a
    document's text ("Sumber: realisasi/2024.yaml", "rekap/kabupaten-berau.json", "di agendas/") — a
    document names the publisher and the document a figure comes from ("Notulen Rakor TKPK 14 Desember
    2023", "BPS (Susenas Maret)", "laporan realisasi perangkat daerah …")."""
    flat = " ".join(text.split())
    problems = [f"{name}: aturan 19.7: nama berkas dalam dokumen: '{m.group(0)}' (sebut penerbit dan "
                f"dokumennya)" for m in FILE_NAME.finditer(flat)]
    problems += [f"{name}: aturan 19.7: folder proyek dalam dokumen: '{flat[max(0, m.start() - 20):m.end() + 20]}'"
                 for m in PROJECT_FOLDER.finditer(flat)]
    return problems


def check_words(name: str, text: str) -> list[str]:
    """Rule 19.7: no sentence dot before a semicolon ("rekap.;"), Indonesian labels ("ID Rapat",
    not "Meeting ID"), "sebanyak" for a count ("sebanyak 5 kecamatan", never "sebesar 5 kecamatan"),
    no file name or project folder (`check_paths`)."""
    problems = []
    flat = " ".join(text.split())
    for m in re.finditer(r"\S{0,25}[a-z0-9]{2}\.;.{0,15}", flat):
        if not re.search(r"\b(dll|dsb|dst|dkk|tsb|hlm|no)\.;", m.group(0)):
            problems.append(f"{name}: aturan 19.7: titik sebelum titik koma: '{m.group(0)}'")
    if "Meeting ID" in flat:
        problems.append(f"{name}: aturan 19.7: 'Meeting ID' (tulis 'ID Rapat')")
    for m in re.finditer(rf"sebesar [\d.,]+ {COUNT_WORDS}\b", flat):
        problems.append(f"{name}: aturan 19.7: hitungan dengan 'sebesar': '{m.group(0)}' (tulis 'sebanyak')")
    return problems + check_paths(name, text)


def check_text(name: str, text: str) -> list[str]:
    """Every text rule of one file."""
    return check_quotes(name, text) + check_words(name, text)


def check_completion(directory, dashboard_html: str, xlsx_path, docx_path) -> list[str]:
    """Rule 19.11: one completion figure per penanggung jawab across the dashboard, the XLSX tracker
    and the signed matriks (its Word file: the PDF is the same model) — the same "% Selesai" with one
    decimal, and every penanggung jawab the dashboard names (each member of a group item) has its
    own row in the summary."""
    import docx
    import openpyxl

    from rapatgen.text import locale as L

    problems = []
    name_of = {k: v.nama for k, v in directory.instansi.items()}
    name_of.update({k: v.jabatan_text() for k, v in directory.orang.items()})
    dashboard = {name_of.get(m.group(1), m.group(1)): m.group(2) for m in re.finditer(
        r'<div class="bar" data-opd="([^"]+)">.*?\(([\d,]+%)\)', dashboard_html)}
    ws = openpyxl.load_workbook(xlsx_path)["Ringkasan per OPD"]
    head = [c.value for c in ws[1]]
    pct_col = head.index("% Selesai")
    xlsx = {r[0]: L.persen(100 * (r[pct_col] or 0), 1) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    matriks = {}
    for table in docx.Document(str(docx_path)).tables:
        cells = [c.text.strip() for c in table.rows[0].cells]
        if cells and cells[-1] == "% Selesai" and "Jumlah" in cells:
            for row in table.rows[1:]:
                texts = [c.text.strip() for c in row.cells]
                if texts[-1].endswith("%") and texts[0] != "JUMLAH":
                    matriks[texts[0]] = texts[-1]
            break
    for name, pct in dashboard.items():
        for where, figures in (("XLSX", xlsx), ("matriks", matriks)):
            if name not in figures:
                problems.append(f"aturan 19.11: '{name}' ada di dasbor ({pct}) tetapi tidak punya baris sendiri di "
                                f"ringkasan {where}")
            elif figures[name] != pct:
                problems.append(f"aturan 19.11: '{name}': dasbor {pct}, {where} {figures[name]}")
    for name, pct in xlsx.items():
        if name in matriks and matriks[name] != pct:
            problems.append(f"aturan 19.11: '{name}': XLSX {pct}, matriks {matriks[name]}")
    if not dashboard or not xlsx or not matriks:
        problems.append(f"aturan 19.11: angka penyelesaian tidak terbaca (dasbor {len(dashboard)}, XLSX {len(xlsx)}, "
                        f"matriks {len(matriks)})")
    return problems


# --- rule 19.8: letterhead and signature --------------------------------------------------------
LETTER_KINDS = ("undangan", "permintaan", "ppke-pengantar")  # surat dinas: the signature's jabatan in capitals
PREFIXES = ("a.n. ", "Plh. ", "Plt. ", "Pj. ")


def _jabatan_lines(block) -> list[str]:
    out = []
    for line in block.lines_above:
        text = line.strip()
        if not text.endswith(",") or text == "Mengetahui," or re.search(r"\d{4},?$", text) or text == "u.b.":
            continue
        for p in PREFIXES:
            if text.startswith(p):
                text = text[len(p):]
        out.append(text)
    return out


def check_signature_casing(docs) -> list[str]:
    """Rule 19.8 (casing): one casing of the signature jabatan per document kind — letters (undangan,
    surat permintaan, the PPKE surat pengantar) in capitals, every other document as written (not capitals) — the same in every
    document of every project."""
    from rapatgen.model.blocks import Signatures

    problems = []
    for name, doc in docs:
        capitals = doc.kind in LETTER_KINDS
        for b in doc.text_blocks():
            if not isinstance(b, Signatures):
                continue
            for s in b.blocks:
                for text in _jabatan_lines(s):
                    letters = [c for c in text if c.isalpha()]
                    upper = bool(letters) and all(c.isupper() for c in letters)
                    if upper != capitals:
                        problems.append(f"{name}: aturan 19.8: jabatan penanda tangan '{text}' "
                                        f"{'tidak dalam huruf kapital' if capitals else 'dalam huruf kapital'} "
                                        f"({doc.kind}: {'kapital' if capitals else 'huruf biasa'})")
    return problems


HEAD_OF_OFFICE = {"SEKRETARIAT DAERAH": ("SEKRETARIS DAERAH",),
                  "_kepala_daerah": ("BUPATI", "WAKIL BUPATI", "GUBERNUR", "WAKIL GUBERNUR", "WALI KOTA",
                                     "WAKIL WALI KOTA")}


def check_letterhead_signer(name: str, doc) -> list[str]:
    """Rule 19.8 (kop): a document on the Sekretariat Daerah kop or the head of region's kop is signed
    by that office's head or "a.n." it — never by a Kepala Bappeda in his own name."""
    from rapatgen.model.blocks import Letterhead, Signatures

    heads = None
    for b in doc.text_blocks():
        if isinstance(b, Letterhead):
            last = b.lines[-1].upper() if b.lines else ""
            heads = HEAD_OF_OFFICE["_kepala_daerah"] if b.centred_emblem else HEAD_OF_OFFICE.get(last)
        elif isinstance(b, Signatures) and heads and len(b.blocks) == 1:
            s = b.blocks[0]
            if any(x.startswith("a.n. ") for x in s.lines_above):
                continue
            jabatan = " ".join(_jabatan_lines(s)).upper()
            if not any(re.sub(r"^(PLH|PLT|PJ)\. ", "", jabatan).startswith(h) for h in heads):
                problems = [f"{name}: aturan 19.8: kop {'kepala daerah' if heads[0] == 'BUPATI' else 'Sekretariat Daerah'} "
                            f"ditandatangani '{jabatan.title()}' tanpa a.n."]
                return problems
    return []
