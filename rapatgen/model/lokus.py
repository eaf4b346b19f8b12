"""A year's lokus (`lokus/<tahun>.yaml`): the priority villages and the OPD accompanying each.

Lokus desa/kelurahan are set per year (usually by an SK of the kepala daerah) and one
perangkat daerah accompanies each ("satu OPD satu desa dampingan"). The LP2KD lists them,
a notulen can print them as a table.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from rapatgen.model.common import Baris, BarisWajib, Id, Model


class DesaLokus(Model):
    """One lokus village: `desa` or `kelurahan` (its name, without the word Desa/Kelurahan)."""

    desa: Baris | None = Field(None, description="nama desa tanpa kata 'Desa', mis. Pejarakan")
    kelurahan: Baris | None = Field(None, description="nama kelurahan tanpa kata 'Kelurahan' (isi ini atau 'desa')")
    kecamatan: BarisWajib = Field(description="nama kecamatan tanpa kata 'Kecamatan', mis. Gerokgak")
    kabupaten: Baris | None = Field(None, description="proyek provinsi: kabupaten/kota, mis. Kabupaten Kutai Kartanegara")
    pendamping: Id = Field(description="id instansi (OPD) pendamping di direktori, mis. dinsos_bll")
    kegiatan: str | None = Field(None, description="yang dilakukan di desa ini, mis. bedah RTLH 12 unit")
    catatan: str | None = None

    @model_validator(mode="after")
    def _desa_or_kelurahan(self):
        from rapatgen.model.common import fail

        if not self.desa and not self.kelurahan:
            raise fail("isi 'desa' (mis. desa: Pejarakan) atau 'kelurahan' (mis. kelurahan: Sukasada)")
        if self.desa and self.kelurahan:
            raise fail("isi 'desa' atau 'kelurahan', bukan keduanya — satu baris untuk satu desa/kelurahan")
        return self

    @field_validator("desa", "kelurahan", "kecamatan")
    @classmethod
    def _name_only(cls, name: str | None, info) -> str | None:
        from rapatgen.model.common import fail

        words = (name or "").split()
        if words and words[0].lower() in ("desa", "kelurahan", "kecamatan", "kec.", "kel."):
            raise fail(f"{info.field_name} '{name}': tulis namanya saja, tanpa kata '{words[0]}' — mis. "
                       f"{info.field_name}: {' '.join(words[1:]) or '…'} (kata itu dicetak otomatis)")
        return name

    @property
    def jenis(self) -> str:
        return "Desa" if self.desa else "Kelurahan"

    @property
    def nama(self) -> str:
        return self.desa or self.kelurahan or ""

    @property
    def label(self) -> str:
        """'Desa Pejarakan' / 'Kelurahan Sukasada'."""
        return f"{self.jenis} {self.nama}"


class LokusTahunan(Model):
    """The whole `lokus/<tahun>.yaml`."""

    tahun: int = Field(ge=2000, le=2100, description="tahun lokus, mis. 2024")
    dasar: str | None = Field(None, description="dasar penetapan, mis. Keputusan Bupati Buleleng Nomor … tentang "
                                                "Lokasi Prioritas Penanggulangan Kemiskinan Ekstrem Tahun 2024")
    lokus: list[DesaLokus] = Field(min_length=1, description="desa/kelurahan lokus beserta OPD pendampingnya")
