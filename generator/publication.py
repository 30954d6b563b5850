"""Where the site is published: its permanent address (MkDocs' `site_url`, set once in
mkdocs.yml) and name. Feeds, citations, downloads and the sitemap take every absolute
URL from here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPOSITORY_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


@dataclass(frozen=True)
class Publication:
    site_url: str
    """The site's root, ending with "/", e.g. "https://example.org/archive/"."""
    site_name: str

    def url(self, path: str) -> str:
        """The permanent URL of a site path ("/authorities/medway/", "/data/inspections.csv")."""
        return self.site_url + path.lstrip("/")


def repository_publication() -> Publication:
    """The repository's own settings: for rendering without a project (tests, tools)."""
    from generator.site_build import read_site_config
    return read_site_config(REPOSITORY_CONFIG).publication
