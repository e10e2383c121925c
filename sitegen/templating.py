"""Jinja2, compiled for speed: the same templates and the same bytes out, less work per page.

A page of the default theme prints some 1,800 values. Stock Jinja yields
each one separately, through every template a page extends (three
generators deep), and wraps each in a Markup copy that is only ever joined
into the page. Eight changes, all invisible to a theme:

- an output run (the text and `{{ }}` values between two tags) is joined
  and yielded once;
- a block gathers its output and yields it once;
- `{{ value }}` is escaped to a plain str. Macros, `{% set %}` blocks and
  fragments still return Markup: Jinja wraps their joined output itself;
- a template's globals are one plain dict, cheap to copy into each
  render's context (Jinja keeps a ChainMap over the environment's);
- a call to a plain function (`t()`, `fragment()`) skips Jinja's checks
  for a function that wants the context, and is compiled to `_call`, which
  takes the block's and the loop's variables positionally (Jinja passes
  them as keywords to `context.call`, a dict to build and empty per call);
- Jinja's optimizer (constant folding while compiling) is off: the
  themes have next to nothing to fold;
- inside a loop, the values of an output run and an `{% if %}`'s
  attribute are computed by statements before it: `name.attribute` read
  by Python's own attribute read (Jinja's item lookup only on an
  AttributeError), and a str, int or Markup escaped by a C function, where Jinja
  makes two Python calls a value;
- a plain macro call (no caller, no catch-all arguments) calls the macro's
  function directly, without Macro.__call__'s KeyError per default.

Imported only when something is rendered (a no-op build never loads Jinja).
"""

from __future__ import annotations

import hashlib
import importlib.util
import keyword
import re
from functools import cache
from pathlib import Path
from types import BuiltinFunctionType, CodeType, FunctionType, MethodType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, is_python_keyword
from jinja2.runtime import Context, Macro, missing
from jinja2.utils import internalcode

try:  # (private: how Jinja tells a filter that takes the context; part of the shipped code's key)
    from jinja2.utils import _PassArg
except ImportError:  # a Jinja without it, which no shipped code was generated with: compile every template
    _PassArg = None
from markupsafe import Markup, escape

try:  # markupsafe's C escaper, without the Markup wrapper escape() adds
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def escape_for_output(value: Any) -> str:
    """What a template prints for `{{ value }}`: markupsafe.escape's text, as a plain str."""
    if type(value) is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


def _as_it_is(html: Markup) -> Markup:
    """Markup's own text: a value computed before its run is only ever joined into the output, and a
    join takes Markup (a str) as it is. (`str(html)`, the C function, costs more than this Python call:
    `str` is called the slow way in 3.11, and it copies the text; an article page prints ~175 Markup
    values in its loops.)"""
    return html


_ESCAPE_AS = {str: _escape_inner, int: str, Markup: _as_it_is}
"""What markupsafe.escape prints for the types a page prints most: a str escaped (markupsafe's C function),
an int's digits, Markup's own text. Other types go to escape_for_output."""


_RUN = "_sg_run"
"""The local list an output run is gathered in (the name cannot clash: template names become l_N_name)."""


_BLOCK = "_sg_block"
"""The local list a block's whole output is gathered in."""

_CALL = "_sg_call"
"""What a template's calls are compiled to call (`_call`)."""

_SPLICED = "_sg_spliced"
"""A block function's local: the page's list of pieces, when it is to put its own there (`_ROOT_BLOCK_CALL`)."""

_SPLICING = "_sg_splicing"
"""A context attribute (`_Context`): the list `_Template.render` gathers the page's pieces in."""

_SPLICE_NEXT = "_sg_splice_next"
"""A context attribute (`_Context`): that list, set by a template's root just before a block it calls starts,
which takes it away."""

_ROOT_BLOCK_CALL = re.compile(r"yield from context\.blocks\['[^'\\]*'\]\[0\]\(context\)")
"""Jinja's call of a block from a template's root (not the call of a scoped block, given a derived context).

When the context is a render's (`_Template.render`), the block puts the pieces it gathered into the
page's list itself, where its text goes, instead of joining them and yielding the text: the page's
one join copies them. The article page's content block (~75 kB) was otherwise copied twice, by its
own join and by the page's (~100 k instructions a page). Any other caller (super(), self.block(),
Jinja's generate, a block in a filter, a scoped block's derived context) gets the block's text."""


