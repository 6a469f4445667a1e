"""Importing is idempotent, updates in place (never a twin), and writes only where it should."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import tempfile
from pathlib import Path

import pytest
from helpers import IMPORT_DATA, SHIPPED_DB, SOURCE_CSV, SUMMARY, init_db, rows, run, sha256, table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmip_cli.ingest.pipeline import load_inspections
from hmip_cli.schemas.frameworks import OVERALL, frameworks
from hmip_cli.store.connection import open_write
from hmip_cli.store.locations import Location
from hmip_cli.store.writer import write_inspections

SHIPPED_INSPECTIONS = 275
SHIPPED_RATINGS = 495
LONG = IMPORT_DATA / "long.csv"


def summary(stderr: str) -> dict[str, str]:
    match = re.fullmatch(SUMMARY + "\n", stderr)
    assert match, stderr
    return match.groupdict()


def counts(stderr: str) -> tuple[int, int, int, int]:
    found = summary(stderr)
    return int(found["added"]), int(found["changed"]), int(found["unchanged"]), int(found["new"])


def everything(db: Path) -> dict[str, list[tuple[object, ...]]]:
    return {name: table(db, name) for name in ("inspections", "ratings", "services", "standards", "frameworks")}


def write_csv(path: Path, header: str, *lines: str) -> Path:
    path.write_text(header + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path: Path, user_db: Path) -> None:
    first = run("import", LONG)
    assert (first.exit_code, first.stdout) == (0, "")
    assert counts(first.stderr) == (8, 0, 0, 4)
    assert summary(first.stderr)["path"] == str(user_db)
    state = everything(user_db)
    second = run("import", LONG)
    assert (second.exit_code, second.stdout) == (0, "")
    assert second.stderr == f"0 added, 0 changed, 8 unchanged (0 new inspections) in {user_db}\n"
    assert everything(user_db) == state


@pytest.mark.parametrize("name", ["wide.csv", "inspections.json", "inspections.ndjson"])
def test_the_same_facts_in_another_layout_are_unchanged(user_db: Path, name: str) -> None:
    assert run("import", LONG).exit_code == 0
    result = run("import", IMPORT_DATA / name)
    assert result.exit_code == 0
    assert counts(result.stderr) == (0, 0, 8, 0)


def test_reimporting_the_bundled_source_into_a_copy_of_the_bundled_database(user_db: Path) -> None:
    result = run("import", SOURCE_CSV)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"0 added, 0 changed, {SHIPPED_RATINGS} unchanged (0 new inspections) in {user_db}\n"
    assert everything(user_db) == everything(SHIPPED_DB)


def test_a_changed_rating_is_a_conflict_and_nothing_is_written(tmp_path: Path, user_db: Path) -> None:
    assert run("import", LONG).exit_code == 0
    before = sha256(user_db)
    changed = tmp_path / "changed.csv"
    changed.write_text(LONG.read_text().replace("victim-work,,OUTSTANDING", "victim-work,,Inadequate"))
    result = run("import", changed)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"{changed}:6: rating: victim-work of test-south-nps-2019-20 is stored with rating 'Outstanding' "
        "(source: https://example.org/south); this row has rating 'Inadequate' (source: https://example.org/south) "
        "(accepted: the stored values, or --update to replace them)\n"
        "hmip: 1 problem; nothing was written\n"
    )
    assert sha256(user_db) == before


def test_a_changed_rating_with_update_is_written_and_listed(tmp_path: Path, user_db: Path) -> None:
    assert run("import", LONG).exit_code == 0
    changed = tmp_path / "changed.csv"
    changed.write_text(LONG.read_text().replace("victim-work,,OUTSTANDING", "victim-work,,Inadequate"))
    result = run("import", changed, "--update")
    assert (result.exit_code, result.stdout) == (0, "")
    change, summary_line = result.stderr.splitlines()
    assert change == (
        f"{changed}:6: updated victim-work of test-south-nps-2019-20: rating 'Outstanding' → 'Inadequate'; "
        "source https://example.org/south → https://example.org/south"
    )
    assert counts(summary_line + "\n") == (0, 1, 7, 0)
    assert rows(
        user_db,
        "SELECT rating, points FROM ratings"
        " WHERE inspection_id = 'test-south-nps-2019-20' AND standard = 'victim-work'",
    ) == [("Inadequate", 0)]
    assert rows(user_db, "SELECT count(*) FROM ratings WHERE inspection_id = 'test-south-nps-2019-20'") == [(2,)]


def test_a_row_for_a_bundled_inspection_updates_it_and_never_makes_a_twin(tmp_path: Path, user_db: Path) -> None:
    # no inspection_id or service_id: both derived, from the name and the programme year
    path = write_csv(
        tmp_path / "m.csv",
        "service,provider_type,framework,inspection_year,standard,rating",
        "Merseyside CRC,CRC,probation-2018,2018/19,overall,Good",
        "Merseyside CRC,CRC,probation-2018,2018/19,assessment,RI",
    )
    conflict = run("import", path)
    assert (conflict.exit_code, conflict.stdout) == (3, "")
    assert "overall of merseyside-crc-2018-19 is stored with rating 'Requires improvement'" in conflict.stderr
    assert not user_db.exists(), "a failed import does not create the database"
    result = run("import", path, "--update")
    assert (result.exit_code, result.stdout) == (0, "")
    assert counts(result.stderr.splitlines()[-1] + "\n") == (1, 1, 0, 0)
    assert rows(user_db, "SELECT count(*) FROM inspections") == [(SHIPPED_INSPECTIONS,)]
    assert rows(user_db, "SELECT inspection_id FROM inspections WHERE service_id = 'merseyside-crc' ORDER BY 1") == [
        ("merseyside-crc-2018-19",),
        ("merseyside-crc-2019-20",),
    ]
    assert rows(
        user_db, "SELECT standard, rating FROM ratings WHERE inspection_id = 'merseyside-crc-2018-19' ORDER BY 1"
    ) == [
        ("assessment", "Requires improvement"),
        ("overall", "Good"),
    ]


NORTHAMPTONSHIRE_OVERALL = (
    "SELECT inspection_id, rating FROM ratings"
    " WHERE inspection_id LIKE 'northamptonshire-pdu-%' AND standard = 'overall' ORDER BY 1"
)


def test_an_id_from_the_publication_month_matches_the_bundled_one(tmp_path: Path, user_db: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        "service,provider_type,framework,published,standard,rating",
        "Northamptonshire PDU,PDU,pdu-2021,2022-05-17,overall,Requires improvement",
        "Northamptonshire PDU,PDU,probation-2023,,overall,Requires improvement",
    )
    before = rows(
        SHIPPED_DB,
        NORTHAMPTONSHIRE_OVERALL,
    )
    assert [r[0] for r in before] == ["northamptonshire-pdu-2022-05", "northamptonshire-pdu-probation-2023"]
    result = run("import", path, "--update")
    assert result.exit_code == 0, result.stderr
    assert rows(user_db, "SELECT count(*) FROM inspections") == [(SHIPPED_INSPECTIONS,)]
    assert rows(
        user_db,
        NORTHAMPTONSHIRE_OVERALL,
    ) == [
        ("northamptonshire-pdu-2022-05", "Requires improvement"),
        ("northamptonshire-pdu-probation-2023", "Requires improvement"),
    ]


def test_absent_optional_columns_keep_what_the_database_holds(tmp_path: Path, user_db: Path) -> None:
    """A file without region, dates or source_url columns must not erase the recorded ones."""
    wanted = "merseyside-crc-2018-19"
    inspection_before = rows(SHIPPED_DB, "SELECT * FROM inspections WHERE inspection_id = ?", (wanted,))
    rating_before = rows(SHIPPED_DB, "SELECT * FROM ratings WHERE inspection_id = ?", (wanted,))
    assert inspection_before[0][4] == "North West" and rating_before[0][5]  # region and source_url are known
    path = write_csv(
        tmp_path / "bare.csv",
        "service,provider_type,framework,inspection_year,standard,rating",
        "Merseyside CRC,CRC,probation-2018,2018/19,overall,Requires improvement",
    )
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert counts(result.stderr) == (0, 0, 1, 0)
    assert rows(user_db, "SELECT * FROM inspections WHERE inspection_id = ?", (wanted,)) == inspection_before
    assert rows(user_db, "SELECT * FROM ratings WHERE inspection_id = ?", (wanted,)) == rating_before


def test_a_new_name_for_a_service_renames_it(tmp_path: Path, user_db: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        "service_id,service,provider_type,framework,inspection_year,published,standard,rating",
        "merseyside-crc,Merseyside Renamed,CRC,probation-2018,2030/31,2030-06,overall,Good",
    )
    assert run("import", path).exit_code == 0
    assert rows(user_db, "SELECT name FROM services WHERE service_id = 'merseyside-crc'") == [("Merseyside Renamed",)]
    assert rows(user_db, "SELECT count(*) FROM services WHERE name LIKE 'Merseyside%'") == [(1,)]


def test_a_missing_target_starts_as_a_copy_of_the_bundled_database(user_db: Path) -> None:
    assert not user_db.exists()
    result = run("import", LONG)
    assert result.exit_code == 0
    assert counts(result.stderr) == (8, 0, 0, 4)
    assert rows(user_db, "SELECT count(*) FROM inspections") == [(SHIPPED_INSPECTIONS + 4,)]
    assert rows(user_db, "SELECT count(*) FROM ratings") == [(SHIPPED_RATINGS + 8,)]


def test_without_hmip_db_imports_go_to_the_user_database(clean_environment: Path) -> None:
    target = clean_environment / "hmip" / "findings.sqlite"
    result = run("import", LONG)
    assert result.exit_code == 0
    assert summary(result.stderr)["path"] == str(target)
    assert rows(target, "SELECT count(*) FROM ratings") == [(SHIPPED_RATINGS + 8,)]


def test_db_option_wins_over_hmip_db(tmp_path: Path, user_db: Path) -> None:
    other = tmp_path / "other.sqlite"
    result = run("import", LONG, "--db", other)
    assert result.exit_code == 0
    assert summary(result.stderr)["path"] == str(other)
    assert other.exists() and not user_db.exists()


def test_db_init_empty_then_import(tmp_path: Path) -> None:
    db = init_db(tmp_path / "e.sqlite", empty=True)
    assert rows(db, "SELECT count(*) FROM inspections") == [(0,)]
    assert rows(db, "SELECT count(*) FROM standards") == rows(SHIPPED_DB, "SELECT count(*) FROM standards")
    again = run("db", "init", "--db", db)
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == f"hmip: error: {db}: already exists; remove it first to start again\n"


def test_dry_run_reports_counts_and_leaves_the_database_byte_identical(user_db: Path, tmp_path: Path) -> None:
    init_db(user_db)
    before = sha256(user_db)
    result = run("import", LONG, "--dry-run")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        result.stderr == f"dry run, nothing written: 8 added, 0 changed, 0 unchanged (4 new inspections) in {user_db}\n"
    )
    assert sha256(user_db) == before
    assert rows(user_db, "SELECT count(*) FROM ratings") == [(SHIPPED_RATINGS,)]


def test_dry_run_does_not_create_a_missing_database(user_db: Path) -> None:
    result = run("import", LONG, "--dry-run")
    assert (result.exit_code, result.stdout) == (0, "")
    # counted against the bundled data the new database would start from
    assert (
        result.stderr == f"dry run, nothing written: 8 added, 0 changed, 0 unchanged (4 new inspections) in {user_db}\n"
    )
    assert not user_db.exists()
    assert not user_db.parent.exists()
    assert counts(run("import", SOURCE_CSV, "--dry-run").stderr) == (0, 0, SHIPPED_RATINGS, 0)
    assert not user_db.exists()


def test_dry_run_counts_against_an_older_schema_without_migrating_it(user_db: Path) -> None:
    init_db(user_db)
    conn = sqlite3.connect(user_db)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name != 'm001_initial'")  # as an older hmip left it
    conn.commit()
    conn.close()
    before = sha256(user_db)
    result = run("import", LONG, "--dry-run")
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    assert counts(result.stderr) == (8, 0, 0, 4)
    assert sha256(user_db) == before


# ---- property: any valid file imported twice is unchanged the second time ------------------

PROVIDER_STANDARDS = sorted(
    (f.slug, p.value, tuple([OVERALL, *(s.slug for s in f.standards_for(p))]))
    for f in frameworks().values()
    for p in f.provider_types
)
RATINGS = ["Outstanding", "good", "RI", "requires-improvement", "INADEQUATE"]


@st.composite
def long_csv(draw: st.DrawFn) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(["service", "provider_type", "framework", "inspection_year", "standard", "rating", "note"])
    names = draw(
        st.lists(
            st.text(alphabet="abcdefgh XYZ'&", min_size=1, max_size=10).filter(lambda s: any(c.isalpha() for c in s)),
            min_size=1,
            max_size=4,
            unique_by=lambda s: "".join(c for c in s.lower() if c.isalpha()),
        )
    )
    for name in names:
        framework, provider, standards = draw(st.sampled_from(PROVIDER_STANDARDS))
        year = draw(st.sampled_from(["", "2018/19", "2021-22", "2023/2024"]))
        chosen = draw(st.lists(st.sampled_from(standards), min_size=1, max_size=4, unique=True))
        note = draw(st.sampled_from(["", "as reported", "two\nlines", "\u00a3 \u2028"]))
        for standard in chosen:
            writer.writerow([name, provider, framework, year, standard, draw(st.sampled_from(RATINGS)), note])
    return out.getvalue()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_csv())
def test_any_valid_file_imported_twice_is_unchanged_the_second_time(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.csv"
        source.write_text(text, encoding="utf-8", newline="")
        inspections = load_inspections(str(source))
        total = sum(len(i.ratings) for i in inspections)
        db = open_write(Location(Path(tmp) / "db.sqlite", "--db"), start="empty")
        try:
            first = write_inspections(db, inspections)
            assert (first.added, first.changed, first.unchanged, first.inspections_added) == (
                total,
                0,
                0,
                len(inspections),
            )
            snapshot = [db.execute("SELECT * FROM ratings ORDER BY 1, 2").fetchall()]
            second = write_inspections(db, load_inspections(str(source)))
            assert (second.added, second.changed, second.unchanged, second.inspections_added) == (0, 0, total, 0)
            assert db.execute("SELECT * FROM ratings ORDER BY 1, 2").fetchall() == snapshot[0]
        finally:
            db.close()
