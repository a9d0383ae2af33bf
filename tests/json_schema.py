"""A JSON Schema (Draft 7) validator for the keywords the Compose Specification's schema uses.

`jsonschema` is not among the locked dependencies; until it is, this covers exactly the
keywords of ../shared/schemas/compose-spec.json and refuses a schema that uses any other, so a
newer schema can never be half-checked in silence."""

import re
from collections.abc import Iterator

ASSERTIONS = {
    "type", "enum", "properties", "patternProperties", "additionalProperties", "required",
    "items", "uniqueItems", "oneOf", "anyOf", "allOf", "not", "minimum", "maximum",
    "pattern", "minItems", "minProperties", "$ref",
}  # fmt: skip
ANNOTATIONS = {"$schema", "$id", "title", "description", "default", "deprecated", "definitions"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


def unknown_keywords(schema: dict) -> set[str]:
    """Keywords of ``schema`` (at any depth) that this validator does not implement."""
    found: set[str] = set()
    for node in _subschemas(schema):
        found |= set(node) - ASSERTIONS - ANNOTATIONS
    return found


def errors(instance, schema: dict) -> list[str]:
    """Every violation, as ``path: reason``; an empty list when ``instance`` is valid."""
    return list(_errors(instance, schema, root=schema, path="$"))


def _subschemas(node) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _subschemas(item)
    if not isinstance(node, dict):
        return
    yield node
    for key, value in node.items():
        if key in {"properties", "patternProperties", "definitions"}:
            for subschema in value.values():
                yield from _subschemas(subschema)
        elif key in {"items", "additionalProperties", "oneOf", "anyOf", "allOf", "not"}:
            yield from _subschemas(value)


def _errors(value, schema, *, root: dict, path: str) -> Iterator[str]:
    if schema is True or schema == {}:
        return
    if schema is False:
        yield f"{path}: not allowed"
        return
    if "$ref" in schema:  # Draft 7: $ref ignores its siblings
        yield from _errors(value, _resolve(schema["$ref"], root), root=root, path=path)
        return
    expected = schema.get("type")
    if expected is not None:
        names = expected if isinstance(expected, list) else [expected]
        if not any(TYPES[name](value) for name in names):
            yield f"{path}: {value!r} is not of type {expected}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: {value!r} is not one of {schema['enum']}"
    yield from _combinators(value, schema, root=root, path=path)
    if isinstance(value, dict):
        yield from _object_errors(value, schema, root=root, path=path)
    if isinstance(value, list):
        yield from _array_errors(value, schema, root=root, path=path)
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        yield f"{path}: {value!r} does not match {schema['pattern']}"
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            yield f"{path}: {value} is below {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield f"{path}: {value} is above {schema['maximum']}"


def _combinators(value, schema, *, root: dict, path: str) -> Iterator[str]:
    def valid(subschema) -> bool:
        return not any(_errors(value, subschema, root=root, path=path))

    if "oneOf" in schema and sum(valid(s) for s in schema["oneOf"]) != 1:
        yield f"{path}: {value!r} must match exactly one of oneOf"
    if "anyOf" in schema and not any(valid(s) for s in schema["anyOf"]):
        yield f"{path}: {value!r} matches none of anyOf"
    for subschema in schema.get("allOf", []):
        yield from _errors(value, subschema, root=root, path=path)
    if "not" in schema and valid(schema["not"]):
        yield f"{path}: {value!r} must not match"


def _object_errors(value: dict, schema, *, root: dict, path: str) -> Iterator[str]:
    for key in schema.get("required", []):
        if key not in value:
            yield f"{path}: {key!r} is required"
    if len(value) < schema.get("minProperties", 0):
        yield f"{path}: too few properties"
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    for key, item in value.items():
        matched = False
        if key in properties:
            matched = True
            yield from _errors(item, properties[key], root=root, path=f"{path}.{key}")
        for pattern, subschema in patterns.items():
            if re.search(pattern, key):
                matched = True
                yield from _errors(item, subschema, root=root, path=f"{path}.{key}")
        if not matched and "additionalProperties" in schema:
            extra = schema["additionalProperties"]
            yield from _errors(item, extra, root=root, path=f"{path}.{key}")


def _array_errors(value: list, schema, *, root: dict, path: str) -> Iterator[str]:
    if len(value) < schema.get("minItems", 0):
        yield f"{path}: too few items"
    if schema.get("uniqueItems") and len({repr(item) for item in value}) != len(value):
        yield f"{path}: items are not unique"
    items = schema.get("items")
    if isinstance(items, dict | bool):
        for index, item in enumerate(value):
            yield from _errors(item, items, root=root, path=f"{path}[{index}]")


def _resolve(reference: str, root: dict):
    if not reference.startswith("#/"):
        raise ValueError(f"Only local references are supported, not {reference}")
    node = root
    for part in reference[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
