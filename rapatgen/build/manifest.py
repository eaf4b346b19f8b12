"""outputs/.rapatgen-build.json: what each build unit was made from and the bytes written per file."""

from __future__ import annotations

import os
from pathlib import Path

from rapatgen.files.atomic import sha256, write_atomic

BUILD_MANIFEST = ".rapatgen-build.json"
LEGACY_MANIFEST = ".rapatgen-manifest.json"  # one per folder, before the project manifest


class BuildManifest:
    """`outputs/.rapatgen-build.json`: what rapatgen wrote, and what each unit was made from.

    files: {relative path: {"sha256", "size", "mtime_ns"}} — the bytes rapatgen last wrote there.
    units: {"<meeting>/<kind>/<format>": {"inputs": hash, "files": [relative paths], "skip": reason|None}}
    Use under `project_lock`; `save()` replaces the file atomically.
    """

    VERSION = 1

    def __init__(self, output_dir: Path):
        import json

        self.root = Path(output_dir)
        self.base = os.path.join(str(self.root), "")  # the folder as text ending in a separator
        self.path = self.root / BUILD_MANIFEST
        self.files: dict[str, dict] = {}
        self.units: dict[str, dict] = {}
        self.dirty = False
        self.legacy = False  # read from the manifests of earlier versions: `save` removes them
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("versi") == self.VERSION:
                self.files, self.units = data.get("berkas", {}), data.get("unit", {})
        except (OSError, ValueError, AttributeError):
            self._read_legacy()

    def _read_legacy(self) -> None:
        """Hashes from the per-folder manifests of earlier versions, so hand edits stay recognised."""
        import json

        if not self.root.is_dir():
            return
        self.legacy = True
        for legacy in [self.root / LEGACY_MANIFEST, *self.root.glob(f"*/{LEGACY_MANIFEST}")]:
            try:
                entries = json.loads(legacy.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            folder = legacy.parent.relative_to(self.root).as_posix()
            for name, digest in entries.items():
                rel = name if folder == "." else f"{folder}/{name}"
                self.files[rel] = {"sha256": digest}

    def rel(self, target: Path) -> str:
        return Path(target).relative_to(self.root).as_posix()

    # --- files ----------------------------------------------------------------------
    def record_file(self, target: Path, data: bytes) -> None:
        st = Path(target).stat()
        self.files[self.rel(target)] = {"sha256": sha256(data), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        self.dirty = True

    def edited_by_hand(self, target: Path) -> bool:
        """The file exists and differs from what rapatgen last wrote there."""
        target = Path(target)
        try:
            st = target.stat()
        except FileNotFoundError:
            return False
        recorded = self.files.get(self.rel(target))
        if recorded is None:
            return True
        if recorded.get("size") == st.st_size and recorded.get("mtime_ns") == st.st_mtime_ns:
            return False  # untouched since rapatgen wrote it: no need to read it
        return recorded["sha256"] != sha256(target.read_bytes())

    # --- units ----------------------------------------------------------------------
    def up_to_date(self, key: str, inputs: str, check_edits: bool = False) -> dict | None:
        """The unit's record when it was built from `inputs` and all its files are still there."""
        unit = self.units.get(key)
        if unit is None or unit.get("inputs") != inputs:
            return None
        base = self.base
        for rel in unit["files"]:
            # a string, not a Path: called for every unit of every meeting (7,000 at 500 meetings)
            if not os.path.exists(base + rel) or (check_edits and self.edited_by_hand(self.root / rel)):
                return None
        return unit

    def exists(self, rel: str) -> bool:
        """Whether the output `rel` (relative to the output folder, '/'-separated) is there."""
        return os.path.exists(self.base + rel)

    def record_unit(self, key: str, inputs: str, files: list[str], skip: str | None = None, **extra) -> None:
        """`extra`: further keys of the record (the quick tests of a notulen unit, rapatgen.build.plan._plan)."""
        self.units[key] = {"inputs": inputs, "files": files, "skip": skip, **extra}
        self.dirty = True

    def forget_unit(self, key: str) -> None:
        if self.units.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        import json

        if not self.dirty:
            return
        data = {"versi": self.VERSION, "berkas": self.files, "unit": self.units}
        write_atomic(self.path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))
        self.dirty = False
        if self.legacy:  # once (looking into every meeting's folder on each save took 0.03-0.06 s at 500 meetings)
            for legacy in [self.root / LEGACY_MANIFEST, *self.root.glob(f"*/{LEGACY_MANIFEST}")]:
                legacy.unlink(missing_ok=True)
            self.legacy = False
