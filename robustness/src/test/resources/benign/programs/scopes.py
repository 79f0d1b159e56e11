"""Benign test program: classes, closures, comprehensions and scopes."""
import functools

counter = 0


def bump():
    global counter
    counter += 1
    return counter


def make_adder(step):
    offset = step * 2

    def add(value):
        return value + offset + step

    return add


def accumulate(items):
    running = 0
    history = []

    def record(x):
        nonlocal running
        running += x
        history.append(running)

    for item in items:
        record(item)
    return running, history


class Shape:
    sides = 0
    label = 'shape'

    def __init__(self, size, name='plain'):
        self.size = size
        self.name = name

    def area(self):
        factor = self.size ** 2
        scaled = [factor * k for k in range(3)]
        return sum(scaled) / len(scaled)

    def __repr__(self):
        return f'{type(self).__name__}({self.size!r}, {self.name!r})'


class Square(Shape):
    sides = 4

    def area(self):
        base = super().area()
        return base + self.sides


def decorate(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        outcome = fn(*args, **kwargs)
        return ('wrapped', outcome)

    return wrapper


@decorate
def keywords(first, second=2, *rest, flag=False, **extra):
    parts = [first, second, list(rest), flag, sorted(extra.items())]
    return parts


def comprehensions(n):
    squares = {i: i * i for i in range(n)}
    evens = [v for v in squares.values() if v % 2 == 0]
    pairs = {(a, b) for a in range(3) for b in range(a)}
    gen = sum(x for x in range(n))
    if (size := len(evens)) > 1:
        evens.append(size)
    return squares, evens, sorted(pairs), gen


def handler():
    message = 'none'
    try:
        raise ValueError('bad value')
    except ValueError as error:
        message = str(error)
    finally:
        message = message.upper()
    return message


def debug_format():
    width = 7
    return f'{width=} {width * 2 = }'


def shadowing():
    bytes = 'not the builtin'
    chr = len
    return bytes, chr('abc')


print(bump(), bump(), counter)
print(make_adder(3)(10), functools.partial(max, 3)(5), functools.reduce(min, [4, 2, 8]))
print(accumulate([1, 2, 3]))
print(Shape(2).area(), Square(3, name='sq').area(), repr(Square(1)))
print(keywords(1, 5, 6, 7, flag=True, z=1, a=2))
print(comprehensions(6))
print(handler(), debug_format(), shadowing())
print(Shape.sides, Square.sides, Shape.label, Square.__mro__[1].__name__)
