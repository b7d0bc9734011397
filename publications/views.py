from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render

from publications.forms import PublicationFilterForm
from publications.listing import Listing, items_html
from publications.models import Publication
from publications.search import search_publications

PUBLICATIONS_PER_PAGE = 25

ORDERINGS = {
    "oldest": [F("year").asc(nulls_last=True), F("date").asc(nulls_last=True), "id"],
    "title": [Lower("title"), "id"],
}


def publication_list(request):
    form = PublicationFilterForm(request.GET)
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
    page = Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = items_html(Listing.of_page(page.object_list), level=2)
    context = {"form": form, "page": page, "items": items}
    return render(request, "publications/publication_list.html", context)


def publication_detail(request, pk, slug=None):
    publication = get_object_or_404(
        Publication.objects.with_authors()
        .select_related("version_of")
        .prefetch_related("topics", "other_versions"),
        pk=pk,
    )
    if slug != (publication.slug or "publication"):
        return redirect(publication, permanent=True)
    profiles = [a.person for a in publication.authorships.all() if a.person.has_profile]
    context = {"publication": publication, "author_profiles": profiles}
    return render(request, "publications/publication_detail.html", context)
