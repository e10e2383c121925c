"""Terms, sources and notes from glossary files and article sidecars.

The glossary files together form one scope; each sidecar is a scope of its
own, layered over the glossary for its article only. Every file is read as
YAML nodes, so each term, source and note keeps its line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostics
from sitegen.ids import is_slug, slugify
from sitegen.markdown.matcher import Matcher, Name, default_case_sensitive
from sitegen.schema import did_you_mean, validate
from sitegen.yamlio import YamlDoc, load_yaml_file

GLOSSARY = "glossary"
"""The scope name of the site-wide glossary."""


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str
    publisher: str | None = None
    date: str | None = None
    id: str = ""
    """Its id in `sources:`; empty for a source given inline."""


@dataclass(frozen=True, slots=True)
class FormerName:
    name: str
    until: dt.date | None = None
    """The day the name stopped being current, when known."""


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: str
    definition: str
    """Markdown."""
    aliases: tuple[str, ...] = ()
    formerly: tuple[FormerName, ...] = ()
    sources: tuple[Source, ...] = ()
    see_also: tuple[str, ...] = ()
    """Term ids."""
    match_case: bool | None = None
    scope: str = GLOSSARY
    """'glossary' or the slug of the article whose sidecar defines it."""
    path: str = ""
    line: int = 1
    col: int = 1

    def names(self) -> list[Name]:
        found = [Name(self.name, self.id, default_case_sensitive(self.name, self.match_case), "name")]
        found += [Name(a, self.id, default_case_sensitive(a, self.match_case), "alias") for a in self.aliases]
        found += [Name(f.name, self.id, default_case_sensitive(f.name, self.match_case), "former") for f in self.formerly]
        return found


@dataclass(frozen=True, slots=True)
class Note:
    quote: str
    note: str
    """Markdown."""
    sources: tuple[Source, ...] = ()
    occurrence: int | None = None
    path: str = ""
    line: int = 1
    col: int = 1


@dataclass(slots=True)
class Scope:
    """The terms, sources and notes of one scope (the glossary, or one sidecar)."""

    name: str
    terms: dict[str, Term] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    """A file's raw terms and notes, before ids across the scope are resolved."""

    doc: YamlDoc
    terms: list[tuple[str, dict[str, Any]]]
    notes: list[dict[str, Any]]


SeeAlso = list[tuple[Term, YamlDoc, list[str]]]
"""Terms whose see_also names still wait to be resolved to ids."""


def load_scope(
    name: str, paths: list[Path], diagnostics: Diagnostics, fallback_sources: dict[str, Source] | None = None
) -> tuple[Scope, SeeAlso]:
    """Read a scope's files; problems go to `diagnostics`, the valid parts are kept."""
    scope = Scope(name)
    pending: list[_Pending] = []
    source_lines: dict[str, tuple[str, int]] = {}
    for path in paths:
        doc = load_yaml_file(path, diagnostics)
        if doc is None:
            continue
        if doc.value is None:
            continue  # an empty file: nothing yet
        if not isinstance(doc.value, dict):
            line, col = doc.where(())
            diagnostics.error(path, line, col, "not-a-mapping", "an annotations file must be a mapping with sources:, terms: and notes:")
            continue
        if not validate(doc, "annotations", diagnostics):
            continue
        for source_id, raw in (doc.value.get("sources") or {}).items():
            line, _ = doc.where(("sources", source_id), key=True)
            if source_id in scope.sources:
                first = source_lines[source_id]
                col = doc.where(("sources", source_id), key=True)[1]
                diagnostics.error(path, line, col, "duplicate-source", f"source id '{source_id}' is defined twice (first defined at {first[0]}:{first[1]})")
                continue
            source_lines[source_id] = (str(path), line)
            scope.sources[source_id] = Source(raw["title"], raw["url"], raw.get("publisher"), raw.get("date"), source_id)
        pending.append(_Pending(doc, list((doc.value.get("terms") or {}).items()), list(doc.value.get("notes") or [])))

    known_sources = dict(fallback_sources or {})
    known_sources.update(scope.sources)
    first_defined: dict[str, tuple[str, int]] = {}
    raw_see_also: SeeAlso = []
    for item in pending:
        doc = item.doc
        for display, raw in item.terms:
            line, col = doc.where(("terms", display), key=True)
            term_id = raw.get("id") or slugify(display)
            if not term_id:
                diagnostics.error(doc.path, line, col, "term-id", f"the name '{display}' gives no id (it has no letters a-z or digits): add id:")
                continue
            if not is_slug(term_id):
                diagnostics.error(doc.path, line, col, "term-id", f"the id '{term_id}' is not a valid id")
                continue
            if term_id in first_defined:
                where = first_defined[term_id]
                diagnostics.error(doc.path, line, col, "duplicate-term", f"term id '{term_id}' ('{display}') is defined twice in the {_scope_label(name)} (first defined at {where[0]}:{where[1]})")
                continue
            first_defined[term_id] = (doc.path, line)
            sources = _sources(doc, ("terms", display, "sources"), raw.get("sources", []), known_sources, diagnostics)
            formerly = []
            for i, former in enumerate(raw.get("formerly", [])):
                if isinstance(former, str):
                    formerly.append(FormerName(former))
                else:
                    until = None
                    if "until" in former:
                        try:
                            until = dt.date.fromisoformat(former["until"])
                        except ValueError:
                            fl, fc = doc.where(("terms", display, "formerly", i, "until"))
                            diagnostics.error(doc.path, fl, fc, "bad-date", f"'{former['until']}' is not a real date (YYYY-MM-DD)")
                    formerly.append(FormerName(former["name"], until))
            term = Term(
                id=term_id,
                name=display,
                definition=raw["definition"],
                aliases=tuple(raw.get("aliases", [])),
                formerly=tuple(formerly),
                sources=tuple(sources),
                match_case=raw.get("match_case"),
                scope=name,
                path=doc.path,
                line=line,
                col=col,
            )
            if not term.sources:
                diagnostics.warning(doc.path, line, col, "term-no-source", f"term '{display}' has no source; add sources: so readers can check it")
            scope.terms[term_id] = term
            raw_see_also.append((term, doc, list(raw.get("see_also", []))))
        for i, raw in enumerate(item.notes):
            line, col = doc.where(("notes", i))
            sources = _sources(doc, ("notes", i, "sources"), raw.get("sources", []), known_sources, diagnostics)
            scope.notes.append(Note(raw["quote"], raw["note"], tuple(sources), raw.get("occurrence"), doc.path, line, col))
    _check_names(scope, diagnostics)
    return scope, raw_see_also


