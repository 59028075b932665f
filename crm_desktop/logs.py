"""Logging to a rotating file in the user log folder (and stderr for the CLI)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from crm_desktop import paths

LOG_FILENAME = "crm-desktop.log"


def configure(*, stderr_level: int | None = None, folder: Path | None = None) -> Path | None:
    """Send records to `<log dir>/crm-desktop.log` (1 MiB x 5); returns the file, or None if unwritable."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    target: Path | None = (folder or paths.log_dir()) / LOG_FILENAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=1_048_576, backupCount=5, encoding="utf-8"
        )
    except OSError:
        target, handler = None, logging.StreamHandler()
    handler.setFormatter(fmt)
    root.addHandler(handler)
    if stderr_level is not None:
        console = logging.StreamHandler()
        console.setLevel(stderr_level)
        console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(console)
    return target
