"""sitegen's compiled templates (sitegen/templating.py) print exactly what stock Jinja prints.

The fixture templates in tests/templating/ use what themes use: inheritance
with super() and nested blocks, self.block(), macros with caller, imports,
includes, loops with else and loop variables, set and set blocks, filter
blocks, escaping of text and of Markup, and calls: plain functions, methods
and builtins, and functions and methods that want the context or the environment.
"""

from __future__ import annotations

import re
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


def test_a_renders_root_blocks_are_joined_once_with_the_page():
    """Under render, a block that the root calls puts the pieces it gathered into the page's list itself, at
    its place, and the page joins them once (one copy of the block's text, not two); every other caller
    (Jinja's generate, super(), self.block(), a block in a filter, a scoped block) gets its text, and the
    page is stock Jinja's."""
    env = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, **OPTIONS)
    env.globals.update(
        site_name="Explainers", plain=_plain, bound=_Labels().bound, builtin_len=len, with_context=_with_context,
        with_env=_with_env, callable_object=_Labels(), bound_with_context=_Labels().with_context, stops=_stops,
    )
    template = env.get_template("page.html")
    generated = list(template.generate(**VALUES))
    assert all(isinstance(piece, str) for piece in generated)
    context = template.new_context(dict(VALUES))
    pieces: list = []
    context._sg_splicing = pieces  # (what render sets)
    yielded = []
    for piece in template.root_render_func(context):
        yielded.append(piece)
        pieces.append(piece)
    assert all(isinstance(piece, str) for piece in yielded) and len(pieces) > len(yielded) + 20  # (the content block's pieces)
    assert "".join(pieces) == "".join(generated)
    assert template.render(**VALUES) == "".join(generated) == render(jinja2.Environment, "page.html", **VALUES)
    assert "SHOUT TARTUS" in "".join(generated) and "[1][2][3]" in "".join(generated)


@pytest.mark.parametrize("value", ["Tartus <port>", "Tartus \u2192 port \u201cq\u201d", "caf\u00e9 \U0001f30d", ""], ids=["ascii", "two-byte", "four-byte", "empty"])
def test_render_bytes_is_the_rendered_text_in_utf8(value):
    """render_bytes encodes piece by piece what render joins: the same bytes as the text encoded, with
    pieces of every width among ASCII ones (in the page and in a block the root calls), and in an async
    environment too (which renders the text, then encodes it)."""
    for is_async in (False, True):
        env = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, enable_async=is_async, **OPTIONS)
        env.globals.update(
            site_name="Explainers", plain=_plain, bound=_Labels().bound, builtin_len=len, with_context=_with_context,
            with_env=_with_env, callable_object=_Labels(), bound_with_context=_Labels().with_context, stops=_stops,
        )
        template = env.get_template("page.html")
        values = {**VALUES, "value": value, "items": [{**item, "name": value + item["name"]} for item in VALUES["items"]]}
        data = template.render_bytes(**values)
        assert type(data) is bytes and data == template.render(**values).encode("utf-8")
        assert data.decode("utf-8") == render(jinja2.Environment, "page.html", **values)


def test_template_globals_are_the_environments():
    env = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, **OPTIONS)
    env.globals["site_name"] = "Explainers"
    template = env.from_string("{{ site_name }} {{ range(2)|list }}")
    assert template.render() == "Explainers [0, 1]"


