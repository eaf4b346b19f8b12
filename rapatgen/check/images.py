"""Recognise a PNG or JPEG by its header, without importing an imaging stack (fast `rapatgen check`)."""

from __future__ import annotations

import struct
from pathlib import Path

from rapatgen.text.numbers import number

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers that carry the picture size (not DHT C4, JPG C8, DAC CC)
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


# A logo is printed about 2.5 cm wide: 1,000 pixels are plenty. Bounds every later step can afford
# (issue 17 item 9): a picture is decoded whole in memory by the PDF step and copied into every letter.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4096 * 4096


def logo_problem(path: Path) -> str | None:
    """What is wrong with `path` as a logo (Indonesian, for check), or None when it is fine."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return "tidak ditemukan"
    if size > LOGO_MAX_BYTES:
        return (f"terlalu besar ({number(size / 1024 / 1024, 1)} MB; paling besar {LOGO_MAX_BYTES // 1024 // 1024} MB) — "
                "logo disalin ke setiap surat: simpan ulang lebih kecil, mis. PNG selebar 1.000 piksel")
    found = image_size(path)
    if found is None or Path(path).suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return "bukan gambar PNG/JPEG yang dapat dibaca — simpan ulang sebagai PNG"
    width, height = found
    if width * height > LOGO_MAX_PIXELS:
        return (f"berukuran {width}×{height} piksel ({number(width * height / 1e6, 1)} juta piksel; paling banyak "
                f"{number(LOGO_MAX_PIXELS / 1e6, 1)} juta, mis. 4096×4096) — perkecil gambarnya, mis. selebar 1.000 piksel "
                "(cukup untuk kop selebar 2,5 cm)")
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG or JPEG file, or None when it is neither (or is damaged)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 4 <= len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            (length,) = struct.unpack(">H", data[i + 2:i + 4])
            if marker in SOF_MARKERS:
                if i + 9 > len(data):
                    return None
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return (width, height) if width and height else None
            if marker == 0xD9 or length < 2:
                return None
            i += 2 + length
    return None
