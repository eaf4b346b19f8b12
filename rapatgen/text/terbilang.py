"""Numbers in words ("dua ratus lima puluh"): num2words' Indonesian converter, loaded on its own.

`import num2words` imports every one of its languages (some 60 modules, ≈ 15 ms of CPU) in each process
that spells a number — and one meeting's documents do (a letter's number of pages, a berita acara's date).
Its Indonesian module, `num2words/lang_ID.py`, imports nothing: it is loaded here from the installed
package's folder without running the package's `__init__`, and `SPELLER.to_cardinal(n)` is what
`num2words(n, lang="id")` calls for an integer. Should a num2words release make that module need its
package, the package is imported as before (same words, only slower).
"""

from __future__ import annotations


def _indonesian():
    import importlib.util
    import os
    import sys

    if "num2words" not in sys.modules:  # already paid for: use it
        try:
            package = importlib.util.find_spec("num2words")  # found, not run
            path = os.path.join(list(package.submodule_search_locations)[0], "lang_ID.py")
            spec = importlib.util.spec_from_file_location(f"{__name__}._lang_ID", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.Num2Word_ID()
        except Exception:  # noqa: BLE001 - any change in the package's layout: import it whole below
            pass
    from num2words import CONVERTER_CLASSES

    return CONVERTER_CLASSES["id"]


SPELLER = _indonesian()