# ---------------------------------------------------------------- values computed before their run
# In a loop, sitegen compiles `{{ x.a }}`, `{% if x.a %}` and the attribute an
# expression reads first to statements before the run: the getattr builtin, then
# Environment.getattr's item lookup or Undefined, and the escape chosen by type
# (`_ESCAPE_AS`). The property below holds the text, the error and the number of
# times each attribute is read to stock Jinja's, for values of every kind a theme
# may print: objects, dicts, missing attributes, properties that raise.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LOOP_TEMPLATE = """{% for x in items %}
<p id="{{ x.a }}">{{ x.a or x.b }}|{{ x.b }}|{{ x.a|string|length }}|{{ x.a is defined }}|{{ (x.a if x.b else x.b) }}
{%- if x.a %} yes {{ x.a }}{% elif x.b %} b{% else %} no{% endif %}
{%- if not x.b %} not-b{% endif %}{% if x.a == x.b %} same{% endif %} {{ x.a ~ "!" }} {{ label }} {{ loop.index }}
{%- for y in x.b if y %}[{{ y }}]{% endfor %}{{ x.c.a }}{{ x["a"] }}{{ x.b[0] if x.b else "" }}</p>
{% endfor %}"""

VALUE = st.one_of(
    st.text(alphabet="<>&\"' a1é→", max_size=6), st.integers(-3, 300), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.text(alphabet="<>&ab", max_size=4).map(Markup), st.lists(st.sampled_from(["", "x<", 0, 1]), max_size=3),
)


class _Counted:
    """An object whose `a` counts its reads (a Jinja getattr must read it once), and `b` may raise."""

    def __init__(self, a, b, c=None, raising=None):
        self._a, self._b, self.c, self._raising, self.reads = a, b, c, raising, 0

    @property
    def a(self):
        self.reads += 1
        return self._a

    @property
    def b(self):
        if self._raising is not None:
            raise self._raising("b failed <b>")
        return self._b

    def __getitem__(self, key):
        return f"item {key}"


ITEM = st.one_of(
    st.builds(_Counted, VALUE, VALUE, st.none() | st.builds(_Counted, VALUE, VALUE), st.sampled_from([None, None, AttributeError, ValueError])),
    st.fixed_dictionaries({"a": VALUE, "b": VALUE}, optional={"c": st.fixed_dictionaries({"a": VALUE})}),
    st.sampled_from([None, 3, "text", ()]),
)


def _outcome(environment_class, undefined, items, label):
    env = environment_class(autoescape=True, undefined=undefined, trim_blocks=True, lstrip_blocks=True)
    try:
        text = env.from_string(LOOP_TEMPLATE).render(items=items, label=label)
    except Exception as error:  # the same error, with the same message, as stock Jinja
        text = f"{type(error).__name__}: {error}"
    return text, [item.reads for item in items if isinstance(item, _Counted)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.lists(ITEM, max_size=4), st.sampled_from([jinja2.Undefined, jinja2.StrictUndefined]), VALUE)
def test_loop_values_computed_first_print_what_stock_jinja_prints(items, undefined, label):
    import copy

    ours = _outcome(Environment, undefined, copy.deepcopy(items), label)
    assert ours == _outcome(jinja2.Environment, undefined, copy.deepcopy(items), label)


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
@pytest.mark.parametrize("template", [
    "{% for s in items %}<li>{{ s.titel }}</li><li>{{ s.author.name }}</li>{% endfor %}",  # which one a theme is told of
    "{% for i in [1] %}{{ seen }} then {{ seen.append(i) or '' }}{{ seen }}{% endfor %}",  # a later call's side effect
    "{% for i in [1, 2] %}{{ seen|length }}{{ seen.append(i) or seen.pop() or '' }}{{ seen }}{{ seen.append(i) or '' }}{% endfor %}",
])
def test_loop_values_are_turned_into_text_in_order(template, undefined):
    """Each value is computed and escaped before the next is computed, as in stock Jinja (a review found
    them all computed first and escaped in the run: the second undefined named, a mutated list printed)."""
    def outcome(environment_class):
        env = environment_class(autoescape=True, undefined=undefined)
        try:
            return env.from_string(template).render(items=[object()], seen=[0])
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    assert outcome(Environment) == outcome(jinja2.Environment)


def test_loop_values_are_computed_first():
    """The property above tests the short way only if the loop is compiled to it."""
    code = Environment(autoescape=True).compile(LOOP_TEMPLATE, raw=True)
    assert "try: _sg_o0 = l_1_x.a\n" in code and "except AttributeError: _sg_o0 = getattr_fallback(l_1_x, 'a')" in code
    assert "escape_as.get(type(" in code and "escape(environment.getattr(" not in code
    assert not re.search(r"^ *if environment.getattr\(", code, re.M)  # (an elif's test stays Jinja's)
    outside = Environment(autoescape=True).compile("{{ x.a }}{% if x.b %}{% endif %}", raw=True)
    assert "escape_as" not in outside and "getattr_fallback" not in outside  # once per page: Jinja's shorter code


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
def test_loop_attributes_python_cannot_spell_after_a_dot_are_read_as_jinja_reads_them(undefined):
    """`x.if` (a keyword) is read with the getattr builtin; `x.__y` the same as `x.y` (no mangling here);
    `x.ﬁ` as `ﬁ`, not as the `fi` Python's parser would make of it."""
    class Item:
        __y = "mangled"

    item = Item()
    setattr(item, "if", "<if>")
    setattr(item, "__z", "dunder")
    item.fi = "ascii"
    setattr(item, "\ufb01", "ligature")
    source = "{% for x in items %}{{ x.if }}|{{ x.__z }}|{{ x.\ufb01 }}|{% if x.if %}yes{% endif %}{% endfor %}"

    def outcome(environment_class):
        env = environment_class(autoescape=True, undefined=undefined)
        try:
            return env.from_string(source).render(items=[item, {"if": 1, "__z": 2}, {}])
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    assert outcome(Environment) == outcome(jinja2.Environment)
    assert "getattr(l_1_x, 'if', missing)" in Environment(autoescape=True).compile(source, raw=True)


