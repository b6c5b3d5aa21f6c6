"""Small hand-made registry exports, in the shapes the real registries publish.

``govuk_org`` builds one record of the GOV.UK organisations API as the real
export (../shared/real/raw/govuk-organisations-2023-12-01.json) writes it;
``committee`` one entry of congress-legislators' committees-historical.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

RAW = REPO.parent / "shared" / "real" / "raw"
GOVUK_RAW = RAW / "govuk-organisations-2023-12-01.json"
CONGRESS_RAW = RAW / "congress-committees-historical-97-106.yaml"
API = "https://www.gov.uk/api/organisations/"
WEB = "https://www.gov.uk/government/organisations/"


def _link(slug: str) -> dict[str, str]:
    return {"id": API + slug, "web_url": WEB + slug}


def govuk_org(
    slug: str,
    title: str,
    *,
    status: str = "live",
    parents: Sequence[str] = (),
    closed_status: str | None = None,
    closed_at: str | None = None,
    successors: Sequence[str] = (),
    abbreviation: str | None = None,
    kind: str = "Executive agency",
    updated_at: str = "2020-01-02T10:00:00.000+00:00",
) -> dict[str, Any]:
    return {
        "analytics_identifier": "OT0001",
        "child_organisations": [],
        "details": {
            "abbreviation": abbreviation,
            "closed_at": closed_at,
            "content_id": "00000000-0000-0000-0000-000000000000",
            "govuk_closed_status": closed_status,
            "govuk_status": status,
            "logo_formatted_name": title,
            "organisation_brand_colour_class_name": "cabinet-office",
            "organisation_logo_type_class_name": "single-identity",
            "slug": slug,
        },
        "format": kind,
        "id": API + slug,
        "parent_organisations": [_link(p) for p in parents],
        "superseded_organisations": [],
        "superseding_organisations": [_link(s) for s in successors],
        "title": title,
        "updated_at": updated_at,
        "web_url": WEB + slug,
    }


def write_govuk(path: Path, orgs: Sequence[dict[str, Any]], **top: Any) -> Path:
    path.write_text(json.dumps({"results": list(orgs), **top}, indent=1), encoding="utf-8")
    return path


def committee(
    thomas_id: str,
    chamber: str,
    formal: str,
    names: dict[int, str],
    subcommittees: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": chamber, "name": formal, "thomas_id": thomas_id,
                             "names": dict(names), "congresses": sorted(names)}
    if subcommittees:
        entry["subcommittees"] = list(subcommittees)
    return entry


def subcommittee(thomas_id: str, names: dict[int, str]) -> dict[str, Any]:
    return {"name": names[max(names)], "thomas_id": thomas_id, "names": dict(names),
            "congresses": sorted(names)}


def write_committees(path: Path, committees: Sequence[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump(list(committees), sort_keys=False), encoding="utf-8")
    return path
