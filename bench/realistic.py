"""A realistic synthetic project for the bench: N meetings of varied kinds over two years.

Built from the Kalimantan Timur example project (one TKPK): each meeting is one of the
example meetings (FGD two days, konsolidasi, rakor with follow-ups and indicators, and their
variants) with its own id, its dates moved to a day in 2024–2025 (every date in the file
moves together, so letters still go out before the meeting and histories stay in order), one
of four teams (so carry-over sections read earlier meetings of the same team), hand-typed
letter numbers removed (the register numbers them), and `lanjutan_dari` pointing at an
item of the previous konsolidasi of the same team when there is one. A programme per year
(`program/2024.yaml`, `program/2025.yaml`, from the example's) links one generated meeting of each
planned kind and month where there is one, and each rakor reviews its own year's programme.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "contoh" / "kaltim"
TEAMS = ["tkpk-kaltim", "pokja-data", "pokja-program", "pokja-pengaduan"]
START = date(2024, 1, 8)
DAYS = 2 * 365 - 40
DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")


def _templates() -> dict[str, str]:
    out = {}
    for path in sorted((EXAMPLE / "agendas").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out[re.search(r"^id: (\S+)", text, re.M).group(1)] = text
    return out


def _first_day(text: str) -> date:
    m = re.search(r"^  - tanggal: (\d{4}-\d\d-\d\d)", text, re.M)
    return date.fromisoformat(m.group(1))


def _shift(text: str, days: int) -> str:
    def move(m):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (d + timedelta(days=days)).isoformat()
    return DATE.sub(move, text)


def make_project(n: int, target: Path, seed: int = 2024) -> Path:
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(EXAMPLE / name, target / name)
    shutil.copytree(EXAMPLE / "logo", target / "logo")
    agendas = target / "agendas"
    agendas.mkdir()
    templates = _templates()
    names = sorted(templates)
    days = sorted(rng.randrange(DAYS) for _ in range(n))
    last_konsolidasi: dict[str, str] = {}
    made: dict[tuple[str, str], str] = {}  # (kind, month) → the first generated meeting
    for i, offset in enumerate(days):
        source = names[i % len(names)] if i < len(names) else rng.choice(names)
        text = templates[source]
        day = START + timedelta(days=offset)
        team = TEAMS[rng.randrange(len(TEAMS))]
        new_id = f"{source.rsplit('-', 3)[0]}-{i:04d}"
        text = _shift(text, (day - _first_day(text)).days)
        text = re.sub(r"^id: \S+", f"id: {new_id}", text, count=1, flags=re.M)
        text = re.sub(r"^tim: \S+", f"tim: {team}", text, count=1, flags=re.M)
        text = re.sub(r"^(  |    )(urut|nomor): .*\n", "", text, flags=re.M)  # the register numbers the letters
        text = re.sub(r"(berulang: \{.*?)tahun: \d+, ", r"\1", text)  # recurring: the meeting's own year
        text = re.sub(r"^.*periode: 20\d\d-\d\d, status.*\n", "", text, flags=re.M)  # and no old periods
        text = re.sub(r"^ +riwayat:\n(?! +- )", "", text, flags=re.M)
        link = last_konsolidasi.get(team)
        if link:
            text = re.sub(r"lanjutan_dari: \S+/", f"lanjutan_dari: {link}/", text)
        else:
            text = re.sub(r"^\s+lanjutan_dari: .*\n", "", text, flags=re.M)
        if source.startswith("konsolidasi"):
            last_konsolidasi[team] = new_id
        text = re.sub(r"^tinjau_program: \d+", f"tinjau_program: {day.year}", text, count=1, flags=re.M)
        kind = re.search(r"^jenis: (\S+)", text, re.M).group(1)
        made.setdefault((kind, day.isoformat()[:7]), new_id)
        (agendas / f"{day.isoformat()}-{new_id}.yaml").write_text(text, encoding="utf-8")
    _programmes(target / "program", made)
    return target


def _programmes(folder: Path, made: dict[tuple[str, str], str]) -> None:
    """program/<year>.yaml for 2024 and 2025 from the example's plan, linked to generated meetings."""
    folder.mkdir()
    plan = (EXAMPLE / "program" / "2024.yaml").read_text(encoding="utf-8")
    head, _, body = plan.partition("kegiatan:\n")
    entries = re.findall(r"^  - bulan: (\d{4}-\d\d)\n    jenis: (\S+)\n    judul: (.*)\n", body, re.M)
    for year in (2024, 2025):
        lines = [f"tahun: {year}", "kegiatan:"]
        used = set()
        for month_text, kind, title in entries:
            month = f"{year}{month_text[4:]}"
            lines += [f"  - bulan: {month}", f"    jenis: {kind}", f"    judul: {title.replace('2024', str(year))}"]
            link = made.get((kind, month))
            if link and link not in used:
                used.add(link)
                lines.append(f"    rapat: {link}")
            else:
                lines.append(f"    terlaksana: {month}")
        (folder / f"{year}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python3 bench/realistic.py 50 /tmp/proyek
    import sys

    print(make_project(int(sys.argv[1]), Path(sys.argv[2])))
