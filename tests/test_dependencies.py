"""Dependency versions are bounded and the tested set is pinned.

pyproject.toml gives every dependency an upper bound at the next major
version (the APIs we rely on may change there), and constraints.txt pins the
exact versions that CI installs, so a fresh machine gets what was tested.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        found += [Requirement(r) for r in extra]
    return found


def _pins(path: Path) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", line)
        assert match, f"constraints.txt: not a name==version pin: {line!r}"
        pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def test_every_runtime_dependency_has_an_upper_bound() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for text in project["dependencies"] + project["optional-dependencies"]["postgresql"]:
        requirement = Requirement(text)
        assert any(s.operator in ("<", "<=", "~=", "==") for s in requirement.specifier), (
            f"{requirement.name} has no upper bound in pyproject.toml"
        )


def test_constraints_pin_every_dependency_within_its_bounds() -> None:
    pins = _pins(REPO / "constraints.txt")
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"constraints.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement}"
        )


def test_ci_and_the_readme_set_up_commands_install_with_the_constraints() -> None:
    for path in (REPO / ".ci" / "run", REPO / "README.md"):
        text = path.read_text()
        # the set-up commands: a fresh venv, then the install
        installs = re.findall(r"python3 -m venv \.venv && \.venv/bin/(pip install [^\n&]*)", text)
        assert installs, f"{path.name} has no set-up command"
        for command in installs:
            assert "-c constraints.txt" in command, f"{path.name}: {command!r}"
