"""Reproducible Office files: python-docx and openpyxl stamp each zip entry with the
current time, so the same document differs byte-wise from second to second. Re-packing
with a fixed timestamp makes an unchanged meeting produce an identical file, which the
build relies on to leave unchanged files alone."""

from __future__ import annotations

import io
import zipfile

FIXED = (2000, 1, 1, 0, 0, 0)


def reproducible(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
