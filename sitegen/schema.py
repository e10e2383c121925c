"""The JSON Schemas (draft-07) shipped with sitegen, and validation against them.

One source of truth: the editor's YAML language server reads these files and
the build validates with them, so the two can never disagree. Errors are
mapped back to line:col through the YAML document's marks, and worded for
an editor: where, what was expected, what was found, and the fix.

Two details keep Python's validator in step with the editor's (JavaScript)
one: `format: date` is checked, and a pattern's `$` means the end of the
text, as in ECMAScript (Python's `$` also matches before a final newline).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import re
from functools import cache, partial
from pathlib import Path
from typing import Any, Callable

from sitegen.errors import Diagnostics
from sitegen.yamlio import YamlDoc

SCHEMA_NAMES = ("site", "article", "annotations")

FILE_LABELS = {"site": "site.yml", "article": "the front matter", "annotations": "an annotations file"}
"""How each kind of document is named in a message about the whole of it."""
_ROOT_KEYS = {"site": " such as title:", "article": " such as title: and date:", "annotations": " with sources:, terms: and notes:"}


@cache
def schema_text(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    # The file beside this module when there is one: importlib.resources imports tempfile, shutil, zipfile
    # and more (~4-8 ms of every build's serial start) for what one open() reads.
    try:
        with open(os.path.join(os.path.dirname(__file__), "schemas", f"{name}.schema.json"), encoding="utf-8") as file:
            return file.read()
    except OSError:  # installed some other way (a zip)
        from importlib import resources

        return resources.files("sitegen.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a JSON Schema (ECMAScript) pattern: an unescaped `$` outside a class is the end of the text."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append(r"\Z")
            continue
        out.append(ch)
    return re.compile("".join(out))


_compiled = cache(ecma_pattern)


@cache
def _quick_check(name: str) -> Callable[[Any], bool] | None:
    """A yes/no check compiled to Python (fastjsonschema): a valid document, the usual case, never meets
    the full validator (jsonschema, ten times slower), which explains what is wrong.

    The compiled check must never pass what jsonschema fails: patterns and `format: date` are checked
    by the same functions (`_compiled`, `_is_date`), and a schema with any other format gets no quick
    check at all. tests/test_validation_schemas.py holds the two to the same verdict on every fixture.
    The check's code ships generated (`sitegen/_checks/`): generating and compiling it took ~20 ms of
    every clean build (1.8% of its instructions at 200 articles). It is used only while it was generated
    from the very schema text shipped beside it and this module's conversion of it (`_schema_digest`);
    otherwise it is generated here, as before.
    """
    import fastjsonschema

    shipped = _shipped_check(name)
    if shipped is not None:
        check = partial(shipped.validate, custom_formats=_formats(shipped.FORMATS))
    else:
        try:
            definition, specs = _quick_definition(name)
        except LookupError:
            return None
        check = _compile_quietly(fastjsonschema, definition, _formats(specs))

    def valid(value: Any) -> bool:
        try:
            check(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


FormatSpec = tuple[tuple[str, ...], ...]
"""What one custom format of the quick check tests, in order: ("pattern", the pattern) or ("date",)."""


def _quick_definition(name: str) -> tuple[dict, dict[str, FormatSpec]]:
    """Schema `name` as fastjsonschema compiles it: its refs inlined, and each `pattern` and `format` replaced
    by a custom format of sitegen's (`sitegen-N`), which `_formats` turns into the same tests jsonschema's
    `pattern` and `format: date` make. LookupError: a format only jsonschema knows."""
    specs: dict[str, FormatSpec] = {}

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: convert(value) for key, value in node.items()}
        tests: list[tuple[str, ...]] = []
        if isinstance(node.get("pattern"), str):
            tests.append(("pattern", node.pop("pattern")))
        if isinstance(node.get("format"), str):
            if node.pop("format") != "date":
                raise LookupError("a format only jsonschema knows")
            tests.append(("date",))
        if tests:
            label = node["format"] = f"sitegen-{len(specs)}"
            specs[label] = tuple(tests)
        return node

    return convert(_inline_refs(schema(name))), specs


def _formats(specs: dict[str, FormatSpec]) -> dict[str, Callable[[str], bool]]:
    """The custom formats' tests: a pattern searched as ECMAScript reads it (`_compiled`), a date by `_is_date`."""
    checks: dict[str, Callable[[str], bool]] = {}
    for label, spec in specs.items():
        tests: list[Callable[[str], bool]] = []
        for kind, *args in spec:
            if kind == "pattern":
                search = _compiled(args[0]).search
                tests.append(lambda text, search=search: search(text) is not None)
            else:
                tests.append(_is_date)
        checks[label] = tests[0] if len(tests) == 1 else (lambda text, tests=tests: all(test(text) for test in tests))
    return checks


