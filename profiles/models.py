import datetime
import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.counting import counted
from profiles.fields import ORCIDField
from profiles.names import match_key, sort_key, split_name
from profiles.portraits import forget_portrait


def _slug_candidates(text, max_length):
    base = slugify(text)[:max_length].strip("-") or "item"
    yield base
    for number in itertools.count(2):
        suffix = f"-{number}"
        yield f"{base[: max_length - len(suffix)]}{suffix}"


def unique_slug(model, text, *, instance_pk=None, max_length=80):
    """Return a slug for `text` that no other row of `model` uses yet."""
    others = model._default_manager.exclude(pk=instance_pk)
    return next(
        slug for slug in _slug_candidates(text, max_length) if not others.filter(slug=slug).exists()
    )


def free_slug(text, taken, *, max_length=80):
    """The slug unique_slug would choose among the slugs in `taken`, which it joins."""
    slug = next(slug for slug in _slug_candidates(text, max_length) if slug not in taken)
    taken.add(slug)
    return slug


class TopicQuerySet(models.QuerySet):
    def by_shown_name(self):
        """By the name each topic shows in the active language (else the default's)."""
        shown = f"name_{translation.get_language() or settings.LANGUAGE_CODE}"
        if shown not in {field.name for field in self.model._meta.fields}:
            shown = f"name_{settings.LANGUAGE_CODE}"
        return self.order_by(Lower(Coalesce(NullIf(shown, models.Value("")), "name")), "id")

    def with_counts(self):
        """Each topic with `people_count` (public profiles) and `publication_count`.

        Counted in the link tables: joined to the publications, each topic read all
        200,000 of them (1.8 s for 40 topics; 40 ms from the links alone).
        """
        people = self.model.people.through.objects.filter(person__has_profile=True)
        publications = self.model.publications.through.objects.all()
        return self.annotate(
            people_count=counted(people, "topic"),
            publication_count=counted(publications, "topic"),
        )


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    history = HistoricalRecords()

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The plain columns, and the one slug, hold the default language's value.
        with translation.override(settings.LANGUAGE_CODE):
            if not self.slug:
                self.slug = unique_slug(Topic, self.name, instance_pk=self.pk)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("profiles:topic-detail", args=[self.slug])


# Columns that database triggers keep, never written by a save().
TRIGGER_FIELDS = ["last_active", "publication_count"]


class PersonQuerySet(models.QuerySet):
    def with_profile(self):
        return self.filter(has_profile=True)

    def with_publication_count(self):
        """The people; `publication_count` is a stored column now, kept by triggers."""
        return self.all()

    def current_members(self, today=None):
        """Members whose membership has not ended by `today`."""
        return self.filter(current_member_q(today))

    def alumni(self, today=None):
        """Former members: every period of their membership has ended by `today`."""
        return self.filter(alumni_q(today))


def current_member_q(today=None):
    ended = Q(membership_ended__isnull=True) | Q(membership_ended__gt=today or timezone.localdate())
    return ~Q(membership="") & ended


def alumni_q(today=None):
    return ~Q(membership="") & Q(membership_ended__lte=today or timezone.localdate())


