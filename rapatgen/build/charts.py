"""Charts drawn once and kept in the signed cache (`.rapatgen/cache/grafik/`), keyed by what they show."""

from __future__ import annotations

from pathlib import Path

from rapatgen.files import cache

CHARTS = "grafik"


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
            try:
                from importlib.metadata import version

                plot = version("matplotlib")
            except Exception:
                plot = "-"
            self._tool = cache.digest(cache.tool_digest(), plot)
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