def _schema_digest(name: str) -> str:
    """The schema's text and this module's source (its conversion for fastjsonschema, `_quick_definition`):
    what a shipped check was generated from."""
    return hashlib.sha256(schema_text(name).encode("utf-8") + b"\0" + _module_source()).hexdigest()


@cache
def _module_source() -> bytes:
    try:
        return Path(__file__).read_bytes()
    except OSError:  # installed without its source: no shipped check can be told current
        return b"?"


def _shipped_check(name: str):
    """The generated module of schema `name`'s quick check (`sitegen/_checks/NAME.py`), if it was generated
    from the schema as it is now and this fastjsonschema can run it; else None."""
    try:
        module = importlib.import_module(f"sitegen._checks.{name}")
    except ImportError:  # none shipped, or a fastjsonschema without what its code imports
        return None
    return module if module.SCHEMA_DIGEST == _schema_digest(name) else None


def shipped_check_source(name: str) -> str:
    """The text of `sitegen/_checks/NAME.py`, generated by this fastjsonschema (`scripts/schema-checks` writes them)."""
    import fastjsonschema

    definition, specs = _quick_definition(name)
    code = fastjsonschema.compile_to_code(
        definition, formats={label: _is_date for label in specs}, use_default=False, detailed_exceptions=False,
    )
    return (
        f'"""The quick check of the {name} schema, generated by fastjsonschema: do not edit (scripts/schema-checks)."""\n'
        "# fmt: off\n"
        "# ruff: noqa\n"
        f"SCHEMA_DIGEST = {_schema_digest(name)!r}\n"
        f"FORMATS = {specs!r}\n"
        + code
    )


def _compile_quietly(fastjsonschema, definition: dict, formats: dict) -> Callable[[Any], Any]:
    """fastjsonschema's check without its detailed exceptions, which sitegen never shows (jsonschema explains a failure).

    A detailed exception carries the schema of the check that failed, which
    fastjsonschema writes out into the code it generates, at every check:
    Python parsed 218,000 characters of it on every clean build, against
    73,000 without. (fastjsonschema before 2.21 has no such option.)
    """
    try:
        return fastjsonschema.compile(definition, formats=formats, use_default=False, detailed_exceptions=False)
    except TypeError:
        return fastjsonschema.compile(definition, formats=formats, use_default=False)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(text: str) -> bool:
    """jsonschema's `format: date`: the shape, and a real day."""
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@cache
def _validator(name: str):
    # Imported here: jsonschema costs ~0.15 s to import and a cached build never needs it.
    import jsonschema
    from jsonschema import Draft7Validator, ValidationError

    def pattern(validator, value, instance, subschema):
        if validator.is_type(instance, "string") and not _compiled(value).search(instance):
            yield ValidationError(f"{instance!r} does not match {value!r}")

    cls = jsonschema.validators.extend(Draft7Validator, {"pattern": pattern})
    return cls(_inline_refs(schema(name)), format_checker=Draft7Validator.FORMAT_CHECKER)


