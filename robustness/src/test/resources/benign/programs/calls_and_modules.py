"""Benign test program: calls through modules, aliases and builtins."""
import base64
import json
import operator
import os
import os.path
import hashlib as hl
from collections import OrderedDict
from functools import reduce


def paths():
    joined = os.path.join('a', 'b', 'c.txt')
    print(joined, os.path.basename(joined), os.path.splitext(joined))
    print(os.sep, os.path.isabs('/tmp'), os.getcwd() == os.path.abspath('.'))
    print(os.environ.get('FANG_NOT_SET_ANYWHERE', 'default'))


def codecs():
    encoded = base64.b64encode(b'payload-free text').decode('ascii')
    print(encoded, base64.b64decode(encoded))
    print(hl.sha1(b'abc').hexdigest(), json.loads('{"a": [1, 2, 3]}'))
    print(json.dumps(OrderedDict([('z', 1), ('a', 2)])))


def dynamic():
    total = 40
    result = eval('total + 2')
    print('eval sees locals:', result)
    namespace = {}
    exec('value = 6 * 7', namespace)
    print('exec in namespace:', namespace['value'])
    code = compile('print("compiled", 1 + 1)', '<benign>', 'exec')
    exec(code)
    print(reduce(lambda a, b: a + b, [1, 2, 3, 4]))
    with open(__file__, encoding='utf-8') as handle:
        print('first line starts with quote:', handle.readline().startswith('"""'))


paths()
codecs()
print(operator.itemgetter(1)([10, 20]), operator.attrgetter('real')(3), operator.methodcaller('upper')('abc'))
dynamic()
print(type(print).__name__, print is __builtins__.print if isinstance(__builtins__, type(os)) else True)
