"""Atom feeds of newly added publications: all of them, and one person's."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext

from profiles.models import Person
from publications.export_views import moved_person
from publications.models import Publication

FEED_LENGTH = 50


class NewPublicationsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("New publications · %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return gettext("Publications added to %(site)s, newest first.") % {
            "site": settings.SITE_NAME
        }

    def link(self):
        return reverse("publications:list")

    def author_name(self):
        # Atom needs an author for entries that have none of their own.
        return settings.SITE_NAME

    @staticmethod
    def newest(publications):
        return publications.order_by("-created", "-id").with_authors()[:FEED_LENGTH]

    def items(self):
        return self.newest(Publication.objects.all())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom carries the summary as HTML: the abstract must show as text.
        return escape(item.abstract)

    def item_author_name(self, item):
        return ", ".join(authorship.printed_name for authorship in item.authorships.all())

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated


class PersonPublicationsFeed(NewPublicationsFeed):
    def __call__(self, request, slug):
        # Readers keep feed addresses for years: follow a person's renamed slug.
        try:
            return super().__call__(request, slug=slug)
        except Http404:
            return moved_person(slug, "publications:person-feed")

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return gettext("Publications of %(name)s · %(site)s") % {
            "name": obj.full_name,
            "site": settings.SITE_NAME,
        }

    def subtitle(self, obj):
        return gettext("Publications of %(name)s added to %(site)s, newest first.") % {
            "name": obj.full_name,
            "site": settings.SITE_NAME,
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.newest(Publication.objects.filter(authorships__person=obj))
