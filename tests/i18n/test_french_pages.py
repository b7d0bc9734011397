"""Every kind of page, rendered in French from real rows, shows no English interface text.

The English is every catalogue entry whose French differs (tests/support/catalogue.py);
what editors typed (names, titles, topics) stays as it is and is taken out first.
"""

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult, get_date_max
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalChanges

from config.views import server_error
from jobs.models import Job
from profiles.models import MembershipPeriod, NameVariant, Person, Topic
from profiles.selfservice import mail as selfservice_mail
from profiles.selfservice.models import Delegate, PendingRevision
from publications.models import Authorship, BylineDispute, Publication
from tests.factories import make_person, make_publication
from tests.selfservice.factories import make_researcher
from tests.support.catalogue import catalogue, english_in, every_entry, shown_text
from tests.support.pages_data import small_institute

pytestmark = pytest.mark.django_db

LANGUAGES = [("en", "English"), ("fr", "Français")]
OUR_APPS = {"profiles", "selfservice", "publications", "harvest", "jobs"}


@contextmanager
def language(code):
    """`code` active for the URLs reversed and the requests made inside."""
    with override_settings(LANGUAGES=LANGUAGES), translation.override(code):
        yield


def data_texts(*records):
    """What editors wrote on these records, which no catalogue translates."""
    texts = []
    for record in records:
        if isinstance(record, Person):
            texts += [record.full_name, record.position, record.affiliation, record.bio]
            texts += [record.initials, record.orcid or "", record.github, record.slug]
        else:
            texts += [getattr(record, name, "") or "" for name in ("title", "venue", "abstract")]
            texts += [getattr(record, "name", "") or "", getattr(record, "description", "")]
    return [text for text in texts if text]


@pytest.fixture
def institute():
    data = small_institute()
    for n in range(26):  # a second page of publications, for the pagination
        make_publication(f"Unattributed report {n}", year=2010)
    return data


def public_urls(data):
    """(name, address, status) of every public page kind and state."""
    ada, learning = data["ada"], data["learning"]
    directory, publications = reverse("profiles:directory"), reverse("publications:list")
    return [
        ("directory", directory, 200),
        ("directory filtered", f"{directory}?q=a&membership=core&topic={learning.slug}", 200),
        ("directory empty", f"{directory}?q=zzz", 200),
        ("profile", ada.get_absolute_url(), 200),
        ("bare profile", data["grace"].get_absolute_url(), 200),
        ("publications", publications, 200),
        ("publications page 2", f"{publications}?page=2", 200),
        ("publications search", f"{publications}?q=compilers", 200),
        ("publications empty", f"{publications}?q=zzz", 200),
        ("publications invalid", f"{publications}?year=bad&year_min=0", 400),
        ("publication", data["new"].get_absolute_url(), 200),
        ("bare publication", data["undated"].get_absolute_url(), 200),
        ("topics", reverse("profiles:topic-list"), 200),
        ("topic", learning.get_absolute_url(), 200),
        ("not found", reverse("profiles:person-detail", args=["nobody-here"]), 404),
    ]


def everything_typed():
    return data_texts(*Person.objects.all(), *Topic.objects.all(), *Publication.objects.all())


def test_every_public_page_is_all_french(client, institute):
    typed = everything_typed()
    seen = {}
    with language("fr"):
        for name, url, status in public_urls(institute):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
            assert response.status_code == status, name
            html = response.content.decode()
            seen[name] = english_in(html, data=typed)
            assert "Personnes" in html and "Thèmes" in html, name  # French indeed
    assert seen == {name: [] for name in seen}


def test_the_check_finds_the_english_of_the_same_pages(client, institute):
    """The English pages show the catalogue's English: the check above can fail."""
    typed = everything_typed()
    with language("en"):
        html = client.get(institute["ada"].get_absolute_url()).content.decode()
    found = english_in(html, data=typed)
    assert {"People", "Research topics", "Co-authors", "Core Academic Member"} <= set(found)


def test_french_pages_show_french_dates_kinds_and_memberships(client, institute):
    publication = institute["old"]
    publication.date = "2019-06-05"
    publication.save()
    with language("fr"):
        article = client.get(publication.get_absolute_url()).content.decode()
        profile = client.get(institute["ada"].get_absolute_url()).content.decode()
    assert "5 juin 2019" in article and "Article de revue" in article
    assert "Membre académique principal" in profile and "Résumé" in profile


