"""markdown-it's block tokenizer, trying at each line only the rules that can start on its first character.

markdown-it tries every block rule, in order, at the start of every block
(and list items and quotes start blocks of their own): a heading went
through eight rules (each a call, a debug log and its own checks) that
return False at once because the line does not start with their marker.
Leaving out a rule that returns False without touching the state changes
nothing, so each first character gets the chain without those rules, in
the same order. The rules that end a paragraph, a list item or a quote
early (the terminator chains, run on every line that could continue one:
each line of a hard-wrapped paragraph) are dispatched the same way.
`test_dispatched_blocks_give_the_tokens_markdown_it_gives` holds the
tokens to markdown-it's own.
"""

from __future__ import annotations

from types import MethodType
from typing import Any, Callable

BlockRule = Callable[[Any, int, int, bool], bool]


def _stock_starts() -> dict[BlockRule, str]:
    """markdown-it's own block rules that return False, having changed nothing, on a line that does not
    start (after its indent) with one of these characters, or on a line indented as code."""
    from markdown_it import rules_block

    return {
        rules_block.fence: "`~",
        rules_block.blockquote: ">",
        rules_block.hr: "*-_",
        rules_block.list_block: "*-+0123456789",
        rules_block.reference: "[",
        rules_block.heading: "#",
    }


def _never_without_html(rule: BlockRule) -> bool:
    """markdown-it's `html_block` returns False at once when the parser's `html` option is off."""
    from markdown_it import rules_block

    return rule is rules_block.html_block


def _never_outside_code(rule: BlockRule) -> bool:
    """markdown-it's `code` returns False at once on a line not indented as code."""
    from markdown_it import rules_block

    return rule is rules_block.code


class _Chains:
    """A ruler's main chain, and per first character the chain without the rules that cannot start there."""

    def __init__(self, rules: list[BlockRule], html: bool, starts: dict[BlockRule, str],
                 own_starts: dict[BlockRule, Callable[[str], bool]]) -> None:
        self.rules = rules
        self.html = html
        self._starts = starts
        self._own_starts = own_starts
        self._by_char: dict[str, list[BlockRule]] = {}

    def for_char(self, char: str) -> list[BlockRule]:
        chain = self._by_char.get(char)
        if chain is None:
            chain = self._by_char[char] = [rule for rule in self.rules if self._may_start(rule, char)]
        return chain

    def _may_start(self, rule: BlockRule, char: str) -> bool:
        if _never_outside_code(rule) or (_never_without_html(rule) and not self.html):
            return False
        chars = self._starts.get(rule)
        if chars is not None:
            return char in chars
        own = self._own_starts.get(rule)
        return own is None or own(char)


def code_enabled(state) -> bool:
    """Whether markdown-it's `code` rule is on: `StateBlock._code_enabled`, private in markdown-it-py 3 and 4.
    Without that flag, True: an indented line then goes to every rule, as markdown-it itself sends it."""
    return getattr(state, "_code_enabled", True)


def dispatch_block_rules(md, own_starts: dict[BlockRule, Callable[[str], bool]] | None = None) -> None:
    """Make `md`'s block parser try, at each line, only the rules that can start on its first character.

    `own_starts` adds rules of the caller's with the characters they can start on (a predicate);
    any other rule is tried on every line, as markdown-it would.
    """
    block = md.block
    starts = _stock_starts()
    extra = dict(own_starts or {})
    cached: list[_Chains] = []

    def chains() -> _Chains:
        rules = block.ruler.getRules("")
        html = bool(md.options.get("html", None))
        if not cached or cached[0].rules is not rules or cached[0].html != html:
            cached[:] = [_Chains(rules, html, starts, extra)]
            _dispatch_terminators(block.ruler, html, starts, extra)
        return cached[0]

    def tokenize(self, state, startLine: int, endLine: int) -> None:
        """`ParserBlock.tokenize`, with the rules for the line's first character (all of them for a code line)."""
        all_chains = chains()
        for_char = all_chains.for_char
        all_rules = all_chains.rules
        line = startLine
        maxNesting = state.md.options.maxNesting
        hasEmptyLines = False
        src, bMarks, eMarks, tShift, sCount = state.src, state.bMarks, state.eMarks, state.tShift, state.sCount
        code = code_enabled(state)
        # `skipEmptyLines`, `is_code_block` and `isEmpty` are written out: four calls a block otherwise.

        while line < endLine:
            while line < state.lineMax and bMarks[line] + tShift[line] >= eMarks[line]:
                line += 1
            state.line = line
            if line >= endLine:
                break
            if sCount[line] < state.blkIndent:
                break
            if state.level >= maxNesting:
                state.line = endLine
                break

            is_code = code and sCount[line] - state.blkIndent >= 4
            rules = all_rules if is_code else for_char(src[bMarks[line] + tShift[line]])
            ok = False
            for rule in rules:
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")

            state.tight = not hasEmptyLines
            line = state.line
            if (line - 1) < endLine and bMarks[line - 1] + tShift[line - 1] >= eMarks[line - 1]:
                hasEmptyLines = True
            if line < endLine and bMarks[line] + tShift[line] >= eMarks[line]:
                hasEmptyLines = True
                line += 1
                state.line = line

    block.tokenize = MethodType(tokenize, block)


def _dispatch_terminators(ruler, html: bool, starts: dict[BlockRule, str], own_starts: dict[BlockRule, Callable[[str], bool]]) -> None:
    """Each terminator chain of `ruler` (the rules that may end a paragraph, a list item or a quote early,
    which those rules run on every line that could continue one) as one rule that tries, in order, the
    chain's rules that can start on the line's first character: the loops that run a chain stop at the
    first rule that answers True, and so does it.

    The chains are swapped in markdown-it's compiled cache, which it rebuilds (without them) whenever a
    rule changes; `tokenize` swaps them in again with its own chains, so a chain is never stale.
    """
    compiled = getattr(ruler, "__cache__", None)
    if not isinstance(compiled, dict):
        return
    for name, rules in list(compiled.items()):
        if name and rules:
            compiled[name] = [_terminator(_Chains(rules, html, starts, own_starts))]


def _terminator(chains: _Chains) -> BlockRule:
    def terminate(state, line: int, endLine: int, silent: bool) -> bool:
        position = state.bMarks[line] + state.tShift[line]
        if position >= state.eMarks[line] or state.is_code_block(line):
            rules = chains.rules
        else:
            rules = chains.for_char(state.src[position])
        for rule in rules:
            if rule(state, line, endLine, silent):
                return True
        return False

    return terminate
