"""``afterview check FILE``: the composer's checks on a note written elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.fixtures import make_compose_db

GOOD = """Dear Dana,

Thank you for taking the time to talk with me on Friday about the backend role. I enjoyed
hearing about your move to Postgres and how the on-call rotation works on the team, and it
made me even more excited about the position and the work ahead.

I look forward to hearing about the next steps.

Best regards,
Alex Rivera
"""


@pytest.fixture
def compose_db(tmp_path: Path) -> Path:
    return make_compose_db(tmp_path / "compose.db")


def _note(tmp_path: Path, text: str, name: str = "note.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(out: str) -> dict[str, str]:
    """check id → severity, from lines such as 'warning tone          Sounds …'."""
    found = {}
    for line in out.splitlines():
        severity, check_id, *_ = line.split()
        found[check_id] = severity
    return found


def test_an_unfilled_slot_is_an_error_and_exit_1(compose_db: Path, tmp_path: Path) -> None:
    note = _note(tmp_path, GOOD.replace("Friday", "[the day]"))
    code, out, _ = run_cli("--db", str(compose_db), "check", str(note), "--kind", "thank_you")
    assert code == 1
    assert _lines(out)["placeholder"] == "error"
    assert "Fill in or delete [the day]" in out


def test_the_record_makes_the_checks_specific(compose_db: Path, tmp_path: Path) -> None:
    good = _note(tmp_path, GOOD)
    code, out, err = run_cli("--db", str(compose_db), "check", str(good), "--app", "Acme",
                             "--to", "Dana Lee", "--kind", "thank_you")
    assert code == 0, err
    assert "specifics" not in _lines(out) and "error" not in _lines(out).values()
    vague = _note(tmp_path, GOOD.replace("your move to Postgres and how the on-call rotation "
                                         "works on the team", "the work"), "vague.txt")
    code, out, _ = run_cli("--db", str(compose_db), "check", str(vague), "--app", "Acme",
                           "--to", "Dana Lee", "--kind", "thank_you")
    assert code == 0
    assert _lines(out)["specifics"] == "warning"  # the round's talking points are not in it


def test_a_draft_with_headers_is_read_as_a_message(compose_db: Path, tmp_path: Path) -> None:
    plain = _note(tmp_path, GOOD)
    code, out, _ = run_cli("--db", str(compose_db), "check", str(plain), "--kind", "thank_you")
    assert "subject" in _lines(out)
    draft = _note(tmp_path, "Subject: Thank you for Friday\nTo: Dana Lee <dana@acme.com>\n\n"
                  + GOOD, "draft.eml")
    code, out, _ = run_cli("--db", str(compose_db), "check", str(draft), "--kind", "thank_you")
    assert code == 0 and "subject" not in _lines(out)


@pytest.mark.parametrize("spelled", ["thank-you", "Thank_You", " thank-you "])
def test_the_kind_may_be_spelled_with_hyphens(compose_db: Path, tmp_path: Path,
                                              spelled: str) -> None:
    note = _note(tmp_path, GOOD.replace("Friday", "[the day]"))
    expected = run_cli("--db", str(compose_db), "check", str(note), "--kind", "thank_you")
    assert run_cli("--db", str(compose_db), "check", str(note), "--kind", spelled) == expected
    assert expected[0] == 1 and "placeholder" in _lines(expected[1])


def test_standard_input(compose_db: Path) -> None:
    code, out, _ = run_cli("--db", str(compose_db), "check", "-", "--kind", "thank_you",
                           input_text="Hi [name], I really need this job.")
    assert code == 1
    assert {"placeholder", "tone"} <= set(_lines(out))


@pytest.mark.parametrize("args,content", [
    (("nowhere.txt",), None),
    (("note.txt",), b"\xff\xfe not utf-8 \xc3"),
    (("note.txt",), b"Dear Dana,\x1b]0;pwned\x07 thanks"),
    (("note.txt", "--app", "Nobody Inc"), b"Dear Dana"),
    (("note.txt", "--app", "Acme", "--to", "Someone Else"), b"Dear Dana"),
    (("note.txt", "--kind", "sonnet"), b"Dear Dana"),
], ids=["missing", "not-utf8", "escape", "unknown-app", "unknown-person", "unknown-kind"])
def test_bad_input_is_one_line_and_exit_2(compose_db: Path, tmp_path: Path,
                                          args: tuple[str, ...], content: bytes | None) -> None:
    if content is not None:
        (tmp_path / "note.txt").write_bytes(content)
    path, *rest = args
    code, out, err = run_cli("--db", str(compose_db), "check", str(tmp_path / path), *rest)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "\x1b" not in err
