from django.shortcuts import get_object_or_404, redirect, render

from publications.models import Publication


def publication_list(request):
    publications = Publication.objects.with_authors().newest_first()
    return render(request, "publications/publication_list.html", {"publications": publications})


def publication_detail(request, pk, slug=None):
    publication = get_object_or_404(
        Publication.objects.with_authors().prefetch_related("topics"), pk=pk
    )
    if slug != publication.slug:
        return redirect(publication, permanent=True)
    return render(request, "publications/publication_detail.html", {"publication": publication})
