"""sitegen's compiled templates (sitegen/templating.py) print exactly what stock Jinja prints.

The fixture templates in tests/templating/ use what themes use: inheritance
with super() and nested blocks, self.block(), macros with caller, imports,
includes, loops with else and loop variables, set and set blocks, filter
blocks, escaping of text and of Markup.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from sitegen.templating import Environment

TEMPLATES = Path(__file__).parent / "templating"
OPTIONS = dict(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False)
VALUES = {
    "value": "Tartus <port> & \"quotes\"",
    "items": [
        {"n": 1, "name": "S-300", "tags": ["air", "skip", "defence"]},
        {"n": 2, "name": "<script>", "tags": []},
        {"n": 3, "name": "Jaish Fateh al-Sham", "tags": ["group"]},
    ],
    "markup": Markup("<em>kept</em>"),
    "none_value": None,
    "number": 300,
}


def render(environment_class, name: str, **values) -> str:
    env = environment_class(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, **OPTIONS)
    env.globals["site_name"] = "Explainers"
    return env.get_template(name).render(**values)


@pytest.mark.parametrize("values", [VALUES, {**VALUES, "items": []}], ids=["items", "no-items"])
def test_templates_print_what_stock_jinja_prints(values):
    ours = render(Environment, "page.html", **values)
    assert ours == render(jinja2.Environment, "page.html", **values)
    assert "Tartus &lt;port&gt; &amp; &#34;quotes&#34;" in ours  # escaped once, as Jinja escapes
    assert "<em>kept</em>" in ours


def test_blocks_yield_their_output_once():
    """A block's function yields its whole output at once (the point of the change), the same text as stock Jinja's."""
    source = "{% block content %}<ul>{% for x in items %}<li>{{ x.name }}</li>{% if loop.last %}.{% endif %}{% endfor %}</ul>{% endblock %}"
    texts = []
    for environment_class in (Environment, jinja2.Environment):
        template = environment_class(autoescape=True, **OPTIONS).from_string(source)
        texts.append(list(template.blocks["content"](template.new_context(dict(VALUES)))))
    assert len(texts[0]) == 1 and len(texts[1]) > 1
    assert texts[0][0] == "".join(texts[1])


def test_template_globals_are_the_environments():
    env = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, **OPTIONS)
    env.globals["site_name"] = "Explainers"
    template = env.from_string("{{ site_name }} {{ range(2)|list }}")
    assert template.render() == "Explainers [0, 1]"
