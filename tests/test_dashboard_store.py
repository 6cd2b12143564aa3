"""The dashboard and the store's generations: new data for new sessions, never a traceback or a server path.

AppTest runs the app in this process, so the caches of :mod:`dashboard.data` carry over from one
run to the next as they do between the sessions of one server.
"""

from __future__ import annotations

import argparse
import shutil
import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data as dashboard_data
from indicators import cli, config, pipeline, store
from indicators.refresh import refresh

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"


def run_app(page: str = "bronnen", lang: str = "nl") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["page"] = page
    if lang != "nl":
        app.query_params["lang"] = lang
    app.run()
    return app


def texts(app: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "code"):
        parts.extend(str(element.value) for element in app.get(kind))
    return "\n".join(parts)


def _damage(path: Path) -> None:
    """Overwrite a file in place with something that is not what it should be."""
    path.write_bytes(b"<html>not a parquet file</html>")


@pytest.fixture(scope="module")
def two_generations(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's store with a second generation built on top of it."""
    root = tmp_path_factory.mktemp("dash-store") / "data"
    shutil.copytree(built_store, root)
    pipeline.build(root)
    return root


@pytest.fixture
def root(two_generations: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(two_generations, copy)
    monkeypatch.setenv(config.DATA_ENV, str(copy))
    return copy


def _assert_plain(app: AppTest, root: Path) -> str:
    assert not app.exception, app.exception
    notices = "\n".join(str(element.value) for kind in ("info", "warning", "error") for element in app.get(kind))
    assert str(root) not in notices and "/tmp/" not in notices  # no server path in what the store says
    shown = texts(app)
    assert "Traceback" not in shown
    return shown


def test_a_new_session_after_a_refresh_reads_the_new_generation(root: Path, mirror: Path) -> None:
    app = run_app()
    _assert_plain(app, root)
    first = store.current(root)
    assert dashboard_data._SEEN["generation"] == str(first)
    results = refresh(root, mirror, ["86050NED"], progress=None, force=True)
    assert results.switched
    new = store.current(root)
    app = run_app()  # a new visitor
    shown = _assert_plain(app, root)
    assert dashboard_data._SEEN["generation"] == str(new)
    updated = store.read_manifest(new)["updated_at"]
    assert dashboard_data.manifest()["updated_at"] == updated
    assert updated != store.read_manifest(first)["updated_at"] or updated[:10] in shown


def test_a_damaged_current_generation_shows_the_last_good_one(root: Path) -> None:
    previous = store.previous(root)
    _damage(store.current(root) / "indicators.parquet")
    app = run_app()
    shown = _assert_plain(app, root)
    assert "De nieuwste gegevens konden niet worden gelezen" in shown and "laatste goede versie" in shown
    assert dashboard_data._SEEN["generation"] == str(previous)


def test_a_damaged_pointer_shows_the_newest_good_generation(root: Path) -> None:
    newest = store.current(root)
    (root / store.CURRENT_NAME).write_text("garbage\n")
    app = run_app(lang="en")
    shown = _assert_plain(app, root)
    assert "The newest data could not be read. The dashboard shows the last good version" in shown
    assert dashboard_data._SEEN["generation"] == str(newest)


def test_a_file_that_breaks_after_the_check_falls_back_on_the_next_run(root: Path) -> None:
    app = run_app("kaart")
    _assert_plain(app, root)
    current = store.current(root)
    _damage(current / "geo" / "gemeenten.geojson")  # after the generation passed its seal in this process
    import streamlit as st

    st.cache_resource.clear()  # as when the cached boundaries were evicted: the page reads the file again
    app = run_app("kaart")
    shown = _assert_plain(app, root)
    assert "laatste goede versie" in shown
    assert dashboard_data._SEEN["generation"] == str(store.previous(root))


def test_an_empty_store_says_so_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(config.DATA_ENV, str(empty))
    app = run_app()
    shown = _assert_plain(app, empty)
    assert "Er zijn nog geen gegevens" in shown and "hhu refresh" in shown


def test_every_generation_damaged_says_so_in_plain_words(root: Path) -> None:
    for name in store.generation_names(root):
        _damage(store.generations_dir(root) / name / "progress.parquet")
    app = run_app()
    shown = _assert_plain(app, root)
    assert "De gegevens konden niet worden gelezen" in shown


# ----- hhu dashboard -------------------------------------------------------------------------------------
@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    import subprocess

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda command, **_: started.append(command) or 0)
    return started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dashboard_starts_on_the_last_good_build_when_the_refresh_fails(root: Path, tmp_path: Path, no_server,
                                                                        capsys) -> None:
    bad = tmp_path / "bad-mirror"
    (bad / "tables").mkdir(parents=True)
    (bad / "tables" / "86059NED.csv").write_text("not;a;table\n")
    before = store.current(root)
    code = cli.main(["dashboard", "--mirror", str(bad), "--port", str(_free_port())])
    captured = capsys.readouterr()
    assert code == 0
    assert "hhu: verversen mislukt: " in captured.err and "86059NED" in captured.err
    assert f"Het dashboard start met de laatste goede versie ({before.name}" in captured.out
    assert no_server and no_server[0][1].endswith("serve.py")
    assert store.current(root) == before


def test_dashboard_without_any_good_build_is_one_line(tmp_path: Path, monkeypatch, no_server, capsys) -> None:
    empty = tmp_path / "empty"
    monkeypatch.setenv(config.DATA_ENV, str(empty))
    bad = tmp_path / "bad-mirror"
    (bad / "tables").mkdir(parents=True)
    code = cli.main(["dashboard", "--mirror", str(bad), "--port", str(_free_port())])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and not no_server
    assert err[-1].startswith("hhu: geen bruikbare gegevens in de opslag ")
    assert err[-1].count("hhu refresh") == 1  # said once, in Dutch


def test_dashboard_on_a_port_in_use_is_one_line(root: Path, no_server, capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli.main(["dashboard", "--no-refresh", "--port", str(port)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1 and err[0].startswith(f"hhu: --port {port}: ")
    assert not no_server


def test_warm_up_fills_the_caches_before_the_first_visitor(root: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("hhu_serve", APP.parent / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    serve.warm()
    assert dashboard_data._SEEN["generation"] == str(store.current(root))
    assert not dashboard_data.indicators().empty


def test_stale_build_is_rebuilt_into_a_new_generation(root: Path, no_server, monkeypatch, capsys) -> None:
    before = store.current(root)
    monkeypatch.setattr(cli, "_build_is_stale", lambda data: True)
    assert cli.cmd_dashboard(argparse.Namespace(no_refresh=True, port=_free_port(), mirror=None, live=False,
                                                baseline_year=None)) == 0
    assert store.current(root) != before and store.previous(root) == before


def test_sessions_during_a_switch_never_fail(root: Path) -> None:
    from tests.store_helpers import hhu

    before = store.current(root)
    writer = hhu("build", data=root, background=True)
    runs = 0
    while writer.poll() is None or runs < 2:
        app = run_app("missies")
        _assert_plain(app, root)
        runs += 1
    assert writer.wait() == 0, writer.communicate()[1]
    app = run_app("missies")
    _assert_plain(app, root)
    assert dashboard_data._SEEN["generation"] == str(store.current(root)) != str(before)
