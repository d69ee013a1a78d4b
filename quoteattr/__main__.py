"""``python -m quoteattr``: the same as the ``quoteattr`` command."""

import sys

from quoteattr.cli import main

sys.exit(main())
