"""The page left at a former address: it sends readers (and search engines, through the
canonical link) to the page's address now, keeping the part after "#"."""
from __future__ import annotations

import json
import posixpath

from markupsafe import Markup

from generator.publication import Publication

TEMPLATE = Markup("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved to {absolute}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={relative}">
<script>location.replace({script_target} + location.hash);</script>
</head>
<body>
<p>This page has moved to <a href="{relative}">{absolute}</a>.</p>
</body>
</html>
""")


def redirect_page(file: str, target_url: str, publication: Publication) -> str:
    """The redirect at `file` (e.g. "authorities/old/index.html") to the site address
    `target_url` (e.g. "/authorities/new/")."""
    relative = posixpath.relpath(target_url.lstrip("/") or ".", posixpath.dirname(file) or ".")
    relative = relative + "/" if target_url.endswith("/") and relative != "." else relative
    relative = "./" if relative == "." else relative
    # JSON is a JavaScript string literal; "<" is escaped too, so no "</script>" can occur.
    script_target = Markup(json.dumps(relative).replace("<", "\\u003c"))
    return str(TEMPLATE.format(absolute=publication.url(target_url), relative=relative,
                               script_target=script_target))
