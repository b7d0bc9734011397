from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from core.caching import kept_page, versioned
from core.paging import IdsFirstPaginator
from publications import citations, pictures, rows
from publications.filters import PublicationListFilter, publication_years, topic_choices
from publications.listing import items_html
from publications.models import Publication

PUBLICATIONS_PER_PAGE = 25
# More rows than any list of the site holds.
MAX_OFFSET = 2**31

ORDERINGS = {
    "oldest": [F("year").asc(nulls_last=True), F("date").asc(nulls_last=True), "id"],
    "title": [Lower("title"), "id"],
}


def publication_list(request):
    years = versioned(request, "publication-years", publication_years)
    # A query of translated names (modeltranslation's fallbacks) cost 1.6 ms of 5.
    topics = versioned(request, "topic-choices", topic_choices)
    filterset = PublicationListFilter(request.GET, years=years, topics=topics)
    form = filterset.form
    context = {"form": form, "export_limit": citations.EXPORT_LIMIT}
    if not filterset.is_valid():
        # The same 400 as the list's downloads and the API give for these values.
        context["page"] = Paginator([], PUBLICATIONS_PER_PAGE).get_page(1)
        return render(request, "publications/publication_list.html", context, status=400)
    number = request.GET.get("page")
    # The list kept until the content changes, under what it was asked for.
    asked = [form.asked(), form.ordering(), number]
    context["page"], context["items"] = kept_page(
        request,
        "publication-list",
        asked,
        PUBLICATIONS_PER_PAGE,
        lambda: _results(filterset, number),
    )
    if not context["page"].paginator.count:
        form.say_no_author_matches()
    return render(request, "publications/publication_list.html", context)


def _results(filterset, number):
    """(how many publications `filterset` selects, the page number shown, its items)."""
    publications = filterset.qs
    ordering = filterset.form.ordering()
    if ordering in ORDERINGS:
        publications = publications.order_by(*ORDERINGS[ordering])
    elif ordering != "relevance":  # search_publications put the best matches first
        publications = publications.newest_first()
    if filterset.form.cleaned_data["q"]:
        page = counted_page(publications, number, PUBLICATIONS_PER_PAGE)
    else:
        page = IdsFirstPaginator(publications, PUBLICATIONS_PER_PAGE).get_page(number)
    items = items_html(rows.read_page(page.object_list), level=2)
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
    rows = []
    # Past any list (an OFFSET beyond a bigint is a database error): the last page.
    if start <= MAX_OFFSET:
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
    # One record for the meta tags, the JSON-LD and the formatted reference.
    work = citations.works_for([publication], request=request)[0]
    context = {"publication": publication, "author_profiles": profiles, "work": work}
    return {
        "title": publication.title,
        "slug": publication.slug or "publication",
        "address": publication.get_absolute_url(),
        "meta": render_to_string("publications/_citation_meta.html", context, request),
        "article": render_to_string("publications/_detail_article.html", context, request),
    }


def institute_network(request):
    # The members' collaborations are counted over every byline: kept until the content changes.
    network = versioned(request, "institute-network", pictures.institute_network)
    return render(request, "publications/network.html", {"network": network})
