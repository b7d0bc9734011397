"""One open period for everyone who has a membership today, its start unknown; editors
may add the true dates. Reversed, the periods go (Person.membership stays as it was)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def open_periods(apps, schema_editor):
    Person = apps.get_model("profiles", "Person")
    MembershipPeriod = apps.get_model("profiles", "MembershipPeriod")
    members = Person.objects.exclude(membership="").values_list("pk", "membership", "position")
    MembershipPeriod.objects.bulk_create(
        (
            MembershipPeriod(person_id=pk, membership=membership, position=position)
            for pk, membership, position in members.iterator()
        ),
        batch_size=1000,
    )


def remove_periods(apps, schema_editor):
    apps.get_model("profiles", "MembershipPeriod").objects.all().delete()


def let_editors_edit_histories(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    app_config = apps.get_app_config("profiles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name="Editor"):
        group.permissions.add(*_permissions(apps))


def undo_permissions(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Editor"):
        group.permissions.remove(*_permissions(apps))


def _permissions(apps):
    # The periods are editors' to change; their history rows only to read (0008).
    in_profiles = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="profiles"
    )
    return in_profiles.filter(content_type__model="membershipperiod") | in_profiles.filter(
        content_type__model="historicalmembershipperiod", codename__startswith="view_"
    )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0009_membership_period"), ("profiles", "0003_editor_group")]

    operations = [
        migrations.RunPython(open_periods, remove_periods),
        migrations.RunPython(let_editors_edit_histories, undo_permissions),
    ]
