"""Build the injection site: tests/injection/site/ plus every payload in every text field.

For payload number i this writes `articles/p-<i>.md` (title, summary,
authors, source title/URL/publisher, image alt and credit, a correction,
and a body that uses the payload as text, link, image, quote, list item and
code) with its sidecar (a source, a term with name, alias, former names and
definition, a note whose quote holds the payload), and a glossary term
`g-<i>` whose every field holds it. The site's title and description are
all payloads joined. Payloads with a control character are refused in YAML
text and in Markdown alike (rejected.yml says how), so their article holds
"payload <i>" instead.

    python -m tests.injection.make_site DEST    # to look at the site by hand
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
BASE = HERE / "site"
PAYLOADS = HERE / "payloads.yml"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters YAML text may not hold in sitegen (yamlio rejects them)."""


def payloads() -> list[str]:
    return yaml.safe_load(PAYLOADS.read_text(encoding="utf-8"))


def yaml_safe(payload: str) -> bool:
    return not UNSAFE.search(payload)


def dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)


def url_with(payload: str) -> str:
    """An absolute https URL (as the schemas demand) that carries the payload, white space removed."""
    return "https://example.org/x?" + "".join(payload.split())


def _body(i: int, p: str, in_yaml: bool) -> str:
    one_line = "\n" not in p
    lines = [
        p,
        "",
        f"Payload {i} inline: {p} with [its term](term:t-{i})" + (f" and [the glossary's](term:g-{i})." if in_yaml else "."),
        "",
        f"- a list item: {p}",
        "",
        f"> a quote: {p}",
        "",
        f"*emphasis {p}* and **strong {p}** and `{p.replace('`', '')}`",
        "",
    ]
    if one_line:
        lines += [f"[link]({p}) [angle](<{p}>) ![image]({p}) <{p}>", "", f"[ref][r{i}]", "", f"[r{i}]: {p}", ""]
    if in_yaml and "\n\n" not in p:
        lines += [f"Quoted: ``` Q{i} {p} ``` end.", ""]
    lines += [f"## Heading {p}", "", "```", p, "```", ""]
    return "\n".join(lines)


def make_site(dest: Path, chosen: list[str] | None = None) -> list[str]:
    """Write the site into dest (which must not exist), with `chosen` or every payload; returns them."""
    shutil.copytree(BASE, dest)
    content = dest / "content"
    all_payloads = payloads() if chosen is None else chosen
    safe = [p for p in all_payloads if yaml_safe(p)]
    config = yaml.safe_load((content / "site.yml").read_text())
    config["title"] = " ~ ".join(safe)
    config["description"] = " ~ ".join(reversed(safe))
    (content / "site.yml").write_text(dump(config), encoding="utf-8")
    glossary: dict = {"sources": {}, "terms": {}}
    for i, p in enumerate(all_payloads):
        in_yaml = yaml_safe(p)
        text = p if in_yaml else f"payload {i}"
        if "term:" in p:
            body = "A term: link to an unknown term is an error (rejected.yml).\n"
        else:
            body = _body(i, text, in_yaml)
        front = {
            "title": text,
            "date": "2020-01-01",
            "summary": text,
            "authors": [text, f"Second author {i}"],
            "source": {"title": text, "url": url_with(text), "publisher": text, "date": "2019-12-31"},
            "image": "img/pixel.gif",
            "image_alt": text,
            "image_credit": text,
            "corrections": [{"date": "2020-01-03", "text": text}],
        }
        (content / "articles" / f"p-{i:03d}.md").write_text("---\n" + dump(front) + "---\n" + body, encoding="utf-8")
        sidecar: dict = {
            "sources": {f"s-{i}": {"title": text, "url": url_with(text), "publisher": text}},
            "terms": {
                f"{text} T{i}": {
                    "id": f"t-{i}",
                    "aliases": [f"{text} A{i}"],
                    "formerly": [f"{text} F{i}", {"name": f"{text} H{i}", "until": "2019-01-01"}],
                    "definition": text,
                    "sources": [f"s-{i}", {"title": text, "url": url_with(text), "publisher": text}],
                }
            },
        }
        if in_yaml and "\n\n" not in p and "term:" not in p:
            sidecar["notes"] = [{"quote": f"Q{i} {p}", "note": p, "sources": [f"s-{i}"], "occurrence": 1}]
        (content / "articles" / f"p-{i:03d}.yml").write_text(dump(sidecar), encoding="utf-8")
        if in_yaml:
            glossary["sources"][f"gs-{i}"] = {"title": p, "url": url_with(p), "publisher": p}
            glossary["terms"][f"{p} G{i}"] = {
                "id": f"g-{i}",
                "aliases": [f"{p} GA{i}"],
                "formerly": [f"{p} GF{i}"],
                "definition": f"{p}\n\nSee also Attack Term.",
                "sources": [f"gs-{i}"],
                "see_also": ["attack-term"],
            }
    (content / "glossary" / "payloads.yml").write_text(dump(glossary), encoding="utf-8")
    return all_payloads


if __name__ == "__main__":
    target = Path(sys.argv[1])
    make_site(target)
    print(f"wrote {target}; build it with: python -m sitegen build --root {target}")
