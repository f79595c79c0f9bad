"""`python -m coalition` runs the command line."""

from coalition.cli import app

app(prog_name="coalition")
