"""The import's validation caches give exactly what the Pydantic model gives for the whole row:
the ids validated once per value by their own fields' validators, joined to a description
validated once per distinct description (ingest/validate.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hmip_cli.ingest.validate import _Validator
from hmip_cli.schemas.records import INSPECTION_FIELDS, InspectionFields, describe_validation_error

ids = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "camden-yos-2019-20", " padded ", "x\u00a0y", "a\tb"]),
    st.text(max_size=12),
)
descriptions = st.fixed_dictionaries(
    {
        "service": st.sampled_from(["Camden YOS", "", " Essex CRC ", "!!"]),
        "provider_type": st.sampled_from(["YOT", "CRC", "crc", "PDU", "nope"]),
        "region": st.sampled_from(["", "London", None]),
        "framework": st.sampled_from(["youth-2018", "probation-2018", "pdu-2021", "nope"]),
        "inspection_year": st.sampled_from(["", "2019/20", "2019", None]),
        "fieldwork_start": st.sampled_from(["", "2019-05", "May"]),
        "published": st.sampled_from(["", "2019-10-01", "2019-13"]),
    }
)


def whole_row(raw: dict[str, Any]) -> InspectionFields | list[tuple[str, str]]:
    try:
        return InspectionFields.model_validate(raw)
    except ValidationError as exc:
        return describe_validation_error(exc)


@pytest.mark.slow  # a Hypothesis property over the importer, as the others are
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(ids, ids, descriptions), min_size=1, max_size=6))
def test_the_cached_validation_is_the_models(rows: list[tuple[Any, Any, dict[str, Any]]]) -> None:
    validator = _Validator()  # one validator across the rows: later rows hit what earlier ones cached
    for inspection_id, service_id, description in rows:
        raw = {"inspection_id": inspection_id, "service_id": service_id, **description}
        key = tuple(raw.get(n) for n in INSPECTION_FIELDS)
        got, expected = validator.inspection(key, raw), whole_row(raw)
        assert got == expected
        if isinstance(expected, InspectionFields):
            assert isinstance(got, InspectionFields)
            assert got.model_dump() == expected.model_dump()
