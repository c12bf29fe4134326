"""Turn pydantic's validation errors into one-line problems at the right YAML position."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from layout.manifest.problems import KeyPath, Problem, describe
from layout.manifest.schema import CHILD_MODELS, ITEM_MODELS, RawIssue
from layout.manifest.source import Document

_EXPECTED = {
    "int_type": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "list_type": "a list",
}
_ITEM_NEEDS_KIND = "an item needs `headline` (an article) or `section` (a section heading)"
_ITEM_HAS_BOTH = "an item has both `headline` (an article) and `section` (a section heading)"


def problems_from(error: ValidationError, document: Document) -> list[Problem]:
    """One problem per pydantic error, located at the key or value it is about."""
    return [_problem(details, document) for details in error.errors()]


def _problem(details: ErrorDetails, document: Document) -> Problem:
    kind, value, loc = details["type"], details["input"], tuple(details["loc"])
    path = _without_item_tag(loc)
    if kind == "missing":
        return document.problem(path[:-1], f"missing required key '{path[-1]}'")
    if kind == "extra_forbidden":
        return document.problem(path, _unknown_key(loc), at_key=True)
    if path and path[-1] == "[key]":
        return document.problem(path[:-1], _message(details, value), at_key=True)
    return document.problem(path, _message(details, value))


def _message(details: ErrorDetails, value: Any) -> str:
    kind, context = details["type"], details.get("ctx", {})
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {describe(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {context['ge']}, got {describe(value)}"
    if kind == "less_than_equal":
        return f"must be at most {context['le']}, got {describe(value)}"
    if kind in {"too_short", "string_too_short"}:
        return "must not be empty"
    if kind == "union_tag_not_found":
        if not isinstance(value, dict):
            return f"expected a mapping (an article or a section), got {describe(value)}"
        if "headline" in value:
            return _ITEM_HAS_BOTH
        typos = [
            f"'{key}' (did you mean '{close[0]}'?)"
            for key in value
            if (close := difflib.get_close_matches(str(key), ["headline", "section"], n=1))
        ]
        return _ITEM_NEEDS_KIND + (f"; unknown key {typos[0]}" if typos else "")
    return details["msg"]


def _unknown_key(loc: KeyPath) -> str:
    model: type[BaseModel] = RawIssue
    for part in loc[:-1]:
        if isinstance(part, str):
            model = ITEM_MODELS.get(part) or CHILD_MODELS.get((model, part), model)
    allowed = [field.alias or name for name, field in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"


def _without_item_tag(loc: KeyPath) -> KeyPath:
    """Drop the union tag pydantic inserts after ``pages[i].items[j]``."""
    if len(loc) > 4 and loc[0] == "pages" and loc[2] == "items" and loc[4] in ITEM_MODELS:
        return loc[:4] + loc[5:]
    return loc
