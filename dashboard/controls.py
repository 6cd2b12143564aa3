"""The pickers every page shares, each bound to the view in the URL (:mod:`dashboard.state`).

A picker shows the view's current value and, when the user changes it, writes the new value
back to the view through an ``on_change`` callback, before the page runs again.

Pickers whose options are words (region names, indicator titles) carry the language in their
widget key (:func:`lang_key`): switching the language makes a new widget, so every option and
tag is drawn in the new language at once (the browser keeps a widget's option labels otherwise).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import t
from indicators.catalog import get_indicator

LARGE_TEXT_KEY = "hhu_large_text"


def lang_key(key: str, lang: str | None = None) -> str:
    """The widget key for the language: ``key`` in Dutch, ``key_en`` in English."""
    lang = state.current().lang if lang is None else lang
    return key if lang != "en" else f"{key}_en"


def language_switch() -> str:
    """Dutch/English switch; returns the language."""
    view = state.current()
    state.bind("w_lang", view.lang)
    st.segmented_control(
        t("language", view.lang), ["nl", "en"], key="w_lang", required=True,
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        on_change=state.copy_widget("lang", "w_lang"),
    )
    return state.current().lang


def region_picker(label_key: str = "region", codes: list[str] | None = None, key: str = "w_region",
                  fallback: str = data.DEFAULT_REGION) -> str:
    """Region selectbox bound to ``view.region``; returns the chosen code.

    Args:
        label_key: i18n key of the label.
        codes: region codes to offer (default: every region).
        key: widget key (pages that offer only municipalities use their own key).
        fallback: shown when the view's region is not among ``codes``.
    """
    view = state.current()
    key = lang_key(key, view.lang)
    options = list(codes) if codes is not None else list(data.region_codes())
    chosen = view.region if view.region in options else fallback if fallback in options else options[0]
    state.bind(key, chosen)
    labels = data.region_labels(view.lang)
    st.selectbox(
        t(label_key, view.lang), options, key=key, format_func=lambda code: labels.get(code, code),
        on_change=_new_region, args=(key,),
    )
    return chosen


def _new_region(key: str) -> None:
    """A new region in focus: the extra regions chosen for the old one no longer apply."""
    state.update(region=st.session_state[key], compare=())


def indicator_picker(ids: list[str], key: str = "w_indicator") -> str:
    """Single indicator selectbox bound to the view's main indicator; returns the id."""
    view = state.current()
    key = lang_key(key, view.lang)
    chosen = view.indicator if view.indicator in ids else ids[0]
    state.bind(key, chosen)
    st.selectbox(
        t("indicator", view.lang), ids, key=key, format_func=lambda item: get_indicator(item).title(view.lang),
        on_change=state.copy_widget("indicators", key, lambda value: (value, *[
            other for other in state.current().indicators if other != value])),
    )
    return chosen


def indicators_picker(ids: list[str], default: list[str], key: str = "w_indicators", at_least: int = 1) -> list[str]:
    """Multi-select of indicators bound to the view's indicators; returns the ids.

    Args:
        ids: indicators to offer.
        default: the selection when the view holds fewer than ``at_least`` of ``ids``.
        key: widget key.
        at_least: how many of the view's indicators make it the selection (a comparison
            page wants several, so one chosen indicator elsewhere does not replace its default).
    """
    view = state.current()
    key = lang_key(key, view.lang)
    from_view = [item for item in view.indicators if item in ids]
    chosen = from_view if len(from_view) >= at_least else [item for item in default if item in ids]
    state.bind(key, chosen)
    st.multiselect(
        t("indicators", view.lang), ids, key=key, format_func=lambda item: get_indicator(item).title(view.lang),
        on_change=state.copy_widget("indicators", key, lambda value: tuple(value) or state.current().indicators),
        max_selections=12,
    )
    return chosen


def period_picker(periods: list[str], key: str = "w_period") -> str:
    """Period selectbox (newest first) bound to ``view.period``; returns the period key."""
    view = state.current()
    options = list(reversed(periods))
    chosen = view.period if view.period in options else options[0]
    state.bind(key, chosen)
    st.selectbox(t("period", view.lang), options, key=key, on_change=state.copy_widget("period", key))
    return chosen


def regions_picker(label_key: str, codes: list[str], default: list[str], key: str) -> list[str]:
    """Multi-select of regions bound to ``view.compare``; returns the chosen codes."""
    view = state.current()
    key = lang_key(key, view.lang)
    chosen = [code for code in view.compare if code in codes] or [code for code in default if code in codes]
    state.bind(key, chosen)
    labels = data.region_labels(view.lang)
    st.multiselect(
        t(label_key, view.lang), codes, key=key, format_func=lambda code: labels.get(code, code),
        on_change=state.copy_widget("compare", key, tuple), max_selections=16,
    )
    return chosen


def large_text_toggle() -> bool:
    """The "grote letters" switch for projectors (kept for the session)."""
    view = state.current()
    return st.toggle(t("large_text", view.lang), key=LARGE_TEXT_KEY)


def large_text() -> bool:
    """Whether large text is on."""
    return bool(st.session_state.get(LARGE_TEXT_KEY, False))
