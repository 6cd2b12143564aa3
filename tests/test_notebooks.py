"""The analysts' notebooks: stored without outputs, and each runs top to bottom against a built store."""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from indicators import config

NOTEBOOK_DIR = config.PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_verkennen.ipynb", "02_indicator_toevoegen.ipynb", "03_ongelijkheid.ipynb"]
CELL_TIMEOUT = 120  # seconds per cell


def _execute(notebook: nbformat.NotebookNode) -> float:
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def test_the_three_notebooks_are_there_without_outputs() -> None:
    assert [path.name for path in NOTEBOOKS] == EXPECTED
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata["kernelspec"]["name"] == "python3"
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: stored with outputs"


def test_exploring_uses_only_the_public_api() -> None:
    notebook = nbformat.read(NOTEBOOK_DIR / "01_verkennen.ipynb", as_version=4)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert "StoreError" in code[0]  # the first cell sets up the data
    for source in code[1:]:
        for module in re.findall(r"(?:from|import)\s+(indicators[\w.]*)", source):
            assert module == "indicators", source
        assert re.findall(r"from indicators import (.+)", source) in ([], ["api"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(built_store: Path, path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    _execute(notebook)  # a hang is caught by CELL_TIMEOUT; speed belongs in bench/, not in a test
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert any("Opslag:" in output.get("text", "") for output in outputs)


def test_first_cell_builds_an_empty_store(mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "leeg"
    monkeypatch.setenv(config.DATA_ENV, str(store))  # the kernel inherits the environment
    monkeypatch.setenv(config.MIRROR_ENV, str(mirror))
    notebook = nbformat.read(NOTEBOOK_DIR / "01_verkennen.ipynb", as_version=4)
    notebook.cells = [next(cell for cell in notebook.cells if cell.cell_type == "code")]
    _execute(notebook)
    from indicators.store import current

    built = current(store)  # the store's current generation
    assert (built / "indicators.parquet").exists() and (built / "progress.parquet").exists()
