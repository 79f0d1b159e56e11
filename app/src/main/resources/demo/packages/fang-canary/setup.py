# Fang canary: a HARMLESS package that looks malicious on purpose, to test a detection pipeline end to end.
# The encoded payload only prints a message. It mimics the install-time "decode and exec" pattern of real malware.
import base64
from setuptools import setup

exec(base64.b64decode("cHJpbnQoJ2ZhbmcgY2FuYXJ5OiB0aGlzIGlzIGEgaGFybWxlc3MgdGVzdCBwYXlsb2FkJyk="))

setup(
    name="fang-canary",
    version="0.0.1",
    description="Harmless canary for testing malicious-package detectors",
    packages=["fang_canary"],
)
