"""Emails to researchers and editors: plain text and HTML from one pair of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send(name, to, context, *, language=None):
    """Send templates/selfservice/email/<name>.{subject.txt,txt,html} to the addresses `to`,
    written in `language`: by default the active one (a request's), else LANGUAGE_CODE."""
    context = {"site_name": settings.SITE_NAME, **context}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"selfservice/email/{name}.subject.txt", context)
        body = render_to_string(f"selfservice/email/{name}.txt", context)
        html = render_to_string(f"selfservice/email/{name}.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), body, to=list(to))
    message.attach_alternative(html, "text/html")
    message.send()
