"""What `pip install .` ships: every package and data file of the library.

An editable install maps the folders as they are, so the test suite itself
cannot see a subpackage missing from ``[tool.setuptools] packages``: the
bundled-archive command of the README then fails on a real install with
"No module named orgarchive.structure" (it did once). This reads the
packaging table and the tree and holds them to each other.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _setuptools() -> dict[str, object]:
    with open(REPO / "pyproject.toml", "rb") as fh:
        table: dict[str, object] = tomllib.load(fh)["tool"]["setuptools"]
    return table


def _folder(package: str, package_dir: dict[str, str]) -> Path:
    """The repository folder a package name is installed from (package-dir)."""
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        mapped = package_dir.get(".".join(parts[:cut]))
        if mapped is not None:
            return REPO / mapped / Path(*parts[cut:])
    return REPO / Path(*parts)


def test_every_package_folder_is_installed_and_every_listed_package_exists() -> None:
    table = _setuptools()
    package_dir: dict[str, str] = table["package-dir"]  # type: ignore[assignment]
    listed: list[str] = table["packages"]  # type: ignore[assignment]
    roots = {"orgarchive": "archive", "orgarchive.cli": "cli",
             "orgarchive.migrations": "migrations", "orgarchive.snapshots": "snapshots"}
    in_tree = set()
    for name, folder in roots.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            in_tree.add(".".join([name, *relative.parts]))
    # snapshots/ holds data only; migrations/versions/ is a package without __init__.
    assert in_tree - set(listed) == set(), "folders with code that `pip install .` leaves out"
    for package in listed:
        assert _folder(package, package_dir).is_dir(), f"{package} names no folder"


def test_every_data_file_the_code_reads_is_in_package_data() -> None:
    table = _setuptools()
    package_dir: dict[str, str] = table["package-dir"]  # type: ignore[assignment]
    data: dict[str, list[str]] = table["package-data"]  # type: ignore[assignment]
    for package in data:
        assert _folder(package, package_dir).is_dir(), f"package-data names {package}"
    # Every file that is not Python inside the library is shipped.
    for path in (REPO / "archive").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc") \
                and "__pycache__" not in path.parts:
            owner = ".".join(["orgarchive", *path.parent.relative_to(REPO / "archive").parts])
            while owner not in data and "." in owner:
                owner = owner.rsplit(".", 1)[0]
            covered = owner in data and any(
                path in _folder(owner, package_dir).glob(p) for p in data[owner])
            assert covered, f"{path.relative_to(REPO)} is not shipped (package-data)"
