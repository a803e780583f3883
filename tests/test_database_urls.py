"""A database URL that cannot be used is one line and exit 2: a missing driver
names what to install, an unknown kind says what works; nothing else printed."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize("url, says", [
    ("postgresql://me:secret@localhost/jobs", "pip install 'afterview[postgres]'"),
    ("postgresql+psycopg://me@localhost/jobs", "pip install 'afterview[postgres]'"),
    ("mysql://me@localhost/jobs", "the mysql driver is not installed"),
    ("nosuch://me@localhost/jobs", "not a kind of database Afterview can open: nosuch://"),
    ("postgresql://me@localhost:notaport/jobs", "not a database URL: localhost:notaport"),
])
def test_an_unusable_url_is_one_line_and_exit_2(url: str, says: str) -> None:
    if "postgres" in url and "notaport" not in url and importlib.util.find_spec("psycopg"):
        pytest.skip("psycopg is installed here: the driver is not missing")
    code, out, err = run_cli("--db", url, "today")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith("afterview: "), err
    assert says in err
    assert "secret" not in err and "Traceback" not in err
