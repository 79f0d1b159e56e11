from setuptools import setup, find_packages

setup(
    name="tinyutils",
    version="1.2.0",
    description="Small text helpers (Fang demo fixture)",
    packages=find_packages(),
    python_requires=">=3.8",
)
