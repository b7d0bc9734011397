"""The data migration opens one period for each member, and reverses."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("profiles", "0009_membership_period")]
AFTER = [("profiles", "0010_membership_history_from_current")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_every_member_gets_one_open_period_and_going_back_removes_them():
    apps = migrate(BEFORE)
    Person = apps.get_model("profiles", "Person")
    Person.objects.create(full_name="Ada Lovelace", slug="ada", membership="phd", position="PhD")
    Person.objects.create(full_name="Charles Babbage", slug="charles", membership="")
    try:
        apps = migrate(AFTER)
        MembershipPeriod = apps.get_model("profiles", "MembershipPeriod")
        rows = MembershipPeriod.objects.values_list("person__slug", "membership", "position")
        assert list(rows.filter(start=None, end=None)) == [("ada", "phd", "PhD")]
        assert MembershipPeriod.objects.count() == 1

        apps = migrate(BEFORE)
        assert apps.get_model("profiles", "MembershipPeriod").objects.count() == 0
        assert apps.get_model("profiles", "Person").objects.get(slug="ada").membership == "phd"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
