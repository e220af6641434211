"""``python -m prescriber`` — the same as the ``prescriber`` command."""

import sys

from prescriber.cli import main

sys.exit(main())
