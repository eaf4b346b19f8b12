from datetime import date, time

from rapatgen.text import locale as L


def test_dates_in_indonesian_without_zero_padding():
    assert L.hari_tanggal(date(2023, 12, 14)) == "Kamis, 14 Desember 2023"
    assert L.hari_tanggal(date(2025, 3, 5)) == "Rabu, 5 Maret 2025"
    assert L.hari(date(2024, 12, 20)) == "Jumat"
    assert L.tanggal(date(2022, 11, 28)) == "28 November 2022"


def test_date_ranges():
    assert L.rentang_tanggal([date(2025, 3, 11), date(2025, 3, 12)]) == "11–12 Maret 2025"
    assert L.rentang_tanggal([date(2022, 11, 30), date(2022, 12, 1)]) == "30 November s.d. 1 Desember 2022"
    assert L.hari_rentang([date(2025, 3, 11), date(2025, 3, 12)]) == "Selasa s.d. Rabu, 11–12 Maret 2025"


def test_times_use_dots_and_zones():
    assert L.pukul(time(9, 0), None, "WITA") == "pukul 09.00 WITA s.d. selesai"
    assert L.pukul(time(9, 0), time(12, 30), "WIB") == "pukul 09.00–12.30 WIB"


def test_numbers_percent_money():
    assert L.angka(221340) == "221.340"
    assert L.persen(5.78) == "5,78%"
    assert L.rupiah(1250000) == "Rp1.250.000,00"
    assert L.rupiah(1250000, sen=False) == "Rp1.250.000"
    assert L.angka(0.53) == "0,53"


def test_words_from_num2words_are_right_for_indonesian():
    assert L.terbilang(1250000) == "satu juta dua ratus lima puluh ribu"
    assert L.rupiah_terbilang(1250000) == "satu juta dua ratus lima puluh ribu rupiah"
    assert L.terbilang(11) == "sebelas" and L.terbilang(1001) == "seribu satu" and L.terbilang(100) == "seratus"
    assert L.tanggal_terbilang(date(2023, 12, 14)) == \
        "Kamis tanggal empat belas bulan Desember tahun dua ribu dua puluh tiga"
    assert L.jumlah_kata(1, "lembar") == "1 (satu) lembar"


def test_nip_grouping_and_roman():
    assert L.nip("197001011995031001") == "19700101 199503 1 001"
    assert [L.romawi(n) for n in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]


def test_days_that_are_not_one_run_are_named_one_by_one():
    # never "Senin s.d. Selasa, 16 September s.d. 15 Oktober" for two separate days
    text = L.hari_rentang([date(2024, 9, 16), date(2024, 10, 15)])
    assert text == "Senin, 16 September 2024; Selasa, 15 Oktober 2024"
    assert "s.d." not in L.hari_rentang([date(2025, 2, 18), date(2025, 2, 19), date(2025, 2, 25)])
