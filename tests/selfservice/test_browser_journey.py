"""The whole self-service journey in a real Chromium: invitation to approved profile.

The researcher's browser runs without JavaScript: every form works without it. The
public profile is checked at each step, axe checks each new page, and each step leaves
a screenshot in test-artifacts/.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse

from profiles.models import Person
from tests.factories import make_person, make_publication
from tests.pages import test_browser
from tests.pages.test_browser import WCAG_AA, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser = test_browser.browser  # the module's Chromium, shared with the page tests

PASSWORD = "a-long-pass-phrase-42"


@pytest.fixture
def institute(settings, django_user_model):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain HTTP here
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    ada = make_person("Ada Lovelace", has_profile=True, position="Lecturer")
    bob = make_person("Bob Kahn")
    for n, title in enumerate(["Engines", "Looms", "Bernoulli numbers", "Not by Ada"]):
        make_publication(title, authors=[ada, bob], year=1840 + n)
    return ada


class Checks:
    """axe on each page visited. The researcher's browser runs no JavaScript and axe
    needs it, so a second browser with the same cookies loads the same address."""

    def __init__(self, browser):
        self.axe, self.problems = Axe(), []
        self.auditor = new_page(browser)

    def page(self, page, name):
        shot(page, f"selfservice-{name}")
        self.auditor.context.clear_cookies()
        self.auditor.context.add_cookies(page.context.cookies())
        self.auditor.goto(page.url)
        results = self.axe.run(
            self.auditor, options={"runOnly": {"type": "tag", "values": WCAG_AA}}
        )
        self.problems += [
            f"{name}: {violation['id']}: {violation['help']}"
            for violation in results.response["violations"]
        ]


def public_profile(visitor, live_server, ada):
    visitor.goto(live_server.url + ada.get_absolute_url())
    return visitor.locator("article.profile")


def test_invite_edit_review_and_publish_in_a_real_browser(browser, live_server, institute):
    ada, checks = institute, Checks(browser)
    editor = new_page(browser)
    researcher = new_page(browser, javascript=False)
    visitor = new_page(browser, width=360)
    for page in (editor, researcher, visitor):
        page.set_default_timeout(15_000)  # a step that hangs fails soon, with its line

    # The editor invites Ada from the list of people.
    editor.goto(live_server.url + "/admin/login/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.goto(live_server.url + "/admin/profiles/person/?q=Lovelace")
    editor.locator("input[name=_selected_action]").first.check()
    editor.select_option("select[name=action]", "invite_researchers")
    editor.click("button[name=index]")
    editor.get_by_label("Email of Ada Lovelace").fill("ada@example.org")
    shot(editor, "selfservice-01-editor-invites")
    editor.get_by_role("button", name="Send invitations").click()
    shot(editor, "selfservice-01b-editor-invited")
    editor.get_by_text("Invited Ada Lovelace.").wait_for()
    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+", invitation.body).group(0)

    # Ada follows the link, sets a password and lands on her profile editor.
    researcher.goto(link)
    checks.page(researcher, "02-invitation")
    researcher.get_by_label("Password", exact=True).fill(PASSWORD)
    researcher.get_by_label("The same password again").fill(PASSWORD)
    researcher.get_by_role("button", name="Set password and continue").click()
    researcher.wait_for_url(f"**/me/{ada.slug}/")
    assert researcher.get_by_role("heading", level=1).inner_text() == "My profile: Ada Lovelace"
    checks.page(researcher, "03-my-profile")

    # Bio and links publish at once.
    researcher.get_by_label("Bio (English)").fill("I write notes on the Analytical Engine.")
    researcher.get_by_label("Homepage").fill("https://ada.example.org/")
    researcher.get_by_label("GitHub user name").fill("ada-l")
    researcher.get_by_role("button", name="Save").click()
    researcher.get_by_text("Published now:").wait_for()
    profile = public_profile(visitor, live_server, ada)
    assert "I write notes on the Analytical Engine." in profile.inner_text()
    assert profile.get_by_role("link", name=re.compile("ada.example.org|Homepage")).count()
    shot(visitor, "selfservice-04-public-bio-live")

    # A new position waits for an editor; the public profile keeps the old one.
    researcher.get_by_label("Position (English)").fill("Professor of Poetical Science")
    researcher.get_by_role("button", name="Save").click()
    researcher.get_by_text("Waiting for an editor's review: position").wait_for()
    checks.page(researcher, "05-position-pending")
    profile = public_profile(visitor, live_server, ada)
    assert "Lecturer" in profile.inner_text()
    assert "Poetical" not in profile.inner_text()

    # Two featured publications, in her order; one marked "not mine".
    researcher.get_by_role("link", name="My publications").click()
    items = researcher.locator(".my-publications > li")
    rows = {item.locator("h2").inner_text(): item for item in items.all()}
    rows["Looms"].get_by_label("Featured position").fill("1")
    rows["Engines"].get_by_label("Featured position").fill("2")
    checks.page(researcher, "06-my-publications")
    researcher.get_by_role("button", name="Save choices").click()
    researcher.get_by_text("Published now: featured publications.").wait_for()
    profile = public_profile(visitor, live_server, ada)
    featured = profile.locator("section.featured .publication-title").all_inner_texts()
    assert featured == ["Looms", "Engines"]
    shot(visitor, "selfservice-07-public-featured")

    entry = researcher.locator(".my-publications > li", has_text="Not by Ada")
    entry.get_by_role("link", name=re.compile("^Not mine")).click()
    checks.page(researcher, "08-not-mine")
    researcher.get_by_label("Why is it not yours? (optional)").fill("Another Ada Lovelace.")
    researcher.get_by_role("button", name="Send to the editors").click()
    researcher.get_by_text("An editor will look at it").wait_for()
    assert "Not by Ada" in public_profile(visitor, live_server, ada).inner_text()

    # The editor approves the position and resolves the "not mine".
    editor.goto(live_server.url + "/admin/selfservice/pendingrevision/")
    editor.get_by_role("link", name="Ada Lovelace").click()
    assert "Professor of Poetical Science" in editor.locator("table.review-diff").inner_text()
    shot(editor, "selfservice-09-editor-reviews")
    editor.get_by_label("Message to the researcher").fill("Congratulations!")
    editor.get_by_role("button", name="Approve and publish").click()
    profile = public_profile(visitor, live_server, ada)
    assert "Professor of Poetical Science" in profile.inner_text()
    assert "Lecturer" not in profile.inner_text()
    shot(visitor, "selfservice-10-public-position-approved")

    editor.goto(live_server.url + "/admin/publications/bylinedispute/")
    editor.get_by_role("link", name="Ada Lovelace").click()
    shot(editor, "selfservice-11-editor-not-mine")
    editor.get_by_role("button", name="Not theirs: move it").click()
    profile = public_profile(visitor, live_server, ada)
    assert "Not by Ada" not in profile.inner_text()
    assert profile.locator("section.featured .publication-title").all_inner_texts() == [
        "Looms",
        "Engines",
    ]
    shot(visitor, "selfservice-12-public-final")
    assert Person.objects.filter(full_name="Ada Lovelace", has_profile=False).count() == 1
    decisions = [message.subject for message in mail.outbox[1:]]
    assert any("approved" in subject for subject in decisions)

    # Her other pages, at a phone's width too.
    researcher.goto(live_server.url + reverse("selfservice:delegates", args=[ada.slug]))
    checks.page(researcher, "13-delegates")
    researcher.goto(live_server.url + reverse("selfservice:account"))
    checks.page(researcher, "14-account")
    phone = new_page(browser, width=360)
    phone.context.add_cookies(researcher.context.cookies())
    for path in [
        reverse("selfservice:profile", args=[ada.slug]),
        reverse("mypublications:list", args=[ada.slug]),
    ]:
        phone.goto(live_server.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    shot(phone, "selfservice-15-phone")
    for page in (editor, researcher, visitor, phone, checks.auditor):
        page.context.close()
    assert checks.problems == []
