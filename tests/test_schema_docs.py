"""schema_docs: the JSON Schema files and the data README's field reference stay in step with the models."""

from __future__ import annotations

from sotay.schema_docs import DOCUMENTED_MODELS, SCHEMA_FILES, json_schemas, readme_with_reference

from .conftest import REPO


def test_every_field_is_described():
    undocumented = [
        f"{model.__name__}.{name}"
        for model in DOCUMENTED_MODELS
        for name, info in model.model_fields.items()
        if not info.description
    ]
    assert undocumented == []


def test_schema_files_are_up_to_date():
    for name, text in json_schemas().items():
        assert (REPO / "data/schema" / name).read_text(encoding="utf-8") == text, f"run `make schema` ({name})"
    assert set(SCHEMA_FILES) == {path.name for path in (REPO / "data/schema").glob("*.json")}


def test_data_readme_documents_the_current_schema():
    readme = (REPO / "data/README.md").read_text(encoding="utf-8")
    assert readme == readme_with_reference(readme), "run `make schema` to refresh data/README.md"


def test_every_model_part_is_documented():
    # A nested model that is not in DOCUMENTED_MODELS would be missing from the README.
    import typing

    from pydantic import BaseModel

    def nested(model):
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                item = stack.pop()
                if isinstance(item, type) and issubclass(item, BaseModel):
                    yield item
                stack.extend(typing.get_args(item))

    for model in DOCUMENTED_MODELS:
        for part in nested(model):
            assert part in DOCUMENTED_MODELS, f"{part.__name__} (in {model.__name__}) is not documented"
