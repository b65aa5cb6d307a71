#!/usr/bin/env python3
"""Extraction oracle: the ImageSpec declarations of Python files, found by
Python's own parser (the `ast` module), stdlib only.

Usage: ast_calls.py FILE_OR_DIR...   (directories: every *.py below, sorted)
Output (stdout, JSON): {path: {"decls": [DECL, ...]} | {"error": "..."}}
  DECL = [line, col, keywords, npositional, opaque, chain]
    line      0-based line of the call's start
    col       0-based column of the call's start in UTF-16 code units
              (ast gives UTF-8 byte offsets; converted here)
    keywords  keyword argument names in source order (no `**x`)
    npositional  positional arguments (a bare generator argument is not one)
    opaque    True when `*x`, `**x` or a bare generator argument is passed
    chain     names of the methods called on the result, outermost last:
              ImageSpec(...).with_packages(...).force_push() -> ["with_packages", "force_push"]
  sorted by (line, col).

What a declaration is (RULES.md "What is an ImageSpec declaration"), with the
import semantics our extractor documents:
  * a call whose callee is a name that refers to ImageSpec:
      - `ImageSpec` itself, unless the module binds that name to something
        else: an import of another thing as `ImageSpec`, or a module-level
        `def`/`class ImageSpec` (imports and defs count anywhere at module
        level, including inside if/try/with/for/while/match blocks; the last
        import of a name wins). A plain module-level assignment does not
        shadow (a wrapper such as functools.partial(ImageSpec, ...) still
        builds ImageSpecs).
      - a name imported as `X.ImageSpec` (`from flytekit import ImageSpec as
        Spec`, `from union import ImageSpec`, re-exports from any module);
  * a call `M.ImageSpec(...)` / `M.a.b.ImageSpec(...)` whose root name M is
    `flytekit`, `union` or `unionai` (unless an import binds that name to
    another module), or is imported from one of them
    (`import flytekit as fl`, `from flytekit import image_spec as fis`);
  * Python scoping decides what a name refers to: a name bound in an
    enclosing function, lambda, comprehension or (for code directly in the
    body) class is local; a local binding made by importing ImageSpec (or a
    flytekit/union module) still refers to it; any other local binding
    (parameter, assignment, loop target, with/except target...) does not.
"""

import ast
import io
import json
import os
import sys
import tokenize

SPEC_MODULE_ROOTS = ("flytekit", "union", "unionai")
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def is_spec_target(target):
    return target == "ImageSpec" or target.endswith(".ImageSpec")


def is_module_target(target):
    return any(target == m or target.startswith(m + ".") for m in SPEC_MODULE_ROOTS)


def import_bindings(stmt):
    """(local name, dotted target) pairs an import statement binds."""
    out = []
    if isinstance(stmt, ast.Import):
        for a in stmt.names:
            if a.asname:
                out.append((a.asname, a.name))
            else:
                first = a.name.split(".")[0]
                out.append((first, first))
    elif isinstance(stmt, ast.ImportFrom):
        mod = "." * (stmt.level or 0) + (stmt.module or "")
        for a in stmt.names:
            if a.name == "*":
                continue
            out.append((a.asname or a.name, f"{mod}.{a.name}" if mod else a.name))
    return out


def child_blocks(stmt):
    """Statement lists nested in a compound statement that stay in the same scope."""
    if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
        return [stmt.body, stmt.orelse]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return [stmt.body]
    if isinstance(stmt, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        return [stmt.body, stmt.orelse, stmt.finalbody] + [h.body for h in stmt.handlers]
    if isinstance(stmt, ast.Match):
        return [c.body for c in stmt.cases]
    return []


class ModuleNames:
    def __init__(self, tree):
        imports = {}
        defined = set()

        def visit(stmts):
            for s in stmts:
                if isinstance(s, (ast.Import, ast.ImportFrom)):
                    for local, target in import_bindings(s):
                        imports[local] = target
                elif isinstance(s, FUNCS + (ast.ClassDef,)):
                    defined.add(s.name)
                else:
                    for b in child_blocks(s):
                        visit(b)

        visit(tree.body)
        self.spec_names = {"ImageSpec"}
        self.spec_modules = set(SPEC_MODULE_ROOTS)
        for local, target in imports.items():
            if is_spec_target(target):
                self.spec_names.add(local)
            if is_module_target(target):
                self.spec_modules.add(local)
        for root in SPEC_MODULE_ROOTS:
            # `import mylib as flytekit`: that name is no longer flytekit.
            if root in imports and not is_module_target(imports[root]):
                self.spec_modules.discard(root)
        if "ImageSpec" in imports and not is_spec_target(imports["ImageSpec"]):
            self.spec_names.discard("ImageSpec")
        if "ImageSpec" in defined:
            self.spec_names.discard("ImageSpec")

    def kind(self, name):
        if name in self.spec_names:
            return "spec"
        if name in self.spec_modules:
            return "module"
        return "other"


def param_names(args):
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if args.vararg:
        names.append(args.vararg.arg)
    if args.kwarg:
        names.append(args.kwarg.arg)
    return names


def scope_bindings(body_nodes, name):
    """How statements of one scope bind `name`: None (not bound here), "global",
    "nonlocal", or a set of binding kinds ("spec", "module", "other")."""
    kinds = set()
    decl = None
    stack = list(body_nodes)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            decl = "global" if isinstance(n, ast.Global) else "nonlocal"
            continue
        if isinstance(n, FUNCS + (ast.ClassDef,)):
            if n.name == name:
                kinds.add("other")
            # Decorators, defaults, annotations, bases run in this scope.
            outer = list(n.decorator_list)
            if isinstance(n, ast.ClassDef):
                outer += n.bases + [k.value for k in n.keywords]
            else:
                outer += n.args.defaults + [d for d in n.args.kw_defaults if d is not None]
            stack.extend(outer)
            continue
        if isinstance(n, ast.Lambda):
            stack.extend(n.args.defaults + [d for d in n.args.kw_defaults if d is not None])
            continue
        if isinstance(n, COMPS):
            # Only the first iterable runs here; walrus targets inside bind here too.
            stack.append(n.generators[0].iter)
            for sub in ast.walk(n):
                if isinstance(sub, ast.NamedExpr) and sub.target.id == name:
                    kinds.add("other")
            continue
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            for local, target in import_bindings(n):
                if local == name:
                    kinds.add("spec" if is_spec_target(target) else "module" if is_module_target(target) else "other")
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)) and n.id == name:
            kinds.add("other")
        elif isinstance(n, ast.ExceptHandler) and n.name == name:
            kinds.add("other")
        elif isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name == name:
            kinds.add("other")
        elif isinstance(n, ast.MatchMapping) and n.rest == name:
            kinds.add("other")
        stack.extend(ast.iter_child_nodes(n))
    if decl:
        return decl
    return kinds or None


