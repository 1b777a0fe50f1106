import pytest

from quizgen.yamlsrc import YamlSyntaxError, load_yaml


def test_keeps_locations_of_keys_values_and_items():
    data = load_yaml("facts:\n  - id: a\n    when: 2018-01-04\n", "f.yaml")
    fact = data["facts"][0]
    assert data["facts"].item_locs[0].format() == "f.yaml:2:5"
    assert fact.key_locs["when"].format() == "f.yaml:3:5"
    assert fact.value_locs["when"].format() == "f.yaml:3:11"
    assert fact["when"] == "2018-01-04" and isinstance(fact["when"], str)  # dates stay text


def test_syntax_error_is_located():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml("facts:\n  - id: a\n   bad: [\n", "f.yaml")
    assert err.value.location.path == "f.yaml" and err.value.location.line >= 2
    assert err.value.message.startswith("YAML syntax error")


def test_duplicate_key_is_an_error():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml("a: 1\na: 2\n", "f.yaml")
    assert err.value.location.format() == "f.yaml:2:1"
    assert "duplicate key 'a'" in err.value.message


def test_unsafe_tags_are_refused():
    with pytest.raises(YamlSyntaxError):
        load_yaml("!!python/object/apply:os.system ['true']\n", "f.yaml")


def test_bad_bytes_are_a_located_error():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(b"a: \xff\xfe\n", "f.yaml")
    assert err.value.location.path == "f.yaml"
