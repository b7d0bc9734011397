from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profiles.models import Person, Topic
from profiles.selfservice.models import EditorDecision
from publications.fields import ArxivIdField, DOIField
from publications.validators import validate_language, validate_year


class PublicationQuerySet(models.QuerySet):
    def with_authors(self):
        """Publications with their ordered authorships and persons in two extra queries."""
        return self.prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("person"),
            )
        )

    def with_bylines(self):
        """Publications with ordered authorships, their people and topics, in three extra
        queries.

        The people come by primary key: joined to a page's authorships instead,
        PostgreSQL scans all the people (12 ms for 10,000) rather than pick 200 by index.
        """
        return self.prefetch_related("authorships", "authorships__person", "topics")

    def of_person(self, person):
        """The publications on `person`'s byline, newest first."""
        return self.filter(authorships__person=person).newest_first()

    def newest_first(self):
        return self.order_by(
            F("year").desc(nulls_last=True), F("date").desc(nulls_last=True), "-id"
        )


class Publication(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Journal article")
        CONFERENCE = "conference", _("Conference paper")
        PREPRINT = "preprint", _("Preprint")
        BOOK = "book", _("Book")
        CHAPTER = "chapter", _("Book chapter")
        THESIS = "thesis", _("Thesis")
        REPORT = "report", _("Technical report")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=500, verbose_name=_("title"))
    slug = models.SlugField(max_length=120, editable=False, verbose_name=_("slug"))
    abstract = models.TextField(blank=True, verbose_name=_("abstract"))
    language = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_language],
        help_text=_(
            "The language of the title and abstract, as an ISO 639-1 code such as "
            "en or fr; empty when unknown."
        ),
        verbose_name=_("language"),
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, db_index=True, validators=[validate_year], verbose_name=_("year")
    )
    date = models.DateField(
        null=True, blank=True, help_text=_("The full date, when known."), verbose_name=_("date")
    )
    venue = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Journal, conference or publisher."),
        verbose_name=_("venue"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind")
    )
    doi = DOIField(_("DOI"), max_length=200, help_text=_("Without https://doi.org/."))
    arxiv_id = ArxivIdField(_("arXiv id"), max_length=40, help_text=_("Such as 2506.05233."))
    url = models.URLField(_("URL"), max_length=500, blank=True)
    pdf_url = models.URLField(_("PDF URL"), max_length=500, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="publications", verbose_name=_("topics")
    )
    version_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="other_versions",
        help_text=_("Another real version of the same work, such as the preprint of a paper."),
        verbose_name=_("version of"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = [F("year").desc(nulls_last=True), "title", "id"]
        indexes = [
            # A list filtered by kind and year, in the default order: its count and its
            # page read this index instead of every publication of the year.
            models.Index(fields=["kind", "year", "title", "id"], name="publication_kind_year"),
            # The feed of what was added last: the 50 newest without sorting 200,000.
            models.Index(fields=["-created", "-id"], name="publication_newest_added"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", args=[self.pk, self.slug or "publication"])

    def fill_derived(self):
        """The tidy title, its slug and the year of the date, as saving does."""
        self.title = " ".join(self.title.split())
        self.slug = slugify(self.title)[:120].strip("-")
        if self.date and not self.year:
            self.year = self.date.year

    def clean(self):
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError(
                {
                    "date": ValidationError(
                        _("The date falls in another year than the year given."),
                        code="inconsistent",
                    )
                }
            )
        if self.date and not self.year:
            self.year = self.date.year
        if self.pk and self.version_of_id == self.pk:
            raise ValidationError(
                {
                    "version_of": ValidationError(
                        _("A publication cannot be a version of itself."), code="inconsistent"
                    )
                }
            )


class Authorship(models.Model):
    """One person on one publication's byline, in order, with the name as printed."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="authorships",
        verbose_name=_("publication"),
    )
    # PROTECT: deleting a person must not silently rewrite other records' bylines.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="authorships", verbose_name=_("person")
    )
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("1 for the first author. Empty when the place on the byline is unknown."),
        verbose_name=pgettext_lazy("place on a byline", "position"),
    )
    name_as_printed = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The name exactly as the paper prints it."),
        verbose_name=_("name as printed"),
    )
    # Chosen by the researcher on "My publications": shown first, in this order.
    featured_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("featured rank")
    )
    hidden = models.BooleanField(
        default=False, help_text=_("Left off the person's profile page."), verbose_name=_("hidden")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authorship")
        verbose_name_plural = _("authorships")
        ordering = [F("position").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person"], name="one_authorship_per_person"
            ),
            models.UniqueConstraint(
                fields=["publication", "position"], name="unique_byline_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__isnull=True) | models.Q(position__gte=1),
                name="byline_position_from_one",
            ),
        ]

    def __str__(self):
        return self.printed_name

    def save(self, *args, **kwargs):
        if not self.name_as_printed and self.person_id:
            self.name_as_printed = self.person.full_name
        super().save(*args, **kwargs)

    @property
    def printed_name(self):
        return self.name_as_printed or self.person.full_name


class BylineDispute(EditorDecision):
    """A researcher's "not mine" on a byline entry, for an editor to resolve.

    Resolving moves the entry to an outside co-author of the printed name; the
    byline keeps its length and order, and nothing is deleted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        RESOLVED = "resolved", _("Moved to another person")
        DISMISSED = "dismissed", _("Kept on the profile")

    authorship = models.ForeignKey(
        Authorship, on_delete=models.CASCADE, related_name="disputes", verbose_name=_("authorship")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised = models.DateTimeField(auto_now_add=True, verbose_name=_("raised"))

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("“not mine” claims")
        ordering = ["raised", "id"]
        verbose_name = _("“not mine” claim")
        constraints = [
            models.UniqueConstraint(
                fields=["authorship"],
                condition=models.Q(status="pending"),
                name="one_open_dispute_per_byline_entry",
            )
        ]

    def __str__(self):
        return gettext("%(person)s on “%(publication)s”") % {
            "person": self.person,
            "publication": self.authorship.publication,
        }
