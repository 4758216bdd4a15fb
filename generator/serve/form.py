"""The province file's JSON Schema (`chuongtrinh schema`) → the editor's form, and the form back to
the file's values.

A field is named by its key path: "signer.name", "lhh.members.value", "targets.0.source". A list
of texts is one text box, an item per line; a list of facts or of records is a group per item. A
fact is its value and, beside it, its source, its date and whether it is approximate: every fact
keeps where it came from.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.i18n import N_
from generator.read.schema import province_schema
from generator.read.vietnamese import whole_number

FACT_DETAILS = ("source", "as_of", "approx", "noun")
NEW = "__new__"          # the index of the item a list's "add" button copies


@dataclass
class Field:
    key: str
    label: str                       # what an editor reads (the schema's Vietnamese description)
    kind: str                        # object, fact, text, number, lines, list, map, flag
    children: list[Field] = dataclasses.field(default_factory=list)
    item: Field | None = None        # a list's items


@dataclass
class Node:
    """A field at a concrete place in the form, with what it holds there."""

    field: Field
    path: str
    value: str = ""
    children: list[Node] = dataclasses.field(default_factory=list)
    template: Node | None = None     # a list's empty item, copied by "add"

    @property
    def kind(self) -> str:
        return self.field.kind


@lru_cache(maxsize=1)
def province_form() -> Field:
    schema = province_schema()
    return _field("", schema, schema["$defs"], "")


# Keys the schema leaves without a description.
LABELS = {"source": N_("Nguồn (địa chỉ trang, văn bản)")}


def _field(key: str, node: dict[str, Any], definitions: dict[str, Any], label: str) -> Field:
    label = node.get("description") or LABELS.get(key) or label or key
    options = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
    if len(options) == 1 and "$ref" not in node:
        return _field(key, options[0], definitions, label)
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        target = definitions[name]
        if "anyOf" in target and "properties" in target["anyOf"][-1] and "value" in target["anyOf"][-1]["properties"]:
            full = target["anyOf"][1]
            value = _field("value", full["properties"]["value"], definitions, label)
            # Whether a figure is approximate, and the noun it counts, only matter for a number;
            # a detail of a kind of fact of its own (a document's relation) is shown too.
            shown = FACT_DETAILS if value.kind == "number" else ("source", "as_of")
            details = [_field(k, full["properties"][k], definitions, k) for k in full["properties"]
                       if k != "value" and (k in shown or k not in FACT_DETAILS)]
            return Field(key, label, "fact", [value, *details])
        return _field(key, {**target, "description": node.get("description") or target.get("description")},
                      definitions, label)
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        return Field(key, label, "object",
                     [_field(k, v, definitions, k) for k, v in node["properties"].items()])
    if kind == "object":
        return Field(key, label, "map")
    if kind == "array":
        item = _field("", node["items"], definitions, "")
        return Field(key, label, "lines") if item.kind == "text" else Field(key, label, "list", item=item)
    if kind == "boolean":
        return Field(key, label, "flag")
    if kind in ("integer", "number"):
        return Field(key, label, "number")
    return Field(key, label, "text")


def label_of(path: str) -> str | None:
    """The label an editor reads above the field at a key path ("lhh.members" → "Số hội viên"):
    a list's index and a fact's value are the field itself."""
    spec = province_form()
    for part in path.split("."):
        if part.isdigit() or part == NEW:
            spec = spec.item or spec
            continue
        if part == "value" and spec.kind == "fact":
            continue
        child = next((child for child in spec.children if child.key == part), None)
        if child is None:
            return None
        spec = child
    return spec.label or None


def nodes(data: dict[str, Any], unused: frozenset[str] = frozenset()) -> list[Node]:
    """The form's top-level fields, filled with a province file's values; a field the document
    has no use for (`unused`) is left out while the file leaves it empty, so nothing is hidden."""
    data = data or {}
    return [_node(child, data.get(child.key), child.key) for child in province_form().children
            if child.key not in unused or data.get(child.key) not in (None, "", [], {})]


def _node(spec: Field, value: object, path: str) -> Node:
    if spec.kind == "object":
        value = value if isinstance(value, dict) else {}
        return Node(spec, path, children=[_node(c, value.get(c.key), f"{path}.{c.key}") for c in spec.children])
    if spec.kind == "fact":
        value = value if isinstance(value, dict) else {"value": value}
        return Node(spec, path, children=[_node(c, value.get(c.key), f"{path}.{c.key}") for c in spec.children])
    if spec.kind == "list":
        assert spec.item is not None, "a list field has the field of its items"
        items = value if isinstance(value, list) else []
        return Node(spec, path, children=[_node(spec.item, item, f"{path}.{i}") for i, item in enumerate(items)],
                    template=_node(spec.item, None, f"{path}.{NEW}"))
    if spec.kind == "lines":
        lines = value if isinstance(value, list) else [] if value is None else [value]   # (a lone text: one line)
        return Node(spec, path, "\n".join(str(v) for v in lines if v is not None))
    if spec.kind == "map":
        return Node(spec, path, "\n".join(f"{k}: {v}" for k, v in (value if isinstance(value, dict) else {}).items()))
    if spec.kind == "flag":
        return Node(spec, path, "1" if str(value).lower() in ("true", "1", "yes") else "")
    return Node(spec, path, "" if value is None else str(value))


def values(form: dict[str, str]) -> dict[str, Any]:
    """What the form says, as the province file's values: nothing for an empty field; a fact
    written short (its value alone) when it has no source, date or other detail."""
    return _values(province_form(), form, "") or {}


def _values(spec: Field, form: dict[str, str], path: str) -> Any:
    prefix = f"{path}." if path else ""
    if spec.kind in ("object", "fact"):
        found = {c.key: v for c in spec.children
                 if (v := _values(c, form, prefix + c.key)) not in (None, "", [], {}, False)}
        if spec.kind == "fact":
            # Without a value the details stay (validate then asks for the value): what was
            # typed is never dropped.
            return found["value"] if set(found) == {"value"} else found or None
        return found or None
    if spec.kind == "list":
        assert spec.item is not None, "a list field has the field of its items"
        indices = sorted({int(key[len(prefix):].split(".", 1)[0]) for key in form
                          if key.startswith(prefix) and _digits(key[len(prefix):].split(".", 1)[0])})
        items = [v for i in indices if (v := _values(spec.item, form, f"{path}.{i}")) not in (None, "", {})]
        return items or None
    text = form.get(path, "").replace("\r\n", "\n").strip()     # a text box sends its lines with CRLF
    if spec.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()] or None
    if spec.kind == "map":
        pairs = [line.split(":", 1) for line in text.splitlines() if ":" in line]
        return {k.strip(): v.strip() for k, v in pairs if k.strip() and v.strip()} or None
    if spec.kind == "flag":
        return bool(text)
    if spec.kind == "number" and (number := whole_number(text)) is not None:
        return number          # "20.000" is twenty thousand, as the model reads the file
    return text or None


def _digits(text: str) -> bool:
    """0-9 only: str.isdigit() also takes "²", which int() refuses."""
    return text.isascii() and text.isdigit()