class _CodeGenerator(CodeGenerator):
    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        if _is_block_function(frame, self.environment):
            # A block yields once, its whole output, instead of once per output run: the article
            # page's content block yielded ~470 times, each resuming three generators (the block,
            # the page, the base template it extends).
            self.writeline(f"{_BLOCK} = []")
            # (Taken away first, whoever called: no other block can find it set.)
            # (Not through context.__dict__: asking for an object's __dict__ makes it keep its attributes in a
            # dict object from then on, and every attribute read of the context got slower.)
            self.writeline(f"{_SPLICED} = context.{_SPLICE_NEXT}")
            self.writeline(f"if {_SPLICED} is not None: context.{_SPLICE_NEXT} = None")
            frame.buffer = _BLOCK

    def leave_frame(self, frame, with_python_scope: bool = False) -> None:
        if _is_block_function(frame, self.environment) and frame.buffer == _BLOCK:
            self.writeline(f"if {_SPLICED} is None:")
            self.indent()
            self.writeline(f"yield concat({_BLOCK})")
            self.outdent()
            self.writeline("else:")
            self.indent()
            self.writeline(f"{_SPLICED} += {_BLOCK}")
            self.outdent()
        super().leave_frame(frame, with_python_scope)

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        """Jinja's, a template root's call of its block after handing it the render's list (`_ROOT_BLOCK_CALL`)."""
        if x.startswith("yield from context.blocks[") and _ROOT_BLOCK_CALL.fullmatch(x):
            super().writeline(f"if context.{_SPLICING} is not None: context.{_SPLICE_NEXT} = context.{_SPLICING}", node, extra)
            extra = 0
        super().writeline(x, node, extra)

    def visit_Output(self, node, frame) -> None:
        if frame.require_output_check or (frame.buffer is None and len(node.nodes) < 2):
            super().visit_Output(node, frame)
            return
        if frame.buffer is not None:
            self._compute_values_first(node, frame)
            super().visit_Output(node, frame)
            return
        # Where Jinja would yield each piece of the run, gather them and yield the run once.
        self.writeline(f"{_RUN} = []")
        frame.buffer = _RUN
        try:
            self._compute_values_first(node, frame)
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None
        self.writeline(f"yield concat({_RUN})")

    # ------------------------------------------------ values computed before their run
    # Jinja prints `{{ term.name }}` as `escape(environment.getattr(l_1_term, 'name'))`
    # inside the run's tuple: two Python calls (~350 instructions each, the default
    # theme's article page makes some 1,500). Here each value of a run is computed and
    # escaped by statements before the run, in the same order, into a local the tuple then
    # holds: a plain str is escaped by markupsafe's C function without a Python call, and the
    # attribute of a name is read as `name.attribute` in a try statement, Environment.getattr's
    # own first step (its item lookup and Undefined only on an AttributeError).

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._computed: dict[int, tuple[nodes.Node, str]] = {}
        """id of a node computed into a local -> the node and the local's name; the node is printed as the name."""
        self._escaped: dict[int, nodes.Node] = {}
        """id of an output value whose local holds it escaped already -> the value's node."""

    def visit(self, node, *args: Any, **kwargs: Any) -> Any:
        computed = self._computed.get(id(node))
        if computed is not None and computed[0] is node:
            self.write(computed[1])
            return None
        return super().visit(node, *args, **kwargs)

    def _output_child_pre(self, node, frame, finalize) -> None:
        if self._escaped.get(id(node)) is not node:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if self._escaped.get(id(node)) is not node:  # (an escaped value is printed as its local, as it is)
            super()._output_child_post(node, frame, finalize)

    def _compute_values_first(self, node, frame) -> None:
        if not self._repeats(frame):
            return
        finalize = self._make_finalize()
        if finalize.src is not None or frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return
        count = 0
        for child in node.nodes:
            try:  # what Jinja folds into the run's text at compile time (visit_Output's own test)
                self._output_child_to_const(child, frame, finalize)
                continue
            except (nodes.Impossible, Exception):
                pass
            name = f"_sg_o{count}"
            count += 1
            if self._read_attribute_first(name, child, frame) is not child:
                self.writeline(f"{name} = ", child)
                self.visit(child, frame)
            # Escaped here, not in the run: each value is computed and turned into text before the next
            # is computed, as in stock Jinja (the first StrictUndefined raises first; a later call with a
            # side effect does not change an earlier value's text).
            self.writeline(f"{name} = escape_as.get(type({name}), escape)({name})")
            self._computed[id(child)] = (child, name)
            self._escaped[id(child)] = child

    def _read_attribute_first(self, name: str, expr, frame):
        """Read into `name` the `name.attribute` that `expr` evaluates first (returned), if there is one."""
        if type(self.environment).getattr is not jinja2.Environment.getattr:  # (a sandbox checks each read)
            return None
        attribute = _first_attribute(expr)
        if attribute is not None:
            if _plain_attribute_name(attribute.attr):
                # `x.attr` (Python's attribute read, specialized per type by the interpreter: a slot or
                # an instance dict read costs a fraction of a call of the getattr builtin); the item
                # lookup or Undefined only on an AttributeError, as Environment.getattr does.
                self.writeline("try: ", attribute)
                self.write(f"{name} = ")
                self.visit(attribute.node, frame)
                self.write(f".{attribute.attr}")
                self.writeline(f"except AttributeError: {name} = getattr_fallback(")
            else:  # (a name Python cannot spell after a dot: a keyword)
                self.writeline(f"{name} = getattr(", attribute)
                self.visit(attribute.node, frame)
                self.write(f", {attribute.attr!r}, missing)")
                self.writeline(f"if {name} is missing: {name} = getattr_fallback(")
            self.visit(attribute.node, frame)
            self.write(f", {attribute.attr!r})")
            self._computed[id(attribute)] = (attribute, name)
        return attribute

    def visit_Call(self, node, frame, forward_caller: bool = False) -> None:
        """`f(...)` compiled to `_sg_call(context, _block_vars, _loop_vars, f, ...)` (`_call`; None for either
        the frame lacks), not Jinja's `context.call(f, ..., _block_vars=_block_vars)`: the same call,
        without a keyword dict to build and empty for a plain function (~25,000 calls a build of 200
        articles: `t()`, `asset()`, `fragment()`, macros).
        Jinja's form for what `_call` does not take: a caller, `*args`/`**kwargs`, a keyword that is
        a Python keyword or one of the two names Jinja adds."""
        if (
            forward_caller or node.dyn_args is not None or node.dyn_kwargs is not None
            or self.environment.is_async or self.environment.sandboxed
            or any(is_python_keyword(keyword.key) or keyword.key in ("_block_vars", "_loop_vars") for keyword in node.kwargs)
        ):
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        block_vars = "_block_vars" if frame.block_frame else "None"
        loop_vars = "_loop_vars" if frame.loop_frame else "None"
        self.write(f"{_CALL}(context, {block_vars}, {loop_vars}, ")
        self.visit(node.node, frame)
        self.signature(node, frame)
        self.write(")")

    def visit_If(self, node, frame) -> None:
        if self._repeats(frame):
            self._read_attribute_first("_sg_t", node.test, frame)
        super().visit_If(node, frame)

    def _repeats(self, frame) -> bool:
        """Whether code in `frame` is worth compiling longer for: it runs once per item of a loop.

        The longer Python source costs ~1,400 instructions a character to compile
        (Python's own compile), paid again by every clean build, so the code
        that runs once per page keeps Jinja's shorter form."""
        return frame.loop_frame and not self.environment.is_async


