"""File formats: what a format is (``base``), and the core's own formats."""

from .base import Format, ImportReport, Rejected

__all__ = ["Format", "ImportReport", "Rejected"]


def core_formats() -> list[Format]:
    """The formats the core itself offers (registered by ``dtikit.builtin``)."""
    return []