def _inline_refs(node: Any, definitions: dict | None = None) -> Any:
    """The schema with every local `$ref` replaced by its definition (merged with its siblings).

    Same meaning, 2-3 times faster to validate with: jsonschema resolves a
    `$ref` on every use, and a glossary uses the term definition hundreds of
    times. sitegen's schemas have no recursive references.
    """
    if definitions is None:
        definitions = node.get("definitions", {})
    if isinstance(node, dict):
        if "$ref" in node:
            target = _inline_refs(definitions[node["$ref"].rsplit("/", 1)[1]], definitions)
            return {**target, **{k: _inline_refs(v, definitions) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, definitions) for k, v in node.items() if k != "definitions"}
    if isinstance(node, list):
        return [_inline_refs(v, definitions) for v in node]
    return node


def did_you_mean(word: str, choices) -> str:
    import difflib  # (only for a misspelt key: ~1.8 ms of every build's start)

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


_EXPECTED = {
    "string": "text",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


_SECTIONS = ("sources", "terms")
"""Mappings whose entries the schemas check one by one, each on its own (nothing compares two)."""
_KNOWN_VALID: dict[tuple[str, str, str, Any], Any] = {}
"""(file, schema, section, key) -> its entry when that file was last valid: a dev server that reloads a
500-term glossary after one edit checks the edited term only. Kept as the entry itself (the parsed value,
never changed after its check) until a later document has an entry of that key, then as its text,
`repr((key, entry))`: a one-off build, which checks each glossary and sidecar once, never writes out
the ~2,000 texts of the bench glossary's entries (~20 M instructions)."""
KNOWN_VALID_KEPT = 200_000


def _entries(value) -> list[tuple[str, object, object]]:
    """(section, key, entry) of each entry the schemas check one by one."""
    if not isinstance(value, dict):
        return []
    return [(section, key, entry) for section in _SECTIONS if isinstance(value.get(section), dict)
            for key, entry in value[section].items()]


def _known_valid(path: str, name: str, section: str, key, entry) -> bool:
    """Whether `entry` is, to the character, the entry of that key when the file was last valid."""
    place = (path, name, section, key)
    seen = _KNOWN_VALID.get(place)
    if seen is None:
        return False
    if seen.__class__ is not str:
        seen = _KNOWN_VALID[place] = repr((key, seen))
    return seen == repr((key, entry))


def prepare(name: str) -> None:
    """Compile the quick check of schema `name` now (~20 ms each), not in the build that first needs it."""
    _quick_check(name)


def validate(doc: YamlDoc, name: str, diagnostics: Diagnostics) -> bool:
    """Validate `doc` against schema `name`; True when it is valid."""
    value = doc.value
    entries = _entries(value)
    known = [(section, key) for section, key, entry in entries if _known_valid(doc.path, name, section, key, entry)] if _KNOWN_VALID else []
    if known:  # the same errors, found without checking again what was valid before
        value = dict(value)
        for section in _SECTIONS:
            if isinstance(value.get(section), dict):
                value[section] = dict(value[section])
        for section, key in known:
            del value[section][key]
    quick = _quick_check(name)
    errors = [] if quick is not None and quick(value) else list(_validator(name).iter_errors(value))
    if not errors:
        if len(_KNOWN_VALID) > KNOWN_VALID_KEPT:
            _KNOWN_VALID.clear()
        for section, key, entry in entries:
            _KNOWN_VALID[(doc.path, name, section, key)] = entry
    found: list[tuple[tuple, bool, str, str]] = []
    for error in errors:
        found.extend(_explain(error, doc, name))
    for path, on_key, message, code in _one_per_mistake(found):
        line, col = doc.where(path, key=on_key)
        diagnostics.error(doc.path, line, col, f"schema-{code}", message)
    return not errors


def _one_per_mistake(found: list[tuple[tuple, bool, str, str]]) -> list[tuple[tuple, bool, str, str]]:
    """One message per mistake: a misspelt key is not also a missing one; a malformed date not also an unreal one."""
    misspelt = {(path[:-1], hint) for path, _, message, code in found if code == "additionalProperties"
                for hint in [message.rpartition("did you mean '")[2].rstrip("'?")] if "did you mean" in message}
    bad_pattern = {path for path, _, _, code in found if code == "pattern"}
    kept, seen = [], set()
    for item in found:
        path, _, message, code = item
        if code == "required" and (path, message.split("'")[1]) in misspelt:
            continue
        if code == "format" and path in bad_pattern:
            continue
        if (path, message) in seen:
            continue
        seen.add((path, message))
        kept.append(item)
    return kept


def _explain(error, doc: YamlDoc, name: str) -> list[tuple[tuple, bool, str, str]]:
    """(path, whether to point at its key, message, check) for each mistake in one schema error."""
    # Messages from an anyOf branch already carry their own check's name.
    return [item if len(item) == 4 else (*item, error.validator) for item in _explain_one(error, doc, name)]


def _explain_one(error, doc: YamlDoc, name: str) -> list[tuple]:
    path = tuple(error.absolute_path)
    where = describe(path, name)
    validator = error.validator
    sub = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance

    if "propertyNames" in error.absolute_schema_path:
        # A bad key: point at the key itself.
        key_path = path
        path = path[:-1] if path and path[-1] == instance else path
        key_path = path + (instance,)
        kind = {"sources": "source id", "terms": "term name"}.get(path[-1] if path else "", "key")
        shown = _short(instance)
        if validator == "pattern" and error.validator_value == "\\S":
            reason = "it must not be empty"
        elif validator == "pattern":
            reason = sub.get("patternErrorMessage", "it has characters that are not allowed")
        elif validator == "maxLength":
            reason = f"it is longer than {error.validator_value} characters"
        else:
            reason = "it must not be empty"
        hint = ""
        if kind == "source id":
            from sitegen.ids import slugify

            suggestion = slugify(str(instance))
            if suggestion and suggestion != instance:
                hint = f"; write '{suggestion}'"
        return [(key_path, True, f"invalid {kind} '{shown}': {reason}{hint}")]

    if validator == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        inside = f" in {where}" if where else ""
        return [
            (
                path + (key,),
                True,
                f"unknown key '{key}'{inside}"
                + (did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"),
            )
            for key in extra
        ]

    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        inside = where or FILE_LABELS[name]
        return [(path, True, f"missing required key '{missing}' in {inside}")]

    if validator == "dependencies":
        key, needed = next((k, v) for k, v in error.validator_value.items() if k in instance)
        missing = [n for n in needed if n not in instance]
        reason = {"image_alt": ": a short description of the image for readers who cannot see it"}.get(missing[0], "")
        return [(path + (key,), True, f"'{key}' needs '{missing[0]}' too{reason}")]

    if validator == "type":
        if not path:
            return [(path, False, f"{FILE_LABELS[name]} must be a mapping (key: value lines){_ROOT_KEYS[name]}, found {_kind(instance, doc.typed(path, instance))}")]
        return [(path, False, _type_message(where, error.validator_value, sub, instance, doc.typed(path, instance)))]

    if validator == "enum":
        allowed = [_json(v) for v in error.validator_value]
        typed = doc.typed(path, instance)
        return [(path, False, f"{where}: '{typed}' is not one of {', '.join(allowed)}" + did_you_mean(typed, allowed))]

    if validator == "pattern":
        if error.validator_value == "\\S":
            return [(path, False, f"{where}: must not be empty")]
        reason = sub.get("patternErrorMessage")
        if reason:
            return [(path, False, f"{where}: {reason} (found '{_short(instance)}')")]
        return [(path, False, f"{where}: '{_short(instance)}' has characters that are not allowed")]

    if validator == "format" and error.validator_value == "date":
        return [(path, False, f"{where}: '{instance}' is not a real date")]

    if validator == "minLength":
        return [(path, False, f"{where}: must not be empty")]
    if validator == "maxLength":
        return [(path, False, f"{where}: is longer than {error.validator_value} characters")]
    if validator == "minimum":
        return [(path, False, f"{where}: must be {error.validator_value} or more (found {doc.typed(path, instance)})")]

    if validator == "anyOf" and error.context:
        return _explain_any_of(error, doc, name, where, sub)

    return [(path, False, f"{where or FILE_LABELS[name]}: {error.message}")]


def _explain_any_of(error, doc: YamlDoc, name: str, where: str, sub: dict) -> list[tuple]:
    """Explain the branch whose type fits the value (an id that is not an id, a mapping with a bad key)."""
    branches: dict[int, list] = {}
    for sub_error in error.context:
        branches.setdefault(sub_error.relative_schema_path[0], []).append(sub_error)
    fitting = [
        errors for errors in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    if fitting:
        return [item for e in fitting[0] for item in _explain(e, doc, name)]
    path = tuple(error.absolute_path)
    expected = sub.get("x-expected")
    if expected is None:
        kinds = sorted({e.validator_value for e in error.context if e.validator == "type" and isinstance(e.validator_value, str)})
        expected = " or ".join(_EXPECTED.get(k, k) for k in kinds)
    return [(path, False, f"{where}: expected {expected}, found {_kind(error.instance, doc.typed(path, error.instance))}")]


def _type_message(where: str, expected: Any, sub: dict, instance: Any, typed: str) -> str:
    types = [expected] if isinstance(expected, str) else list(expected)
    wanted = sub.get("x-expected") or " or ".join(_EXPECTED.get(t, t) for t in types if t != "null")
    found = _kind(instance, typed)
    if "boolean" in types:
        meant = _YAML11_BOOLEANS.get(typed.lower()) if isinstance(instance, str) else None
        hint = f"; write {meant} (YAML 1.2 reads {typed} as text)" if meant else ""
        return f"{where}: expected true or false, found {found}{hint}"
    message = f"{where}: expected {wanted}, found {found}"
    if "string" in types and "x-expected" not in sub and (instance is None or isinstance(instance, (bool, int, float))):
        # What the editor typed is what they meant: YAML only read it as something else.
        if instance is None and typed == "":
            return f"{where}: expected {wanted}, found nothing; write it after the ':' (or remove the key)"
        return message + f"; put it in quotes: \"{typed}\" (unquoted, YAML reads {typed} as {_plain_kind(instance)})"
    if "array" in types and isinstance(instance, str):
        return message + f"; write a list: [{instance}]"
    if "array" in types and isinstance(instance, dict):
        return message + "; start each item with '- '"
    return message


_YAML11_BOOLEANS = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}
"""Booleans of YAML 1.1 that YAML 1.2 (and so sitegen and the editor) read as text."""


def _plain_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _kind(value: Any, typed: str) -> str:
    if value is None:
        return f"nothing ({typed})" if typed else "nothing"
    if isinstance(value, bool):
        return f"a boolean ({typed})"
    if isinstance(value, (int, float)):
        return f"a number ({typed})"
    if isinstance(value, str):
        return f"'{_short(value)}'" if value else "empty text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _short(value: Any, limit: int = 60) -> str:
    text = str(value).replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(path: tuple, name: str = "") -> str:
    """A location in an editor's words: "term 'S-300', sources[2]", "note 3, quote", "source.url"."""
    parts: list[str] = []
    rest = list(path)
    if name == "annotations" and len(rest) >= 2:
        section, key = rest[0], rest[1]
        if section == "terms":
            parts.append(f"term '{_short(key, 40)}'")
            rest = rest[2:]
        elif section == "sources":
            parts.append(f"source '{_short(key, 40)}'")
            rest = rest[2:]
        elif section == "notes" and isinstance(key, int):
            parts.append(f"note {key + 1}")
            rest = rest[2:]
    tail = ""
    for part in rest:
        if isinstance(part, int):
            tail += f"[{part + 1}]"
        else:
            tail += ("." if tail else "") + str(part)
    if tail:
        parts.append(tail)
    return ", ".join(parts)