class Person(models.Model):
    class Membership(models.TextChoices):
        CORE = "core", _("Core Academic Member")
        ASSOCIATE = "associate", _("Associate Academic Member")
        AFFILIATE = "affiliate", _("Affiliate Member")
        POSTDOC = "postdoc", _("Postdoctoral Researcher")
        PHD = "phd", _("PhD Student")
        MASTERS = "masters", _("Master's Student")
        STAFF = "staff", _("Research Staff")

    full_name = models.CharField(
        max_length=200, help_text=_("The name as it should be shown."), verbose_name=_("full name")
    )
    given_name = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("Filled from the full name when left empty."),
        verbose_name=_("given name"),
    )
    name_particle = models.CharField(
        max_length=40,
        blank=True,
        help_text=_('A particle such as "von" or "van der".'),
        verbose_name=_("name particle"),
    )
    family_name = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("Filled from the full name when left empty."),
        verbose_name=_("family name"),
    )
    sort_name = models.CharField(
        max_length=300, editable=False, db_index=True, verbose_name=_("sort name")
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=_("The address of the profile; keep it stable."),
        verbose_name=_("slug"),
    )
    membership = models.CharField(
        max_length=20,
        choices=Membership.choices,
        blank=True,
        help_text=_("Leave empty for a co-author from outside the institute."),
        verbose_name=_("membership"),
    )
    # Kept from the membership history by sync_membership(): the latest period's end,
    # empty while a period is open, so the directory tells alumni apart in one column.
    membership_ended = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("membership ended")
    )
    position = models.CharField(max_length=200, blank=True, verbose_name=_("position"))
    affiliation = models.CharField(max_length=200, blank=True, verbose_name=_("affiliation"))
    portrait = models.ImageField(upload_to="portraits/", blank=True, verbose_name=_("portrait"))
    portrait_alt = models.CharField(
        _("portrait alt text"),
        max_length=300,
        blank=True,
        help_text=_('Describes the portrait; "Portrait of NAME" is used when empty.'),
    )
    bio = models.TextField(blank=True, verbose_name=_("bio"))
    homepage = models.URLField(blank=True, verbose_name=_("homepage"))
    orcid = ORCIDField(_("ORCID iD"), max_length=19)
    scholar_url = models.URLField(_("Google Scholar URL"), blank=True)
    github = models.CharField(
        _("GitHub user name"),
        max_length=39,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
                _("Enter a GitHub user name: letters, digits and single hyphens."),
            )
        ],
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="people", verbose_name=_("topics")
    )
    has_profile = models.BooleanField(
        _("public profile"), default=False, help_text=_("Show this person in the directory.")
    )
    # The latest year of their publications (the year one was added, in UTC, when it has
    # none; 0 without any). Database triggers keep it on every write of a byline or a
    # publication (publications/last_active.py), so sorting by activity reads an index.
    last_active = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("last active")
    )
    # How many bylines they are on, kept by triggers as last_active is
    # (publications/publication_count.py): the API's people list sorts and shows it.
    publication_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("publications")
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = PersonQuerySet.as_manager()
    # What editors changed; the counted columns are the triggers' and none of theirs.
    history = HistoricalRecords(excluded_fields=TRIGGER_FIELDS)

    class Meta:
        verbose_name = _("person")
        ordering = ["sort_name", "id"]
        verbose_name_plural = _("people")
        indexes = [
            models.Index(
                fields=["-last_active", "sort_name", "id"], name="profiles_person_activity"
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_names()
        slug_given = bool(self.slug)
        if not slug_given:
            self.slug = unique_slug(Person, self.full_name, instance_pk=self.pk)
        stored = None
        if self.pk:
            stored = (
                Person.objects.filter(pk=self.pk).values("slug", "membership", "portrait").first()
            )
            if slug_given and stored and stored["slug"] != self.slug:
                PersonRedirect.objects.update_or_create(
                    old_slug=stored["slug"], defaults={"person": self}
                )
        if stored and not kwargs.get("force_insert") and kwargs.get("update_fields") is None:
            # The triggers may have moved their columns since this instance was read.
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in TRIGGER_FIELDS
            ]
        # The plain columns of the translated fields hold the default language's value.
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)
        if stored and stored["portrait"] and stored["portrait"] != self.portrait.name:
            forget_portrait(Person, stored["portrait"])
        writes_membership = "membership" in (kwargs.get("update_fields") or ["membership"])
        if writes_membership and self.membership != (stored["membership"] if stored else ""):
            self.record_membership_change()

    def get_absolute_url(self):
        return reverse("profiles:person-detail", args=[self.slug])

    def fill_names(self):
        """The name parts and sort name from the full name, as saving does."""
        self.full_name = " ".join(self.full_name.split())
        if not self.family_name:
            self.given_name, self.name_particle, self.family_name = split_name(self.full_name)
        self.sort_name = sort_key(self.given_name, self.name_particle, self.family_name)

    def record_membership_change(self):
        """Write a new `membership` into the history: the open periods end today and one
        of the new kind opens (its start unknown for a newcomer). Imports, the API and
        approved revisions set `membership`; this keeps the history true to it."""
        periods = list(MembershipPeriod.objects.filter(person_id=self.pk))
        open_periods = [period for period in periods if period.end is None]
        latest = max(periods, key=MembershipPeriod.recency, default=None)
        if latest and latest.membership == self.membership:
            # Recorded already (a merge moved the history here): the fields follow it.
            self.sync_membership(periods)
            return
        today = timezone.localdate()
        for period in open_periods:
            period.end = max(today, period.start or today)
            period.save(update_fields=["end"])
        if self.membership:
            periods.append(
                self.membership_periods.create(
                    membership=self.membership,
                    position=self.position,
                    start=today if periods else None,
                )
            )
        self.sync_membership(periods)

    def sync_membership(self, periods=None):
        """Set `membership` and `membership_ended` from the history, the one source."""
        if periods is None:  # read afresh: a prefetched history may be out of date
            periods = list(MembershipPeriod.objects.filter(person_id=self.pk))
        latest = max(periods, key=MembershipPeriod.recency, default=None)
        membership = latest.membership if latest else ""
        ended = None
        if latest and all(period.end for period in periods):
            ended = max(period.end for period in periods)
        if (membership, ended) != (self.membership, self.membership_ended):
            Person.objects.filter(pk=self.pk).update(membership=membership, membership_ended=ended)
            self.membership, self.membership_ended = membership, ended

    @property
    def latest_membership_period(self):
        """The period `membership` comes from (prefetch membership_periods to save a query)."""
        return max(self.membership_periods.all(), key=MembershipPeriod.recency, default=None)

    @property
    def is_alumni(self):
        """Whether every period of this person's membership has ended."""
        ended = self.membership_ended
        return bool(self.membership and ended and ended <= timezone.localdate())

    @property
    def display_sort_name(self):
        """ "Oswald, Johannes von": family name first, as in an index."""
        given = " ".join(part for part in (self.given_name, self.name_particle) if part)
        return f"{self.family_name}, {given}" if given else self.family_name

    @property
    def alt_text(self):
        return self.portrait_alt or gettext("Portrait of %(name)s") % {"name": self.full_name}

    @property
    def initials(self):
        parts = [self.given_name[:1], self.family_name[:1]]
        return "".join(part for part in parts if part).upper() or self.full_name[:1].upper()


class MembershipPeriod(models.Model):
    """A span of time a person held one membership: the history behind `membership`."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="membership_periods",
        verbose_name=_("person"),
    )
    membership = models.CharField(
        max_length=20, choices=Person.Membership.choices, verbose_name=_("membership")
    )
    position = models.CharField(max_length=200, blank=True, verbose_name=_("position"))
    start = models.DateField(
        null=True, blank=True, help_text=_("Leave empty when unknown."), verbose_name=_("start")
    )
    end = models.DateField(
        null=True, blank=True, help_text=_("Leave empty while it lasts."), verbose_name=_("end")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = [F("start").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.get_membership_display()} ({self.years})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": ValidationError(_("The end comes before the start."), code="inconsistent")}
            )

    @property
    def years(self):
        """ "2019–2023", "2019–present", "until 2023" or "" as far as the dates are known."""
        start, end = self.start and self.start.year, self.end and self.end.year
        if start and end:
            return f"{start}–{end}" if start != end else str(start)
        if start:
            return _("%(year)s–present") % {"year": start}
        return _("until %(year)s") % {"year": end} if end else ""

    def recency(self):
        """A sort key: open periods last, then by end, then by start."""
        return (
            self.end is None,
            self.end or datetime.date.min,
            self.start or datetime.date.min,
            self.id or 0,
        )


class NameVariant(models.Model):
    """Another spelling under which a person appears on papers."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_variants", verbose_name=_("person")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    key = models.CharField(max_length=200, editable=False, db_index=True, verbose_name=_("key"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_variant_per_person")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_key()
        super().save(*args, **kwargs)

    def fill_key(self):
        self.name = " ".join(self.name.split())
        self.key = match_key(self.name)


class PersonRedirect(models.Model):
    """An old slug that now points at a person, so old addresses keep working."""

    old_slug = models.SlugField(max_length=80, unique=True, verbose_name=_("old slug"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("person redirect")
        verbose_name_plural = _("person redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.person.slug}"


class NameReview(models.Model):
    """A name an import kept as printed because no reading of it clearly won."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        ACCEPTED = "accepted", _("reading accepted")
        KEPT = "kept", _("kept as printed")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_reviews", verbose_name=_("person")
    )
    printed = models.CharField(
        max_length=200, help_text=_("The name as the source printed it."), verbose_name=_("printed")
    )
    candidates = models.JSONField(
        default=list, help_text=_("Its readings, likeliest first."), verbose_name=_("candidates")
    )
    source = models.CharField(
        max_length=300, blank=True, help_text=_("The imported file."), verbose_name=_("source")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    decided_name = models.CharField(max_length=200, blank=True, verbose_name=_("decided name"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("name review")
        verbose_name_plural = _("name reviews")
        ordering = ["-created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "printed"], name="one_review_per_spelling")
        ]

    def __str__(self):
        return self.printed
