"""`python -m desktop` is the same as `clc`."""

import sys

from desktop.cli import main

sys.exit(main())
