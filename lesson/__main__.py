"""``python -m lesson`` (and the ``lesson`` console script)."""

from __future__ import annotations

import sys

from lesson.cli import main

if __name__ == "__main__":
    sys.exit(main())