def test_error_pages_are_french(rf):
    with language("fr"):
        pages = {
            "500": server_error(rf.get("/")).content.decode(),
            "503": render_to_string("503.html"),
            "lockout": render_to_string(
                "lockout.html", {"cooloff_timedelta": timedelta(minutes=15)}
            ),
        }
    for name, html in pages.items():
        assert english_in(html) == [], name
        assert '<html lang="fr">' in html, name
    assert "Attendez 15\u00a0minutes" in pages["lockout"]  # axes' timedelta, in minutes
    with language("en"):
        english = render_to_string("lockout.html", {"cooloff_timedelta": timedelta(seconds=50)})
    assert "Wait 1 minute and try again" in english


@pytest.fixture
def researcher():
    ada, user = make_researcher("Ada Lovelace", position="Professor")
    bob = make_person("Bob Kahn")
    paper = make_publication("Sketch of the Analytical Engine", authors=[ada, bob], year=1843)
    return ada, user, paper


def test_every_self_service_page_is_all_french(researcher):
    ada, user, paper = researcher
    entry = Authorship.objects.get(person=ada, publication=paper)
    typed = data_texts(ada, paper, *Person.objects.all()) + [user.email, "Sketch"]
    helped = make_person("Grace Hopper", has_profile=True)
    Delegate.objects.create(person=helped, user=user)  # two profiles: home lists them
    # A featured choice waiting for an editor: My publications says so.
    PendingRevision.objects.create(person=ada, changes={"featured": [entry.pk]})
    typed += data_texts(helped)
    signed_in, visitor = Client(), Client()
    signed_in.force_login(user)
    with language("fr"):
        pages = {
            "sign in": (visitor, reverse("selfservice:login")),
            "password reset": (visitor, reverse("selfservice:password-reset")),
            "reset sent": (visitor, reverse("selfservice:password-reset-done")),
            "account": (signed_in, reverse("selfservice:account")),
            "home": (signed_in, reverse("selfservice:home")),
            "profile": (signed_in, reverse("selfservice:profile", args=[ada.slug])),
            "delegates": (signed_in, reverse("selfservice:delegates", args=[ada.slug])),
            "publications": (signed_in, reverse("mypublications:list", args=[ada.slug])),
            "add": (signed_in, reverse("mypublications:add", args=[ada.slug])),
            "not mine": (signed_in, reverse("mypublications:not-mine", args=[ada.slug, entry.pk])),
            "password change": (signed_in, reverse("selfservice:password-change")),
            "email change": (signed_in, reverse("selfservice:email-change")),
            "bad invitation": (visitor, reverse("selfservice:accept-invitation", args=["x"])),
        }
        found = {}
        for name, (client, url) in pages.items():
            response = client.get(url)
            assert response.status_code in (200, 400), name
            found[name] = english_in(response.content.decode(), data=typed)
        # What a post answers: errors, notices and a refusal.
        profile_url = reverse("selfservice:profile", args=[ada.slug])
        response = signed_in.post(profile_url, {"github": "-bad-", "orcid": "1"}, follow=True)
        found["profile errors"] = english_in(response.content.decode(), data=typed)
        response = signed_in.post(profile_url, {"position": "Professor"}, follow=True)
        found["profile saved"] = english_in(response.content.decode(), data=typed)
        bibtex = "@article{e, author={Lovelace, Ada}, title={Notes}, year={1843}}"
        add_url = reverse("mypublications:add", args=[ada.slug])
        response = signed_in.post(add_url, {"bibtex": bibtex, "dry_run": "on"})
        assert "Publications créées\u00a0: 1" in response.content.decode()
        found["import report"] = english_in(response.content.decode(), data=[*typed, "Notes"])
        response = signed_in.post(add_url, {"bibtex": "@article{broken, title={x"})
        assert "Rien n’a été importé" in response.content.decode()
        found["import error"] = english_in(response.content.decode(), data=typed)
        stranger = make_person("Someone Else", has_profile=True)
        response = signed_in.get(reverse("selfservice:profile", args=[stranger.slug]))
        assert response.status_code == 403
        found["refused"] = english_in(response.content.decode(), data=typed)
    assert found == {name: [] for name in found}


