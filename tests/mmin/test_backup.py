"""`make backup` and `make restore`: the demo network is dumped, restored into a fresh database and found there again.

The data must be committed for pg_dump (another session) to see it, hence a transactional test.
"""

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from members.demo import load_demo
from members.models import Member
from members.search import forget_vocabulary, search_page
from mmin import backup
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEARCHES = ["MEG epilepsy", "diffusion MRI", "Ana Mulller"]  # the last one only trigram similarity finds


@pytest.fixture
def restored():
    """A database name beside the test database's, dropped afterwards even if the test fails."""
    name = f"{connection.settings_dict['NAME']}_restored"
    backup.drop_database(name)
    yield name
    backup.drop_database(name)


def row_counts() -> dict[str, int]:
    """Rows in every table of the connected database (the project's, Django's and the libraries')."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 -- a catalog name
            counts[table] = cursor.fetchone()[0]
        return counts


def search_results() -> dict[str, tuple[int, list[str]]]:
    forget_vocabulary()  # the taxonomy cache must come from the database being searched
    results = {}
    for query in SEARCHES:
        page = search_page(Member.objects.public(), query)
        results[query] = (page.total, [member.slug for member in page.members])
    return results


@contextmanager
def connected_to(name: str):
    """Point Django's connection at another database, as a site configured for the restored database would be."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        forget_vocabulary()


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_search_results(tmp_path, restored):
    load_demo()
    counts, results = row_counts(), search_results()
    assert counts["members_member"] >= 200
    assert all(total > 0 for total, _slugs in results.values()), "each search must find someone to compare"
    dump = tmp_path / "demo.dump"

    call_command("backup_db", output=str(dump))
    assert dump.stat().st_mode & 0o777 == 0o600, "a dump holds personal data"
    call_command("restore_db", str(dump), into=restored, jobs=2)

    with connected_to(restored):
        assert row_counts() == counts
        assert search_results() == results


def test_a_database_with_tables_is_replaced_only_with_force(tmp_path, restored):
    MemberFactory(full_name="Only In The Backup", slug="only-in-the-backup")
    dump = tmp_path / "small.dump"
    call_command("backup_db", output=str(dump))
    call_command("restore_db", str(dump), into=restored)
    with connected_to(restored):
        Member.objects.filter(slug="only-in-the-backup").update(full_name="Changed after the restore")

    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore_db", str(dump), into=restored)
    with connected_to(restored):
        assert Member.objects.get(slug="only-in-the-backup").full_name == "Changed after the restore"

    call_command("restore_db", str(dump), into=restored, force=True)
    with connected_to(restored):
        assert Member.objects.get(slug="only-in-the-backup").full_name == "Only In The Backup"


def test_the_client_tools_match_the_server_version():
    """The system's pg_dump (15) refuses a newer server; the one chosen is the server's own version."""
    server = connection.pg_version // 10000
    assert backup._major_version(backup.client_program("pg_dump", server)) == server
    assert backup._major_version(backup.client_program("pg_restore", server)) == server
