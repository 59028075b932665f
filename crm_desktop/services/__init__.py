"""The domain layer: every business rule lives here. No Qt, no printing, no argparse.

Write functions take a `Session` (who acts, and the clock), run in one transaction, validate, audit, and
return plain dataclasses.
"""
