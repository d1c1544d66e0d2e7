"""The CI fan-out (.github/workflows/editions.yml): valid for GitHub Actions, one job per province."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "editions.yml"
CHECK = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]


def test_the_workflow_matches_the_published_github_actions_schema():
    result = subprocess.run([*CHECK, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_would_catch_a_broken_workflow(tmp_path: Path):
    text = WORKFLOW.read_text(encoding="utf-8")
    typo = "    timeout-minutes: 30\n    strategy:\n"
    assert typo in text
    path = tmp_path / "editions.yml"
    path.write_text(text.replace(typo, "    timeout_minutes: 30\n    strategy:\n"), encoding="utf-8")
    result = subprocess.run([*CHECK, str(path)], capture_output=True, text=True)
    assert result.returncode == 1 and "timeout_minutes" in result.stdout, result.stdout


def test_one_job_per_province_each_uploading_its_edition_with_the_shared_cache():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    provinces = yaml.safe_load((REPO / "data" / "provinces.yaml").read_text(encoding="utf-8"))["provinces"]
    edition = workflow["jobs"]["edition"]
    assert edition["strategy"]["matrix"]["province"] == [p["id"] for p in provinces]
    assert edition["needs"] == "national"
    steps = {step.get("uses", step.get("run", "")).split("@")[0]: step for step in edition["steps"]}
    assert steps["make edition PROVINCE=${{ matrix.province }}"]
    assert steps["actions/cache/restore"]["with"]["path"] == ".cache"  # read-only: jobs never race on it
    assert steps["actions/upload-artifact"]["with"]["path"] == "editions/${{ matrix.province }}/site/"
    national_steps = workflow["jobs"]["national"]["steps"]
    national = {step.get("uses", step.get("run", "")).split("@")[0]: step for step in national_steps}
    assert national["actions/cache"]["with"]["key"] == steps["actions/cache/restore"]["with"]["key"]
