"""What harvests found for a person, and what editors decided about it.

A suggestion is a work a source lists for a person that is not on the person's profile
yet. Confirmed, it is written through the importers' store; rejected ("not mine"), it
is remembered so that no harvest suggests the same work to that person again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import Person
from publications.models import Publication


class Source(models.TextChoices):
    ORCID = "orcid", "ORCID"
    OPENALEX = "openalex", "OpenAlex"
    CROSSREF = "crossref", "Crossref"
    ARXIV = "arxiv", "arXiv"
    DBLP = "dblp", "DBLP"


class HarvestProfile(models.Model):
    """Where to look for one person's works, besides the ORCID iD on the person."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="harvest", verbose_name=_("person")
    )
    openalex_id = models.CharField(
        _("OpenAlex author id"), max_length=20, blank=True, help_text=_("Such as A5023888391.")
    )
    dblp_pid = models.CharField(
        _("DBLP person id"), max_length=40, blank=True, help_text=_("Such as 97/6211.")
    )
    arxiv_author = models.CharField(
        _("arXiv author query"),
        max_length=100,
        blank=True,
        help_text=_('The name as arXiv searches it, such as "Pascanu, Razvan".'),
    )
    nightly = models.BooleanField(
        default=True,
        help_text=_("Harvest every night (manage.py harvest_nightly, from cron)."),
        verbose_name=_("nightly"),
    )

    class Meta:
        verbose_name = _("harvest profile")
        verbose_name_plural = _("harvest profiles")
        ordering = ["person__sort_name", "id"]

    def __str__(self):
        return gettext("Harvest of %(person)s") % {"person": self.person}


class Suggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not this person's")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("person")
    )
    source = models.CharField(max_length=10, choices=Source.choices, verbose_name=_("source"))
    title = models.CharField(max_length=500, verbose_name=_("title"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year"))
    venue = models.CharField(max_length=300, blank=True, verbose_name=_("venue"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=40, blank=True, db_index=True)
    title_key = models.CharField(
        max_length=500, editable=False, db_index=True, verbose_name=_("title key")
    )
    authors = models.TextField(
        blank=True, help_text=_("The byline as the source gives it."), verbose_name=_("authors")
    )
    # The parsed record, written through the importers' store once confirmed.
    record = models.JSONField(editable=False, verbose_name=_("record"))
    confident = models.BooleanField(
        default=False,
        help_text=_("The person's ORCID iD is on the work."),
        verbose_name=_("confident"),
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        verbose_name=_("status"),
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publication"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["status", "-year", "title", "id"]
        indexes = [models.Index(fields=["person", "status"], name="suggestion_person_status")]

    def __str__(self):
        return self.title


class HarvestRun(models.Model):
    """One source asked about one person: when, what it found, how it ended."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="harvest_runs", verbose_name=_("person")
    )
    source = models.CharField(max_length=10, choices=Source.choices, verbose_name=_("source"))
    started = models.DateTimeField(auto_now_add=True, verbose_name=_("started"))
    found = models.PositiveIntegerField(default=0, verbose_name=_("found"))
    suggested = models.PositiveIntegerField(default=0, verbose_name=_("suggested"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["person", "source", "-started"], name="run_latest")]

    def __str__(self):
        return gettext("%(source)s for %(person)s at %(time)s") % {
            "source": self.get_source_display(),
            "person": self.person,
            "time": f"{self.started:%Y-%m-%d %H:%M}",
        }
