"""The JSON Schemas (draft-07) shipped with sitegen, and validation against them.

One source of truth: the editor's YAML language server reads these files and
the build validates with them, so the two can never disagree. Errors are
mapped back to line:col through the YAML document's marks.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

from sitegen.errors import Diagnostics
from sitegen.yamlio import YamlDoc

SCHEMA_NAMES = ("site", "article", "annotations")


@cache
def schema_text(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    return resources.files("sitegen.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def _validator(name: str):
    # Imported here: jsonschema costs ~0.15 s to import and a cached build never needs it.
    import jsonschema

    return jsonschema.Draft7Validator(schema(name))


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_EXPECTED = {
    "string": "text",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


def validate(doc: YamlDoc, name: str, diagnostics: Diagnostics) -> bool:
    """Validate `doc` against schema `name`; True when it is valid."""
    errors = list(_validator(name).iter_errors(doc.value))
    for error in errors:
        for path, message in _explain(error, doc):
            line, col = doc.where(path, key=message.startswith(("unknown key", "invalid id", "missing required")))
            diagnostics.error(doc.path, line, col, f"schema-{error.validator}", message)
    return not errors


def _explain(error, doc: YamlDoc) -> list[tuple[tuple, str]]:
    path = tuple(error.absolute_path)
    where = _describe(path)
    validator = error.validator
    sub = error.schema if isinstance(error.schema, dict) else {}
    if "propertyNames" in error.absolute_schema_path:
        # A bad key (an id): point at the key itself.
        reason = sub.get("x-error", error.message)
        return [(path + (error.instance,), f"invalid id '{_short(error.instance)}' in {where}: {reason}")]
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return [
            (
                path + (key,),
                f"unknown key '{key}'{' in ' + where if where else ''}"
                + (did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"),
            )
            for key in extra
        ]
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [(path, f"missing required key '{missing}'{' in ' + where if where else ''}")]
    if validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(_EXPECTED.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        found = _kind(error.instance)
        message = f"{where or 'the file'}: expected {expected_text}, found {found}"
        if expected == "string" and (error.instance is None or isinstance(error.instance, (int, float))):
            raw = doc.raw.get(path)
            shown = raw if raw is not None else ("" if error.instance is None else str(error.instance))
            message += f"; put it in quotes: \"{shown}\""
        return [(path, message)]
    if validator == "enum":
        allowed = [str(v) for v in error.validator_value]
        return [(path, f"{where}: '{error.instance}' is not one of {', '.join(allowed)}" + did_you_mean(str(error.instance), allowed))]
    if validator in ("pattern", "maxLength", "minLength") and "x-error" in sub:
        return [(path, f"{where}: {sub['x-error']} (found '{_short(error.instance)}')")]
    if validator == "minLength":
        return [(path, f"{where}: must not be empty")]
    if validator == "maxLength":
        return [(path, f"{where}: is longer than {error.validator_value} characters")]
    if validator == "minimum":
        return [(path, f"{where}: must be at least {error.validator_value}")]
    if validator == "anyOf" and error.context:
        # The branch whose own type fits the value says the most.
        typed = [e for e in error.context if e.validator != "type"]
        if typed:
            return _explain(min(typed, key=lambda e: len(e.absolute_path) * -1), doc)
        kinds = {e.validator_value if isinstance(e.validator_value, str) else "value" for e in error.context}
        expected = " or ".join(_EXPECTED.get(k, k) for k in sorted(kinds))
        return [(path, f"{where}: expected {expected}, found {_kind(error.instance)}")]
    return [(path, f"{where or 'the file'}: {error.message}")]


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(path: tuple) -> str:
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)