def _scope_label(name: str) -> str:
    return "glossary" if name == GLOSSARY else f"sidecar of '{name}'"


def _sources(doc: YamlDoc, path: tuple, refs: list, known: dict[str, Source], diagnostics: Diagnostics) -> list[Source]:
    found: list[Source] = []
    for i, ref in enumerate(refs):
        if isinstance(ref, str):
            if ref in known:
                found.append(known[ref])
            else:
                line, col = doc.where(path + (i,))
                diagnostics.error(doc.path, line, col, "unknown-source", f"unknown source id '{ref}'" + did_you_mean(ref, known))
        else:
            found.append(Source(ref["title"], ref["url"], ref.get("publisher"), ref.get("date")))
    return found


def _check_names(scope: Scope, diagnostics: Diagnostics) -> None:
    """One name, alias or former name may belong to one term only."""
    owner: dict[str, Term] = {}
    for term in scope.terms.values():
        for name in term.names():
            key = name.text.casefold()
            other = owner.get(key)
            if other is not None and other.id != term.id:
                diagnostics.error(term.path, term.line, term.col, "duplicate-name", f"the name '{name.text}' of '{term.name}' is also a name of '{other.name}' (defined at {other.path}:{other.line}); a name can belong to one term only")
            owner.setdefault(key, term)


def resolve_see_also(pending: SeeAlso, terms: dict[str, Term], diagnostics: Diagnostics) -> dict[str, Term]:
    """Turn see_also names into ids, against the terms visible from each term's scope."""
    lookup = name_lookup(terms.values())
    resolved: dict[str, Term] = {}
    for term, doc, names in pending:
        ids: list[str] = []
        for i, target in enumerate(names):
            target_id = lookup(target)
            if target_id is None:
                line, col = doc.where(("terms", term.name, "see_also", i))
                diagnostics.error(doc.path, line, col, "unknown-see-also", f"see_also: no term named '{target}'" + did_you_mean(target, [t.name for t in terms.values()]))
            elif target_id != term.id and target_id not in ids:
                ids.append(target_id)
        resolved[term.id] = replace(term, see_also=tuple(ids)) if ids else term
    return resolved


def name_lookup(terms):
    """A resolver for explicit references: by id, display name, alias or former name."""
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_folded: dict[str, str] = {}
    for term in terms:
        by_id[term.id] = term.id
        for name in term.names():
            by_name.setdefault(name.text, term.id)
            by_folded.setdefault(name.text.casefold(), term.id)

    def resolve(target: str) -> str | None:
        target = target.strip()
        return (
            by_id.get(target)
            or by_name.get(target)
            or by_id.get(slugify(target))
            or by_folded.get(target.casefold())
        )

    return resolve


def build_matcher(terms) -> Matcher:
    return Matcher(name for term in terms for name in term.names())
