"""`.rapatgen/terkirim.json`: which document went to which address, one entry per recipient.

Each entry is written (the whole file replaced atomically) twice per message: as `mengirim`
right before the message text goes to the server, and as `terkirim` once the server accepted
it; a refusal removes it again. A run killed mid-send therefore leaves every delivered
recipient recorded: `terkirim`, or `mengirim` when the kill (or a dropped connection) came
after the text left and before the server's answer was recorded — delivered in all
likelihood, so not sent again, and named as uncertain.

A log that cannot be read (truncated, empty, wrong shape) is refused, never taken as empty:
reading it as empty would send everything again. Use it under the project lock
(`files.atomic.project_lock`): the entries are read once and kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from rapatgen.files.atomic import remove_temp_files, write_atomic
from rapatgen.text.errors import RapatgenError, display_path

SENT_LOG = Path(".rapatgen") / "terkirim.json"
SENDING, SENT = "mengirim", "terkirim"
KEYS = ("rapat", "dokumen", "alamat")


class SentLogDamaged(RapatgenError):
    """`.rapatgen/terkirim.json` exists but cannot be trusted."""


def _damaged(path: Path, what: str) -> SentLogDamaged:
    return SentLogDamaged(
        f"{display_path(path)} rusak: {what}. Tidak ada surel yang dikirim (catatan ini yang mencegah surel "
        "terkirim dua kali). Pulihkan berkas itu dari cadangan atau git; bila yakin belum ada surel yang terkirim, "
        "hapus berkas itu lalu jalankan lagi (semua penerima akan dikirimi).")


def _key(meeting_id: str, kind: str, address: str) -> tuple[str, str, str]:
    return meeting_id, kind, address.lower()


class SentLog:
    def __init__(self, root: Path):
        self.path = Path(root) / SENT_LOG
        remove_temp_files(self.path.parent, recursive=False, prefix=f".{self.path.name}.")  # left by a kill
        self.entries = self._read()

    def _read(self) -> list[dict]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise RapatgenError(f"{display_path(self.path)} tidak dapat dibaca ({exc.strerror or exc}) — "
                                "periksa izin berkas itu; tidak ada surel yang dikirim") from None
        if not raw.strip():
            raise _damaged(self.path, "berkasnya kosong")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _damaged(self.path, "isinya bukan teks UTF-8") from None
        except ValueError as exc:
            where = f" (baris {exc.lineno}, kolom {exc.colno})" if hasattr(exc, "lineno") else ""
            raise _damaged(self.path, f"isinya bukan JSON yang utuh{where} — mungkin terpotong") from None
        if not isinstance(data, list):
            shape = {dict: "objek { … }", str: "teks", int: "angka", float: "angka"}.get(type(data), "nilai tunggal")
            raise _damaged(self.path, f"isinya harus daftar [ … ] catatan pengiriman, bukan {shape}")
        for i, entry in enumerate(data, 1):
            if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k] for k in KEYS):
                raise _damaged(self.path, f"catatan ke-{i} tidak memuat 'rapat', 'dokumen', dan 'alamat' sebagai teks")
            if entry.get("status", SENT) not in (SENDING, SENT):
                raise _damaged(self.path, f"catatan ke-{i} berstatus '{entry.get('status')}' — yang dikenal: "
                                          f"'{SENDING}' atau '{SENT}'")
        return data

    def find(self, meeting_id: str, kind: str, address: str) -> dict | None:
        """The latest entry for this document and address, or None."""
        key = _key(meeting_id, kind, address)
        for entry in reversed(self.entries):
            if _key(entry["rapat"], entry["dokumen"], entry["alamat"]) == key:
                return entry
        return None

    def begin(self, entry: dict) -> None:
        """Record `entry` as being sent (`mengirim`); `done` or `drop` it once the server answered."""
        entry["status"] = SENDING
        self._save([*self.entries, entry])

    def done(self, entry: dict) -> None:
        """The server accepted it. Not synced to disk: the `mengirim` entry before it already is, and
        already keeps it from being sent again; skipping the sync narrows the moment in which a kill
        leaves a delivered letter recorded only as uncertain."""
        entry["status"] = SENT
        self._save(self.entries, durable=False)

    def drop(self, entry: dict) -> None:
        self._save([e for e in self.entries if e is not entry])

    def _save(self, entries: list[dict], durable: bool = True) -> None:
        write_atomic(self.path, (json.dumps(entries, indent=1, ensure_ascii=False) + "\n").encode("utf-8"), durable)
        self.entries = entries
