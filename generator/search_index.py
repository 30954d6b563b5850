"""The site's search index: Pagefind, built in shards.

Pagefind writes a chunked static index, so a reader's first search downloads only the
chunks its words need. Its indexer, though, holds every page it indexes in memory (about
0.6 MB a record page), so the pages are indexed in shards of SHARD_PAGES, one after the
other: peak memory stays bounded however large the archive grows. The browser merges the
shards (Pagefind's mergeIndex); pagefind/shards.json lists them for site_overrides'
search.js.

Which pages are indexed is read from the generated Markdown's front matter (`search_index:
true`, which site_overrides/main.html turns into Pagefind's `data-pagefind-body`): reading
a few bytes of each Markdown file instead of all of the built HTML. (Indexing alongside
the link check was tried: both are CPU-bound, and the two together took longer.)
"""
from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

from mkdocs.structure.files import File

from generator.errors import BuildError
from generator.writer import write_atomically

SHARD_PAGES = 1200
SEARCH_FRONT_MATTER = "search_index: true"
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS = 16 + zlib.MAX_WBITS
FRONT_MATTER_BYTES = 4096  # front matter is a few short lines at the top of the page


def searchable_pages(docs_dir: Path) -> list[str]:
    """The site paths (`authorities/x/index.html`) of the pages whose Markdown front matter
    asks for search, as MkDocs names them with `use_directory_urls`."""
    pages = []
    for markdown in docs_dir.rglob("*.md"):
        with markdown.open("rb") as handle:
            head = handle.read(FRONT_MATTER_BYTES).decode("utf-8", errors="replace")
        if not head.startswith("---\n"):
            continue
        front_matter = head[4:].split("\n---", 1)[0]
        if SEARCH_FRONT_MATTER in front_matter.splitlines():
            source = markdown.relative_to(docs_dir).as_posix()
            pages.append(File(source, str(docs_dir), "", use_directory_urls=True).dest_uri)
    return sorted(pages)


def build_search_index(site: Path, pages: list[str], shard_pages: int = SHARD_PAGES,
                       pass_fds: tuple[int, ...] = ()) -> int:
    """Index `pages` of `site` into site/pagefind/<n>/ shards plus site/pagefind/shards.json;
    return the shard count. Pagefind inherits the descriptors `pass_fds` names."""
    shards = [pages[i:i + shard_pages] for i in range(0, len(pages), shard_pages)] or [[]]
    for number, shard in enumerate(shards):
        glob = "{" + ",".join(shard) + "}" if shard else "no-pages"
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", f"pagefind/{number}",
                   "--glob", glob, "--exclude-selectors", ".headerlink", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False, pass_fds=pass_fds)
        if result.returncode != 0:
            raise BuildError(f"Pagefind failed to index shard {number}:\n{(result.stderr or result.stdout).strip()}")
        problem = incomplete_shard(site / "pagefind" / str(number), len(shard))
        if problem:
            raise BuildError(f"Pagefind's index of shard {number} is incomplete, though Pagefind reported success: "
                             f"{problem} (is the disk full?)")
    manifest = {"shards": [f"{number}/" for number in range(len(shards))], "pages": len(pages)}
    write_atomically(site / "pagefind" / "shards.json", (json.dumps(manifest) + "\n").encode())
    return len(shards)


def incomplete_shard(folder: Path, pages: int) -> str | None:
    """What is wrong with the shard Pagefind wrote into `folder`, or None. Pagefind exits 0
    even when its writes fail: a full disk leaves empty files and cut-off compressed ones."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if not data:
            return f"{path} is empty"
        if data.startswith(GZIP_MAGIC):  # the index's chunks and its WebAssembly
            try:
                zlib.decompress(data, wbits=GZIP_WBITS)
            except zlib.error:
                return f"{path} is cut off"
    entry = folder / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_bytes())["languages"].values()
    except (OSError, ValueError, KeyError, AttributeError):
        return f"{entry} is missing or unreadable"
    counted = sum(language.get("page_count", 0) for language in languages)
    if counted != pages:
        return f"{entry} counts {counted} pages, not the {pages} it was given"
    for language in languages:
        meta = folder / f"pagefind.{language.get('hash')}.pf_meta"
        if not meta.is_file():
            return f"{meta} is missing"
    return None