# ---------------------------------------------------------------- macro calls
# sitegen's Context.call calls a plain macro directly (`_call_plain_macro`); the
# property holds every call shape, the rare ones included (too many arguments,
# unknown or repeated keywords, a caller, catch-all arguments), to stock Jinja's
# text or error.

MACROS = """{% macro m0() %}[m0]{% endmacro %}
{%- macro m2(a, b=2) %}[{{ a }}|{{ b }}]{% endmacro %}
{%- macro m3(a, b, c="<c>") %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}
{%- macro mv(a) %}[{{ a }}|{{ varargs }}|{{ kwargs }}]{% endmacro %}
{%- macro mc(a=1) %}[{{ a }}|{{ caller() }}]{% endmacro %}
{%- macro ms() %}{{ stops() }}{% endmacro %}"""

CALL = st.tuples(
    st.sampled_from(["m0", "m2", "m3", "mv", "mc", "ms"]),
    st.lists(st.sampled_from(['"<x>"', "1", "none", "items"]), max_size=4),
    st.lists(st.sampled_from(["a", "b", "c", "d", "caller"]), max_size=3, unique=True),
    st.booleans(),
    st.booleans(),
)


def _macro_outcome(environment_class, call, autoescape):
    name, positional, keywords, in_loop, call_block = call
    arguments = ", ".join(positional + [f"{k}={i}" for i, k in enumerate(keywords)])
    source = f"{{{{ {name}({arguments}) }}}}"
    if call_block:
        source = f"{{% call {name}({arguments}) %}}called{{% endcall %}}"
    if in_loop:
        source = f"{{% for x in [1, 2] %}}{source}{{% endfor %}}"
    env = environment_class(autoescape=autoescape, undefined=jinja2.StrictUndefined)
    env.globals["stops"] = _stops
    try:
        return env.from_string(MACROS + source).render(items=[1])
    except Exception as error:
        return f"{type(error).__name__}: {error}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(CALL, st.booleans())
def test_macro_calls_do_what_stock_jinja_does(call, autoescape):
    assert _macro_outcome(Environment, call, autoescape) == _macro_outcome(jinja2.Environment, call, autoescape)


def test_plain_macro_call_returns_markup_and_skips_macro_call(monkeypatch):
    """The property above tests the short way only if plain calls take it."""
    def refuse(*args, **kwargs):
        raise AssertionError("Macro.__call__ used")

    monkeypatch.setattr(jinja2.runtime.Macro, "__call__", refuse)
    env = Environment(autoescape=True)
    assert env.from_string(MACROS + "{% for x in [1] %}{{ m3('<a>', b=1) }}{% endfor %}{{ m2(1) }}").render() == "[&lt;a&gt;|1|&lt;c&gt;][1|2]"
    with pytest.raises(AssertionError, match="Macro.__call__ used"):  # a caller: Jinja's own way
        env.from_string(MACROS + "{% call mc() %}x{% endcall %}").render()


