"""`python -m generator` is the `chuongtrinh` command."""
from generator.cli import main

main()
