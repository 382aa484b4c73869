# The browser drill launches Chromium as the journeys in tests/e2e do.
from tests.e2e.conftest import browser_type_launch_args  # noqa: F401
