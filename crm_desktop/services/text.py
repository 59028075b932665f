"""Text folding shared by sorting and duplicate checks: accents off, then casefold.

The search index folds accents itself (FTS5 `remove_diacritics 2`); this is for the columns and comparisons
the services compute in Python (`customer.sort_name`, "similar name" duplicates). It matches the demo
generator's `names.fold`, so demo rows and rows typed in the app sort together.
"""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus a combining accent.
_FOLD_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "Ae"}
)


def fold(text: str) -> str:
    """'Łukasz Sørensen' -> 'lukasz sorensen'; 'José' -> 'jose'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text: str) -> str:
    """Folded letters and digits only, for loose comparisons: 'Anne-Marie  O'Neil' -> 'annemarieoneil'."""
    return "".join(c for c in fold(text) if c.isalnum())
