"""How much the first frame shows, shared by the CLI, which reads it in a forked
process (storage.fastpath.aside), and Today, which shows it. Imports nothing heavy."""

#: Today's rows before the full store has opened: a screenful at 40 lines (each
#: row is two lines). The list measures every row it is given, so the first
#: frame gets no more than it can show; the rest comes with the full load.
FIRST_FRAME_ROWS = 20
