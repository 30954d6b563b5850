"""The site's search index: Pagefind, built in shards.

Pagefind writes a chunked static index, so a reader's first search downloads only the
chunks its words need. Its indexer, though, holds every page it indexes in memory (about
0.6 MB a record page), so the pages are indexed in shards of SHARD_PAGES, one after the
other: peak memory stays bounded however large the archive grows. The browser merges the
shards (Pagefind's mergeIndex); pagefind/shards.json lists them for site_overrides'
search.js.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError

SHARD_PAGES = 1200
BODY_MARKER = b"data-pagefind-body"


def pages_to_index(site: Path) -> list[str]:
    """Pages whose template marked their content for search (see site_overrides/main.html)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if BODY_MARKER in p.read_bytes())


def build_search_index(site: Path, shard_pages: int = SHARD_PAGES) -> int:
    """Index `site` into site/pagefind/<n>/ shards plus site/pagefind/shards.json; return the shard count."""
    pages = pages_to_index(site)
    shards = [pages[i:i + shard_pages] for i in range(0, len(pages), shard_pages)] or [[]]
    for number, shard in enumerate(shards):
        glob = "{" + ",".join(shard) + "}" if shard else "no-pages"
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", f"pagefind/{number}",
                   "--glob", glob, "--exclude-selectors", ".headerlink", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BuildError(f"Pagefind failed to index shard {number}:\n{(result.stderr or result.stdout).strip()}")
    manifest = {"shards": [f"{number}/" for number in range(len(shards))], "pages": len(pages)}
    (site / "pagefind" / "shards.json").write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    return len(shards)
