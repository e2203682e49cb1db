import sys

from .cli import main

if __name__ == "__main__":  # not when a spawned worker (macOS, Windows) imports this module again
    sys.exit(main())
