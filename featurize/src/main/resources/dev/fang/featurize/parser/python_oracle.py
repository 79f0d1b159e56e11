"""Reference extraction with CPython's own parser, for Fang's parser oracle (CpythonOracle).

Usage: python3 python_oracle.py FILE_LIST OUTPUT_JSONL

FILE_LIST holds one path per line. For every path one JSON object is written per line of OUTPUT_JSONL:
  {"path": ..., "ok": bool, "error": str|None,
   "imports": [[module, name|None, alias|None, line], ...],
   "calls":   [[callee, line], ...],
   "strings": [[kind, value, line], ...]}
with the same conventions as dev.fang.featurize.parser.PythonFacts:
  - module of `from ..a import b` is "..a"; name is None for `import a.b`;
  - callee: Name -> id, Attribute -> callee(value) + "." + attr, Call -> callee(func) + "()",
    Subscript -> callee(value) + "[]", anything else -> "?";
  - strings: str and bytes constants (bytes as latin-1 text), not the literal parts of f-strings.

Only ever run this on trusted, benign code (it only parses, but still).
"""
import ast
import json
import sys


def callee(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return callee(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return callee(node.func) + "()"
    if isinstance(node, ast.Subscript):
        return callee(node.value) + "[]"
    return "?"


def facts(tree):
    imports, calls, strings = [], [], []
    fstring_parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for v in node.values:
                if isinstance(v, ast.Constant):
                    fstring_parts.add(id(v))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                imports.append([a.name, None, a.asname, node.lineno])
        elif isinstance(node, ast.ImportFrom):
            module = "." * (node.level or 0) + (node.module or "")
            for a in node.names:
                imports.append([module, a.name, a.asname, node.lineno])
        elif isinstance(node, ast.Call):
            calls.append([callee(node.func), node.lineno])
        elif isinstance(node, ast.Constant) and id(node) not in fstring_parts:
            if isinstance(node.value, str):
                strings.append(["STR", node.value, node.lineno])
            elif isinstance(node.value, bytes):
                strings.append(["BYTES", node.value.decode("latin-1"), node.lineno])
    return imports, calls, strings


def main():
    sys.setrecursionlimit(10000)
    with open(sys.argv[1], encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for path in paths:
            record = {"path": path, "ok": False, "error": None, "imports": [], "calls": [], "strings": []}
            try:
                with open(path, "rb") as src:
                    tree = ast.parse(src.read(), filename=path)
                record["imports"], record["calls"], record["strings"] = facts(tree)
                record["ok"] = True
            except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
                record["error"] = type(e).__name__ + ": " + str(e)
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
