"""The screens' typed view of the app (tui.host.AfterviewHost) matches the app:
a method the Protocol names exists on AfterviewApp with the same parameters."""

from __future__ import annotations

import inspect

from tui.app import AfterviewApp
from tui.host import AfterviewHost


def protocol_members() -> list[str]:
    return [name for name, value in vars(AfterviewHost).items()
            if not name.startswith("_") and callable(value)]


def test_the_app_has_every_method_the_screens_may_call_with_the_same_parameters() -> None:
    names = protocol_members()
    assert {"write", "write_now", "announce", "open_form", "show_details"} <= set(names)
    for name in names:
        expected = inspect.signature(getattr(AfterviewHost, name))
        actual = inspect.signature(getattr(AfterviewApp, name))
        assert list(actual.parameters) == list(expected.parameters), name


def test_the_app_has_the_attributes_the_screens_read() -> None:
    app = AfterviewApp(db_target=":memory:")
    for name in AfterviewHost.__annotations__:
        assert hasattr(app, name), name
