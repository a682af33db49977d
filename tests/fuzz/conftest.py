"""Hypothesis profiles for the fuzz targets, chosen by SMS_FUZZ_PROFILE: `quick` (the default, what `make test`
runs: 50 examples per target) or `fuzz` (`make fuzz`: 10,000 examples per target).

Every target takes its settings from FUZZ, so the profile never changes the other property tests of the suite.
No deadline: a slow example on a busy machine is not a failure; a crash or a wrong answer is.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("quick", max_examples=50, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("SMS_FUZZ_PROFILE", "quick")
FUZZ = settings(settings.get_profile(PROFILE))
"""Decorate each fuzz target with @FUZZ (after @given)."""
