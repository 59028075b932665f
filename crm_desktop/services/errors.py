"""Errors services raise; their messages are written for the person at the counter."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the shop's rules refuse; nothing was changed."""


class ValidationError(ServiceError):
    """Bad input, naming the field (or CSV row) it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass
