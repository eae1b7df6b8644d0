"""schemathesis against the app's own OpenAPI schema, authenticated once per role:
zero 5xx and zero schema violations. 401 and 403 answers do not count as cases.
The status-code histogram is written to test-artifacts/fuzz.json."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.auth import ROLES
from tests.api.conftest import auth

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = 45
MIN_CASES = 2000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _fuzz(operation: Any, headers: dict[str, str], histogram: Counter[int], failures: list[str],
          examples: int, mode: GenerationMode = GenerationMode.POSITIVE, fixed: dict[str, str] | None = None) -> None:
    strategy = operation.as_strategy(mode, path_parameters=fixed) if fixed else operation.as_strategy(mode)

    @given(case=strategy)
    @settings(max_examples=examples, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        histogram[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # collect every failure, report them together
            failures.append(f"{operation.label} -> {response.status_code}: {str(exc)[:400]}")

    with contextlib.suppress(Unsatisfiable):  # nothing to vary (negative data, no parameters)
        run()


def _real(operation: Any, ids: dict[str, str]) -> dict[str, str]:
    """Path parameters naming things that exist, so generated queries reach the real code."""
    known = {"party_id": "c-hoang", "group_id": ids["group_own"], "rm_id": "rm-anna", "task_id": ids["task_anna"]}
    names = {p.name for p in operation.path_parameters}
    return {k: v for k, v in known.items() if k in names}


def _operation(operation: Any, headers: dict[str, str], histogram: Counter[int], failures: list[str],
               ids: dict[str, str]) -> None:
    probe: Counter[int] = Counter()
    _fuzz(operation, headers, probe, failures, 3)
    histogram.update(probe)
    if set(probe) == {403}:
        return  # the role may not use it: the matrix tests cover the refusal
    _fuzz(operation, headers, histogram, failures, EXAMPLES)
    _fuzz(operation, headers, histogram, failures, EXAMPLES // 3, GenerationMode.NEGATIVE)
    fixed = _real(operation, ids)
    if fixed:
        _fuzz(operation, headers, histogram, failures, EXAMPLES, fixed=fixed)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_schemathesis_per_role(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    by_role: dict[str, Counter[int]] = {}
    failures: list[str] = []
    for role in ROLES:
        histogram: Counter[int] = Counter()
        for operation in operations:
            _operation(operation, auth(tokens[role]), histogram, failures, ids)
        by_role[role] = histogram
    total: Counter[int] = sum(by_role.values(), Counter())
    counted = sum(n for code, n in total.items() if code not in (401, 403))
    ARTIFACTS.mkdir(exist_ok=True)
    report = {"cases_counted": counted, "histogram": dict(sorted(total.items())),
              "by_role": {r: dict(sorted(h.items())) for r, h in by_role.items()}, "failures": failures[:50]}
    (ARTIFACTS / "fuzz.json").write_text(json.dumps(report, indent=1))
    assert not failures, "\n".join(failures[:20])
    assert not any(code >= 500 for code in total), total
    assert counted >= MIN_CASES, report
