"""sitegen's compiled templates (sitegen/templating.py) print exactly what stock Jinja prints.

The fixture templates in tests/templating/ use what themes use: inheritance
with super() and nested blocks, self.block(), macros with caller, imports,
includes, loops with else and loop variables, set and set blocks, filter
blocks, escaping of text and of Markup, and calls: plain functions, methods
and builtins, and functions and methods that want the context or the environment.
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


class _Labels:
    def bound(self, key: str) -> str:
        return f"label {key} <b>"

    @jinja2.pass_context
    def __call__(self, context) -> str:
        return f"object sees {context.get('local_name', 'nothing')}"

    @jinja2.pass_context
    def with_context(self, context) -> str:  # a method with the mark: read from its function
        return f"method sees {context.get('local_name', 'nothing')}"


def _plain(text: str, suffix: str = "") -> str:
    return f"plain {text}{suffix}"


@jinja2.pass_context
def _with_context(context) -> str:
    return f"context sees {context.get('local_name', 'nothing')}"  # a {% set %} of the block calling it


@jinja2.pass_environment
def _with_env(environment) -> str:
    return f"environment {type(environment).__name__ in ('Environment',)}"


def _stops():
    raise StopIteration


def render(environment_class, name: str, **values) -> str:
    env = environment_class(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, **OPTIONS)
    env.globals.update(
        site_name="Explainers", plain=_plain, bound=_Labels().bound, builtin_len=len, with_context=_with_context,
        with_env=_with_env, callable_object=_Labels(), bound_with_context=_Labels().with_context, stops=_stops,
    )
    return env.get_template(name).render(**values)


@pytest.mark.parametrize("values", [VALUES, {**VALUES, "items": []}], ids=["items", "no-items"])
def test_templates_print_what_stock_jinja_prints(values):
    ours = render(Environment, "page.html", **values)
    assert ours == render(jinja2.Environment, "page.html", **values)
    assert "Tartus &lt;port&gt; &amp; &#34;quotes&#34;" in ours  # escaped once, as Jinja escapes
    assert "<em>kept</em>" in ours
    assert "plain Tartus &lt;port&gt; &amp; &#34;quotes&#34;! label x &lt;b&gt;" in ours
    assert "context sees local &lt;name&gt;" in ours and "object sees local &lt;name&gt;" in ours
    assert "method sees local &lt;name&gt;" in ours
    assert ours.count("context sees nothing") == len(values["items"])  # (a loop's calls see no set of the block)
    assert "environment True" in ours and "False" in ours


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
