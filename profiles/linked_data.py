"""schema.org Person data for a profile page (written out by publications.linked_data)."""

ORCID_URL = "https://orcid.org/{}"
GITHUB_URL = "https://github.com/{}"


def person_data(person, *, url, image_url="", site_name, site_url):
    """A Person for `person`, with topics already fetched (prefetch_related("topics"))."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": person.full_name,
        "familyName": " ".join(part for part in (person.name_particle, person.family_name) if part),
    }
    if person.given_name:
        data["givenName"] = person.given_name
    if person.position:
        data["jobTitle"] = person.position
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.membership:
        data["memberOf"] = {
            "@type": "OrganizationRole",
            "roleName": person.get_membership_display(),
            "memberOf": {"@type": "Organization", "name": site_name, "url": site_url},
        }
    topics = [topic.name for topic in person.topics.all()]
    if topics:
        data["knowsAbout"] = topics
    same_as = [
        ORCID_URL.format(person.orcid) if person.orcid else "",
        person.homepage,
        person.scholar_url,
        GITHUB_URL.format(person.github) if person.github else "",
    ]
    same_as = [link for link in same_as if link]
    if same_as:
        data["sameAs"] = same_as
    if image_url:
        data["image"] = image_url
    if person.bio:
        data["description"] = person.bio
    return data
