"""Files the returns portal keeps in storage while a customer's request is being written
(they wait there until the claim is sent, so a failed step loses nothing), and their cleanup."""

import contextlib
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

STAGED_DIR = "warranty/portal-uploads"
STAGED_MAX_AGE = 24 * 60 * 60  # seconds a staged file may wait for its claim to be sent


def remove_stale_uploads(now: datetime | None = None, max_age: int = STAGED_MAX_AGE) -> int:
    """Delete staged files older than `max_age` (their form can no longer send them: the
    reference the page holds expires with them), and the folders they leave empty. Returns
    how many files were deleted. Storage that cannot tell a file's age keeps it."""
    cutoff = (now or timezone.now()) - timedelta(seconds=max_age)
    try:
        folders, _files = default_storage.listdir(STAGED_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for folder in folders:
        base = f"{STAGED_DIR}/{folder}"
        subfolders, names = default_storage.listdir(base)
        kept = 0
        for name in names:
            path = f"{base}/{name}"
            try:
                stale = default_storage.get_modified_time(path) < cutoff
            except (NotImplementedError, OSError):
                stale = False
            if stale:
                with contextlib.suppress(OSError):
                    default_storage.delete(path)
                    removed += 1
                    continue
            kept += 1
        if not kept and not subfolders:
            with contextlib.suppress(OSError):
                default_storage.delete(base)  # an empty folder on a file system; no-op elsewhere
    return removed
