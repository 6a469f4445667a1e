"""`hmip db status` and `hmip db sync`: a user's database made from older shipped data (built
here, from the sourced CSV less some inspections and with one rating changed) is told behind,
and brought level under the import's rules."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import SOURCE_CSV, rows, run, sha256

LEFT_OUT = 5
"""Inspections the older data lacks."""
OLD_DATE = "2020-01-02"


def older_source(tmp_path: Path, *, change_one: bool) -> tuple[Path, str, str]:
    """The sourced ratings less its last LEFT_OUT inspections (and, with `change_one`, one overall
    rating different); the changed inspection and its shipped rating."""
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, source = list(reader.fieldnames or ()), list(reader)
    ids = list(dict.fromkeys(row["inspection_id"] for row in source))
    dropped = set(ids[-LEFT_OUT:])
    kept = [row for row in source if row["inspection_id"] not in dropped]
    target = next(row for row in kept if row["standard"] == "overall")
    shipped_rating = target["rating"]
    if change_one:
        target["rating"] = "Outstanding" if shipped_rating != "Outstanding" else "Inadequate"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    path = tmp_path / "old" / "ratings.csv"
    path.parent.mkdir()
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, target["inspection_id"], shipped_rating


def older_user_database(tmp_path: Path, *, change_one: bool = False) -> tuple[Path, str, str]:
    """A user's database as an older hmip would have made it: a copy of its shipped database."""
    source, changed_id, shipped_rating = older_source(tmp_path, change_one=change_one)
    old_shipped = tmp_path / "old" / "findings.sqlite"
    built = run("db", "build", old_shipped, "--source", source, "--compiled", OLD_DATE)
    assert built.exit_code == 0, built.stderr
    mine = tmp_path / "mine.sqlite"
    shutil.copyfile(old_shipped, mine)
    return mine, changed_id, shipped_rating


def status(db: Path) -> dict[str, object]:
    result = run("db", "status", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return {row["key"]: row["value"] for row in json.loads(result.stdout)}


def test_status_says_an_older_database_is_behind_and_what_would_change(tmp_path: Path) -> None:
    mine, _, _ = older_user_database(tmp_path)
    before = sha256(mine)
    seen = status(mine)
    assert str(seen["state"]).startswith(f"behind: holds shipped data compiled {OLD_DATE}; this hmip ships")
    assert seen["recorded_compiled"] == OLD_DATE
    assert seen["inspections_to_add"] == LEFT_OUT
    assert int(str(seen["ratings_to_add"])) >= LEFT_OUT
    assert (seen["ratings_differing"], seen["figures_to_add"]) == (0, 0)
    assert sha256(mine) == before  # status writes nothing


def test_sync_brings_it_level_and_records_the_shipped_release(tmp_path: Path) -> None:
    mine, _, _ = older_user_database(tmp_path)
    to_add = status(mine)["ratings_to_add"]
    result = run("db", "sync", "--db", mine)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"synced: {to_add} added, 0 changed" in result.stderr
    assert f"({LEFT_OUT} new inspections)" in result.stderr
    seen = status(mine)
    assert seen["state"] == "up to date: holds this hmip's shipped data"
    assert seen["recorded_release"] == seen["shipped_release"]
    assert rows(mine, "SELECT count(*) FROM ratings") == rows(
        SOURCE_CSV.parents[1] / "findings.sqlite", "SELECT count(*) FROM ratings"
    )
    again = run("db", "sync", "--db", mine)
    assert "synced: 0 added, 0 changed" in again.stderr


def test_a_shipped_value_that_differs_is_a_conflict_unless_update(tmp_path: Path) -> None:
    mine, changed_id, shipped_rating = older_user_database(tmp_path, change_one=True)
    assert status(mine)["ratings_differing"] == 1
    before = sha256(mine)
    refused = run("db", "sync", "--db", mine)
    assert refused.exit_code == 3
    assert f"overall of {changed_id}" in refused.stderr or changed_id in refused.stderr
    assert "nothing was written" in refused.stderr
    assert sha256(mine) == before
    taken = run("db", "sync", "--db", mine, "--update")
    assert taken.exit_code == 0, taken.stderr
    assert f"→ '{shipped_rating}'" in taken.stderr
    assert rows(mine, "SELECT rating FROM ratings WHERE inspection_id = ? AND standard = 'overall'", (changed_id,)) == [
        (shipped_rating,)
    ]


@pytest.mark.parametrize("command", [["list", "--limit", "1"], ["summary"], ["cite"]])
def test_a_read_of_a_database_behind_the_shipped_data_says_so_once(tmp_path: Path, command: list[str]) -> None:
    mine, _, _ = older_user_database(tmp_path)
    result = run(*command, "--db", mine)
    assert result.exit_code == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if "hmip db sync" in line]
    assert len(told) == 1
    assert f"holds shipped data compiled {OLD_DATE}; this hmip ships data compiled" in told[0]


def test_a_current_or_empty_database_says_nothing(own_db: Path, tmp_path: Path) -> None:
    assert "hmip db sync" not in run("list", "--limit", "1", "--db", own_db).stderr
    assert run("db", "init", "--db", tmp_path / "e.sqlite", "--empty").exit_code == 0
    assert "hmip db sync" not in run("list", "--limit", "1", "--db", tmp_path / "e.sqlite").stderr
    seen = status(tmp_path / "e.sqlite")
    assert str(seen["state"]).startswith("behind: records no shipped release")


def test_sync_refuses_the_shipped_database_and_a_missing_one(tmp_path: Path) -> None:
    shipped = run("db", "sync", "--db", SOURCE_CSV.parents[1] / "findings.sqlite")
    assert shipped.exit_code == 1 and "read-only" in shipped.stderr
    missing = run("db", "sync", "--db", tmp_path / "none.sqlite")
    assert missing.exit_code == 1 and "no database here to sync" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()
