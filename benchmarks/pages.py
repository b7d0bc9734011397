"""`make bench-names` (second part): reading generated profile pages in the seed's format.

Each page has an owner and entries: a title, author lines, sometimes an abstract with the
scraper's "… (see more)" spliced in, sometimes no author (the owner alone), sometimes
listed twice; some titles are shaped like names ("Kernel Smith", two capitalised
words). People come from the name lexicon, with diacritics, particles, initials and
hyphens, nicknames, and a third of them are TeX-mangled as the scraper does. Title and abstract
words come from the seed's own abstracts. No database is needed: the pure parser and
heal() are measured.

python -m benchmarks.pages [--pages N] [--seed S]
"""

import argparse
import random
import re
import time
from pathlib import Path

from benchmarks.names import byline_name, mangle, setup_django

# Healing reads the models' column limits: Django is set up before it is imported.
setup_django()

from profiles.name_lexicon import read_lexicon  # noqa: E402
from publications.importers.healing import heal  # noqa: E402
from publications.importers.profile_page import parse_profile  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "data" / "seed" / "000_1ad2ebc84e302d88.txt"


def seed_words():
    """Words of the seed's abstracts: real prose for titles and abstracts."""
    prose = [line for line in SEED.read_text().splitlines() if len(line.split()) > 30]
    return sorted({word for line in prose for word in re.findall(r"\b[a-z]{3,}\b", line)})


class PageMaker:
    def __init__(self, rng):
        self.rng = rng
        lexicon = read_lexicon()
        self.given = sorted(t for t, e in lexicon.items() if "g" in e.kinds and "'" not in t)
        self.family = sorted(t for t, e in lexicon.items() if "f" in e.kinds and "'" not in t)
        self.words = seed_words()

    def person(self):
        return byline_name(self.rng, self.given, self.family)

    def title(self):
        rng = self.rng
        if rng.random() < 0.1:  # shaped like a name
            second = rng.choice(self.family) if rng.random() < 0.5 else rng.choice(self.words)
            return f"{rng.choice(self.words).capitalize()} {second.capitalize()}"
        words = [rng.choice(self.words) for _ in range(rng.randint(3, 12))]
        title = " ".join(word.capitalize() if rng.random() < 0.5 else word for word in words)
        title = title[0].upper() + title[1:]
        return title + (": " + rng.choice(self.words) + " study" if rng.random() < 0.3 else "")

    def abstract(self):
        rng = self.rng
        words = [rng.choice(self.words) for _ in range(rng.randint(35, 120))]
        text = " ".join(words).capitalize() + "."
        cut = rng.randrange(len(text) // 3, len(text) - 1)
        return text[:cut] + "… (see more)" + text[cut:]

    def page(self):
        """(text, header lines, [(line, kind)], titles, people) of one generated page."""
        rng = self.rng
        owner = self.person()
        lines = [f"Portrait of {owner}", owner, "Core Academic Member", "Professor, Somewhere"]
        lines += ["Research Topics", "Deep Learning", "Publications"]
        body, titles, people, entries = [], set(), set(), []
        for _ in range(rng.randint(2, 12)):
            authors = (
                [] if rng.random() < 0.1 else [self.person() for _ in range(rng.randint(1, 8))]
            )
            printed = [mangle(name, rng) if rng.random() < 0.33 else name for name in authors]
            entry = [(self.title(), "title"), *((name, "author") for name in printed)]
            if rng.random() < 0.5:
                entry.append((self.abstract(), "abstract"))
            entries.append(entry)
            if rng.random() < 0.2:
                entries.append(entry)  # listed twice, as the seed does
            titles.add(entry[0][0])
            people.update(authors)
        for entry in entries:
            body.extend(entry)
        text = "\n".join([*lines, *(line for line, _ in body)]) + "\n"
        return text, len(lines), body, titles, people


def _f1(found, meant):
    hits = len(found & meant)
    if not found or not meant:
        return float(found == meant)
    precision, recall = hits / len(found), hits / len(meant)
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def measure(pages, seed, shown=12):
    rng = random.Random(seed)
    maker = PageMaker(rng)
    lines_right = lines_total = people_from_titles = titles_from_people = 0
    publication_f1 = person_f1 = 0.0
    examples = []
    for _ in range(pages):
        text, header, body, titles, people = maker.page()
        parsed = parse_profile(text, source="generated")
        kinds = {}
        for publication in parsed.publications:
            kinds[int(publication.where.split()[1])] = "title"
            for author in publication.authors:
                kinds[int(author.where.split()[1])] = "author"
        heal(parsed)
        for number, (line, kind) in enumerate(body, header + 1):
            found = kinds.get(number, "abstract")
            lines_total += 1
            lines_right += found == kind
            people_from_titles += kind == "title" and found == "author"
            titles_from_people += kind == "author" and found == "title"
            if found != kind and len(examples) < shown:
                examples.append((line[:70], kind, found))
        found_titles = {publication.title for publication in parsed.publications}
        found_people = {a.name for p in parsed.publications for a in p.authors}
        publication_f1 += _f1(found_titles, titles)
        person_f1 += _f1(found_people, people)
    return {
        "pages": pages,
        "lines": lines_total,
        "line accuracy": lines_right / lines_total,
        "publication F1": publication_f1 / pages,
        "person F1": person_f1 / pages,
        "people made of titles": people_from_titles,
        "titles made of people": titles_from_people,
        "examples": examples,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=12, help="misread lines to list")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = measure(args.pages, args.seed, args.examples)
    print(f"generated pages read in {time.perf_counter() - started:.1f} s")
    for key, value in result.items():
        if key == "examples":
            for line, meant, found in value:
                print(f"  {line!r}: {meant} read as {found}")
        elif isinstance(value, float):
            print(f"{key:24} {value:.2%}")
        else:
            print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
