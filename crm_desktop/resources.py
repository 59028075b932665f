"""Where the bundled resources (icons, fonts, styles) live: `resources/` beside the package.

The app is installed editable (`pip install -e .`), so the folder is found relative to this file. No Qt here:
reports use it for fonts too.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """`resource_path("icons", "today.svg")` -> the file under `resources/` (which may not exist)."""
    return RESOURCES_DIR.joinpath(*parts)
