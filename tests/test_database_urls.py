"""A database URL that cannot be used is one line and exit 2: a missing driver
names what to install (psycopg is made unimportable for these, so the test
means the same whether the test extra installed it or not), an unknown kind
says what works; nothing else printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

#: The CLI as `python -m tui` runs it, in a Python where psycopg cannot be
#: imported (as on a machine without afterview[postgres]), installed or not.
NO_PSYCOPG = ("import runpy, sys; sys.modules['psycopg'] = None; "
              "runpy.run_module('tui', run_name='__main__', alter_sys=True)")


def without_psycopg(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-c", NO_PSYCOPG, *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("url, says", [
    ("postgresql://me:secret@localhost/jobs", "pip install 'afterview[postgres]'"),
    ("postgresql+psycopg://me@localhost/jobs", "pip install 'afterview[postgres]'"),
    ("mysql://me@localhost/jobs", "the mysql driver is not installed"),
    ("nosuch://me@localhost/jobs", "not a kind of database Afterview can open: nosuch://"),
    ("postgresql://me@localhost:notaport/jobs", "not a database URL: localhost:notaport"),
])
def test_an_unusable_url_is_one_line_and_exit_2(url: str, says: str) -> None:
    code, out, err = without_psycopg("--db", url, "today")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith("afterview: "), err
    assert says in err
    assert "secret" not in err and "Traceback" not in err
