"""``python -m prescriber`` — the same as the ``prescriber`` command."""

import sys

from prescriber.cli import main

if __name__ == "__main__":  # worker processes of `prescriber batch` import this module again
    sys.exit(main())
