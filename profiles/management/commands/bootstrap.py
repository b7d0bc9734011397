import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from profiles.models import Person

SEED_FILE = Path(settings.BASE_DIR) / "data" / "seed" / "000_1ad2ebc84e302d88.txt"


class Command(BaseCommand):
    help = (
        "Load the seed profile into an empty database and print an admin login: a fresh "
        "password on every run in development (DEBUG), only when the user is made otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not Person.objects.exists():
            self.stdout.write(f"Empty database: importing {SEED_FILE.name}")
            call_command("import_profile", str(SEED_FILE), stdout=self.stdout)
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and not user.is_superuser:
            # Promoting a person's own account would hand them the whole site.
            raise CommandError(
                _("%(name)r is a user who is not a superuser; choose another --username.")
                % {"name": username}
            )
        if user is not None and not settings.DEBUG:
            # In production the login was printed once; resetting it would lock out its owner.
            self.stdout.write(
                _(
                    "Admin user %(name)r exists; its password is left as it is "
                    "(manage.py changepassword %(name)s changes it)."
                )
                % {"name": username}
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            get_user_model().objects.create_superuser(username, password=password)
        else:
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {username} / {password}  (at /{settings.ADMIN_PATH})")
        )
