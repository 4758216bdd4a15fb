"""templates/<kind>/kind.yaml → Kind: the templates of a document kind and the fixed words of its
frame that the templates do not render."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Location, Problem, TemplateError, relative
from generator.i18n import _
from generator.shipped import templates_dir

TEMPLATES_DIR = templates_dir()   # templates/ in the repository
DEFAULT_KIND = "chuong-trinh-kl93"


@dataclass(frozen=True)
class Kind:
    directory: Path
    name: str                  # the folder's name: "chuong-trinh-kl93"
    kind: str                  # tên loại: "Chương trình"; its ký hiệu comes from the profile
    issuer_symbol: str         # the issuer's series in the number: "TU" in 05-CTr/TU
    authority: str             # "T/M Ban Thường vụ"
    title: str
    profile_family: str        # layout rules: "party" (HD 36, then QĐ 399) or "nd30"
    issuer: str                # "committee": the Tỉnh ủy/Thành ủy issues it; "lhh": the province's LHH does
    position: str              # the signer's position; "": the one in the province file (signer.position)


FIELDS = tuple(f for f in Kind.__dataclass_fields__ if f not in ("directory", "name"))


def load_kind(name: str = DEFAULT_KIND, templates_dir: Path = TEMPLATES_DIR) -> Kind:
    """The kind in templates_dir/<name>; TemplateError when it is missing or its kind.yaml is wrong."""
    directory = templates_dir / name
    path = directory / "kind.yaml"
    if not path.is_file():
        kinds = sorted(p.parent.name for p in templates_dir.glob("*/kind.yaml"))
        raise TemplateError(Problem(_("không có loại văn bản {name}", name=repr(name)), Location(relative(directory)),
                                    _("có: {kinds}", kinds=", ".join(kinds))))
    from generator.yaml_loaders import InvalidYAML, load_data  # not by a build with nothing to do
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except InvalidYAML as e:
        raise TemplateError(Problem(_("kind.yaml sai cú pháp YAML: {problem}", problem=e), Location(relative(path)))) from e
    given = set(data) if isinstance(data, dict) else set()
    if given != set(FIELDS):
        raise TemplateError(Problem(_("kind.yaml phải có đúng các khóa: {keys}", keys=", ".join(sorted(FIELDS))),
                                    Location(relative(path)),
                                    _("thiếu: {missing}; thừa: {extra}", missing=", ".join(sorted(set(FIELDS) - given)) or "-",
                                      extra=", ".join(sorted(given - set(FIELDS))) or "-")))
    return Kind(directory=directory, name=name, **{key: str(data[key] or "") for key in FIELDS})
