"""`python -m generator` is the `chuongtrinh` command."""
from .cli import main

main()
