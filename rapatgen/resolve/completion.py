"""What "selesai" counts: one definition of completion for every output.

An occurrence (an item, or one member/session/period of an item tracked in parts) counts for
its penanggung jawab; it is done when its status is Selesai. The share done is taken over the
occurrences still owned: every status except Dilanjutkan (an item carried to a later meeting
is counted there, as the new item). Tidak dapat ditindaklanjuti and Terlambat stay in the count,
not done. The matriks tindak lanjut (PDF/Word), the XLSX tracker, `rapatgen followup list` and
the dashboard all print `Completion.text()` / `percent()`, so one OPD has one figure everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapatgen.text import locale as L

DEFINITION = ("% Selesai = butir berstatus Selesai dibagi butir yang masih menjadi tanggungan penanggung jawab; "
              "butir berstatus Dilanjutkan (dibawa ke rapat berikutnya sebagai butir baru) tidak ikut dihitung.")


@dataclass(frozen=True)
class Completion:
    done: int  # status Selesai
    owned: int  # every status except Dilanjutkan
    carried: int = 0  # Dilanjutkan

    @property
    def rate(self) -> float:
        """Share done, 0–100."""
        return 100.0 * self.done / self.owned if self.owned else 0.0

    @property
    def fraction(self) -> float:
        """Share done, 0–1, rounded as the XLSX stores it (shown 0,0%)."""
        return round(self.done / self.owned, 4) if self.owned else 0.0

    def percent(self) -> str:
        """'20,0%' — one decimal everywhere."""
        return L.persen(self.rate, 1)

    def text(self, noun: str = "") -> str:
        """'1 dari 5 selesai (20,0%)' / '3 dari 10 kab/kota selesai (30,0%)'."""
        return f"{self.done} dari {self.owned}{' ' + noun if noun else ''} selesai ({self.percent()})"


def completion(statuses: Iterable[str]) -> Completion:
    done = owned = carried = 0
    for s in statuses:
        if s == "dilanjutkan":
            carried += 1
            continue
        owned += 1
        done += s == "selesai"
    return Completion(done, owned, carried)


# --- whom the summary counts, under which heading ---------------------------------------------
HOLDER_KINDS = ["Perangkat Daerah", "Pemerintah Kabupaten/Kota", "Kecamatan", "Pemerintah Desa/Kelurahan",
                "Instansi Vertikal", "Lainnya"]
_BY_JENIS = {"opd": "Perangkat Daerah", "kecamatan": "Kecamatan", "desa": "Pemerintah Desa/Kelurahan",
             "kelurahan": "Pemerintah Desa/Kelurahan", "vertikal": "Instansi Vertikal"}


def holder_kind(directory, pj: str) -> str:
    """The heading a penanggung jawab is summed under: a kab/kota government or a village head is
    no 'Perangkat Daerah'. From the directory's `jenis`, else from the name ("Pemerintah Kota …",
    "Kepala Desa …", "Perbekel …")."""
    inst = directory.instansi.get(pj)
    person = directory.orang.get(pj)
    name = inst.nama if inst else (person.jabatan_text() if person else "")
    low = name.lower()
    if low.startswith(("pemerintah kabupaten", "pemerintah kota", "bupati", "wali kota", "walikota")):
        return "Pemerintah Kabupaten/Kota"
    if low.startswith(("pemerintah desa", "kepala desa", "perbekel", "lurah", "kelurahan", "desa ")):
        return "Pemerintah Desa/Kelurahan"
    if low.startswith("camat"):
        return "Kecamatan"
    if inst is not None:
        return _BY_JENIS.get(inst.jenis, "Lainnya")
    return "Perangkat Daerah" if person is not None else "Lainnya"
