"""ruff and mypy --strict are clean, as docs/development.md promises.

mypy cannot follow setuptools' editable-install finder, so the check lays the
installed layout out as a farm of symlinks (orgarchive/ = archive/ with cli/,
migrations/ and snapshots/ inside it) and type-checks that.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Where each top-level folder lands inside the installed `orgarchive` package.
LAYOUT = {"archive": "", "cli": "cli", "migrations": "migrations"}


def _tool(name: str) -> list[str]:
    if shutil.which(name, path=str(Path(sys.executable).parent)) is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return [sys.executable, "-m", name]


def build_package_farm(dest: Path) -> Path:
    """Symlink the repository's folders into the installed package layout."""
    pkg = dest / "orgarchive"
    for folder, inside in LAYOUT.items():
        target = pkg / inside if inside else pkg
        for source in (REPO / folder).rglob("*.py"):
            link = target / source.relative_to(REPO / folder)
            link.parent.mkdir(parents=True, exist_ok=True)
            if not link.exists():
                link.symlink_to(source)
    (pkg / "py.typed").touch()
    return dest


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "archive", "cli", "migrations", "tests", "benchmarks"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    farm = build_package_farm(tmp_path)
    result = subprocess.run(
        [*_tool("mypy"), "--config-file", str(REPO / "pyproject.toml"), "--no-incremental",
         "-p", "orgarchive",
         "--exclude", "orgarchive/migrations/versions/"],
        cwd=farm, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
