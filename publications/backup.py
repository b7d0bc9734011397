"""The whole directory as one JSON document, and back, in one transaction."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction

from profiles.models import MembershipPeriod, NameVariant, Person, PersonRedirect, Topic
from publications import last_active, publication_count
from publications.models import Authorship, Publication

FORMAT = "research-directory-backup"
VERSION = 1
# In an order that loads: what a row points at comes before it.
MODELS = [Topic, Person, MembershipPeriod, NameVariant, PersonRedirect, Publication, Authorship]
HISTORY_MODELS = [
    model.history.model
    for model in (Topic, Person, MembershipPeriod, NameVariant, Publication, Authorship)
]


class BackupError(Exception):
    """A backup that cannot be read or loaded; the message says what and where."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keeps microseconds (DjangoJSONEncoder cuts them), so a round trip is exact."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _label(model):
    return model._meta.label_lower


def export_directory(*, history=False):
    """Every row of the directory's models, ordered by primary key."""
    usernames = dict(get_user_model().objects.values_list("pk", "username")) if history else {}
    data = {"format": FORMAT, "version": VERSION, "history": history, "models": {}}
    for model in MODELS + (HISTORY_MODELS if history else []):
        rows = serializers.serialize("python", model._default_manager.order_by("pk"))
        for row in rows:
            del row["model"]
            if "history_user" in row["fields"]:
                # Users are not part of the directory; history keeps the user name.
                row["fields"]["history_user"] = usernames.get(row["fields"]["history_user"])
        data["models"][_label(model)] = rows
    return data


def dumps(data):
    return json.dumps(data, cls=ExactJSONEncoder, ensure_ascii=False, indent=1, sort_keys=True)


def counts(data):
    return {label: len(rows) for label, rows in data["models"].items()}


def directory_is_empty():
    return not any(model._default_manager.exists() for model in MODELS)


def _clear():
    Authorship.objects.all().delete()  # first: Authorship protects the people it names
    for model in reversed(MODELS):
        model._default_manager.all().delete()
    for model in HISTORY_MODELS:  # last: the deletions above were recorded there too
        model._default_manager.all().delete()


@transaction.atomic
def import_directory(data, *, replace=False):
    """Load an export into this database; all of it or, on any error, none of it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"This is not a {FORMAT} file (no 'format' field saying so).")
    if data.get("version") != VERSION:
        raise BackupError(f"Backup version {data.get('version')!r}; this app reads {VERSION}.")
    if not replace and not directory_is_empty():
        raise BackupError("The directory is not empty; use --replace to replace its contents.")
    _clear()
    user_ids = dict(get_user_model().objects.values_list("username", "pk"))
    known = {_label(model): model for model in MODELS + HISTORY_MODELS}
    models = data.get("models") or {}
    unknown = set(models) - set(known)
    if unknown:
        raise BackupError(f"Unknown models in the backup: {', '.join(sorted(unknown))}.")
    loaded = []
    for label, model in known.items():
        rows = models.get(label, [])
        relations = [f.name for f in model._meta.get_fields() if f.is_relation]
        for index, row in enumerate(rows):
            fields = dict(row.get("fields") or {})
            if "history_user" in fields:
                fields["history_user"] = user_ids.get(fields["history_user"])
            try:
                (obj,) = serializers.deserialize(
                    "python", [{"model": label, "pk": row.get("pk"), "fields": fields}]
                )
                if model in MODELS:  # history rows are records of the past, kept as they are
                    # References are checked once all rows are in: a row may point ahead.
                    obj.object.full_clean(
                        exclude=relations, validate_unique=False, validate_constraints=False
                    )
                obj.save()
            except Exception as error:  # every failure names the row it came from
                message = getattr(error, "message_dict", None) or error
                raise BackupError(
                    f"{label} row {index + 1} (pk {row.get('pk')}): {message}"
                ) from None
        if rows:
            loaded.append(model)
    try:
        connection.check_constraints()
    except IntegrityError as error:
        raise BackupError(f"A row points at a record the backup does not hold: {error}") from None
    _reset_sequences(loaded)
    with connection.cursor() as cursor:  # a file's own counted values may be stale
        cursor.execute(last_active.recount_all(connection.vendor))
        cursor.execute(publication_count.recount_all())
    return counts(data)


def _reset_sequences(models):
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
