"""Work-arounds for bugs in specific Qt for Python releases, each gated to the versions that have it.

PySide6 6.12.0 drops one reference to `None` every time a Qt method returns nothing (every setter, every
`parent()` that is None), and one to `True`/`False` every time a bool is emitted through a Python signal.
From Python 3.12 these singletons are immortal and it is harmless; on Python 3.11 `None` starts with ~5,000
references, so after a few thousand Qt calls the interpreter aborts with "Fatal Python error: none_dealloc"
(or bool_dealloc). Measured: 6.11.3 does not have the bug; ints, strings and other objects are counted
correctly in 6.12.0. The real fix is not to install 6.12.0 on Python 3.11; until then
`guard_none_refcount()` gives the three singletons the practical immortality Python 3.12 gives them.
"""

from __future__ import annotations

import sys

_NONE_HEADROOM = 1 << 40  # ~10^12 extra references: never reached


def affected(pyside_version: str, python: tuple[int, int] = sys.version_info[:2]) -> bool:
    return pyside_version == "6.12.0" and python < (3, 12)


def guard_none_refcount() -> bool:
    """Apply the guard when this PySide6/Python pair needs it; True if applied. Idempotent."""
    import PySide6

    if not affected(PySide6.__version__) or getattr(guard_none_refcount, "applied", False):
        return False
    import ctypes

    # CPython's object header starts with ob_refcnt (Py_ssize_t); adding to it is what Py_INCREF does.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _NONE_HEADROOM
    guard_none_refcount.applied = True  # type: ignore[attr-defined]
    return True
