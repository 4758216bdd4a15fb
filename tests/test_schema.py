import json

import jsonschema
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.read.schema import SCHEMA_FILE, schema_text

from .conftest import PROVINCES


def test_committed_schema_is_the_generated_one():
    """Regenerate with: chuongtrinh schema > provinces/province.schema.json"""
    assert (PROVINCES / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()


def test_schema_command_prints_it():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0 and json.loads(result.output)["properties"]["signer"]


def test_every_shipped_province_validates_against_the_schema_and_points_to_it():
    schema = json.loads(schema_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(PROVINCES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE}\n"), path.name
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]
        assert not errors, (path.name, errors)


def test_schema_accepts_short_facts_and_vietnamese_dates_and_refuses_unknown_keys():
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    good = {"slug": "ha-noi", "document": {"date": "05/02/2021"}, "lhh": {"members": 20000,
            "staff": {"value": 10, "source": "x"}}}
    assert not list(validator.iter_errors(good))
    bad = {"slug": "ha-noi", "document": {"year": 2021}, "sigenr": {}}
    assert any("sigenr" in e.message for e in validator.iter_errors(bad))
    descriptions = json.dumps(json.loads(schema_text()), ensure_ascii=False)
    assert "Số hội viên" in descriptions and "Người ký" in descriptions
