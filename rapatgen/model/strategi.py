"""Inpres 4/2022 diktum KEDUA: the three strategies of extreme-poverty reduction, in its words.

Their own module, without the realisation models (model/realisasi.py, which re-exports them): the
matriks rencana aksi of every meeting prints "Strategi N: …" from this table, and a build that makes
one meeting's documents does not build the seven pydantic classes of `realisasi/<tahun>.yaml` for it.
"""

# numbered 1–3 in that order (the matriks rencana aksi prints "Strategi N: …" from this table too)
STRATEGI: dict[str, str] = {
    "kurangi_beban_pengeluaran": "Pengurangan beban pengeluaran masyarakat",
    "tingkatkan_pendapatan": "Peningkatan pendapatan masyarakat",
    "kurangi_kantong_kemiskinan": "Penurunan jumlah kantong-kantong kemiskinan",
}
STRATEGI_NOMOR = {1: "kurangi_beban_pengeluaran", 2: "tingkatkan_pendapatan", 3: "kurangi_kantong_kemiskinan"}
