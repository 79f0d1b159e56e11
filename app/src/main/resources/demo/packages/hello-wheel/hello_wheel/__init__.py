"""A greeting, packaged as a wheel (Fang demo fixture)."""


def greet(name: str = "world") -> str:
    return f"Hello, {name}!"