def test_emails_are_written_in_the_language_given_in_text_and_html(researcher):
    ada, user, paper = researcher
    revision = PendingRevision.objects.create(
        person=ada, changes={"position": "Dean"}, status="approved", message="Bravo"
    )
    entry = Authorship.objects.get(person=ada, publication=paper)
    dispute = BylineDispute.objects.create(
        authorship=entry, person=ada, status="resolved", raised_by=user
    )
    contexts = {
        "invitation": {"person": ada, "url": "https://x.example/i/", "days": 7},
        "decision": {"person": ada, "revision": revision, "labels": ["poste"], "url": "u"},
        "dispute_decision": {"person": ada, "dispute": dispute, "url": "u"},
        "email_change": {"user": user, "url": "u", "hours": 1},
        "digest": {"items": [("Ada Lovelace: poste", "u")]},
    }
    typed = data_texts(ada, paper) + [user.email, "Bravo", "Dean"]
    for name, context in contexts.items():
        mail.outbox.clear()
        selfservice_mail.send(name, ["ada@example.org"], context, language="fr")
        (message,) = mail.outbox
        html = message.alternatives[0][0]
        assert english_in(f"<p>{message.subject}</p><pre>{message.body}</pre>", data=typed) == []
        assert english_in(html, data=typed) == [], name
        assert '<html lang="fr">' in html
        mail.outbox.clear()
        selfservice_mail.send(name, ["ada@example.org"], context, language="en")
        assert '<html lang="en">' in mail.outbox[0].alternatives[0][0]


def test_an_email_sent_from_a_request_is_in_the_request_language(researcher):
    ada, user, _ = researcher
    client = Client()
    client.force_login(user)
    with language("fr"):
        response = client.post(
            reverse("selfservice:email-change"),
            {"email": "new@example.org", "password": "a-long-pass-phrase-42"},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].subject == "Confirmez votre nouvelle adresse courriel"
    assert "Bonjour," in mail.outbox[-1].body


def test_the_password_reset_email_is_french_too(researcher):
    _, user, _ = researcher
    with language("fr"):
        Client().post(reverse("selfservice:password-reset"), {"email": user.email})
    (message,) = mail.outbox
    assert "Choisir un nouveau mot de passe" in message.subject
    assert english_in(f"<pre>{message.body}</pre>", data=[user.get_username()]) == []
    assert english_in(message.alternatives[0][0], data=[user.get_username()]) == []


def admin_body(html):
    """The whole page the editor sees: side bar, bread crumbs, columns and forms, which
    name models and fields by their verbose names."""
    return str(BeautifulSoup(html, "html.parser").body)


# Third-party English in no catalogue: django-tasks-db's app name, a plain string that
# jobs.apps.TasksDatabaseConfig replaces. (Its translatable labels are in
# locale_third_party/, which english_in reads.)
UNCATALOGUED_ENGLISH = ["Tasks Database Backend"]


def english_in_admin(html, data):
    """english_in, and again ignoring case: the admin capitalises the verbose names
    ("Name particle" from "name particle") and lower-cases some ("ajouter person")."""
    body = admin_body(html)
    typed = [str(text).lower() for text in data]
    found = set(english_in(body, data=data)) | set(english_in(body.lower(), data=typed))
    found |= {english for english in UNCATALOGUED_ENGLISH if english in shown_text(body)}
    # Once lower-cased, some fragments are French words too: "administration".
    french = " ".join(entry.msgstr for entry in every_entry()).lower()
    return sorted(
        fragment
        for fragment in found
        if not re.search(rf"(?<!\w){re.escape(fragment.lower())}(?!\w)", french)
    )


def french_admin_pages(editor_client, urls, typed):
    """({name: English found}, {name: page}) for the admin pages `urls`, asked in French."""
    found, pages = {}, {}
    for name, url in urls.items():
        # The admin has no language in its address: the browser's says which.
        response = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
        found[name] = english_in_admin(pages[name], typed)
    return found, pages