def _plain_attribute_name(name: str) -> bool:
    """Whether `obj.<name>` in Python source reads the attribute `name` (getattr(obj, name)).

    ASCII (Python's parser NFKC-normalizes other identifiers: `x.ﬁ` would read `x.fi`), not a keyword, and
    no leading double underscore (mangled inside a class body: the generated code has none, but nothing
    is gained by relying on that)."""
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("__")


def _first_attribute(expr) -> nodes.Getattr | None:
    """The `name.attribute` that the code Jinja compiles `expr` to evaluates first, if there is one.

    Reading it in a statement before the expression's changes nothing: what
    Python evaluates before it in Jinja's code is only local names and the
    environment's, the context's and the filters' and tests' functions."""
    while True:
        if isinstance(expr, nodes.Getattr):
            if isinstance(expr.node, nodes.Name):
                return expr
            expr = expr.node  # environment.getattr(<its object>, ...)
        elif isinstance(expr, (nodes.And, nodes.Or)):
            expr = expr.left  # (left or right)
        elif isinstance(expr, nodes.Not):
            expr = expr.node  # (not node)
        elif isinstance(expr, nodes.Compare):
            expr = expr.expr  # (expr == ...)
        elif isinstance(expr, (nodes.Filter, nodes.Test)) and expr.node is not None:
            expr = expr.node  # t_1(node, ...), t_1(context, node, ...)
        elif isinstance(expr, (nodes.Call, nodes.Getitem)):
            expr = expr.node  # context.call(node, ...), environment.getitem(node, ...)
        elif isinstance(expr, nodes.CondExpr):
            expr = expr.test  # (expr1 if test else expr2)
        else:
            return None


