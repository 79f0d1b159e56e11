"""Small text helpers."""
from .text import slugify, truncate

__all__ = ["slugify", "truncate"]
