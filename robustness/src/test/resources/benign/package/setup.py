"""Benign stand-in for a setup script: it prints instead of calling setuptools."""
import os
import platform
from json import dumps as to_json

print('setup starts in', os.path.basename(os.getcwd()) != '')
print(to_json({'name': 'demo-pkg', 'version': '1.0'}, sort_keys=True))
if platform.system():
    print('platform known:', len(platform.system()) > 0)
print('setup done', sum(n * n for n in range(4)))
