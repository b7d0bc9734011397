"""Accepting a reading of a doubtful name in a real Chromium, without JavaScript."""

import io

import pytest
from django.core.management import call_command

from profiles.models import NameReview, Person
from tests.admin.test_admin_browser import _login, page  # noqa: F401 (the browser fixture)
from tests.support import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OTHER = DATA / "profile_van_der_berg.txt"


def test_one_click_on_a_reading_renames_the_person(page, live_server, django_user_model):  # noqa: F811
    call_command("import_profile", str(OTHER), stdout=io.StringIO())
    _login(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/profiles/namereview/")
    page.click("button:has-text('Accept Ngugi wa Thiongó')")
    page.wait_for_url(f"{live_server.url}/admin/profiles/namereview/")
    assert "is now shown as" in page.locator(".messagelist").inner_text()
    assert Person.objects.filter(full_name="Ngugi wa Thiongó").exists()
    assert NameReview.objects.get().status == NameReview.Status.ACCEPTED
    assert page.violations == []


def test_the_review_list_works_with_javascript_off(live_server, django_user_model, page):  # noqa: F811
    call_command("import_profile", str(OTHER), stdout=io.StringIO())
    _login(page, live_server, django_user_model)
    context = page.context.browser.new_context(java_script_enabled=False)
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(f"{live_server.url}/admin/profiles/namereview/")
    plain.click("button:has-text('Keep as printed')")
    plain.wait_for_url(f"{live_server.url}/admin/profiles/namereview/")
    assert NameReview.objects.get().status == NameReview.Status.KEPT
    context.close()
