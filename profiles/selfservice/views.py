"""The researcher's pages outside admin: their profile and their delegates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from profiles.models import Person
from profiles.selfservice.forms import DelegateForm, ProfileForm
from profiles.selfservice.models import Delegate
from profiles.selfservice.permissions import editable_people, may_edit, may_manage_delegates
from profiles.selfservice.services import (
    UNCHANGED,
    add_delegate,
    current_values,
    label_of,
    open_revision,
    submit_changes,
)


def editable_person(request, slug, *, check=may_edit):
    """The person `slug` names, if the signed-in user may edit it; else a 403."""
    person = get_object_or_404(Person.objects.prefetch_related("topics"), slug=slug)
    if not check(request.user, person):
        raise PermissionDenied(
            gettext("You may edit only your own profile and those delegated to you.")
        )
    return person


@login_required
def home(request):
    people = list(editable_people(request.user))
    if len(people) == 1:
        return redirect("selfservice:profile", people[0].slug)
    return render(request, "selfservice/home.html", {"people": people})


@login_required
def profile(request, slug):
    person = editable_person(request, slug)
    revision = open_revision(person)
    # The form shows what the researcher asked for, also where it still waits.
    initial = {**current_values(person), **(revision.changes if revision else {})}
    initial["new_topics"] = ", ".join(initial["new_topics"])
    if request.method == "POST":
        # Compared with the published values, each language's text in its own column.
        form = ProfileForm(
            request.POST,
            request.FILES,
            instance=Person.objects.get(pk=person.pk),
            initial=current_values(person),
        )
        if form.is_valid():
            portrait = UNCHANGED
            if "portrait" in form.changed_data:
                portrait = form.cleaned_data["portrait"] or ""  # False: "Clear" was ticked
            published, waiting = submit_changes(
                person=person, user=request.user, values=form.changed_values(), portrait=portrait
            )
            report_changes(request, published, waiting)
            return redirect("selfservice:profile", person.slug)
    else:
        form = ProfileForm(instance=person, initial=initial)
    waiting = [label_of(name) for name in revision.changes] if revision else []
    context = {"person": person, "form": form, "waiting": waiting, "section": "profile"}
    return render(request, "selfservice/profile.html", context, status=400 if form.errors else 200)


def report_changes(request, published, waiting):
    if published:
        messages.success(
            request, gettext("Published now: %(fields)s.") % {"fields": ", ".join(published)}
        )
    if waiting:
        messages.info(
            request,
            gettext("Waiting for an editor's review: %(fields)s.") % {"fields": ", ".join(waiting)},
        )
    if not (published or waiting):
        messages.info(request, gettext("Nothing changed."))


@login_required
def delegates(request, slug):
    person = editable_person(request, slug, check=may_manage_delegates)
    form = DelegateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            delegate = add_delegate(
                person=person, email=form.cleaned_data["email"], granted_by=request.user
            )
        except ValueError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                gettext("%(email)s may now edit this profile.") % {"email": delegate.user.email},
            )
            return redirect("selfservice:delegates", person.slug)
    context = {
        "person": person,
        "form": form,
        "delegates": person.delegates.select_related("user").order_by("created", "id"),
        "section": "delegates",
    }
    return render(
        request, "selfservice/delegates.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def remove_delegate(request, slug, pk):
    person = editable_person(request, slug, check=may_manage_delegates)
    delegate = get_object_or_404(Delegate.objects.select_related("user"), pk=pk, person=person)
    delegate.delete()
    messages.success(
        request,
        gettext("%(email)s may no longer edit this profile.") % {"email": delegate.user.email},
    )
    return redirect("selfservice:delegates", person.slug)
