"""Bench hook: Typst's own time in every process of a rapatgen run (bench/measure.py: with_typst_timing).

On PYTHONPATH with RAPATGEN_BENCH_TYPST=<folder> set, Python runs this at start-up in the build and
in each worker it spawns. When `typst` is first imported, its Compiler and its module functions
(compile, compile_with_warnings, query, eval) are wrapped: each call's CPU time (time.process_time:
every thread of the process, Typst's own included) and wall time are added up, and the process's
totals are written to <folder>/<pid>.json after each call (a worker ends without running atexit).
rapatgen itself is not changed; without the variable nothing is wrapped.
"""

import importlib.abc
import importlib.util
import json
import os
import sys
import time

_FOLDER = os.environ.get("RAPATGEN_BENCH_TYPST")
_TOTALS = {"calls": 0, "cpu": 0.0, "wall": 0.0}
_depth = [0]


def _timed(fn):
    def call(*args, **kwargs):
        if _depth[0]:
            return fn(*args, **kwargs)
        _depth[0] += 1
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _TOTALS["cpu"] += time.process_time() - cpu
            _TOTALS["wall"] += time.perf_counter() - wall
            _TOTALS["calls"] += 1
            _depth[0] -= 1
            with open(os.path.join(_FOLDER, f"{os.getpid()}.json"), "w") as fh:
                json.dump(_TOTALS, fh)
    return call


def _wrap(module) -> None:
    real = module.Compiler

    class Compiler:
        """typst.Compiler with each call timed; building one (fonts, the world) counts as Typst's too."""

        def __init__(self, *args, **kwargs):
            self._real = _timed(real)(*args, **kwargs)

        def __getattr__(self, name):
            attr = getattr(self._real, name)
            return _timed(attr) if callable(attr) else attr

    module.Compiler = Compiler
    for name in ("compile", "compile_with_warnings", "query", "eval"):
        if hasattr(module, name):
            setattr(module, name, _timed(getattr(module, name)))


class _Loader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        _wrap(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "typst":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


if _FOLDER:
    sys.meta_path.insert(0, _Finder())
