"""docs/openapi.yaml as data: the file checked as OpenAPI 3.1, its $refs
resolved, and the schema it declares for one answer looked up and applied.

Used by openapi_check.py; nothing here talks to a server."""

import json
import os
import re

import jsonschema
import yaml

META_SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi",
                               "node_modules", "@apidevtools", "openapi-schemas",
                               "schemas", "v3.1")


class SpecError(Exception):
    pass


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def pointer(spec, ref):
    """The node a local $ref names; SpecError when it names nothing."""
    if not ref.startswith("#"):
        raise SpecError("external $ref %r: only refs inside the file are used" % ref)
    node = spec
    for part in ref[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise SpecError("unresolvable $ref %r" % ref)
    return node


def deref(spec, node):
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise SpecError("$ref cycle at %r" % ref)
        seen.add(ref)
        node = pointer(spec, ref)
    return node


def check_refs(spec):
    """Every $ref in the file resolves; returns how many there are."""
    count = 0
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                pointer(spec, ref)
                count += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def _schemas_in(spec):
    """Every Schema Object of the file, with where it is."""
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        yield "components/schemas/" + name, schema
    stack = [("", spec)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("schema", "x-sse-data") and isinstance(value, (dict, bool)):
                    yield where + "/" + key, value
                elif key != "schemas":
                    stack.append((where + "/" + str(key), value))
        elif isinstance(node, list):
            stack.extend((where + "/" + str(i), v) for i, v in enumerate(node))


def check_openapi(spec, meta_dir=META_SCHEMA_DIR):
    """The file against the official OpenAPI 3.1 schema, and each Schema
    Object against JSON Schema 2020-12. Returns False when the official
    schema is not installed (scripts/install-deps.sh puts it there)."""
    for where, schema in _schemas_in(spec):
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            raise SpecError("%s is not a JSON Schema 2020-12: %s" % (where, e.message))
    meta_path = os.path.join(meta_dir, "schema.json")
    if not os.path.exists(meta_path):
        return False
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    errors = sorted(jsonschema.Draft202012Validator(meta).iter_errors(spec), key=str)
    if errors:
        first = errors[0]
        raise SpecError("not valid OpenAPI 3.1 at /%s: %s" % (
            "/".join(str(p) for p in first.absolute_path), first.message))
    return True


class Operations:
    """Finds the operation of a request and the schema of its answer."""

    def __init__(self, spec):
        self.spec = spec
        self.resolver = jsonschema.RefResolver("", spec)
        self.paths = []
        for template in spec["paths"]:
            parts = template.strip("/").split("/")
            literal = sum(1 for p in parts if not p.startswith("{"))
            regex = "^/" + "/".join("[^/]+" if p.startswith("{") else re.escape(p)
                                    for p in parts) + "/?$"
            self.paths.append((literal, template, re.compile(regex)))
        # Concrete paths match before templated ones (OpenAPI 3.1, Paths Object).
        self.paths.sort(key=lambda p: -p[0])

    def all_operations(self):
        for template, item in self.spec["paths"].items():
            for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
                if method in item:
                    yield template, method

    def find(self, method, path):
        path = path.split("?", 1)[0]
        for _, template, regex in self.paths:
            if regex.match(path):
                item = deref(self.spec, self.spec["paths"][template])
                operation = item.get(method.lower())
                return template, operation
        return None, None

    def response(self, operation, status):
        declared = operation.get("responses", {}).get(str(status))
        return None if declared is None else deref(self.spec, declared)

    def validate(self, schema, instance):
        """A list of messages, empty when instance passes schema."""
        validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver)
        return ["/%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message)
                for e in validator.iter_errors(instance)]

    def check_headers(self, response, headers):
        problems = []
        for name, declared in response.get("headers", {}).items():
            declared = deref(self.spec, declared)
            value = headers.get(name.lower())
            if value is None:
                if declared.get("required"):
                    problems.append("header %s is required and missing" % name)
                continue
            for message in self.validate(declared.get("schema", {}), value):
                problems.append("header %s %r: %s" % (name, value, message))
        return problems