def test_the_admin_review_and_report_pages_are_french(editor_client, institute, researcher):
    ada, user, paper = researcher
    entry = Authorship.objects.get(person=ada, publication=paper)
    revision = PendingRevision.objects.create(
        person=ada,
        changes={"position": "Dean", "featured": [entry.pk], "hidden": [entry.pk]},
        before={"position": "Professor"},
    )
    dispute = BylineDispute.objects.create(authorship=entry, person=ada, raised_by=user)
    typed = everything_typed() + ["Dean", user.email, "editor", "Research Directory"]
    with language("fr"):
        urls = {
            "revision": reverse("admin:selfservice_pendingrevision_change", args=[revision.pk]),
            "dispute": reverse("admin:publications_bylinedispute_change", args=[dispute.pk]),
            "quality": reverse("admin:publications_publication_quality"),
            "duplicates": reverse("admin:publications_publication_duplicates"),
            "import": reverse("admin:publications_publication_import_bibtex"),
            "harvest": reverse("admin:harvest_suggestion_harvest"),
            "harvests": reverse("admin:harvest_suggestion_overview"),
        }
        found, pages = french_admin_pages(editor_client, urls, typed)
        assert all("Accueil" in html for html in pages.values())
        merge = editor_client.post(
            reverse("admin:profiles_person_changelist"),
            {"action": "merge_selected", "_selected_action": [ada.pk, institute["ada"].pk]},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        found["merge"] = english_in_admin(merge.content.decode(), typed)
    assert found == {name: [] for name in found}


def test_the_admin_forms_and_lists_of_people_publications_and_topics_are_french(
    editor_client, institute
):
    ada = institute["ada"]
    paper = Publication.objects.filter(authorships__person=ada).first()
    MembershipPeriod.objects.filter(person=ada).update(start=date(2019, 9, 1))
    NameVariant.objects.create(person=ada, name="A. Lovelace")
    ada.slug = "ada-king"
    ada.save()
    topic = Topic.objects.get(name="Machine Learning")
    typed = everything_typed() + ["A. Lovelace", "editor", "Research Directory"]
    with language("fr"):
        urls = {
            "person": reverse("admin:profiles_person_change", args=[ada.pk]),
            "people": reverse("admin:profiles_person_changelist"),
            "publication": reverse("admin:publications_publication_change", args=[paper.pk]),
            "publications": reverse("admin:publications_publication_changelist"),
            "topic": reverse("admin:profiles_topic_change", args=[topic.pk]),
        }
        found, pages = french_admin_pages(editor_client, urls, typed)
    assert found == {name: [] for name in found}
    # French indeed, down to the labels Django derives from the models.
    assert "Page personnelle" in pages["person"] and "Particule" in pages["person"]
    assert "Poste [fr]" in pages["person"] and "Nom [fr]" in pages["topic"]
    assert "Rang" in pages["publication"] and "Lieu de publication" in pages["publications"]
    assert "Modifications en attente" in pages["people"]


def test_the_jobs_task_results_and_history_pages_of_the_admin_are_french(editor_client, institute):
    """Our jobs, and what third-party packages put in the admin: django-tasks-db's task
    results and django-simple-history's history pages."""
    ada = institute["ada"]
    ada.position = "Dean"
    ada.save()
    job = Job.objects.create(
        title="Import of BibTeX", handler="publications.jobs.import_bibtex", status="done"
    )
    task = DBTaskResult.objects.create(
        args_kwargs={},
        task_path="jobs.runner.run_job",
        backend_name="default",
        run_after=get_date_max(),
        traceback="Traceback (most recent call last)",
    )
    history = ada.history.latest()
    typed = everything_typed() + [job.title, task.task_path, str(task.pk), "Dean", "editor"]
    typed += ["Research Directory", task.traceback, "default"]
    with language("fr"):
        urls = {
            "index": reverse("admin:index"),
            "jobs": reverse("admin:jobs_job_changelist"),
            "job": reverse("admin:jobs_job_change", args=[job.pk]),
            "tasks": reverse("admin:django_tasks_database_dbtaskresult_changelist"),
            "task": reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk]),
            "history": reverse("admin:profiles_person_history", args=[ada.pk]),
            "version": reverse("admin:profiles_person_simple_history", args=[ada.pk, history.pk]),
        }
        found, pages = french_admin_pages(editor_client, urls, typed)
    assert found == {name: [] for name in found}
    assert "File des tâches" in pages["index"] and "Résultats de tâches" in pages["index"]
    assert "Prête" in pages["tasks"] and "Pile d’appels" in pages["task"]
    assert "Modifications" in pages["history"]


def test_every_model_and_field_label_is_in_the_french_catalogue():
    """What the admin derives from the models: a label that reads the same in French is
    one the catalogue says so of, never one left out of it."""
    untranslated = []
    for config in apps.get_app_configs():
        if config.label not in OUR_APPS:
            continue
        for model in config.get_models():
            if issubclass(model, HistoricalChanges):
                continue  # copies of the models' labels, with django-simple-history's own
            opts = model._meta
            labels = [opts.verbose_name, opts.verbose_name_plural]
            # The per-language fields' labels are the base field's, and the language;
            # the primary keys' "ID" is Django's, and French too.
            fields = [field for field in opts.fields if not isinstance(field, TranslationField)]
            labels += [field.verbose_name for field in fields if not field.primary_key]
            labels += [field.verbose_name for field in opts.many_to_many]
            for label in labels:
                with translation.override("en"):
                    english = str(label)
                with translation.override("fr"):
                    french = str(label)
                if english == french and not catalogue().find(english):
                    untranslated.append(f"{opts.label}: {english}")
    assert untranslated == []
