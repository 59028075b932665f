"""Dialogs: each a small form over one service call; refusals are shown inline, next to the fields."""
