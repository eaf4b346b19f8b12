"""Reproducible Office files: python-docx and openpyxl stamp each zip entry with the
current time, so the same document differs byte-wise from second to second. Re-packing
with a fixed timestamp (and the save time openpyxl writes into docProps/core.xml set to the
same fixed moment) makes an unchanged meeting produce an identical file, which the build
relies on to leave unchanged files alone."""

from __future__ import annotations

import io
import re
import zipfile

FIXED = (2000, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            target.writestr(entry, body)
    return out.getvalue()
