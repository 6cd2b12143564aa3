"""The language of the messages a person reads: errors and notices of the store, the lock and the sources.

Every message that can reach a user (a ``hhu: ...`` line, a warning, a notice) is written in both
languages where it is raised, Dutch first: ``raise StoreError(say(f"{path}: beschadigd",
f"{path}: damaged"))``. Which one is used is the language of the command that runs: Dutch by
default, English when ``hhu`` is given ``--lang en`` (:func:`use`). The choice lives in a context
variable, so threads and tests that set it do not disturb each other.

Example::

    from indicators import messages
    with messages.language("en"):
        ...  # messages raised here are in English
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("nl", "en")
_LANGUAGE: ContextVar[str] = ContextVar("hhu_message_language", default="nl")


def current() -> str:
    """The language messages are written in now (``nl`` unless set to ``en``)."""
    return _LANGUAGE.get()


def use(lang: str | None) -> None:
    """Write messages in ``lang`` from now on (anything but ``en`` means Dutch)."""
    _LANGUAGE.set("en" if lang == "en" else "nl")


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Write messages in ``lang`` inside the block, and in the previous language after it."""
    token = _LANGUAGE.set("en" if lang == "en" else "nl")
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def say(nl: str, en: str) -> str:
    """The message in the current language: ``nl`` (Dutch) or ``en`` (English)."""
    return en if _LANGUAGE.get() == "en" else nl
