"""Bench hook: Typst's own time, and rendering's, in every process of a rapatgen run (bench/measure.py).

On PYTHONPATH with RAPATGEN_BENCH_TYPST=<folder> set, Python runs this at start-up in the build and
in each worker it spawns. When `typst` is first imported, its Compiler and its module functions
(compile, compile_with_warnings, query, eval) are wrapped: each call's CPU time (time.process_time:
every thread of the process, Typst's own included) and wall time are added up, and the process's
totals are written to <folder>/<pid>.json every half second and as the process ends (atexit;
in a worker, multiprocessing's exit finalizers).
Likewise every `render_*` function of a `rapatgen.render…` module (the backends: document model →
PDF, DOCX, XLSX bytes, and the bundle), as `render_cpu` / `render_wall` / `render_calls`: the CPU
*outside rendering* is the tree's less that (Typst's time is inside it).
rapatgen itself is not changed; without the variable nothing is wrapped.
"""

import importlib.abc
import importlib.util
import json
import os
import sys
import time

_FOLDER = os.environ.get("RAPATGEN_BENCH_TYPST")
_TOTALS = {"calls": 0, "cpu": 0.0, "wall": 0.0, "render_calls": 0, "render_cpu": 0.0, "render_wall": 0.0}
_depth = {"": 0, "render_": 0}


def _timed(fn, prefix: str = ""):
    def call(*args, **kwargs):
        if _depth[prefix]:
            return fn(*args, **kwargs)
        _depth[prefix] += 1
        _hook_worker_exit()
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _TOTALS[prefix + "cpu"] += time.process_time() - cpu
            _TOTALS[prefix + "wall"] += time.perf_counter() - wall
            _TOTALS[prefix + "calls"] += 1
            _depth[prefix] -= 1
            if time.monotonic() - _dumped[0] >= DUMP_EVERY_S:
                _dump()
    return call


DUMP_EVERY_S = 0.5
_dumped = [0.0]


def _dump() -> None:
    """The totals to <folder>/<pid>.json: at most every DUMP_EVERY_S during the run (writing them after each
    call cost ≈ 0.1 ms a call, CPU the bench counted outside Typst), and once more as the process ends."""
    _dumped[0] = time.monotonic()
    with open(os.path.join(_FOLDER, f"{os.getpid()}.json"), "w") as fh:
        json.dump(_TOTALS, fh)


def _wrap_render(module) -> None:
    """Every render_* function defined in a rapatgen.render module, timed as rendering."""
    for name, value in list(vars(module).items()):
        if name.startswith("render_") and callable(value) and getattr(value, "__module__", None) == module.__name__:
            setattr(module, name, _timed(value, "render_"))


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
    """Loads a module as its own loader does, then hands it to `then`."""

    def __init__(self, inner, then):
        self.inner, self.then = inner, then

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        self.then(module)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the modules `wanted(name)` picks as the other finders do, with a `_Loader` calling `then`."""

    def __init__(self, wanted, then):
        self.wanted, self.then, self.looking = wanted, then, set()

    def find_spec(self, name, path, target=None):
        if not self.wanted(name) or name in self.looking:
            return None
        self.looking.add(name)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self.looking.discard(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader, self.then)
        return spec


def after_import(wanted, then) -> None:
    """Call `then(module)` as each module whose name `wanted` picks is imported, where and when the program
    imports it (bench/oneshot.py wraps the build's parts this way too)."""
    sys.meta_path.insert(0, _Finder(wanted, then))


if _FOLDER:
    after_import(lambda name: name == "typst" or name.startswith("rapatgen.render"),
                 lambda module: (_wrap if module.__name__ == "typst" else _wrap_render)(module))
    import atexit

    atexit.register(lambda: (_TOTALS["calls"] or _TOTALS["render_calls"]) and _dump())  # the build's process
    _exit_hooked = []

    def _hook_worker_exit() -> None:
        """A worker process ends through multiprocessing (os._exit, no atexit): its finalizers run first."""
        if not _exit_hooked and "multiprocessing" in sys.modules:
            import multiprocessing.util

            multiprocessing.util.Finalize(None, _dump, exitpriority=100)
            _exit_hooked.append(True)
