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
from pathlib import Path

from mkdocs.structure.files import File

from generator.errors import BuildError

SHARD_PAGES = 1200
SEARCH_FRONT_MATTER = "search_index: true"
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
    manifest = {"shards": [f"{number}/" for number in range(len(shards))], "pages": len(pages)}
    (site / "pagefind" / "shards.json").write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    return len(shards)
