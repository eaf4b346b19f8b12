"""How an indicator's value and target are written ('5,78%', '221.340 jiwa', '5,40–5,60%'): one wording for the sentence, the table and the chart."""

from __future__ import annotations

from decimal import Decimal

from rapatgen.model.indikator import Target
from rapatgen.text import locale as L

def nilai_teks(value: Decimal, satuan: str) -> str:
    """'5,78%', '221.340 jiwa', 'Rp1.250.000', '0,72' (indeks) — with the precision written."""
    if satuan == "persen":
        return f"{L.angka_tertulis(value)}%"
    if satuan == "rupiah":
        return "Rp" + L.angka_tertulis(value)
    if satuan == "indeks":
        return L.angka_tertulis(value)
    return f"{L.angka_tertulis(value)} {satuan}"


def target_teks(t: Target, satuan: str) -> str:
    """'5,20%' or, for a range, '10,5–11,2%' (the unit once, after the range)."""
    if t.nilai is not None:
        return nilai_teks(t.nilai, satuan)
    low, high = nilai_teks(t.dari, satuan), nilai_teks(t.sampai, satuan)
    if satuan == "persen":
        return f"{L.angka_tertulis(t.dari)}–{high}"
    if satuan in ("rupiah", "indeks"):
        return f"{low}–{high}"
    return f"{L.angka_tertulis(t.dari)}–{high}"
