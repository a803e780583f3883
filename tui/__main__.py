"""``python -m tui``: the same as the ``afterview`` command."""

from tui.cli import main

main(prog_name="afterview")
