"""Typed model: checked scalars (dates, times, money, NIP) and signer rules."""

from datetime import date, time

import pytest
from pydantic import ValidationError

from rapatgen.model.directory import Orang
from rapatgen.model.meeting import Butir, Rapat, Sesi


def err(model, data) -> str:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    return " | ".join(e["msg"] for e in exc.value.errors())


def test_session_times_use_dots_and_accept_yaml_floats():
    s = Sesi.model_validate({"tanggal": "2025-03-11", "mulai": 9.3, "selesai": "12.00", "tempat": "X"})
    assert s.mulai == time(9, 30) and s.tanggal == date(2025, 3, 11)
    assert "titik sesuai PUEBI" in err(Sesi, {"tanggal": "2025-03-11", "mulai": "09:00", "tempat": "X"})
    assert "tidak ada" in err(Sesi, {"tanggal": "2025-03-11", "mulai": "24.10", "tempat": "X"})


def test_impossible_date_names_the_month_length():
    msg = err(Sesi, {"tanggal": "2025-06-31", "mulai": "09.00", "tempat": "X"})
    assert "Juni 2025 hanya 30 hari" in msg
    assert "Februari 2025 hanya 28 hari" in err(Sesi, {"tanggal": "2025-02-29", "mulai": "09.00", "tempat": "X"})
    Sesi.model_validate({"tanggal": "2024-02-29", "mulai": "09.00", "tempat": "X"})


def test_session_needs_a_place_or_a_link_and_sane_times():
    assert "tempat" in err(Sesi, {"tanggal": "2025-03-11", "mulai": "09.00"})
    assert "sesudah jam mulai" in err(Sesi, {"tanggal": "2025-03-11", "mulai": "09.00", "selesai": "08.00", "tempat": "X"})


@pytest.mark.parametrize("nip,fragment", [
    ("19700101199503100", "18 angka"),
    ("197013011995031001", "bukan tanggal lahir"),
    ("197001011995131001", "TMT"),
    ("197001011975031001", "tidak masuk akal"),
    ("197001011995033001", "jenis kelamin"),
])
def test_nip_that_cannot_be_real_is_refused(nip, fragment):
    assert fragment in err(Orang, {"nama": "A", "jabatan": "B", "nip": nip})


def test_nip_accepts_grouped_spaces():
    o = Orang.model_validate({"nama": "A", "jabatan": "B", "nip": "19700101 199503 1 001", "golongan": "IV/c"})
    assert o.nip == "197001011995031001" and o.pangkat_text() == "Pembina Utama Muda"


def test_elected_head_has_no_nip_and_golongan_is_checked():
    assert "tidak memiliki NIP" in err(Orang, {"nama": "A", "jabatan": "Bupati", "jenis": "kepala_daerah",
                                               "nip": "197001011995031001"})
    assert "golongan" in err(Orang, {"nama": "A", "jabatan": "B", "golongan": "IV/f"})


def test_money_is_whole_rupiah():
    base = {"strategi": 1, "opd": "x", "program": "p", "kegiatan": "k", "indikator": "i", "volume": 1,
            "satuan": "unit", "sumber_dana": "APBD"}
    from rapatgen.model.meeting import ButirRencanaAksi as B

    assert B.model_validate({**base, "anggaran": 1250000}).anggaran == 1250000
    assert "tanpa 'Rp' dan tanpa titik: 1250000" in err(B, {**base, "anggaran": "Rp1.250.000,00"})


def test_not_done_status_needs_a_reason():
    assert "alasannya" in err(Butir, {"id": "K1", "isi": "x", "riwayat": [{"tanggal": "2025-01-01", "status": "tidak_dapat"}]})


def test_unknown_keys_are_forbidden_everywhere():
    with pytest.raises(ValidationError) as exc:
        Rapat.model_validate({"id": "a", "jenis": "rakor", "judul": "x", "tangal": 1,
                              "sesi": [{"tanggal": "2025-01-01", "mulai": "09.00", "tempat": "x"}],
                              "pimpinan": {"ketua": "a"}})
    assert [e["type"] for e in exc.value.errors()] == ["extra_forbidden"]


def test_ni_pppk_has_code_21_and_must_match_the_kind():
    ok = Orang.model_validate({"nama": "A", "jabatan": "B", "jenis": "pppk", "golongan": "IX",
                               "nip": "199501232023212004"})
    assert ok.nip == "199501232023212004"
    assert "jenis: pppk" in err(Orang, {"nama": "A", "jabatan": "B", "nip": "199501232023212004"})
    assert "semestinya 21" in err(Orang, {"nama": "A", "jabatan": "B", "jenis": "pppk", "nip": "199501232023032004"})
