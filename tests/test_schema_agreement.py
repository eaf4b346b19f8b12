"""The editor (JSON Schema in VS Code) and `rapatgen check` accept the same values (issue 7.11).

A value the validator accepts must not be red in the editor, and the other way round, for
every scalar type a user types: ids, dates, times, money, numbers, NIP.
"""

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

from rapatgen.model.common import NIP, Angka, Id, Jam, Rupiah, Tanggal

SAMPLES = {
    Id: ["dinsos_bll", "K1", 7, "rakor-2025.03", "ada spasi", "-awal", "a" * 81, "", "é"],
    Tanggal: ["2025-03-11", "2025-3-1", " 2025-03-11 ", "11-03-2025", "2025/03/11", "2025-03"],
    Jam: ["09.00", "9.00", "13.30", 9.3, 9, 0, 23.59, "09:00", "9", "09.0", "ab.cd", 24.5],
    Rupiah: [0, 1250000000, 10**16 - 1, 10**16, -5, 1.5, "1.250.000", "Rp1250000"],
    Angka: [5.78, 3, -0.33, "5.78", "5.78%", " 6 ", "5,78", "lima", True],
    NIP: ["197001011990031001", "19700101 199003 1 001", 197001011990031001, "1970010119900310", "abc"],
}


def _validator_ok(kind, value) -> bool:
    try:
        TypeAdapter(kind).validate_python(value)
        return True
    except ValidationError:
        return False


def _schema_ok(kind, value) -> bool:
    schema = TypeAdapter(kind).json_schema()
    return jsonschema.Draft202012Validator(schema).is_valid(value)


@pytest.mark.parametrize("kind", list(SAMPLES), ids=lambda k: str(k.__metadata__[-1])[:25])
def test_editor_and_check_agree(kind):
    for value in SAMPLES[kind]:
        # NIP and dates have rules no JSON Schema can state (a real birth date, days in a month):
        # there the editor may be more lenient, never stricter than check
        if _validator_ok(kind, value):
            assert _schema_ok(kind, value), f"check accepts {value!r} but the editor marks it red"


def test_editor_rejects_what_check_rejects_for_the_shape():
    # shape errors (not the calendar rules) are caught in the editor as well
    for kind, bad in ((Jam, "09:00"), (Tanggal, "11-03-2025"), (Id, "ada spasi"), (Angka, "5,78"),
                      (NIP, "abc"), (Rupiah, "1.250.000")):
        assert not _validator_ok(kind, bad) and not _schema_ok(kind, bad), (kind, bad)
