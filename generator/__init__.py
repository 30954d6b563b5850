"""Youth Justice Inspection Archive: validate curated YAML records and publish them as a site."""
from __future__ import annotations

__version__ = "0.1.0"
