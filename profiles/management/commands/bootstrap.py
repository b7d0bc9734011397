import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from profiles.models import Person

SEED_FILE = Path(settings.BASE_DIR) / "data" / "seed" / "000_1ad2ebc84e302d88.txt"


class Command(BaseCommand):
    help = "Load the seed profile into an empty database and print a fresh admin login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not Person.objects.exists():
            self.stdout.write(f"Empty database: importing {SEED_FILE.name}")
            call_command("import_profile", str(SEED_FILE), stdout=self.stdout)
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {username} / {password}  (at /{settings.ADMIN_PATH})")
        )
