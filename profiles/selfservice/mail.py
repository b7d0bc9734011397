"""Emails to researchers and editors: plain text and HTML from one pair of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(name, to, context):
    """Send templates/selfservice/email/<name>.{subject.txt,txt,html} to the addresses `to`."""
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"selfservice/email/{name}.subject.txt", context)
    body = render_to_string(f"selfservice/email/{name}.txt", context)
    html = render_to_string(f"selfservice/email/{name}.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), body, to=list(to))
    message.attach_alternative(html, "text/html")
    message.send()
