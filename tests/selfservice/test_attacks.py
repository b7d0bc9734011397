"""What an attacker would try on the self-service pages; each is refused and changes nothing.

The invitation attacks (reused, replaced, expired, forged) are in test_accounts.py,
the API's in test_api_me.py, a delegate after removal in test_delegates.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import Person
from profiles.selfservice.models import Delegate, PendingRevision
from publications.models import Authorship, BylineDispute, Publication
from tests.factories import make_person, make_publication
from tests.selfservice.factories import make_researcher, make_user
from tests.site.test_security import _seed, every_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    """Ada signed in; Bob, another researcher with a delegate and a publication."""
    ada, ada_user = make_researcher()
    bob, _ = make_researcher("Bob Kahn")
    helper = make_user("helper@example.org")
    bob_delegate = Delegate.objects.create(person=bob, user=helper)
    paper = make_publication("Bob's paper", authors=[bob, make_person("Carol Shaw")])
    mine = make_publication("Ada's paper", authors=[ada])
    client.force_login(ada_user)
    return {
        "ada": ada,
        "bob": bob,
        "bob_delegate": bob_delegate,
        "bob_entry": Authorship.objects.get(person=bob, publication=paper),
        "ada_entry": Authorship.objects.get(person=ada, publication=mine),
    }


def snapshot():
    """Everything an attack could change."""
    return (
        list(Person.objects.order_by("pk").values()),
        list(Person.topics.through.objects.order_by("pk").values()),
        list(Authorship.objects.order_by("pk").values()),
        list(Publication.objects.order_by("pk").values_list("pk", "title")),
        list(Delegate.objects.order_by("pk").values()),
        list(PendingRevision.objects.values()),
        list(BylineDispute.objects.values()),
    )


def other_peoples_urls(world):
    bob, entry = world["bob"], world["bob_entry"]
    return [
        reverse("selfservice:profile", args=[bob.slug]),
        reverse("selfservice:delegates", args=[bob.slug]),
        reverse("selfservice:remove-delegate", args=[bob.slug, world["bob_delegate"].pk]),
        reverse("mypublications:list", args=[bob.slug]),
        reverse("mypublications:add", args=[bob.slug]),
        reverse("mypublications:not-mine", args=[bob.slug, entry.pk]),
    ]


POST_BODY = {
    "bio": "Hacked",
    "position": "Hacked",
    "email": "helper@example.org",
    "reason": "Hacked",
    "bibtex": "@article{x, title={Hacked}, author={Bob Kahn}, year={2020}}",
}


def test_another_persons_slug_in_every_page_is_refused(client, world):
    before = snapshot()
    for url in other_peoples_urls(world):
        assert client.get(url).status_code in (403, 405), url
        response = client.post(url, POST_BODY)
        assert response.status_code == 403, url
        assert "You may edit only your own profile" in response.text, url
    assert snapshot() == before


def test_another_persons_records_under_ones_own_slug_are_not_found(client, world):
    ada = world["ada"]
    before = snapshot()
    for url in [
        reverse("selfservice:remove-delegate", args=[ada.slug, world["bob_delegate"].pk]),
        reverse("mypublications:not-mine", args=[ada.slug, world["bob_entry"].pk]),
    ]:
        assert client.post(url, POST_BODY).status_code == 404, url
    assert snapshot() == before


def test_another_persons_byline_entry_in_the_choices_form_is_ignored(client, world):
    ada, bob_entry = world["ada"], world["bob_entry"]
    own = world["ada_entry"]
    data = {
        f"rank_{own.pk}": "",
        f"printed_{own.pk}": own.printed_name,
        f"rank_{bob_entry.pk}": "1",
        f"hidden_{bob_entry.pk}": "on",
        f"printed_{bob_entry.pk}": "Hacked",
    }
    before = snapshot()
    client.post(reverse("mypublications:list", args=[ada.slug]), data)
    assert snapshot() == before


def test_fields_a_researcher_may_not_set_are_ignored_by_the_profile_form(client, world):
    ada = world["ada"]
    before = Person.objects.filter(pk=ada.pk).values().get()
    client.post(
        reverse("selfservice:profile", args=[ada.slug]),
        {
            "has_profile": "",
            "slug": "taken-over",
            "full_name": "Someone Else",
            "family_name": "Else",
            "sort_name": "aaa",
            "account": world["bob"].pk,
            "id": world["bob"].pk,
            "new_topics": "",
        },
    )
    after = Person.objects.filter(pk=ada.pk).values().get()
    for name in ["has_profile", "slug", "full_name", "family_name", "sort_name", "id"]:
        assert after[name] == before[name], name
    assert Person.objects.get(pk=world["bob"].pk).bio == ""


def test_a_post_without_the_csrf_token_is_refused(world):
    ada = world["ada"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ada.account.user)
    before = snapshot()
    for url in [
        reverse("selfservice:profile", args=[ada.slug]),
        reverse("selfservice:delegates", args=[ada.slug]),
        reverse("mypublications:list", args=[ada.slug]),
        reverse("mypublications:add", args=[ada.slug]),
        reverse("mypublications:not-mine", args=[ada.slug, world["ada_entry"].pk]),
        reverse("selfservice:email-change"),
        reverse("selfservice:logout"),
    ]:
        response = browser.post(url, POST_BODY)
        assert response.status_code == 403, url
        assert "CSRF" in response.text, url
    assert snapshot() == before
    assert browser.get(reverse("selfservice:account")).status_code == 200  # still signed in


def test_a_researcher_reaches_nothing_in_admin(client, world):
    urls = [
        url
        for url in every_url(_seed())
        if url.startswith("/admin/") and url not in ("/admin/login/", "/admin/logout/")
    ]
    assert len(urls) > 20
    before = snapshot()
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), url
    review = reverse("admin:profiles_person_changelist")
    response = client.post(review, {"action": "delete_selected", "_selected_action": [1, 2]})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert snapshot() == before


def test_a_delegate_may_not_touch_the_researchers_delegates(world):
    bob, helper = world["bob"], world["bob_delegate"].user
    browser = Client()
    browser.force_login(helper)
    before = snapshot()
    url = reverse("selfservice:remove-delegate", args=[bob.slug, world["bob_delegate"].pk])
    assert browser.post(url).status_code == 403
    assert (
        browser.post(reverse("selfservice:delegates", args=[bob.slug]), POST_BODY).status_code
        == 403
    )
    assert snapshot() == before


def test_signed_out_visitors_are_sent_to_sign_in(world):
    ada = world["ada"]
    for url in [
        reverse("selfservice:profile", args=[ada.slug]),
        reverse("mypublications:list", args=[ada.slug]),
    ]:
        response = Client().post(url, POST_BODY)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("selfservice:login")
        )
