from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from core.caching import kept_page, versioned
from publications import export_views
from publications.forms import PublicationFilterForm, publication_years
from publications.listing import Listing, items_html
from publications.models import Publication
from publications.search import search_publications

PUBLICATIONS_PER_PAGE = 25

ORDERINGS = {
    "oldest": [F("year").asc(nulls_last=True), F("date").asc(nulls_last=True), "id"],
    "title": [Lower("title"), "id"],
}


def publication_list(request):
    form = PublicationFilterForm(
        request.GET, versioned(request, "publication-years", publication_years)
    )
    filters = form.values()
    number = request.GET.get("page")
    # The list kept until the content changes, under what it was asked for.
    asked = [filters["q"], filters["year"], filters["kind"], form.ordering(), number]
    asked += [filters["topic"] and filters["topic"].pk, filters["author"] and filters["author"].pk]
    page, items = kept_page(
        request, "publication-list", asked, PUBLICATIONS_PER_PAGE, lambda: _results(form, number)
    )
    context = {
        "form": form,
        "page": page,
        "items": items,
        "export_limit": export_views.LIST_EXPORT_LIMIT,
    }
    return render(request, "publications/publication_list.html", context)


def _results(form, number):
    """(how many publications match `form`, the page number shown, that page's items)."""
    filters = form.values()
    publications = search_publications(Publication.objects.all(), filters["q"])
    if filters["year"]:
        publications = publications.filter(year=filters["year"])
    if filters["kind"]:
        publications = publications.filter(kind=filters["kind"])
    if filters["topic"]:
        publications = publications.filter(topics=filters["topic"])
    if filters["author"]:
        publications = publications.filter(authorships__person=filters["author"])
    ordering = form.ordering()
    if ordering in ORDERINGS:
        publications = publications.order_by(*ORDERINGS[ordering])
    elif ordering != "relevance":  # search_publications put the best matches first
        publications = publications.newest_first()
    if filters["q"]:
        page = counted_page(publications, number, PUBLICATIONS_PER_PAGE)
    else:
        page = Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(number)
    items = items_html(Listing.of_page(page.object_list), level=2)
    return page.paginator.count, page.number, items


def counted_page(queryset, number, per_page):
    """Paginator(queryset, per_page).get_page(number), counted by the page's own query.

    For a search, whose matches are all ranked before the first row is known: a
    COUNT(*) of its own ran the text match again.
    """
    paginator = Paginator(queryset, per_page)
    try:
        wanted = int(number or 1)
    except ValueError:
        wanted = 0
    if wanted < 1:  # not a page number: the Paginator's own answer
        return paginator.get_page(number)
    start = (wanted - 1) * per_page
    rows = list(queryset.annotate(found=Window(Count("*")))[start : start + per_page])
    if rows or wanted == 1:
        paginator.count = rows[0].found if rows else 0
    page = paginator.get_page(wanted)  # past the end: the last page, counted apart
    if rows:
        page.object_list = rows
    return page


def publication_detail(request, pk, slug=None):
    # The page's parts, kept until the content changes. Its meta tags hold absolute
    # addresses, so the host is part of the key.
    key = f"publication-page:{pk}:{request.build_absolute_uri('/')}"
    parts = versioned(request, key, lambda: _publication_parts(request, pk))
    if slug != parts["slug"]:
        return redirect(parts["address"], permanent=True)
    return render(request, "publications/publication_detail.html", parts)


def _publication_parts(request, pk):
    publication = get_object_or_404(
        Publication.objects.with_authors()
        .select_related("version_of")
        .prefetch_related("topics", "other_versions"),
        pk=pk,
    )
    profiles = [a.person for a in publication.authorships.all() if a.person.has_profile]
    context = {"publication": publication, "author_profiles": profiles}
    return {
        "title": publication.title,
        "slug": publication.slug or "publication",
        "address": publication.get_absolute_url(),
        "meta": render_to_string("publications/_citation_meta.html", context, request),
        "article": render_to_string("publications/_detail_article.html", context, request),
    }
