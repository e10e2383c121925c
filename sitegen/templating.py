"""Jinja2, compiled for speed: the same templates and the same bytes out, less work per page.

A page of the default theme prints some 1,800 values. Stock Jinja yields
each one separately, through every template a page extends (three
generators deep), and wraps each in a Markup copy that is only ever joined
into the page. Four changes, all invisible to a theme:

- an output run (the text and `{{ }}` values between two tags) is joined
  and yielded once;
- a block gathers its output and yields it once;
- `{{ value }}` is escaped to a plain str. Macros, `{% set %}` blocks and
  fragments still return Markup: Jinja wraps their joined output itself;
- a template's globals are one plain dict, cheap to copy into each
  render's context (Jinja keeps a ChainMap over the environment's).

Imported only when something is rendered (a no-op build never loads Jinja).
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
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


class Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    template_class = _Template

    def make_globals(self, d):
        """A template's globals as one plain dict, where Jinja keeps a ChainMap over the environment's.

        Every render makes a context that copies them (each page, each card, each imported macro
        file), and copying a ChainMap reads it name by name in Python: 13 µs of a card's 31. The
        price is that the environment's globals must be complete before a template is loaded, as
        Jinja's documentation asks anyway (sitegen sets them once, with the environment)."""
        return {**self.globals, **(d or {})}
