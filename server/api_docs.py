"""The OpenAPI 3 document, generated from the catalogue metadata (the HTML docs page is ``api_docs.html``)."""

from __future__ import annotations

from typing import Any

from plangraph.queries import Param, SavedQuery

SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "instrument": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
    "boolean": {"type": "boolean"},
}
ERROR = {"$ref": "#/components/schemas/Error"}


def _typed(param: Param, value: str) -> Any:
    if param.type in ("integer", "year"):
        return int(value)
    if param.type == "decimal":
        return float(value)
    if param.type == "boolean":
        return value.lower() in ("true", "1")
    return value


def _parameter(param: Param) -> dict[str, Any]:
    schema = dict(SCHEMAS[param.type])
    if param.values:
        schema["enum"] = [_typed(param, v) for v in param.values]
    if param.default is not None:
        schema["default"] = _typed(param, param.default)
    return {"name": param.name, "in": "query", "required": param.required,
            "description": f"{param.description.en} ({param.description.vi})", "schema": schema}


def _paging(max_rows: int) -> list[dict[str, Any]]:
    return [
        {"name": "limit", "in": "query", "required": False, "description": "Rows per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": max_rows, "default": 100}},
        {"name": "offset", "in": "query", "required": False, "description": "Rows to skip.",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "format", "in": "query", "required": False, "description": "json (default) or csv.",
         "schema": {"type": "string", "enum": ["json", "csv"]}},
    ]


def _errors(federated: bool = False) -> dict[str, Any]:
    content = {"application/json": {"schema": ERROR}, "text/plain": {"schema": {"type": "string"}}}
    statuses = [("400", "A parameter value is missing or invalid."), ("404", "No such query."),
                ("503", "The query did not finish within the deadline, or every worker is busy.")]
    if federated:  # the query asks another endpoint, given as a parameter
        statuses += [("403", "The endpoint given is not on this server's SERVICE allow-list."),
                     ("502", "The endpoint given did not answer.")]
    return {status: {"description": text, "content": content} for status, text in statuses}


def _operation(query: SavedQuery, max_rows: int) -> dict[str, Any]:
    return {"get": {
        "operationId": query.name.replace("-", "_"), "summary": query.title_en,
        "description": f"{query.description.en}\n\n{query.title_vi}. {query.description.vi}", "tags": list(query.tags),
        "parameters": [_parameter(p) for p in query.params] + _paging(max_rows),
        "responses": {
            "200": {"description": "One page of rows.", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Result"}},
                "text/csv": {"schema": {"type": "string"}}}},
            **_errors("federation" in query.tags),
        },
    }}


def openapi_document(queries: list[SavedQuery], *, server: str, max_rows: int) -> dict[str, Any]:
    paths: dict[str, Any] = {"/api/queries": {"get": {
        "operationId": "list_queries", "summary": "The query catalogue",
        "description": "Every query with its titles, description, parameters and an example call.",
        "responses": {"200": {"description": "The catalogue.", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Catalogue"}}}}}}}}
    for query in queries:
        paths[f"/api/queries/{query.name}"] = _operation(query, max_rows)
    value = {"nullable": True, "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}
    return {
        "openapi": "3.0.3",
        "info": {"title": "plangraph query API", "version": "0.1.0",
                 "description": "Curated, parameterised SPARQL queries over Vietnamese government plans."},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["ok", "error", "errors", "status"], "properties": {
                "ok": {"type": "boolean"}, "error": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "string"}}, "status": {"type": "integer"}}},
            "Result": {"type": "object", "required": ["ok", "query", "columns", "rows", "limit", "offset", "truncated"],
                       "properties": {
                           "ok": {"type": "boolean"}, "query": {"type": "string"},
                           "params": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}},
                           "columns": {"type": "array", "items": {"type": "string"}},
                           "rows": {"type": "array", "items": {"type": "object", "additionalProperties": value}},
                           "limit": {"type": "integer"}, "offset": {"type": "integer"},
                           "truncated": {"type": "boolean"}, "next": {"type": "string", "nullable": True}}},
            "Catalogue": {"type": "object", "required": ["ok", "queries"], "properties": {
                "ok": {"type": "boolean"}, "queries": {"type": "array", "items": {"type": "object"}}}},
        }},
    }
