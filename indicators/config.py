"""Where the project finds its mirror folder and keeps its data store.

* Store: ``$HHU_DATA`` if set, else ``data/`` in the checkout.
* Mirror: ``--mirror DIR`` on the command line, else ``$HHU_MIRROR``, else ``../shared/cbs``
  beside the checkout when that folder exists; with none of them, refresh goes live to CBS.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIRROR_ENV = "HHU_MIRROR"
DATA_ENV = "HHU_DATA"


def data_dir() -> Path:
    """Return the folder of the Parquet store (created on first write, not here)."""
    configured = os.environ.get(DATA_ENV)
    return Path(configured).expanduser().resolve() if configured else PROJECT_ROOT / "data"


def default_mirror() -> Path | None:
    """Return the mirror folder from the environment or beside the checkout, or None (go live)."""
    configured = os.environ.get(MIRROR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    beside = PROJECT_ROOT.parent / "shared" / "cbs"
    return beside if beside.is_dir() else None
