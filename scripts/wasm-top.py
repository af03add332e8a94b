#!/usr/bin/env python3
"""What makes a wasm file big: its sections, code size by crate, and the largest functions.

Usage: scripts/wasm-top.py FILE.wasm [--top N]

Reads the name section (function names as rustc or wasm-bindgen wrote them; build without
stripping), so run it on target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm, or on
the site's wasm when it still has names. The crate of a function is the first path segment of
its (demangled) name; for `<A as B>::f` it is A's crate, where the code was instantiated from.
Sizes are raw bytes; brotli shrinks code about 3-4x, names and strings more.
"""
import re
import sys
from collections import Counter


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def demangle_legacy(name):
    """`_ZN4core3fmt5write17h…E` -> `core::fmt::write` (enough to group by crate)."""
    if not name.startswith("_ZN"):
        return name
    pos, parts = 3, []
    while pos < len(name) and name[pos].isdigit():
        end = pos
        while name[end].isdigit():
            end += 1
        length = int(name[pos:end])
        parts.append(name[end:end + length])
        pos = end + length
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("..", "::"), ("$C$", ",")):
        text = text.replace(code, char)
    return text


def crate_of(name):
    name = name.lstrip("<&_ ")
    name = re.sub(r"^(dyn |mut )", "", name)
    return re.split(r"::|<| |\[|\(", name, maxsplit=1)[0] or "?"


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 30
    data = open(sys.argv[1], "rb").read()
    assert data[:4] == b"\0asm", "not a wasm file"
    pos, sections, imported_funcs, bodies, names = 8, Counter(), 0, [], {}
    while pos < len(data):
        sid = data[pos]
        size, body = leb(data, pos + 1)
        end = body + size
        if sid == 0:
            name_len, p = leb(data, body)
            cname = data[p:p + name_len].decode("utf-8", "replace")
            sections[f"custom:{cname}"] += end - pos
            if cname == "name":
                p += name_len
                while p < end:
                    sub, p = leb(data, p)
                    sub_size, p = leb(data, p)
                    if sub == 1:
                        count, q = leb(data, p)
                        for _ in range(count):
                            index, q = leb(data, q)
                            nlen, q = leb(data, q)
                            names[index] = data[q:q + nlen].decode("utf-8", "replace")
                            q += nlen
                    p += sub_size
        else:
            label = {1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
                     8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}.get(sid, str(sid))
            sections[label] += end - pos
            if sid == 2:
                count, p = leb(data, body)
                for _ in range(count):
                    for _ in range(2):
                        n, p = leb(data, p)
                        p += n
                    kind = data[p]
                    p += 1
                    if kind == 0:
                        _, p = leb(data, p)
                        imported_funcs += 1
                    elif kind == 1:
                        p += 1
                        flags, p = leb(data, p)
                        _, p = leb(data, p)
                        if flags & 1:
                            _, p = leb(data, p)
                    elif kind == 2:
                        flags, p = leb(data, p)
                        _, p = leb(data, p)
                        if flags & 1:
                            _, p = leb(data, p)
                    elif kind == 3:
                        p += 2
                    else:
                        p += 1
                        _, p = leb(data, p)
            if sid == 10:
                count, p = leb(data, body)
                for _ in range(count):
                    fsize, q = leb(data, p)
                    bodies.append(q + fsize - p)
                    p = q + fsize
        pos = end
    total = len(data)
    print(f"{sys.argv[1]}: {total:,} bytes")
    for label, size in sections.most_common():
        print(f"  section {label:<28} {size:>10,}  {100 * size / total:5.1f}%")
    funcs = [(size, demangle_legacy(names.get(imported_funcs + i, f"func[{imported_funcs + i}]")))
             for i, size in enumerate(bodies)]
    by_crate = Counter()
    for size, name in funcs:
        by_crate[crate_of(name)] += size
    code = sum(size for size, _ in funcs) or 1
    print(f"\ncode by crate ({len(funcs):,} functions, {code:,} bytes):")
    for crate, size in by_crate.most_common(top):
        print(f"  {crate:<40} {size:>10,}  {100 * size / code:5.1f}%")
    print(f"\nlargest functions:")
    for size, name in sorted(funcs, reverse=True)[:top]:
        print(f"  {size:>8,}  {name[:150]}")


if __name__ == "__main__":
    main()
