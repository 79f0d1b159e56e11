import hashlib


def double(value):
    return value * 2


print('tools loaded', hashlib.sha256(b'demo').hexdigest()[:12])
