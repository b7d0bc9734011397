"""Model fields that normalise an identifier as they validate it."""

from django.db import models


class NormalisedCharField(models.CharField):
    """A nullable CharField whose to_python normalises through `normaliser`.

    Empty values become None so that a unique constraint allows many unset rows.
    """

    normaliser = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("unique", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Say unique/null/blank explicitly: left out, __init__ would turn them back on,
        # and the history tables (which must allow repeats) would get a unique index.
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(unique=self.unique, null=self.null, blank=self.blank)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or not value.strip():
            return None
        return self.normaliser(value)

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
