"""What a reader gets from a built page, in a canonical form: its title, its content and its
table of contents, with whitespace between tags dropped, text whitespace collapsed,
entities decoded and attributes sorted. Two renderings that differ only in how their HTML
is spelt normalise alike."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

# Whitespace next to these tags shows nothing; inside text and around inline tags it does.
_BLOCK_EDGE = re.compile(r"\s*(</?(?:article|nav|div|p|ul|ol|li|h[1-6]|table|thead|tbody|tr|th|td|blockquote|label|"
                         r"title|hr|br)\b[^>]*>)\s*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Canonical(HTMLParser):
    """Serialises the parts of a Material page a reader sees: <title>, the article and the
    secondary (table of contents) navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.depth = 0  # nesting inside a kept element; 0 means outside
        self.in_title = False

    def _keep(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        classes = (dict(attrs).get("class") or "").split()
        return tag == "article" or (tag == "nav" and "md-nav--secondary" in classes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
            self.out.append("<title>")
            return
        if self.depth == 0 and not self._keep(tag, attrs):
            return
        shown = "".join(f' {k}="{html.escape(v or "")}"' for k, v in sorted(attrs))
        self.out.append(f"<{tag}{shown}>")
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.out.append("</title>")
        elif self.depth > 0 and tag not in VOID:
            self.depth -= 1
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth > 0 or self.in_title:
            self.out.append(html.escape(re.sub(r"\s+", " ", data), quote=False))


def normalised_page(page_html: str) -> str:
    parser = _Canonical()
    parser.feed(page_html)
    parser.close()
    return _BLOCK_EDGE.sub(r"\1", "".join(parser.out)).replace("</title>", "</title>\n").replace(
        "</article>", "</article>\n")


def normalised_site(site: Path) -> dict[str, str]:
    """Every HTML page of a built site, normalised, by its path in the site."""
    return {page.relative_to(site).as_posix(): normalised_page(page.read_text(encoding="utf-8"))
            for page in sorted(site.rglob("*.html")) if page.parent.name != "pagefind"}
