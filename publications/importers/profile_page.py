"""Parse the plain-text profile pages scraped from an institute website.

First version: splits the header, topics and publication entries. Name repair
and de-duplication rules live in the import service.
"""

import re
from dataclasses import dataclass, field

SEE_MORE_RE = re.compile(r"…\s*\(see more\)")


@dataclass
class ParsedPublication:
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""


@dataclass
class ParsedProfile:
    name: str
    membership: str = ""
    position: str = ""
    affiliation: str = ""
    topics: list[str] = field(default_factory=list)
    publications: list[ParsedPublication] = field(default_factory=list)


def _looks_like_name(line):
    words = line.split()
    return 1 < len(words) <= 6 and len(line) <= 60 and not line.endswith(("?", ".", ":"))


def parse_profile(text):
    """Return a ParsedProfile for the text of one scraped profile page."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines or not lines[0].startswith("Portrait of "):
        raise ValueError("line 1: expected 'Portrait of NAME'")
    profile = ParsedProfile(name=lines[1])
    index = 2
    header = []
    while index < len(lines) and lines[index] != "Research Topics":
        header.append(lines[index])
        index += 1
    if header:
        profile.membership = header[0]
    if len(header) > 1:
        position, _, affiliation = header[1].partition(", ")
        profile.position, profile.affiliation = position, affiliation
    index += 1
    while index < len(lines) and lines[index] != "Publications":
        profile.topics.append(lines[index])
        index += 1
    current = None
    for line in lines[index + 1 :]:
        if len(line) > 300:
            if current:
                current.abstract = SEE_MORE_RE.sub("", line)
        elif current and _looks_like_name(line) and not current.abstract:
            current.authors.append(line)
        else:
            current = ParsedPublication(title=line)
            profile.publications.append(current)
    return profile
