"""``python -m voicelint`` runs the command line."""

from voicelint.cli import main

main()
