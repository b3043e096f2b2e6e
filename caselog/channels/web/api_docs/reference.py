"""The API documentation's reference, read from the OpenAPI document the API serves
(api.get_openapi_schema(), the same call as /api/v1/openapi.json): every operation, grouped by
tag, with its parameters, request body and responses, and every schema the operations name.
Nothing here lists operations by hand, so one added to the API appears on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
WHERE = {"path": "Path", "query": "Query", "header": "Header", "cookie": "Cookie"}
UNTAGGED = "other"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str = ""
    schema: str = ""  # the component schema it is, when it is one


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str = ""


@dataclass(frozen=True)
class Body:
    content_type: str
    required: bool
    type: str
    schema: str = ""  # the component schema's name, linked to its fields
    fields: tuple[Field, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    content_type: str = ""
    type: str = ""
    schema: str = ""


@dataclass(frozen=True)
class Operation:
    method: str  # upper case: GET, POST
    path: str
    summary: str
    description: str
    anchor: str
    needs_key: bool
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    deprecated: bool = False


@dataclass
class Group:
    tag: str
    title: str
    description: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Schema:
    name: str
    anchor: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    openapi: str
    groups: tuple[Group, ...]
    schemas: tuple[Schema, ...]

    @property
    def operations(self) -> list[Operation]:
        return [op for group in self.groups for op in group.operations]


def read(document: Mapping[str, Any]) -> Reference:
    """The page's reference from an OpenAPI 3.x document (a dict, as the API serves it)."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    default_security = document.get("security")
    tags = {t["name"]: t for t in document.get("tags") or [] if "name" in t}
    groups: dict[str, Group] = {}
    for name in tags:  # the document's own order of tags first, then as operations name them
        groups[name] = _group(name, tags[name])
    for path, item in (document.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            operation = _operation(method, path, op, shared, document, default_security)
            tag = (op.get("tags") or [UNTAGGED])[0]  # each operation once, under its first tag
            if tag not in groups:
                groups[tag] = _group(tag, tags.get(tag, {}))
            groups[tag].operations.append(operation)
    info = document.get("info") or {}
    used = _named(document.get("paths") or {}, schemas)
    return Reference(
        title=info.get("title", ""), version=str(info.get("version", "")), openapi=str(document.get("openapi", "")),
        groups=tuple(g for g in groups.values() if g.operations),
        schemas=tuple(_schema(name, schema) for name, schema in schemas.items() if name in used),
    )


def operation_count(document: Mapping[str, Any]) -> int:
    return sum(1 for item in (document.get("paths") or {}).values() for m in METHODS if m in item)


def schema_anchor(name: str) -> str:
    return "schema-" + _slug(name)


def _slug(text: str) -> str:
    """"get /api/v1/logs/{log_id}" -> "get-api-v1-logs-log-id"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _named(paths: Mapping[str, Any], schemas: Mapping[str, Any]) -> set[str]:
    """The component schemas the operations name, and those they name in turn."""
    found: set[str] = set()
    todo = _refs(paths)
    while todo:
        name = todo.pop()
        if name in found or name not in schemas:
            continue
        found.add(name)
        todo.extend(_refs(schemas[name]))
    return found


def _refs(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        own = [_ref_name(value)] if _ref_name(value) else []
        return own + [name for v in value.values() for name in _refs(v)]
    if isinstance(value, list):
        return [name for v in value for name in _refs(v)]
    return []


# ------------------------------------------------------------------------------------------------

def _group(tag: str, spec: Mapping[str, Any]) -> Group:
    title = tag.replace("_", " ").replace("-", " ")
    return Group(tag=tag, title=title[:1].upper() + title[1:], description=spec.get("description", ""),
                 anchor="reference-" + _slug(tag))


def _operation(method: str, path: str, op: Mapping[str, Any], shared: list, doc: Mapping[str, Any],
               default_security) -> Operation:
    security = op.get("security", default_security)
    params = [_resolve(p, doc) for p in [*shared, *(op.get("parameters") or [])]]
    by_name = {(p.get("in"), p.get("name")): p for p in params}  # the operation's own win
    return Operation(
        method=method.upper(), path=path, summary=op.get("summary", ""), description=op.get("description", ""),
        anchor=_slug(f"{method} {path}"),
        needs_key=bool(security) and any(bool(requirement) for requirement in security),
        parameters=tuple(_parameter(p) for p in by_name.values()),
        body=_body(op.get("requestBody"), doc),
        responses=tuple(sorted((_response(str(status), spec, doc) for status, spec in (op.get("responses") or {}).items()),
                               key=lambda r: (r.status == "default", r.status))),  # 200, 2XX, 404 ... default
        deprecated=bool(op.get("deprecated")),
    )


def _parameter(p: Mapping[str, Any]) -> Parameter:
    schema = p.get("schema") or {}
    return Parameter(
        name=p.get("name", ""), where=WHERE.get(p.get("in", ""), p.get("in", "")),
        required=bool(p.get("required")), type=describe(schema),
        description=_text(p.get("description") or schema.get("description"), schema),
    )


def _body(spec: Mapping[str, Any] | None, doc: Mapping[str, Any]) -> Body | None:
    if not spec:
        return None
    spec = _resolve(spec, doc)
    content_type, media = next(iter((spec.get("content") or {}).items()), ("", {}))
    schema = media.get("schema") or {}
    name = _ref_name(schema)
    target = _resolve(schema, doc) if name else schema
    return Body(content_type=content_type, required=bool(spec.get("required")), type=describe(schema),
                schema=name, fields=_fields(target), description=spec.get("description", ""))


def _response(status: str, spec: Mapping[str, Any], doc: Mapping[str, Any]) -> Response:
    spec = _resolve(spec, doc)
    content_type, media = next(iter((spec.get("content") or {}).items()), ("", {}))
    schema = media.get("schema") or {}
    return Response(status=status, description=spec.get("description", ""), content_type=content_type,
                    type=describe(schema) if schema else "", schema=_ref_name(schema) or _item_ref(schema))


def _schema(name: str, schema: Mapping[str, Any]) -> Schema:
    return Schema(name=name, anchor=schema_anchor(name), description=schema.get("description", ""),
                  fields=_fields(schema))


def _fields(schema: Mapping[str, Any]) -> tuple[Field, ...]:
    required = set(schema.get("required") or [])
    return tuple(
        Field(name=name, type=describe(prop), required=name in required,
              description=_text(prop.get("description"), prop), schema=_ref_name(prop) or _item_ref(prop))
        for name, prop in (schema.get("properties") or {}).items()
    )


def _text(description: str | None, schema: Mapping[str, Any]) -> str:
    """A description, and the default when there is one."""
    parts = [description.strip()] if description else []
    if "default" in schema and schema["default"] not in (None, {}, []):
        parts.append(f"Default: {schema['default']}.")
    return " ".join(parts)


def describe(schema: Mapping[str, Any]) -> str:
    """A schema in words a reader scans: "integer", "string (date-time) or null", "array of LogSummary"."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = schema[key]
            nullable = any(o.get("type") == "null" for o in options)
            words = list(dict.fromkeys(describe(o) for o in options if o.get("type") != "null"))
            if all("const" in o for o in options if o.get("type") != "null") and words:
                words = ["one of " + ", ".join(str(o["const"]) for o in options if "const" in o)]
            text = " or ".join(words) or "null"
            return f"{text} or null" if nullable and words else text
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return describe(schema["allOf"][0])
    if "const" in schema:
        return f"the value {schema['const']}"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        words = [describe({**schema, "type": k}) for k in kind if k != "null"]
        text = " or ".join(words) or "null"
        return f"{text} or null" if "null" in kind and words else text
    if kind == "array":
        return f"array of {describe(schema.get('items') or {})}"
    if kind == "object" or (kind is None and "properties" in schema):
        return "object"
    if kind is None:
        return "any"
    return f"{kind} ({schema['format']})" if schema.get("format") else str(kind)


def _ref_name(schema: Mapping[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else ""


def _item_ref(schema: Mapping[str, Any]) -> str:
    """The component an array's items or a nullable value are, if they are one."""
    if schema.get("type") == "array":
        return _ref_name(schema.get("items") or {})
    for key in ("anyOf", "oneOf"):
        names = [n for n in (_ref_name(o) for o in schema.get(key) or []) if n]
        if len(names) == 1:
            return names[0]
    return ""


def _resolve(spec: Mapping[str, Any], doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """What a local $ref ("#/components/parameters/Cursor") points to; anything else as it is."""
    ref = spec.get("$ref", "")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return spec
    target: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, Mapping) or part not in target:
            return spec
        target = target[part]
    return target if isinstance(target, Mapping) else spec
