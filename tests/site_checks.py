"""Helpers that read a built site the way a browser would resolve it."""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url_path: str) -> BeautifulSoup:
    return soup(site / url_path.strip("/") / "index.html" if url_path.strip("/") else site / "index.html")


def resolve(site: Path, html_file: Path, href: str) -> tuple[Path | None, str]:
    """The file an internal link points to, and its fragment; (None, "") for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    target, fragment = urldefrag(href)
    if not target:
        return html_file, unquote(fragment)
    base = site if target.startswith("/") else html_file.parent  # 404.html links from the site root
    resolved = (base / unquote(target).lstrip("/")).resolve()
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, unquote(fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset reference whose file or anchor does not exist."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for html_file in sorted(site.rglob("*.html")):
        document = soup(html_file)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in document.find_all(tag):
                value = element.get(attribute)
                if not value:
                    continue
                target, fragment = resolve(site, html_file, value)
                if target is None:
                    continue
                where = f"{html_file.relative_to(site)} → {value}"
                if not target.is_file():
                    broken.append(f"{where}: no such file")
                    continue
                if fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = {e["id"] for e in soup(target).find_all(id=True)}
                    if fragment not in ids[target]:
                        broken.append(f"{where}: no element with id '{fragment}'")
    return broken


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_no_injected_markup(html: BeautifulSoup) -> None:
    """No event handler, no script URL, no script of ours containing record text."""
    for element in html.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in element.attrs), element
        for attr in ("href", "src", "action", "formaction"):
            value = str(element.get(attr, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), element
    for script in html.find_all("script"):
        assert "alert" not in script.get_text()


def search_fragments(site: Path) -> dict[str, str]:
    """Pagefind's indexed text per page URL (each fragment is gzipped JSON after a signature)."""
    import gzip
    import json

    out = {}
    for fragment in (site / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        out[record["url"]] = record["content"]
    return out
