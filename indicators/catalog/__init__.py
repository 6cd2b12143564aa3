"""The indicator catalogue: one declaration per indicator, discovered from the theme modules.

Every module in this package that defines ``INDICATORS`` (a tuple of
:class:`~indicators.catalog.model.Indicator`) contributes to the registry. To add an indicator,
declare it in the theme module of its mission (or a new module here): nothing else needs to
change. Importing the catalogue does no I/O.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from indicators.catalog.model import Indicator, Slice

__all__ = ["Indicator", "Slice", "all_indicators", "get_indicator"]


@cache
def all_indicators() -> tuple[Indicator, ...]:
    """Return every declared indicator, in module order then declaration order."""
    found: list[Indicator] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.extend(getattr(module, "INDICATORS", ()))
    ids = [indicator.id for indicator in found]
    duplicates = sorted({indicator_id for indicator_id in ids if ids.count(indicator_id) > 1})
    if duplicates:
        raise ValueError(f"indicator catalogue: duplicate id(s) {', '.join(duplicates)}")
    return tuple(found)


def get_indicator(indicator_id: str) -> Indicator:
    """Return one indicator by id; the error lists close ids."""
    for indicator in all_indicators():
        if indicator.id == indicator_id:
            return indicator
    import difflib  # noqa: PLC0415

    close = difflib.get_close_matches(indicator_id, [indicator.id for indicator in all_indicators()], n=5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"unknown indicator {indicator_id!r}{hint}")
