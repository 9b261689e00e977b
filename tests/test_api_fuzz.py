"""Schemathesis over the served OpenAPI description (issue 16): requests generated from every
operation's parameters, valid ones and invalid ones, never get a 5xx, and every answer has the
security headers.

Bounded: a few dozen examples per operation and mode, on the demo store, so that the run takes
about a minute. The operations are driven with Hypothesis directly (schemathesis' pytest plugin,
``from_fixture``, does not run under pytest 9).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from geokg.graph import open_store
from geokg.queries.demo import demo_events
from geokg.web.app import create_app

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")
EXAMPLES = 60


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("api-fuzz") / "demo.sqlite"
    with open_store(str(path)) as store:
        store.ingest(demo_events())
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(path)))


@pytest.mark.timeout(900)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_no_server_error(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 15
    seen: list[int] = []
    for op in operations:
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = case.call()
            seen.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, case.query,
                                                response.status_code, response.text[:300])
            missing = [h for h in SECURITY if h not in response.headers]
            assert not missing, (case.formatted_path, case.query, missing)

        try:
            check()
        except Unsatisfiable:
            # no invalid request to make: no parameters (/api/stats), or one that takes any string
            assert mode is GenerationMode.NEGATIVE, op.label
    assert len(seen) >= 5 * len(operations)