def _is_block_function(frame, environment) -> bool:
    """Whether `frame` is the body of a `{% block %}`'s own function (not a loop or an if inside it)."""
    return frame.block_frame and frame.parent is None and frame.block is not None and not environment.is_async


class _Template(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = escape_for_output  # what the compiled `{{ }}` calls
        namespace["escape_as"] = _ESCAPE_AS  # and a value computed before its run (see _CodeGenerator)
        namespace["getattr_fallback"] = environment.attribute_fallback
        namespace[_CALL] = _call  # and a call (see _CodeGenerator.visit_Call)
        return super()._from_namespace(environment, namespace, globals)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Jinja's render, the blocks its root calls putting their pieces into the page's list (`_ROOT_BLOCK_CALL`)."""
        if self.environment.is_async:
            return super().render(*args, **kwargs)
        return self.environment.concat(self._pieces(args, kwargs))

    def render_bytes(self, *args: Any, **kwargs: Any) -> bytes:
        """`render`'s text in UTF-8, each piece encoded on its own.

        A page of ASCII pieces with a few others (an arrow in each card, a curly quote in the text) was
        one string of two bytes a character once joined, which UTF-8 encodes character by character:
        ~90 µs an article page. Encoded piece by piece, the ASCII pieces are copied as they are: ~55 µs."""
        if self.environment.is_async:
            return super().render(*args, **kwargs).encode("utf-8")
        return b"".join(map(_ENCODE, self._pieces(args, kwargs)))

    def _pieces(self, args: tuple, kwargs: dict) -> list[str]:
        context = self.new_context(dict(*args, **kwargs))
        pieces: list[str] = []
        context._sg_splicing = pieces
        try:
            # (Each piece the root yields goes at the list's end as it comes; a block adds its own there
            # while the root runs, between the pieces yielded before it and after it. A loop, not
            # `list.extend`, which would do the same only by how CPython happens to write it.)
            append = pieces.append
            for piece in self.root_render_func(context):
                append(piece)
            context._sg_splicing = None
            return pieces
        except Exception:
            self.environment.handle_exception()


_ENCODE = str.encode
"""UTF-8, what `str.encode` makes by default (of a Markup piece too: a str)."""

_PLAIN_CALLABLES = (FunctionType, MethodType, BuiltinFunctionType)


class _Context(Context):
    _sg_splicing: list[str] | None = None
    """The list `_Template.render` gathers its page's pieces in, while it renders with this context (`_ROOT_BLOCK_CALL`).
    Read and set as attributes by the compiled code: every context of a sitegen environment is a _Context."""
    _sg_splice_next: list[str] | None = None
    """That list, from a template's root's call of a block until the block starts (which takes it away)."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805  (Jinja's own names: a keyword argument may be `self`)
        """Jinja's `context.call`, with a short way for a plain macro call (`_call_plain_macro`).

        A template's calls reach it through `_call`, which has called a plain function itself,
        or in Jinja's own form (a caller, `*args`, `**kwargs`...), rare enough to take Jinja's way."""
        if type(__obj) is Macro and not __self.environment.is_async:
            text = _call_plain_macro(__self, __obj, args, kwargs)
            if text is not missing:
                return text
        return super().call(__obj, *args, **kwargs)


def _call(context: Context, block_vars: dict | None, loop_vars: dict | None, func: Any, /, *args: Any, **kwargs: Any) -> Any:
    """What `context.call(func, *args, **kwargs, _block_vars=block_vars, _loop_vars=loop_vars)` returns (each
    passed when not None, as Jinja's compiled code passes them), a plain function called directly.

    Jinja looks twice whether the callable wants the context, the evaluation context or the environment
    first (`pass_context`...): 1.7 µs a call, against 0.1 for the call itself, and a page calls `fragment`
    once per card. A plain function or method that carries no such mark gets the same call without the
    looking. A bound method (`t`, `fragment`: the renderer's) is asked through its function: the method
    itself finds no such attribute by raising an AttributeError, message formatted, then cleared."""
    kind = type(func)
    if kind in _PLAIN_CALLABLES and not hasattr(func.__func__ if kind is MethodType else func, "jinja_pass_arg"):
        try:
            return func(*args, **kwargs)
        except StopIteration:
            return context.environment.undefined("value was undefined because a callable raised a StopIteration exception")
    if block_vars is not None:
        kwargs["_block_vars"] = block_vars
    if loop_vars is not None:
        kwargs["_loop_vars"] = loop_vars
    return context.call(func, *args, **kwargs)


def _call_plain_macro(context: Context, macro: Macro, args: tuple, kwargs: dict) -> Any:
    """What Context.call and Macro.__call__ do for a macro call that needs none of Macro.__call__'s rarer
    paths (a caller, catch-all arguments, an argument too many, a keyword the macro does not take),
    or `missing` for the others.

    Without Context.call's look for a context-taking `__call__`, and without the KeyError that
    Macro.__call__ raises and catches for each argument left to its default: a macro call cost
    ~35,000 instructions on top of the macro's own code (the default theme's term page calls
    m.source once per source, an article page once per note source, m.sidenote once per note)."""
    count = len(args)
    if macro.caller or macro.catch_kwargs or macro.catch_varargs or count > macro._argument_count:
        return missing
    kwargs.pop("_block_vars", None)
    kwargs.pop("_loop_vars", None)
    rest = macro.arguments[count:]
    if kwargs:
        for name in kwargs:
            if name not in rest:
                return missing
        args = (*args, *[kwargs.pop(name, missing) for name in rest])
    elif rest:
        args = args + (missing,) * len(rest)
    try:
        text = macro._func(*args)
    except StopIteration:
        return context.environment.undefined("value was undefined because a callable raised a StopIteration exception")
    if not context.eval_ctx.autoescape:
        return text
    return str.__new__(Markup, text) if type(text) is str else Markup(text)  # (Markup(text) of a str, without its look for __html__)


SHIPPED_TEMPLATES = Path(__file__).parent / "_templates"
"""The default theme's templates as Jinja and sitegen compile them (`scripts/theme-code` writes them)."""


@cache
def _generator_digest() -> str:
    """This module's source: the code generator the shipped templates were generated with."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:  # installed without its source: the shipped templates cannot be told current
        return ""


@cache
def _shipped_index() -> dict[str, tuple[str, str, str]]:
    """Template name -> (its source's digest, the generator's key, the module of its code)."""
    try:
        from sitegen._templates import TEMPLATES
    except ImportError:
        return {}
    return TEMPLATES


def shipped_code(environment: "Environment", name: str, source: str, filename: str) -> CodeType | None:
    """The shipped code of template `name` if it was generated from `source` by `environment`'s generator, else None."""
    entry = _shipped_index().get(name)
    if entry is None or _PassArg is None:
        return None
    source_digest, key, module = entry
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != source_digest or environment.generator_key(name) != key:
        return None
    spec = importlib.util.find_spec(f"sitegen._templates.{module}")
    code = spec.loader.get_code(spec.name) if spec is not None and spec.loader is not None else None
    return _renamed(code, filename) if code is not None else None


def _renamed(code: CodeType, filename: str) -> CodeType:
    """`code` as if compiled from `filename` (its functions' code too): Jinja names a template's file after it."""
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def shipped_source(environment: "Environment", name: str) -> tuple[str, str, str]:
    """(the source's digest, the generator's key, the generated Python) of template `name` as `environment` loads it."""
    source, filename, _ = environment.loader.get_source(environment, name)
    code = environment.compile(source, name, filename, raw=True)
    return hashlib.sha256(source.encode("utf-8")).hexdigest(), environment.generator_key(name), code


class Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    template_class = _Template
    context_class = _Context

    def __init__(self, *args: Any, optimized: bool = False, **kwargs: Any):
        """Jinja's environment, its optimizer off by default.

        The optimizer folds constant expressions at compile time; the themes
        have next to none, and looking for them (it visits every expression
        again) was 8% of compiling the default theme's templates, which a
        clean build does every time. test_templating holds the output to
        stock Jinja's, optimizer on."""
        super().__init__(*args, optimized=optimized, **kwargs)
        self._loaded: dict[str, tuple[Any, jinja2.Template]] = {}
        """_load_template() results while templates are not reloaded: name -> (the loader, the template)."""

    def _load_template(self, name: str, globals: Any) -> jinja2.Template:
        """Jinja's, with a plain dict in front of its cache while templates are not reloaded (auto_reload off).

        Jinja's LRUCache takes a lock and moves the key to the end of its deque on every look-up,
        and a page looks up three templates (its own, the one it extends, the macros it imports)."""
        if self.auto_reload or globals or self.cache is None:
            return super()._load_template(name, globals)
        kept = self._loaded.get(name)
        if kept is not None and kept[0] is self.loader:
            return kept[1]
        template = super()._load_template(name, globals)
        self._loaded[name] = (self.loader, template)
        return template

    def overlay(self, *args: Any, **kwargs: Any) -> "Environment":
        """Jinja's overlay, with its own copy of `_loaded`, as Jinja gives it a copy of its cache (an overlay
        with other filters must not hand its templates to the environment it overlays, nor take them)."""
        overlaid = super().overlay(*args, **kwargs)
        overlaid._loaded = dict(self._loaded)
        return overlaid

    @internalcode
    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False, defer_init: bool = False) -> Any:
        """Jinja's, but a default theme template whose code ships generated (`sitegen/_templates/`) is not compiled.

        Lexing, parsing and generating the default theme's code took ~65 ms of every clean build
        (9.8% of its instructions at 200 articles); later builds read it from the bytecode cache. The
        shipped code is used only for the very source, name and code generator it was generated with."""
        if isinstance(source, str) and name is not None and not raw and not defer_init:
            code = shipped_code(self, name, source, filename or "<template>")
            if code is not None:
                return code
        return super().compile(source, name, filename, raw, defer_init)

    def generator_key(self, name: str) -> str:
        """What decides the code Jinja and sitegen generate for template `name`, its source aside: Jinja's
        version, sitegen's code generator, the lexer's and compiler's settings, whether each filter and
        test takes the context (compiled into each call), and whether `name` is autoescaped."""
        autoescape = self.autoescape(name) if callable(self.autoescape) else self.autoescape
        lexer = (self.block_start_string, self.block_end_string, self.variable_start_string, self.variable_end_string,
                 self.comment_start_string, self.comment_end_string, self.line_statement_prefix, self.line_comment_prefix,
                 self.trim_blocks, self.lstrip_blocks, self.newline_sequence, self.keep_trailing_newline)
        passing = [sorted((key, repr(_PassArg.from_obj(func))) for key, func in table.items()) for table in (self.filters, self.tests)]
        compiler = (self.optimized, self.is_async, self.sandboxed, type(self).getattr is jinja2.Environment.getattr,
                    repr(_PassArg.from_obj(self.finalize)) if self.finalize else None, sorted(self.extensions), type(self).__qualname__)
        return hashlib.sha256(repr((jinja2.__version__, _generator_digest(), lexer, compiler, passing, autoescape)).encode()).hexdigest()

    def attribute_fallback(self, obj: Any, attribute: str) -> Any:
        """Environment.getattr after the getattr builtin found nothing: the item, or Undefined."""
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def make_globals(self, d):
        """A template's globals as one plain dict, where Jinja keeps a ChainMap over the environment's.

        Every render makes a context that copies them (each page, each card, each imported macro
        file), and copying a ChainMap reads it name by name in Python: 13 µs of a card's 31. The
        price is that the environment's globals must be complete before a template is loaded, as
        Jinja's documentation asks anyway (sitegen sets them once, with the environment)."""
        return {**self.globals, **(d or {})}