def test_templates_looked_up_through_the_plain_dict_are_jinjas():
    """Environment._load_template keeps what Jinja's cache gives, per loader, and only with auto_reload off."""
    env = Environment(loader=jinja2.DictLoader({"a.html": "A", "b.html": "B"}), auto_reload=False)
    first = env.get_template("a.html")
    assert env.get_template("a.html") is first and env._loaded["a.html"] == (env.loader, first)
    assert env.get_template("b.html").render() == "B"
    env.loader = jinja2.DictLoader({"a.html": "new A"})  # another loader: not the kept template
    assert env.get_template("a.html").render() == "new A"
    reloading = Environment(loader=jinja2.DictLoader({"a.html": "A"}), auto_reload=True)
    reloading.get_template("a.html")
    assert not reloading._loaded  # Jinja checks each template's source: its own cache decides


def test_an_overlay_keeps_its_own_templates():
    """A review found `_loaded` shared with an overlay: the parent then rendered with the overlay's filter."""
    def outcome(environment_class):
        env = environment_class(loader=jinja2.DictLoader({"p.html": "{{ 'x'|shout }}"}), auto_reload=False)
        env.filters["shout"] = str.upper
        overlay = env.overlay()
        overlay.filters = {**env.filters, "shout": lambda text: text + "!"}
        return overlay.get_template("p.html").render(), env.get_template("p.html").render()

    assert outcome(Environment) == outcome(jinja2.Environment) == ("x!", "X")


def test_calls_compile_to_the_short_call_and_a_plain_function_skips_context_call(monkeypatch):
    """The fixtures and the macro property above test `templating._call` only if calls compile to it;
    a caller, `*args` and `**kwargs` keep Jinja's `context.call`."""
    from sitegen.templating import _Context

    def refuse(*args, **kwargs):
        raise AssertionError("Context.call used")

    env = Environment(autoescape=True)
    env.globals["plain"] = _plain
    assert "_sg_call(context, " in env.compile("{{ plain(1) }}{% for x in [1] %}{{ plain(x, suffix='!') }}{% endfor %}", raw=True)
    assert "context.call(" in env.compile("{{ plain(*items) }}{{ plain(**kw) }}", raw=True)
    monkeypatch.setattr(_Context, "call", refuse)
    assert env.from_string("{{ plain('<a>') }}{% for x in [1] %}{{ plain(x, suffix='!') }}{% endfor %}").render() == "plain &lt;a&gt;plain 1!"
    with pytest.raises(AssertionError, match="Context.call used"):  # a macro: Context.call, as before
        env.from_string(MACROS + "{{ m0() }}").render()


CALL_SHAPES = {
    "base.html": "{% block title %}T{% endblock %}|{% block body %}B {{ with_context() }}{% endblock %}|{% block tail %}{% endblock %}",
    "child.html": """{% extends "base.html" %}
{%- macro mv(a) %}[{{ a }}|{{ varargs }}|{{ kwargs }}|{{ with_context() }}]{% endmacro %}
{%- macro mc(a) %}[{{ a }}|{{ varargs }}|{{ caller(a) }}]{% endmacro %}
{%- block body %}{% set local_name = "block <set>" %}
{%- set captured %}{{ with_context() }} {{ plain("in set") }} {{ mv(1, 2, k=3) }}{% endset %}{{ captured }}
{%- for x in items %}{% set local_name = "loop " ~ x %}{{ with_context() }} {{ loop.cycle("odd", "even") }} {{ super() }} {{ self.title() }}
{%- for y in [x, x] %}{{ loop.cycle(*items) }}{{ with_context() }}{% endfor %}{% endfor %}
{%- call(a) mc(*items) %}caller {{ a }} {{ with_context() }} {{ plain(a, suffix="!") }}{% endcall %}
{{- mv(1, *items) }}{{ mv(0, **extra) }}{{ kw(class="c", **extra) }}{{ plain(*items) }}{{ plain(text="t", suffix=value) }}
{%- set ns = namespace(n=0) %}{% set j = joiner("/") %}{% for x in items %}{% set ns.n = ns.n + x %}{{ j() }}{{ range(x)|list }}{% endfor %}{{ ns.n }}{{ dict(a=1) }}
{%- endblock %}
{%- block tail %}{{ with_context() }}{{ super() }}{{ mv(plain("x")) }}{% endblock %}""",
}


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
def test_call_shapes_do_what_stock_jinja_does(undefined):
    """`_sg_call` against Jinja's `context.call` for what themes write: a `pass_context` global in a block, a
    `{% set %}` block, a loop (each with its own sets), a macro and a `{% call %}` body; `loop.cycle`, `super()`,
    `self.title()`, `*args`, `**kwargs`, a keyword that is a Python keyword, `caller(a)`, varargs and
    Jinja's own callables (namespace, joiner, range, dict)."""
    def outcome(environment_class):
        env = environment_class(loader=jinja2.DictLoader(CALL_SHAPES), autoescape=True, undefined=undefined)
        env.globals.update(with_context=_with_context, plain=_plain, kw=lambda **kw: sorted(kw.items()))
        try:
            return env.get_template("child.html").render(items=[1, 2], extra={"k": "<v>"}, value="v&")
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    ours = outcome(Environment)
    assert ours == outcome(jinja2.Environment)
    assert "context sees loop 2 even B" in ours and "caller 1 context sees nothing plain 1!" in ours and "(&#39;class&#39;, &#39;c&#39;)" in ours


