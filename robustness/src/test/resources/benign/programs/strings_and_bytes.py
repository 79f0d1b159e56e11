#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Benign test program: string and bytes handling. Its output must not change under any transformation."""
from __future__ import annotations

import hashlib
import json

GREETING = 'Hello, world'
PATH = "/usr/local/share/fang/data.txt"
URL = 'https://example.org/api/v1/items?q=1&r=2'
ADDRESS = "192.168.10.20"
QUOTES = 'it\'s "quoted" \\ backslash\ttab\nnewline'
UNICODE = 'naïve café – 日本語 😀'
RAW = r'C:\temp\new\x41'
BLOB = b'\x00\x01binary\xff\n'
IMPLICIT = ('abc' 'def'
            "ghi")
TRIPLE = '''multi
line "text" with 'quotes'
'''
EMPTY = ''
SINGLE = 'x'
BRACES = '{not a field} {{double}}'
PERCENTS = '100% sure %s %d'
CONTINUED = 'first \
second'
RAW_QUOTE = r'\'' + rb'\d+\n'.decode('ascii')
OCTAL_AND_HEX = '\101\x42\u0043\U00000044\0'


def describe(value: 'str', label="label") -> 'str':
    """A docstring that must stay a docstring."""
    return f'{label}: {value!r} ({len(value)})'


def main():
    for value in (GREETING, PATH, URL, ADDRESS, QUOTES, UNICODE, RAW, IMPLICIT, TRIPLE, EMPTY, SINGLE, BRACES, PERCENTS,
                  CONTINUED, RAW_QUOTE, OCTAL_AND_HEX):
        print(describe(value))
    print(BLOB, type(BLOB).__name__, len(BLOB))
    print(hashlib.sha256(b'fang' + BLOB).hexdigest())
    print(hashlib.md5('text'.encode('utf-8')).hexdigest())
    print(json.dumps({'key': 'value', 'list': ['a', 'b'], 'nested': {'x': 'y'}}, sort_keys=True))
    print('-'.join(['one', 'two', 'three']), 'sep'.upper(), 'a,b,c'.split(','))
    print('%s and %s' % ('this', 'that'), '{} {}'.format('left', 'right'), f"{'inner'} {GREETING}")
    print(describe.__doc__)
    print(describe.__annotations__)
    print(b'bytes %s' % b'formatting', bytes.fromhex('414243'), b'abc'[::-1])
    print({'dict': 1}['dict'], 'in' in 'inside', 'abc' < 'abd')
    print(len('😀'), ord('€'), chr(8364), '\N{BULLET}')
    command = 'echo hello'
    print(command.split(), command.replace('hello', 'bye'))
    match command.split()[0]:
        case 'echo':
            print('matched echo')
        case 'ls' | 'dir':
            print('matched listing')
        case _:
            print('no match')


if __name__ == '__main__':
    main()
