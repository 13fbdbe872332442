"""``python -m reelwise`` runs the command line."""

from reelwise.cli.main import run

if __name__ == "__main__":
    run()
