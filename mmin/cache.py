"""The "shared" cache backend: Django's file-based cache, counting its files now and then rather than on every set.

FileBasedCache lists its whole directory on each set to see whether it is over MAX_ENTRIES;
with thousands of cached pages that listing cost more than rendering the page being stored.
Checking on one set in CULL_EVERY keeps the size bounded (a little over MAX_ENTRIES at worst).
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100


class SharedFileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:  # noqa: S311 -- sampling, not security
            super()._cull()
