"""A contract test generated from the OpenAPI document (schemathesis): hundreds of generated requests
per operation, authenticated, and not one server error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from budget import examples
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error

from prescriber.http import Settings, create_app

pytestmark = pytest.mark.slow  # a generated request per operation, many examples each

TOKEN = "contract"
_db = Path(tempfile.mkdtemp(prefix="prescriber-contract-")) / "r.db"
app = create_app(Settings(db_url=f"sqlite:///{_db}", watch=False, api_token=TOKEN, burst=10**9))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
EXAMPLES = int(os.environ.get("PRESCRIBER_CONTRACT_EXAMPLES", "150"))


@schemathesis.serializer("application/yaml")
def _yaml(ctx: object, value: object) -> bytes:
    import json

    return json.dumps(value, ensure_ascii=False).encode()  # JSON is YAML


@schemathesis.serializer(
    "application/vnd.apache.parquet",
    "application/x-ndjson",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def _binary(ctx: object, value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()  # tables are sent as they are


@schema.parametrize()
@examples(EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call(headers={"authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error])
