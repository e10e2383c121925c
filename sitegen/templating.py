"""Jinja2, compiled for speed: the same templates and the same bytes out, less work per page.

A page of the default theme prints some 1,800 values. Stock Jinja yields
each one separately, through every template a page extends (three
generators deep), and wraps each in a Markup copy that is only ever joined
into the page. Six changes, all invisible to a theme:

- an output run (the text and `{{ }}` values between two tags) is joined
  and yielded once;
- a block gathers its output and yields it once;
- `{{ value }}` is escaped to a plain str. Macros, `{% set %}` blocks and
  fragments still return Markup: Jinja wraps their joined output itself;
- a template's globals are one plain dict, cheap to copy into each
  render's context (Jinja keeps a ChainMap over the environment's);
- a call to a plain function (`t()`, `fragment()`) skips Jinja's checks
  for a function that wants the context.
- Jinja's optimizer (constant folding while compiling) is off: the
  themes have next to nothing to fold.

Imported only when something is rendered (a no-op build never loads Jinja).
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import escape

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


_RUN = "_sg_run"
"""The local list an output run is gathered in (the name cannot clash: template names become l_N_name)."""


_BLOCK = "_sg_block"
"""The local list a block's whole output is gathered in."""


class _CodeGenerator(CodeGenerator):
    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        if _is_block_function(frame, self.environment):
            # A block yields once, its whole output, instead of once per output run: the article
            # page's content block yielded ~470 times, each resuming three generators (the block,
            # the page, the base template it extends).
            self.writeline(f"{_BLOCK} = []")
            frame.buffer = _BLOCK

    def leave_frame(self, frame, with_python_scope: bool = False) -> None:
        if _is_block_function(frame, self.environment) and frame.buffer == _BLOCK:
            self.writeline(f"yield concat({_BLOCK})")
        super().leave_frame(frame, with_python_scope)

    def visit_Output(self, node, frame) -> None:
        # Where Jinja would yield each piece of the run, gather them and yield the run once.
        if frame.buffer is not None or frame.require_output_check or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        self.writeline(f"{_RUN} = []")
        frame.buffer = _RUN
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None
        self.writeline(f"yield concat({_RUN})")


def _is_block_function(frame, environment) -> bool:
    """Whether `frame` is the body of a `{% block %}`'s own function (not a loop or an if inside it)."""
    return frame.block_frame and frame.parent is None and frame.block is not None and not environment.is_async


class _Template(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = escape_for_output  # what the compiled `{{ }}` calls
        return super()._from_namespace(environment, namespace, globals)


_PLAIN_CALLABLES = (FunctionType, MethodType, BuiltinFunctionType)


class _Context(Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805  (Jinja's own names: a keyword argument may be `self`)
        """Jinja's `context.call`, which every `{{ f(...) }}` compiles to, with a short way for a plain function.

        Jinja looks twice whether the callable wants the context, the
        evaluation context or the environment first (`pass_context`...): 1.7 µs
        a call, against 0.1 for the call itself, and a page calls `fragment`
        once per card. A plain function or method that carries no such mark
        gets the same call without the looking.

        A bound method (`t`, `fragment`: the renderer's) is asked through its
        function: the method itself finds no such attribute by raising an
        AttributeError, message formatted, then cleared (1.1 µs, against 0.1)."""
        kind = type(__obj)
        if kind in _PLAIN_CALLABLES and not hasattr(__obj.__func__ if kind is MethodType else __obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)  # what the compiled call passes for a `pass_context` callable
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


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

    def make_globals(self, d):
        """A template's globals as one plain dict, where Jinja keeps a ChainMap over the environment's.

        Every render makes a context that copies them (each page, each card, each imported macro
        file), and copying a ChainMap reads it name by name in Python: 13 µs of a card's 31. The
        price is that the environment's globals must be complete before a template is loaded, as
        Jinja's documentation asks anyway (sitegen sets them once, with the environment)."""
        return {**self.globals, **(d or {})}
