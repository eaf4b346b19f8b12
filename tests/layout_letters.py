"""Layout checker, letter rules of issue 19 item 10, measured on a rendered PDF (ours, or the
Word file after LibreOffice). Each returns problems in plain words; empty = the rule holds.

- footer note: the BSrE sentence of a letter signed electronically is the foot of EVERY page
  (the lampiran's too), below all body text, never in the body;
- paraf beside: the paraf koordinasi table stands at the left of the signature, level with it
  (its rows between the signer's jabatan line and the NIP), not pushed below it.
"""

from __future__ import annotations

import io
import re

import pdfplumber


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lines(words: list[dict]) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of each line of `words`, top to bottom."""
    out: list[list] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if out and abs(out[-1][0] - w["top"]) < 2:
            out[-1][2] += " " + w["text"]
            out[-1][1] = max(out[-1][1], w["bottom"])
        else:
            out.append([w["top"], w["bottom"], w["text"]])
    return [tuple(x) for x in out]


def check_footer_note(pdf: bytes, note: str) -> list[str]:
    problems = []
    want = _flat(note)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            lines = _lines(page.extract_words(x_tolerance=1.0))
            text = _flat("".join(t for _, _, t in lines))
            at = text.find(want[:40])
            if at < 0 or want not in text:
                problems.append(f"halaman {page.page_number}: kalimat BSrE tidak ada di kaki halaman")
                continue
            # the note's lines are the last ones of the page (only a page number may follow)
            start = max(i for i in range(len(lines)) if want[:40] in _flat("".join(t for _, _, t in lines[i:])))
            after = [t for _, _, t in lines[start:] if want.find(_flat(t)) < 0]
            if any(not re.fullmatch(r"(Halaman )?\d+( dari \d+)?", t) for t in after):
                problems.append(f"halaman {page.page_number}: ada teks di bawah kalimat BSrE: {after}")
            if lines[start][0] < page.height * 0.8:
                problems.append(f"halaman {page.page_number}: kalimat BSrE di badan surat (y={lines[start][0]:.0f}), "
                                "bukan kaki halaman")
            if text.count(want[:40]) > 1:
                problems.append(f"halaman {page.page_number}: kalimat BSrE tercetak lebih dari sekali")
    return problems


def check_paraf_beside(pdf: bytes, jabatan: list[str], signer: str) -> list[str]:
    """The paraf rows sit left of the signer's name, between the top of the signature block and its foot."""
    problems = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            words = page.extract_words(x_tolerance=1.0)
            first = signer.split()[0]
            names = [w for w in words if w["text"] == first]
            heads = [w for w, nxt in zip(words, words[1:]) if w["text"] == "Paraf" and nxt["text"] == "Koordinasi"
                     and abs(w["top"] - nxt["top"]) < 2]
            if not heads:
                continue
            if not names:
                return [f"halaman {page.page_number}: tabel paraf tanpa tanda tangan di halaman yang sama"]
            name = names[-1]
            head = heads[0]
            if head["x1"] >= name["x0"]:
                problems.append("tabel paraf tidak di kiri tanda tangan")
            if not (name["top"] - 6 * 28.35 < head["top"] < name["bottom"] + 2 * 28.35):
                problems.append(f"tabel paraf tidak sejajar tanda tangan (judul y={head['top']:.0f}, "
                                f"nama y={name['top']:.0f})")
            left = [w for w in words if w["x1"] < name["x0"] and w["top"] > head["top"] + 2
                    and not re.fullmatch(r"\d+\.", w["text"])]  # the jabatan cells, without the No column
            text = _flat("".join(t for _, _, t in _lines(left)))
            for j in jabatan:
                if _flat(j) not in text:
                    problems.append(f"jabatan paraf tidak tercetak: {j}")
            # nothing else inside the table's box: it never covers the letter's text
            allowed = {"No", "Paraf", "Koordinasi", *(f"{i}." for i in range(1, len(jabatan) + 1)),
                       *(t for j in jabatan for t in j.split())}
            below = [w for w in words if w["top"] > head["top"] and w["x1"] < name["x0"]
                     and w["text"] not in allowed]
            foot = min((w["top"] for w in below), default=page.height)  # the tembusan, under the table
            table_words = [w for w in words if w["text"] in allowed and w["x1"] < name["x0"]
                           and head["top"] - 2 <= w["top"] < foot]
            x0 = min(w["x0"] for w in table_words) - 3
            bottom = max(w["bottom"] for w in table_words)
            inside = [w["text"] for w in words if w["text"] not in allowed and w["x1"] > x0 and w["x0"] < name["x0"]
                      and w["bottom"] > head["top"] - 4 and w["top"] < bottom]
            if inside:
                problems.append(f"tabel paraf menutupi teks surat: {' '.join(inside)}")
            return problems
    return ["tabel paraf koordinasi tidak ada"]