# ---------------------------------------------------------------- the default theme's code, shipped generated


def _default_templates() -> list[str]:
    from sitegen.theme import builtin_theme

    return sorted(p.name for p in (builtin_theme() / "templates").iterdir())


def _filenames(code) -> set[str]:
    return {code.co_filename} | {name for c in code.co_consts if hasattr(c, "co_filename") for name in _filenames(c)}


def test_the_shipped_templates_are_the_default_theme_as_generated_now():
    """sitegen/_templates/ is generated (scripts/theme-code): after editing a default template or
    sitegen/templating.py, run it again. A stale one is compiled from its source instead (next tests),
    so this is what tells a forgotten run."""
    import sitegen._templates as shipped
    from sitegen.render import default_environment
    from sitegen.templating import SHIPPED_TEMPLATES, shipped_source

    env = default_environment()
    assert sorted(shipped.TEMPLATES) == _default_templates()
    for name in _default_templates():
        digest, key, code = shipped_source(env, name)
        entry = shipped.TEMPLATES[name]
        assert entry[0] == digest, f"{name} changed: run scripts/theme-code"
        if shipped.JINJA_VERSION == jinja2.__version__:  # (another Jinja generates its own code: its key differs)
            assert entry[1] == key, "sitegen/templating.py or the environment changed: run scripts/theme-code"
            assert (SHIPPED_TEMPLATES / f"{entry[2]}.py").read_text(encoding="utf-8") == code


@pytest.mark.parametrize("name", _default_templates())
def test_a_shipped_template_is_the_code_its_source_compiles_to(name):
    """What a build loads for a default template is the code Jinja compiles from its file, named after that file:
    the shipped code under the Jinja that generated it, compiled from the file under any other (the test
    environment installs the newest Jinja)."""
    import sitegen._templates as shipped
    from sitegen.render import default_environment
    from sitegen.templating import shipped_code

    env = default_environment()
    source, filename, _ = env.loader.get_source(env, name)
    compiled = jinja2.Environment.compile(env, source, name, filename)
    assert (shipped_code(env, name, source, filename) is not None) == (shipped.JINJA_VERSION == jinja2.__version__)
    loaded = env.compile(source, name, filename)
    assert loaded == compiled  # bytecode, constants, names, line tables, flags (not the file name)
    assert _filenames(loaded) == _filenames(compiled) == {filename}


def test_a_template_that_is_not_the_shipped_source_is_compiled_from_its_own():
    """A site's own article.html, or the default one edited, or another generator: compiled as before."""
    from sitegen.render import default_environment
    from sitegen.templating import shipped_code

    env = default_environment()
    source, filename, _ = env.loader.get_source(env, "article.html")
    edited = source.replace("</article>", "</article>\n<!-- edited -->", 1)
    assert edited != source
    assert shipped_code(env, "article.html", edited, filename) is None
    assert env.compile(edited, "article.html", filename) == jinja2.Environment.compile(env, edited, "article.html", filename)
    assert shipped_code(env, "default/article.html", source, filename) is None  # (its code names the template)
    env.filters["date"] = jinja2.pass_context(lambda context, value: value)  # compiled into each call: another key
    assert shipped_code(env, "article.html", source, filename) is None
