"""Benign package whose import prints, so that moving its module-level code can be observed."""
import os
from . import tools

print('package init', tools.double(21))
print('separator', repr(os.sep), [tools.double(i) for i in range(3)])
VERSION = '1.0'
print('version', VERSION)
