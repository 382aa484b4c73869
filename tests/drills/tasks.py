"""A task for the worker drill, importable by a real worker process."""

import time
from pathlib import Path

from django_tasks import task


@task()
def hangs_the_first_time(marker: str) -> str:
    """Hang on the first run (the drill kills the worker meanwhile); finish at once when run again."""
    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        time.sleep(120)
    return "finished"
