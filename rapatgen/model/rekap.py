"""The provincial roll-up (`rapatgen rekap`): per kab/kota what its own export says, summed.

Read from the exports kept in `rekap/` (report/rekap_impor.py) alone, never from the kab/kota's YAML:

- the province's agreements the kab/kota reports on: follow-up rows (`jenis: tindak_lanjut`) whose `pj`
  is the kab/kota's government itself ("Pemerintah Kota Samarinda") — done (selesai), late (terlambat),
  not reported (belum), in progress (proses, dilanjutkan, tidak_dapat);
- its own agreements (every other follow-up row) and the share done;
- its own meetings held in the year: the distinct `rapat` of its follow-up rows whose source names the
  year (export versi 1 lists no meeting that has no follow-up);
- the timeliness of its report: exported (`diekspor`, UTC date) on or before the deadline given;
- its indicator panel: per indicator the latest figure of its own wilayah, beside the province's and the
  nation's figure of the same period (from the province's project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapatgen.model.indikator import parse_periode

DONE, LATE, NOT_REPORTED = "selesai", "terlambat", "belum"


@dataclass
class Tally:
    """Follow-up occurrences by status."""

    selesai: int = 0
    terlambat: int = 0
    belum: int = 0
    proses: int = 0  # proses, dilanjutkan, tidak_dapat

    def add(self, status: str) -> None:
        if status in (DONE, LATE, NOT_REPORTED):
            setattr(self, status, getattr(self, status) + 1)
        else:
            self.proses += 1

    @property
    def jumlah(self) -> int:
        return self.selesai + self.terlambat + self.belum + self.proses

    def __iadd__(self, other: Tally) -> Tally:
        for name in ("selesai", "terlambat", "belum", "proses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass
class Angka:
    """One indicator's latest figure of a kab/kota, with the province's and the nation's of that period."""

    indikator: str
    satuan: str | None
    periode: str
    nilai: float | int
    provinsi: float | int | None = None
    nasional: float | int | None = None

    @property
    def periode_label(self) -> str:
        """'Maret 2024' for the export's '2024-03', as the LP2KD and notulen print a period."""
        try:
            return parse_periode(self.periode).label
        except ValueError:
            return self.periode


@dataclass
class Perbandingan:
    """A province agreement's occurrence for one kab/kota: the status the province recorded beside what the
    kab/kota's export reports about it — the row that answers it (`kesepakatan_provinsi`), or, for an export
    that names no provincial agreement (version 1), every row whose pj is the kab/kota's own government."""

    kabkota: str
    butir: str  # the province's occurrence id, rakor-…/K4@pemkot_samarinda
    sumber: str  # 'Rakor TKPK … 19 Desember 2024, kesepakatan nomor 4'
    provinsi: str  # status the province's tracker holds
    laporan: list[str]  # statuses the kab/kota reports
    konflik: bool = False  # the province recorded a status itself and the kab/kota reports another one
    dicatat: tuple[str, str] | None = None  # (date, file) when the province's status came from a kab/kota export
    diputuskan: str | None = None  # the date of the secretariat's decision on a differing report (no conflict)

    @property
    def berbeda(self) -> bool:
        return bool(self.laporan) and self.provinsi not in self.laporan


@dataclass
class RekapKabKota:
    nama: str  # Kota Samarinda
    urutan: int
    diekspor: str
    per: str
    provinsi: Tally = field(default_factory=Tally)  # the province's agreements it reports on
    sendiri: Tally = field(default_factory=Tally)  # its own agreements
    rapat: list[str] = field(default_factory=list)  # its meetings held in the year (ids)
    angka: list[Angka] = field(default_factory=list)
    tepat_waktu: bool | None = None  # exported by the roll-up's deadline (None: no deadline given)


@dataclass
class Rekap:
    provinsi: str
    tahun: int
    kabkota: list[RekapKabKota]
    belum_mengirim: list[str] = field(default_factory=list)  # kab/kota of the directory with no export kept
    batas: date | None = None  # deadline of the periodic report (`rekap --batas`)
    perbandingan: list[Perbandingan] = field(default_factory=list)

    @property
    def jumlah_provinsi(self) -> Tally:
        total = Tally()
        for k in self.kabkota:
            total += k.provinsi
        return total

    @property
    def jumlah_sendiri(self) -> Tally:
        total = Tally()
        for k in self.kabkota:
            total += k.sendiri
        return total
