"""The ``afterview`` command line: the app, and the shell commands around it."""
