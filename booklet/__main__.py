"""`python -m booklet` runs the command line."""

from .cli import main

main()
