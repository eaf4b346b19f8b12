"""Roles of the people in a meeting (issue 18, point 4) read back from the produced DOCX and PDF."""

import pytest

from tests.readback import flat

pytestmark = pytest.mark.slow
KALTIM = "rakor-kaltim-2024-12-19"
BULELENG = "rakor-buleleng-2023-12-14"


def texts(built, meeting, stem):
    """(docx text, pdf text) of one produced document."""
    folder = built.outputs(meeting)
    return built.texts[folder / f"{stem}.docx"], built.texts[folder / f"{stem}.pdf"]


def test_moderator_is_named_in_the_notulen(built_kaltim):
    for text in texts(built_kaltim, KALTIM, f"notulen-{KALTIM}"):
        f = flat(text)
        assert flat("Moderator") in f
        assert flat("Fajar Contoh Nugroho, S.E., M.Ec.Dev., Plh. Kepala Bidang Pemerintahan dan Pembangunan "
                    "Manusia Bappeda Provinsi Kalimantan Timur") in f
