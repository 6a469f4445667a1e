"""Reference data in step with the code: a database records the digest of the frameworks data
its reference tables were copied from; a write refreshes them when it differs, a read says
`hmip db migrate` once. A new framework is one data entry, even for a database made before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED_DB, init_db, rows, run, write

from hmip_cli.store.reference import REFERENCE_TABLES

FRAMEWORKS_TOML = ROOT / "src" / "hmip_cli" / "schemas" / "frameworks.toml"
NEW_FRAMEWORK = """
[[framework]]
slug = "probation-2027"
name = "Probation inspections 2027 (a framework added after the database was made)"
period = "2027/28 onwards"
provider_types = ["PDU"]
standards = [
  { slug = "leadership", name = "Leadership", domain = "Organisational delivery" },
  { slug = "sentence-management", name = "Sentence management", domain = "Case supervision" },
]
"""
HEADER = (
    "inspection_id,service_id,service,provider_type,region,framework,inspection_year,"
    "fieldwork_start,published,standard,standard_code,rating,source_url,note\n"
)
INSPECTION = "testshire-pdu-2027,testshire-pdu,Testshire PDU,PDU,North East,probation-2027,,,2027-06,"
NEW_RATINGS = (
    HEADER
    + INSPECTION
    + "overall,,Good,https://example.org/testshire,\n"
    + INSPECTION
    + "sentence-management,,Outstanding,https://example.org/testshire,\n"
)


@pytest.fixture
def new_frameworks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the frameworks data with one framework appended; $HMIP_FRAMEWORKS names it."""
    path = write(tmp_path / "frameworks.toml", FRAMEWORKS_TOML.read_text(encoding="utf-8") + NEW_FRAMEWORK)
    monkeypatch.setenv("HMIP_FRAMEWORKS", str(path))
    return path


def test_the_shipped_database_is_in_step_with_the_shipped_frameworks() -> None:
    digests = dict(rows(SHIPPED_DB, "SELECT name, digest FROM reference_digests"))
    assert digests == {table.name: table.digest() for table in REFERENCE_TABLES}
    code, _, err = run("list", "--db", SHIPPED_DB)
    assert code == 0 and err == ""


def test_a_new_framework_reaches_a_database_made_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = init_db(tmp_path / "made-before.sqlite")
    before = rows(db, "SELECT count(*) FROM standards")[0][0]
    path = write(tmp_path / "frameworks.toml", FRAMEWORKS_TOML.read_text(encoding="utf-8") + NEW_FRAMEWORK)
    monkeypatch.setenv("HMIP_FRAMEWORKS", str(path))

    # a read of the stale database works, and says once how to mend it
    code, out, err = run("list", "--db", db)
    assert code == 0 and out
    assert err.count("\n") == 1 and "run `hmip db migrate`" in err and "frameworks, standards" in err

    # a write (this import) brings the reference tables up to date before it writes
    code, _, err = run("import", write(tmp_path / "new.csv", NEW_RATINGS), "--db", db)
    assert code == 0, err
    assert "2 added" in err
    assert rows(db, "SELECT count(*) FROM standards")[0][0] == before + 2
    assert rows(db, "SELECT slug FROM frameworks WHERE slug = 'probation-2027'") == [("probation-2027",)]

    code, out, err = run("standards", "--framework", "probation-2027", "-f", "csv")
    assert code == 0 and err == ""
    assert "probation-2027,2027/28 onwards,PDU,Case supervision,,sentence-management,Sentence management" in out

    code, out, err = run("show", "testshire", "--db", db, "-f", "csv")
    assert code == 0 and err == ""
    assert "inspections,testshire-pdu-2027,Testshire PDU,PDU,North East,probation-2027,,,2027-06,Good,3,1,2," in out
    code, out, err = run("show", "testshire", "--db", db, "--view", "grid", "-f", "csv")
    assert (code, err) == (0, "")
    assert out.replace("\r", "").splitlines()[1] == "2027-06,Good,,Outstanding"

    code, out, err = run("league", "--db", db, "-f", "csv", "--round", "probation-2027")
    assert code == 0, err
    # the strip and the counts know the framework's two standards: one known, of two
    assert "1,Testshire PDU,PDU,,2027-06,Good,3.0,1,2,1,0,0,0,·O,probation-2027" in out


def test_a_stale_database_is_mended_by_db_migrate(tmp_path: Path, new_frameworks: Path) -> None:
    db = tmp_path / "stale.sqlite"
    run("db", "init", "--db", db, env={"HMIP_FRAMEWORKS": str(FRAMEWORKS_TOML)})
    code, _, err = run("summary", "--db", db)
    assert code == 0 and "hmip db migrate" in err
    code, _, err = run("db", "migrate", "--db", db)
    assert code == 0, err
    code, _, err = run("summary", "--db", db)
    assert code == 0 and "hmip db migrate" not in err
    assert rows(db, "SELECT count(*) FROM frameworks WHERE slug = 'probation-2027'") == [(1,)]


def test_a_database_from_before_digests_were_kept_is_migrated(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from hmip_cli.store.schema import migrations

    old = tmp_path / "old.sqlite"
    db = Database(old)
    migrations.apply(db, stop_before="m005_reference_digests")
    db.close()
    code, out, err = run("list", "--db", old)
    assert (code, out) == (1, "")
    assert "run `hmip db migrate`" in err
    assert run("db", "migrate", "--db", old).exit_code == 0
    stored = dict(rows(old, "SELECT name, digest FROM reference_digests"))
    assert stored == {table.name: table.digest() for table in REFERENCE_TABLES}
    assert rows(old, "SELECT count(*) FROM frameworks")[0][0] > 0


def test_an_unreadable_frameworks_file_is_one_line(tmp_path: Path) -> None:
    code, out, err = run("standards", env={"HMIP_FRAMEWORKS": str(tmp_path / "missing.toml")})
    assert (code, out) == (1, "")
    assert err.startswith("hmip: error: ") and "HMIP_FRAMEWORKS" in err and err.count("\n") == 1


def test_completion_reads_a_stale_database_quietly(tmp_path: Path, new_frameworks: Path) -> None:
    # a read that has no user to tell (completion) passes no note: nothing is said
    from hmip_cli.store.connection import reading
    from hmip_cli.store.locations import Location

    db = tmp_path / "quiet.sqlite"
    run("db", "init", "--db", db, env={"HMIP_FRAMEWORKS": str(FRAMEWORKS_TOML)})
    told: list[str] = []
    with reading(Location(db, "--db")) as conn:
        assert isinstance(conn, sqlite3.Connection)
    with reading(Location(db, "--db"), told.append):
        pass
    assert len(told) == 1 and "standards" in told[0]
