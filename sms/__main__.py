"""`python -m sms`."""

import sys

from sms.cli import main

sys.exit(main())
