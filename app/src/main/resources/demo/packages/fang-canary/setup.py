# Fang canary: a HARMLESS package that looks malicious on purpose, to test a detection pipeline end to end.
# The encoded payload only prints a message with the machine's name. It mimics the install-time "decode and exec"
# pattern of real malware, with the host reconnaissance such payloads start with (and nothing sent anywhere).
import base64
from setuptools import setup

exec(base64.b64decode("aW1wb3J0IHBsYXRmb3JtCnByaW50KCdmYW5nIGNhbmFyeTogaGFybWxlc3MgdGVzdCBwYXlsb2FkIG9uJywgcGxhdGZvcm0ubm9kZSgpKQ=="))

setup(
    name="fang-canary",
    version="0.0.1",
    description="Harmless canary for testing malicious-package detectors",
    packages=["fang_canary"],
)
