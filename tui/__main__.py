"""``python -m tui``: the same as the ``afterview`` command."""

from tui.cli.main import main

main(prog_name="afterview")
