"""Charts drawn once and kept in the signed cache (`.rapatgen/cache/grafik/`), keyed by what they show."""

from __future__ import annotations

from pathlib import Path

from rapatgen.files import cache

CHARTS = "grafik"


def _matplotlib_version() -> str:
    """What the charts' key holds of matplotlib: the text of its `_version.py` ('version = "3.11.2"'),
    read where the package is found, without importing it — or its version from the distribution's
    metadata where that file is missing. The metadata lookup imports importlib.metadata (with email,
    csv, socket: ≈ 9 ms of CPU), which a build that draws or reuses one chart needed for nothing else."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("matplotlib")  # found, not imported
        if spec is not None and spec.origin:
            return "_version.py:" + (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
    except (OSError, ValueError, ImportError):
        pass
    try:
        from importlib.metadata import version

        return version("matplotlib")
    except Exception:
        return "-"


class ChartCache:
    """PNG bytes of indicator charts, keyed by the indicator's data and the tool (`.rapatgen/cache/grafik`).

    A notulen or a dashboard made again after one meeting changed draws no chart drawn before
    (and does not import matplotlib): the key hashes every field of the indicator (repr,
    Decimals exact), the tool (version and installed package) and matplotlib's version. Signed
    like every cache file, with its key inside the signed bytes: a foreign, edited, cut-short or
    swapped entry (the file of another chart under this key's name) is a miss. `prune()` removes
    entries no chart of the last full use needed (the dashboard, which shows every chart).
    """

    def __init__(self, root: Path | None):
        self.folder = Path(root) / cache.CACHE_DIR / CHARTS if root is not None and cache._key() is not None else None
        self.used: set[str] = set()
        self.seen: dict[str, bytes] = {}
        self._tool: str | None = None

    def _key(self, ind) -> str:
        if self._tool is None:
            self._tool = cache.digest(cache.tool_digest(), _matplotlib_version())
        return cache.digest(self._tool, repr(ind))

    def key(self, ind) -> str:
        """The key of an indicator's chart (its data and the tool); `prune()` keeps its entry."""
        key = self._key(ind)
        self.used.add(key)
        return key

    def png(self, ind) -> bytes:
        from rapatgen.documents import grafik

        if self.folder is None:
            return grafik.draw(ind)
        key = self._key(ind)
        if key in self.seen:  # one indicator often returns in several meetings
            return self.seen[key]
        self.used.add(key)
        path = self.folder / f"{key}.bin"
        bound = key.encode("ascii") + b"\n"  # the key is inside the signed bytes: a swapped file is a miss
        stored = cache.read_signed(path)
        if stored is None or not stored.startswith(bound):
            payload = grafik.draw(ind)
            cache.write_signed(path, bound + payload)
        else:
            payload = stored[len(bound):]
            grafik.remember(ind, payload)
        self.seen[key] = payload
        return payload

    def prune(self) -> None:
        if self.folder is not None:
            cache._prune(self.folder, self.used)


# --- the stamp of the last complete build -------------------------------------------------------
