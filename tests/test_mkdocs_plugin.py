"""The `archive-memory` MkDocs plugin saves memory without changing what a strict build
writes or reports: every broken anchor is still a warning, whichever page renders first."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONFIG = """\
site_name: Plugin check
strict: true
theme: mkdocs
validation:
  anchors: warn
markdown_extensions: [attr_list]
plugins: [archive-memory]
"""


def mkdocs_build(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml")],
                          capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def test_pages_are_written_whole_when_every_anchor_resolves(tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path, {
        "a.md": "# A\n\nSee [z](z.md#later) and [here](#present).\n\nText\n{: #present }\n",
        "z.md": "# Z\n\nSee [a](a.md#present).\n\nLater\n{: #later }\n",
    })
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'id="present"' in html and 'href="../z/#later"' in html


def test_every_broken_anchor_is_still_reported(tmp_path: Path) -> None:
    # a.md renders before z.md: its links to z.md are checked by MkDocs at the end; z.md's
    # links to a.md and to itself are checked by the plugin as z.md renders.
    result = mkdocs_build(tmp_path, {
        "a.md": "# A\n\n[ok](z.md#later) [bad](z.md#not-later)\n\nText\n{: #present }\n",
        "z.md": "# Z\n\n[ok](a.md#present) [bad](a.md#absent) [self](#nowhere)\n\nLater\n{: #later }\n",
    })
    assert result.returncode != 0
    for anchor in ("not-later", "absent", "nowhere"):
        assert f"#{anchor}" in result.stderr, anchor
    for anchor in ("#later'", "#present'"):
        assert anchor not in result.stderr
    assert "Aborted with 3 warnings in strict mode" in result.stdout + result.stderr
