"""Shared fixtures: the mirror folder and a store built from it once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indicators import config

MIRROR_MISSING = "no StatLine mirror folder (set HHU_MIRROR or put ../shared/cbs beside the checkout)"


def _clear_api_caches() -> None:
    from indicators import api

    for loader in (api.regions, api.indicators_table, api.progress_table):
        loader.cache_clear()


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The mirror folder (``../shared/cbs`` or ``$HHU_MIRROR``); skips when there is none."""
    folder = config.default_mirror()
    if folder is None or not (folder / "tables").is_dir():
        pytest.skip(MIRROR_MISSING)
    return folder


@pytest.fixture(scope="session")
def refreshed_store(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store root refreshed from the mirror: one generation with raw tables, manifest, geometry and the build."""
    from indicators.refresh import refresh

    data = tmp_path_factory.mktemp("store")
    refresh(data, mirror, progress=None)
    return data


@pytest.fixture(scope="session")
def built_store(refreshed_store: Path) -> Path:
    """The refreshed store (a refresh builds too); sets HHU_DATA."""
    os.environ[config.DATA_ENV] = str(refreshed_store)
    _clear_api_caches()
    return refreshed_store
