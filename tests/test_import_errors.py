"""Bad or unexpected input to `import`: one line naming the file, the record and the
problem, exit 1, nothing written or stored."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgarchive.cli import cli
from tests.helpers.registries import committee, govuk_org, subcommittee, write_committees

Orgs = list[dict[str, Any]]
GOVUK = [govuk_org("dept", "Department"), govuk_org("unit", "Unit", parents=["dept"])]
API = "https://www.gov.uk/api/organisations/"


def _set(index: int, *path_and_value: Any) -> Callable[[Orgs], Any]:
    *path, value = path_and_value

    def change(orgs: Orgs) -> Any:
        target = orgs[index]
        for step in path[:-1]:
            target = target[step]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return {"results": orgs}
    return change


DELETE = object()

GOVUK_CASES: list[tuple[str, Callable[[Orgs], Any], str]] = [
    ("not json", lambda o: '{"results": [',
     "line 1: not a GOV.UK organisations API export (JSON, the organisations in a 'results' "
     "list): invalid JSON: Expecting value (column 14)"),
    ("not an export", lambda o: {"format": "orgarchive.snapshot/1", "units": []},
     "not a GOV.UK organisations API export (JSON, the organisations in a 'results' list): "
     "no 'results' list"),
    ("no organisation", lambda o: {"results": []},
     "not a GOV.UK organisations API export (JSON, the organisations in a 'results' list): "
     "it lists no organisation"),
    ("one page only", lambda o: {"results": o, "total": 1186, "current_page": 1, "pages": 60},
     "/total: the file holds 2 of the 1186 organisations the API reports: join the results of "
     "every page into one file (see docs/import.md)"),
    ("record not a mapping", lambda o: {"results": [o[0], "unit"]},
     "organisation 2 (/results/1): expected an organisation (a mapping), found 'unit'"),
    ("missing title", _set(1, "title", DELETE),
     "organisation 'unit' (/results/1/title): missing required field 'title'"),
    ("title not text", _set(1, "title", 5),
     "organisation 'unit' (/results/1/title): expected text, found 5"),
    ("missing slug", _set(1, "details", "slug", DELETE),
     "organisation 2 (/results/1/details/slug): missing required field 'slug'"),
    ("slug not a key", _set(1, "details", "slug", "Bad Slug"),
     "organisation 2 (/results/1/details/slug): slug 'Bad Slug' cannot be a key (lower-case "
     "letters, digits, '.', '_', '-', starting with a letter or digit, at most 200 "
     "characters)"),
    ("title over the limit", _set(1, "title", "T" * 501),
     "organisation 'unit' (/results/1/title): the text is 501 characters long, over the limit "
     "of 500 (docs/files.md, Limits)"),
    ("slug over the limit", _set(1, "details", "slug", "s" * 201),
     "organisation 2 (/results/1/details/slug): the text is 201 characters long, over the "
     "limit of 200 (docs/files.md, Limits)"),
    ("duplicate slug", lambda o: {"results": [*o, govuk_org("dept", "Again")]},
     "organisation 'dept' (/results/2/details/slug): slug 'dept' appears twice (first at "
     "/results/0)"),
    ("unknown status", _set(1, "details", "govuk_status", "proposed"),
     "organisation 'unit' (/results/1/details/govuk_status): unknown govuk_status 'proposed' "
     "(known: live, exempt, joining, transitioning, closed, devolved)"),
    ("closed without a closed status", _set(1, "details", "govuk_status", "closed"),
     "organisation 'unit' (/results/1/details/govuk_closed_status): a closed organisation "
     "needs a govuk_closed_status"),
    ("unknown closed status", _set(1, "details", "govuk_closed_status", "vanished"),
     "organisation 'unit' (/results/1/details/govuk_closed_status): unknown "
     "govuk_closed_status 'vanished' (known: changed_name, merged, split, replaced, "
     "no_longer_exists, left_gov, devolved)"),
    ("closing date not a date", _set(1, "details", "closed_at", "last tuesday"),
     "organisation 'unit' (/results/1/details/closed_at): 'last tuesday' is not a date or "
     "date-time"),
    ("parents not a list", _set(1, "parent_organisations", "dept"),
     "organisation 'unit' (/results/1/parent_organisations): expected a list, found 'dept'"),
    ("missing parents", _set(1, "parent_organisations", DELETE),
     "organisation 'unit' (/results/1/parent_organisations): missing required field "
     "'parent_organisations'"),
    ("parent link without id", _set(1, "parent_organisations", [{"web_url": "x"}]),
     "organisation 'unit' (/results/1/parent_organisations/0/id): missing required field 'id'"),
    ("parent link elsewhere", _set(1, "parent_organisations", [{"id": "https://example.org/d"}]),
     "organisation 'unit' (/results/1/parent_organisations/0/id): expected the address of a "
     "GOV.UK organisation ('https://www.gov.uk/api/organisations/SLUG'), found "
     "'https://example.org/d'"),
    ("cycle in parents", _set(0, "parent_organisations", [{"id": API + "unit"}]),
     "organisation 'dept' (/results/0/parent_organisations): parents form a cycle: "
     "dept -> unit -> dept"),
    ("its own successor", _set(1, "superseding_organisations", [{"id": API + "unit"}]),
     "organisation 'unit' (/results/1/superseding_organisations): names the organisation "
     "itself"),
]


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize("case,make,line", GOVUK_CASES, ids=[c[0] for c in GOVUK_CASES])
def test_govuk_bad_input(tmp_path: Path, case: str, make: Callable[[Orgs], Any],
                         line: str) -> None:
    data = make(copy.deepcopy(GOVUK))
    export = tmp_path / "export.json"
    export.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = _run(["import", "govuk", str(export), "--as-of", "2023-12-01", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {export}: {line}\n"
    assert not out.exists()


COMMITTEES = [
    committee("HSAG", "house", "House Committee on Agriculture",
              {97: "Agriculture", 98: "Agriculture"},
              [subcommittee("15", {97: "Livestock", 98: "Livestock and Dairy"})]),
    committee("SSAF", "senate", "Senate Committee on Agriculture",
              {97: "Agriculture, Nutrition, and Forestry"}),
]
Entries = list[dict[str, Any]]


def _edit(change: Callable[[Entries], None]) -> Callable[[Entries], Entries]:
    def make(entries: Entries) -> Entries:
        change(entries)
        return entries
    return make


CONGRESS_CASES: list[tuple[str, Callable[[Entries], Any], str]] = [
    ("not yaml", lambda c: "- type: house\n  name: [unclosed\n",
     "line 3: not a committees-historical.yaml of congress-legislators (a list of committees): "
     "invalid YAML: did not find expected ',' or ']'"),
    ("a mapping", lambda c: "committees:\n  - type: house\n",
     "line 1: not a committees-historical.yaml of congress-legislators (a list of committees): "
     "found a mapping"),
    ("no committee", lambda c: "[]\n",
     "line 1: not a committees-historical.yaml of congress-legislators (a list of committees): "
     "it lists no committee"),
    ("missing thomas_id", _edit(lambda c: c[0].pop("thomas_id")),
     "line 1, committee 1 (/0/thomas_id): missing required field 'thomas_id'"),
    ("odd thomas_id", _edit(lambda c: c[0].update(thomas_id="HS-AG")),
     "line 3, committee 1 (/0/thomas_id): thomas_id 'HS-AG' is not letters and digits"),
    ("unknown chamber", _edit(lambda c: c[0].update(type="assembly")),
     "line 1, committee HSAG (/0/type): unknown type 'assembly' (known: house, senate, joint)"),
    ("names not a mapping", _edit(lambda c: c[0].update(names=["Agriculture"])),
     "line 4, committee HSAG (/0/names): expected a mapping, found a list"),
    ("blank name", _edit(lambda c: c[0]["names"].update({97: " "})),
     "line 5, committee HSAG (/0/names/97): is blank"),
    ("name over the limit", _edit(lambda c: c[0]["names"].update({97: "N" * 501})),
     "line 5, committee HSAG (/0/names/97): the text is 501 characters long, over the limit "
     "of 500 (docs/files.md, Limits)"),
    ("a Congress without a name", _edit(lambda c: c[0]["names"].pop(98)),
     "line 4, committee HSAG (/0/names): no name for the 98th Congress, which 'congresses' "
     "lists"),
    ("a name without a Congress", _edit(lambda c: c[1]["names"].update({99: "Agriculture"})),
     "line 24, committee SSAF (/1/names/99): a name for the 99th Congress, which 'congresses' "
     "does not list"),
    ("Congress not a number", _edit(lambda c: c[1].update(congresses=["ninety-seventh"])),
     "line 25, committee SSAF (/1/congresses/0): 'ninety-seventh' is not a Congress number"),
    ("no Congress", _edit(lambda c: c[0].update(congresses=[], names={})),
     "line 5, committee HSAG (/0/congresses): lists no Congress"),
    ("subcommittee without its committee", _edit(lambda c: (
        c[0]["subcommittees"][0]["names"].update({99: "Livestock"}),
        c[0]["subcommittees"][0]["congresses"].append(99))),
     "line 17, committee HSAG subcommittee 15 (/0/subcommittees/0/congresses): sits in the "
     "99th Congress, when its committee does not"),
    ("committee twice", lambda c: [*c, copy.deepcopy(c[0])],
     "line 28, committee HSAG (/2/thomas_id): committee HSAG appears twice"),
    ("subcommittee twice", _edit(lambda c: c[0]["subcommittees"].append(
        copy.deepcopy(c[0]["subcommittees"][0]))),
     "line 20, committee HSAG subcommittee 15 (/0/subcommittees/1/thomas_id): subcommittee 15 "
     "appears twice in committee HSAG"),
]


@pytest.mark.parametrize("case,make,line", CONGRESS_CASES, ids=[c[0] for c in CONGRESS_CASES])
def test_congress_bad_input(tmp_path: Path, case: str, make: Callable[[Entries], Any],
                            line: str) -> None:
    data = make(copy.deepcopy(COMMITTEES))
    export = tmp_path / "committees.yaml"
    if isinstance(data, str):
        export.write_text(data, encoding="utf-8")
    else:
        write_committees(export, data)
    out = tmp_path / "out"
    result = _run(["import", "congress", str(export), "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {export}: {line}\n"
    assert not out.exists()


def test_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    result = _run(["import", "govuk", str(missing), "--as-of", "2023-12-01", "-o",
                   str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {missing}: no such file\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"- name: Comit\xe9\n")
    result = _run(["import", "congress", str(latin), "-o", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {latin}: line 1: not valid UTF-8 (byte 13)\n")
    assert not (tmp_path / "out").exists()


def test_an_export_of_the_other_registry_is_refused(tmp_path: Path) -> None:
    yaml_file = write_committees(tmp_path / "committees.yaml", COMMITTEES)
    result = _run(["import", "govuk", str(yaml_file), "--as-of", "2023-12-01", "-o",
                   str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {yaml_file}: line 1: not a GOV.UK organisations")
    json_file = tmp_path / "export.json"
    json_file.write_text(json.dumps({"results": GOVUK}), encoding="utf-8")
    result = _run(["import", "congress", str(json_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {json_file}: line 1: not a committees-historical.yaml of congress-legislators "
        "(a list of committees): found a mapping\n")
    assert not (tmp_path / "out").exists()


def test_as_of_before_the_export_s_own_updates(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    orgs = [govuk_org("dept", "Department", updated_at="2023-11-30T09:00:00.000+00:00")]
    export.write_text(json.dumps({"results": orgs}), encoding="utf-8")
    result = _run(["import", "govuk", str(export), "--as-of", "2020-12-01", "-o",
                   str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {export}: organisation 'dept' (/results/0/updated_at): --as-of 2020-12-01 is "
        "before this record's last update (2023-11-30): give the day the export was fetched\n")


@pytest.mark.parametrize("args,message", [
    (["govuk", "x.json", "-o", "out"], "govuk needs --as-of DATE"),
    (["govuk", "x.json", "--as-of", "2023-12-01"], "give either -o DIR"),
    (["govuk", "x.json", "--as-of", "2023-12-01", "-o", "out", "--load"], "give either -o DIR"),
    (["congress", "x.yaml", "--as-of", "2023-12-01", "-o", "out"], "congress takes no --as-of"),
    (["govuk", "x.json", "--as-of", "1 Dec 2023", "-o", "out"], "is not a date"),
    (["wikidata", "x.json", "-o", "out"], "'wikidata' is not one of 'govuk', 'congress'"),
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run(["import", *args])
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"results": GOVUK}), encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("not a folder\n", encoding="utf-8")
    result = _run(["import", "govuk", str(export), "--as-of", "2023-12-01", "-o", str(taken)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {taken}: exists and is not a folder\n")
    assert taken.read_text(encoding="utf-8") == "not a folder\n"
