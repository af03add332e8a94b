#!/usr/bin/env python3
"""Fails when the source files of a workspace crate import each other in a circle.

Each crate's `src/` files are nodes; a file that names `crate::a::b…` or `super::…` depends on
the deepest module file that path reaches (`a/b.rs` or `a/b/mod.rs`). A circle of such
dependencies (two files or more) is reported with the names that tie it, and the exit status is 1.
`make lint` runs it, so a new module cycle fails the build. Test modules (`#[cfg(test)]`) are
skipped: `use super::*` in a test is not a dependency of the product code.
"""

import re
import sys
from pathlib import Path

CRATES = ["template", "model", "migrations", "backend", "app", "server", "frontend"]
PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)\b(?!::)")
GROUP = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^}]*)\}", re.S)


def module_of(src: Path, file: Path) -> tuple[str, ...]:
    """The module path of `file` (`()` for the crate root)."""
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("lib", "main", "mod"):
        parts = parts[:-1]
    return tuple(parts)


def product_text(text: str) -> str:
    """The file's code: without its `#[cfg(test)]` modules (from the attribute to the end of the
    file, where this codebase keeps them) and without comments (doc links name no dependency)."""
    at = text.find("#[cfg(test)]\nmod ")
    code = text if at < 0 else text[:at]
    return "\n".join(line.split("//")[0] for line in code.splitlines())


REEXPORT = re.compile(r"pub use (?:self::)?([a-z_][a-z0-9_]*)::([^;]*);", re.S)


def reexports(text: str) -> dict[str, str]:
    """The names a module file re-exports from its children (`pub use child::{A, b::C}`), each
    with the child it comes from."""
    names = {}
    for m in REEXPORT.finditer(text):
        child, rest = m.group(1), m.group(2)
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", rest):
            names.setdefault(name, child)
    return names


def targets(text: str, here: tuple[str, ...]):
    """Every module path `text` names, made absolute: `crate::a::b` from the crate root,
    `super::a` from the parent of `here` (each further `super` one level up)."""
    found = []
    for m in GROUP.finditer(text):
        prefix = tuple(p for p in m.group(2).split("::") if p)
        for item in m.group(3).split(","):
            item = item.strip().split(" as ")[0].strip().replace("{", "")
            if item:
                found.append((m.group(1), prefix + tuple(item.split("::"))))
    for m in PATH.finditer(text):
        found.append((m.group(1), tuple(m.group(2).strip(":").split("::"))))
    for kind, path in found:
        base = () if kind == "crate" else here[:-1]
        while path and path[0] == "super":
            base, path = base[:-1], path[1:]
        yield base + tuple(p for p in path if p and p != "self")


def check(root: Path) -> list[str]:
    problems = []
    for crate in CRATES:
        src = root / crate / "src"
        if not src.is_dir():
            continue
        files = sorted(src.rglob("*.rs"))
        by_module = {module_of(src, f): f for f in files}
        passed_on = {
            module_of(src, f): reexports(product_text(f.read_text(encoding="utf-8")))
            for f in files
            if f.name in ("mod.rs", "lib.rs", "main.rs")
        }
        edges: dict[Path, dict[Path, set[str]]] = {f: {} for f in files}
        for f in files:
            here = module_of(src, f)
            text = product_text(f.read_text(encoding="utf-8"))
            for path in targets(text, here):
                # The deepest module the path reaches; the rest names an item inside it.
                for n in range(len(path), 0, -1):
                    target = by_module.get(path[:n])
                    if target is not None:
                        break
                else:
                    continue
                # A name a module file only re-exports belongs to the child it comes from.
                child = passed_on.get(path[:n], {}).get(path[n]) if n < len(path) else None
                if child is not None and (path[:n] + (child,)) in by_module:
                    n, target = n + 1, by_module[path[:n] + (child,)]
                if target != f:
                    edges[f].setdefault(target, set()).add("::".join(path[n:]) or path[n - 1])
        problems += [f"{crate}: {c}" for c in circles(edges, root)]
    return problems


def circles(edges, root: Path) -> list[str]:
    """Strongly connected groups of two files or more (Tarjan), described."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                members = set(group)
                ties = [
                    f"{a.relative_to(root)} -> {b.relative_to(root)} ({', '.join(sorted(names))})"
                    for a in sorted(members)
                    for b, names in sorted(edges[a].items())
                    if b in members
                ]
                out.append("; ".join(ties))

    sys.setrecursionlimit(10_000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    found = check(Path(__file__).resolve().parent.parent)
    for problem in found:
        print(f"module cycle in {problem}")
    if found:
        sys.exit(1)
    print("no module cycles")
