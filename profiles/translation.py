"""What editors write for visitors, in every language of settings.LANGUAGES.

django-modeltranslation adds a column per language beside each field (`position_en`,
`position_fr`) on the same table: the value-row readers (publications/rows.py, the
topic counts) read them without a join or an extra query, where django-parler's
translation tables would add one per list. The plain field reads the active language
with the other as fallback. Names, identifiers and bylines are not translated.

The historical models are registered too: django-simple-history copies every field of
a saved row, the per-language ones included, so its tables need the same columns.
"""

from modeltranslation.translator import TranslationOptions, register

from profiles.models import Person, Topic


class PersonTranslation(TranslationOptions):
    fields = ("position", "bio", "portrait_alt")


class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    # A topic without a French name stores NULL there, which the unique index allows
    # many times over; an empty string would collide.
    empty_values = {"name": None}


register(Person)(PersonTranslation)
register(Topic)(TopicTranslation)
register(Person.history.model)(PersonTranslation)
register(Topic.history.model)(TopicTranslation)
