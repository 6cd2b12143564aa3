"""Start the dashboard's Streamlit server with its caches warmed before the first visitor.

``hhu dashboard`` runs this file. A background thread loads the current generation's tables, the
region model and the charting libraries into the process while Streamlit starts, so the first
visitor does not wait for them (``st.cache_resource`` is shared by every session of the process).

Usage: ``python dashboard/serve.py [--port 8501]``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "streamlit_app.py"


def warm() -> None:
    """Import what the pages use and fill the data caches; failures are left to the first page load."""
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    quiet.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())  # expected in this thread
    try:
        from dashboard import charts, components, data  # noqa: F401, PLC0415

        data.warm()
    except Exception:  # noqa: BLE001 - a broken store is shown to the visitor, not here
        return


def main(argv: list[str] | None = None) -> int:
    """Start the warm-up thread, then Streamlit (blocks until the server stops)."""
    parser = argparse.ArgumentParser(prog="serve.py")
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # Streamlit and Plotly are imported here, before the thread starts: their imports are not thread-safe.
    import plotly.graph_objects  # noqa: F401, PLC0415
    from streamlit.web import cli as streamlit_cli  # noqa: PLC0415

    threading.Thread(target=warm, name="hhu-warm-up", daemon=True).start()

    sys.argv = ["streamlit", "run", str(APP), "--server.port", str(args.port), "--server.headless", "true",
                "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    return streamlit_cli.main()


if __name__ == "__main__":
    sys.exit(main())
