"""Writes that touch several models, each in one transaction."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from publications.models import Authorship, Publication


@transaction.atomic
def publication_set_authors(*, publication, authors):
    """Replace the byline of `publication` with `authors`, in order.

    `authors` is a list of (person, name_as_printed) pairs. The publication row is
    locked first, so concurrent reorders of one byline run one after the other and
    never leave duplicate or missing positions.
    """
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    # A new byline is a change of the publication: editors holding an older copy get a
    # conflict instead of saving the old byline back over it.
    locked.save(update_fields=["updated"])
    publication.updated = locked.updated
    publication.authorships.all().delete()
    return bulk_create_with_history(  # bulk_create alone would leave no history
        [
            Authorship(
                publication=publication,
                person=person,
                position=position,
                name_as_printed=name_as_printed or person.full_name,
            )
            for position, (person, name_as_printed) in enumerate(authors, start=1)
        ],
        Authorship,
    )
