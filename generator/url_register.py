"""The register of every address the site has published (`published-urls.txt`, committed
beside mkdocs.yml), so that none disappears without a redirect.

A build lists the addresses of its staged site. If one in the register is missing, the
build fails before the swap and names it: the old key must be declared (`formerly:`) on
the entry or record that replaced it, which keeps a redirect at that address. After a
successful swap, the new addresses are added; none is ever removed by a build.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.writer import write_atomically

UNREGISTERED_FOLDERS = ("assets/", "pagefind/", "search/")
"""The theme's files and the search index: their names change with every release."""
UNREGISTERED_FILES = {"404.html", "sitemap.xml.gz"}
HEADER = """\
# Every address the site has published, one per line, from its root. Builds add new ones
# and fail if one disappears without a redirect (see README: permanent addresses).
# Never remove a line to make a build pass: declare the old key under `formerly:` instead.
# Remove one only to withdraw a page on purpose, in the commit that withdraws it.
"""


def published_addresses(site: Path) -> set[str]:
    """The addresses of a built site: "/x/y/" for each page (x/y/index.html), "/x/y.json"
    for each other file."""
    addresses = set()
    for folder, _, names in os.walk(site):
        relative = os.path.relpath(folder, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        if prefix.startswith(UNREGISTERED_FOLDERS):
            continue
        for name in names:
            path = prefix + name
            if path in UNREGISTERED_FILES:
                continue
            addresses.add("/" + (prefix if name == "index.html" else path))
    return addresses


def read_register(register: Path) -> set[str]:
    if not register.is_file():
        return set()
    lines = register.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def add_to_register(register: Path, addresses: Iterable[str]) -> int:
    """Add `addresses` to the register (rewritten whole, sorted, only if it changes); how
    many were new."""
    known = read_register(register)
    new = set(addresses) - known
    if new or not register.is_file():
        text = HEADER + "".join(f"{address}\n" for address in sorted(known | new))
        write_atomically(register, text.encode("utf-8"))
    return len(new)