class Finder:
    def __init__(self, tree):
        self.module = ModuleNames(tree)
        self.parent = {}
        for n in ast.walk(tree):
            for c in ast.iter_child_nodes(n):
                self.parent[c] = n

    def scopes(self, node):
        """Enclosing scopes of `node`, innermost first: (scope node, its body nodes, names its parameters/targets bind)."""
        child = node
        p = self.parent.get(child)
        while p is not None:
            if isinstance(p, FUNCS) and any(c is child for c in p.body):
                yield p, p.body, param_names(p.args)
            elif isinstance(p, ast.Lambda) and child is p.body:
                yield p, [p.body], param_names(p.args)
            elif isinstance(p, ast.ClassDef) and any(c is child for c in p.body):
                yield p, p.body, []
            elif isinstance(p, ast.comprehension) and child is p.iter:
                comp = self.parent[p]
                if p is comp.generators[0]:
                    # The first iterable is evaluated in the enclosing scope.
                    child, p = comp, self.parent.get(comp)
                    continue
            elif isinstance(p, COMPS):
                targets = [g.target for g in p.generators]
                yield p, [], [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            child = p
            p = self.parent.get(child)

    def name_kind(self, node, name):
        skip_classes = False
        for scope, body, params in self.scopes(node):
            if isinstance(scope, ast.ClassDef) and skip_classes:
                continue
            if name in params:
                return "other"
            b = scope_bindings(body, name) if body else None
            if b == "global":
                break
            if isinstance(b, set):
                return b.pop() if len(b) == 1 else "other"
            if not isinstance(scope, ast.ClassDef):
                skip_classes = True
        return self.module.kind(name)

    def is_spec_call(self, call):
        fn = call.func
        if isinstance(fn, ast.Name):
            return self.name_kind(fn, fn.id) == "spec"
        if isinstance(fn, ast.Attribute) and fn.attr == "ImageSpec":
            root = fn.value
            while isinstance(root, ast.Attribute):
                root = root.value
            return isinstance(root, ast.Name) and self.name_kind(root, root.id) == "module"
        return False

    def chain(self, call):
        out = []
        cur = call
        while True:
            attr = self.parent.get(cur)
            if not isinstance(attr, ast.Attribute) or attr.value is not cur:
                break
            outer = self.parent.get(attr)
            if not isinstance(outer, ast.Call) or outer.func is not attr:
                break
            out.append(attr.attr)
            cur = outer
        return out


def utf16_col(lines, lineno, byte_col):
    line = lines[lineno - 1].encode("utf-8")
    return len(line[:byte_col].decode("utf-8").encode("utf-16-le")) // 2


def bare_generator_arg(call, lines):
    """`f(x for x in y)`: the generator shares the call's parentheses."""
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.GeneratorExp):
        return False
    g = call.args[0]
    fn = call.func
    # Between the callee's end and the generator's start there is nothing
    # but whitespace when the generator's own parenthesis is the call's.
    if (fn.end_lineno, fn.end_col_offset) == (g.lineno, g.col_offset):
        return True
    if fn.end_lineno != g.lineno:
        return False
    gap = lines[g.lineno - 1].encode("utf-8")[fn.end_col_offset:g.col_offset]
    return gap.strip() == b""


def analyse(data):
    tree = ast.parse(data)
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    lines = [l[:-1] if l.endswith("\r") else l for l in text.split("\n")]
    finder = Finder(tree)
    decls = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call) or not finder.is_spec_call(n):
            continue
        bare_gen = bare_generator_arg(n, lines)
        opaque = bare_gen or any(isinstance(a, ast.Starred) for a in n.args) or any(k.arg is None for k in n.keywords)
        npos = 0 if bare_gen else sum(1 for a in n.args if not isinstance(a, ast.Starred))
        decls.append([
            n.lineno - 1,
            utf16_col(lines, n.lineno, n.col_offset),
            [k.arg for k in n.keywords if k.arg is not None],
            npos,
            opaque,
            finder.chain(n),
        ])
    decls.sort(key=lambda d: (d[0], d[1]))
    return decls


def main(argv):
    files = []
    for a in argv:
        if os.path.isdir(a):
            for root, dirs, names in os.walk(a):
                dirs.sort()
                files += [os.path.join(root, f) for f in sorted(names) if f.endswith(".py")]
        else:
            files.append(a)
    out = {}
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        try:
            out[f] = {"decls": analyse(data)}
        except SyntaxError as e:
            out[f] = {"error": f"SyntaxError: {e.msg} at line {e.lineno}"}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
