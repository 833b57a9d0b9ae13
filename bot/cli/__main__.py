"""`python -m bot.cli`: the same as the `linli` console script."""

import sys

from bot.cli.launch import main

sys.exit(main())
