"""A column per language for what editors write (profiles/translation.py).

The content so far is English: it moves into the English columns, history included.
Backwards, the English columns go back into the plain ones before they are dropped.
"""

from django.db import migrations, models
from django.db.models import F, Q

TRANSLATED = {
    "person": ("position", "bio", "portrait_alt"),
    "historicalperson": ("position", "bio", "portrait_alt"),
    "topic": ("name", "description"),
    "historicaltopic": ("name", "description"),
}


def into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("profiles", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


def from_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("profiles", model_name)
        for name in fields:
            written = Q(**{f"{name}_en__isnull": False}) & ~Q(**{f"{name}_en": ""})
            model.objects.filter(written).update(**{name: F(f"{name}_en")})


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0006_editors_review_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalperson',
            name='bio_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='bio_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='portrait_alt_en',
            field=models.CharField(blank=True, help_text='Describes the portrait; "Portrait of NAME" is used when empty.', max_length=300, null=True, verbose_name='portrait alt text'),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='portrait_alt_fr',
            field=models.CharField(blank=True, help_text='Describes the portrait; "Portrait of NAME" is used when empty.', max_length=300, null=True, verbose_name='portrait alt text'),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='position_en',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='position_fr',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='description_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='description_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_en',
            field=models.CharField(db_index=True, max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_fr',
            field=models.CharField(db_index=True, max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='bio_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='bio_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='portrait_alt_en',
            field=models.CharField(blank=True, help_text='Describes the portrait; "Portrait of NAME" is used when empty.', max_length=300, null=True, verbose_name='portrait alt text'),
        ),
        migrations.AddField(
            model_name='person',
            name='portrait_alt_fr',
            field=models.CharField(blank=True, help_text='Describes the portrait; "Portrait of NAME" is used when empty.', max_length=300, null=True, verbose_name='portrait alt text'),
        ),
        migrations.AddField(
            model_name='person',
            name='position_en',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='position_fr',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='description_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='description_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_en',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_fr',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
        migrations.RunPython(into_english, from_english),
    ]
