"""The type a signature gives an element of a .docx part: lxml's etree._Element, which a type checker
sees as Any (lxml ships no type information), named so that a signature says what it takes. The writer,
the reader and the revisions share it."""
from typing import Any, TypeAlias

Element: TypeAlias = Any
