"""Benign test program: corners of scoping and syntax the transformations must respect."""
import asyncio
import json
import os
import sys

LOG = []
MODE = 'debug'


def log(message, *, level='info'):
    LOG.append(f'{level}:{message}')


class Config:
    __slots__ = ('name', 'values')
    kind = 'config'
    names = [n.upper() for n in ('alpha', 'beta')]

    def __init__(self, name):
        self.name = name
        self.values = {'path': os.path.join('etc', name), 'mode': MODE}

    def get(self, key, default='missing'):
        return self.values.get(key, default)


def closures():
    prefix = 'item-'
    suffix = '!'
    make = lambda value, sep='/': prefix + value + sep + suffix
    results = [make(v) for v in ('a', 'b')]
    inner_total = 0

    def bump(step=len(prefix)):
        nonlocal inner_total
        inner_total += step
        return inner_total

    bump()
    bump(2)
    return results, inner_total


def shadows_a_module():
    json = {'not': 'the module'}
    os = 'also not the module'
    return json['not'], os.upper()


def walrus_and_with(path):
    counts = {}
    if (n := len(path)) > 3:
        counts['long'] = n
    try:
        with open(path, 'rb') as handle:
            counts['bytes'] = len(handle.read())
    except FileNotFoundError as missing:
        counts['error'] = type(missing).__name__
    return counts


async def fetch(name, delay=0):
    await asyncio.sleep(delay)
    return 'fetched ' + name


def locals_in_fstrings(items):
    count = len(items)
    first = items[0] if items else None
    return f'{count} items, first {first!r:>6}, {"plural" if count != 1 else "single"}'


def dynamic_type():
    Dynamic = type('Dynamic', (), {'label': 'dyn', 'size': 3})
    return Dynamic.label, getattr(Dynamic, 'size'), hasattr(Dynamic, 'missing')


log('started', level='debug')
log(json.dumps({'a': [1, 'two']}))
cfg = Config('fang.conf')
print(cfg.get('path'), cfg.get('mode'), cfg.get('other'), Config.kind, Config.names)
print(closures())
print(shadows_a_module())
print(walrus_and_with('definitely-missing-file.txt'), walrus_and_with(__file__)['long'] > 3)
print(asyncio.run(fetch('resource')))
print(dynamic_type(), locals_in_fstrings(['a', 'b']))
print(sorted(['bca', 'abc', 'cab'], key=lambda s: s[::-1]), 'abc'[1:], 'x' in {'x': 1})
print(f"{'yes' if MODE == 'debug' else 'no'} {MODE!s:>8} {3.14159:.2f}")
print(*LOG, sep=' | ')
print(sys.version_info[0] >= 3, __name__)
