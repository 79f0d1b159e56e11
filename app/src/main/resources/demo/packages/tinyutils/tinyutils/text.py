import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(value: str) -> str:
    """Turn 'Hello, World!' into 'hello-world'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def truncate(value: str, width: int, suffix: str = "...") -> str:
    if len(value) <= width:
        return value
    return value[: max(0, width - len(suffix))] + suffix
