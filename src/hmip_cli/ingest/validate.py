"""Validate located rows into inspections: every problem found, none written.

Inspection fields and rating fields are validated by the Pydantic models once per distinct
value tuple: a large file repeats the same inspection on many rows, and re-validating those
identical values would dominate import time. An inspection's two ids are nearly always new
(one inspection is rarely more than a few rows), while what describes it (service, type,
framework, dates) repeats: so the ids are validated by their own fields' validators once per
distinct value, the rest by the model once per distinct description, and the two joined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError, create_model

from hmip_cli.ingest.formats import LocatedRow, RowProblem
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.schemas.records import (
    INSPECTION_FIELDS,
    MULTILINE_FIELDS,
    Inspection,
    InspectionFields,
    RatingFields,
    RecordedRating,
    StandardFields,
    describe_validation_error,
    is_left_empty,
)
from hmip_cli.schemas.text import plain_text

CACHE_LIMIT = 1024
"""Distinct value tuples remembered per cache; a full cache starts again (rows of one
inspection come together, so this keeps nearly every hit and bounds the memory)."""


_Problems = list[tuple[str, str]]
Model = TypeVar("Model", InspectionFields, RatingFields, StandardFields)
IDS = ("inspection_id", "service_id")
_IdValue = str | None
"""An id as its field's validators leave it; None when blank or refused (the model then words it)."""


def _id_models() -> dict[str, type[BaseModel]]:
    """A one-field model per id, with InspectionFields' own annotation and validators for it."""
    fields = InspectionFields.model_fields
    return {name: create_model(f"_{name}", value=(cast(Any, fields[name].annotation), fields[name])) for name in IDS}


_ID_MODELS = _id_models()


class _Validator:
    """Pydantic validation once per distinct tuple of raw values; problems are cached too."""

    def __init__(self) -> None:
        self.inspection_cache: dict[tuple[Any, ...], InspectionFields | _Problems] = {}
        self.description_cache: dict[tuple[Any, ...], InspectionFields | _Problems] = {}
        self.id_cache: dict[str, dict[Any, _IdValue]] = {name: {} for name in IDS}
        self.rating_cache: dict[tuple[Any, ...], RatingFields | _Problems] = {}
        self.standard_cache: dict[tuple[Any, ...], StandardFields | _Problems] = {}

    def inspection(self, key: tuple[Any, ...], raw: dict[str, Any]) -> InspectionFields | _Problems:
        """`key`: the raw values of INSPECTION_FIELDS, in that order (the two ids first)."""
        ids = [self._id(name, value) for name, value in zip(IDS, key, strict=False)]
        if len(ids) == 2 and all(isinstance(v, str) for v in ids):
            described = _validated(
                self.description_cache,
                InspectionFields,
                key[2:],
                lambda: {n: raw[n] for n in INSPECTION_FIELDS if n in raw},
            )
            if isinstance(described, list):
                return described
            # ids given: the model derives nothing, so the description's model with these ids is
            # exactly what validating the whole row gives
            joined: InspectionFields | _Problems = described.model_copy(update=dict(zip(IDS, ids, strict=True)))
        else:  # an id missing or wrong: the whole row through the model, which words it
            joined = _validated(
                self.inspection_cache,
                InspectionFields,
                key,
                lambda: {n: raw[n] for n in INSPECTION_FIELDS if n in raw},
            )
        return joined

    def _id(self, name: str, value: Any) -> _IdValue:
        cache = self.id_cache[name]
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # a JSON list or object where text belongs: the model words it
            return None
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            found: _IdValue = cast(Any, _ID_MODELS[name].model_validate({"value": value})).value
        except ValidationError:
            found = None
        cache[value] = found
        return found

    def rating(self, fields: InspectionFields, raw: dict[str, Any]) -> RatingFields | _Problems:
        key = (fields.framework, fields.provider_type, raw.get("standard"), raw.get("standard_code"), raw.get("rating"))
        try:  # the hit nearly every row takes, without building the miss's values
            return self.rating_cache[key]
        except (KeyError, TypeError):
            pass
        return _validated(self.rating_cache, RatingFields, key, lambda: dict(zip(_RATING_KEYS, key, strict=True)))

    def standard(self, fields: InspectionFields, raw: dict[str, Any]) -> StandardFields | _Problems:
        """The standard of a row whose rating is left empty: checked as a rated row's would be."""
        key = (fields.framework, fields.provider_type, raw.get("standard"), raw.get("standard_code"))
        return _validated(
            self.standard_cache, StandardFields, key, lambda: dict(zip(_RATING_KEYS[:-1], key, strict=True))
        )


_RATING_KEYS = ("framework", "provider_type", "standard", "standard_code", "rating")


def _validated(
    cache: dict[tuple[Any, ...], Model | _Problems],
    model: type[Model],
    key: tuple[Any, ...],
    values: Callable[[], dict[str, Any]],
) -> Model | _Problems:
    """The cached outcome for `key`; only on a miss are the `values` built and validated."""
    try:
        cached = cache.get(key)
    except TypeError:  # a JSON list or object where text belongs
        key = tuple(map(_hashable, key))
        cached = cache.get(key)
    if cached is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            cached = model.model_validate(values())
        except ValidationError as exc:
            cached = describe_validation_error(exc)
        cache[key] = cached
    return cached


def _hashable(value: Any) -> Any:
    if isinstance(value, dict | list):
        return repr(value)
    return value


def _optional_text(raw: dict[str, Any], name: str, line: int, log: ProblemLog) -> str | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if value.__class__ is not str:
        log.add(line, name, f"expected text, got {type(value).__name__}")
        return None
    try:
        value = plain_text(value, line_breaks=name in MULTILINE_FIELDS)
    except ValueError as exc:
        log.add(line, name, str(exc))
        return None
    return value.strip() or None


@dataclass
class _Pending:
    fields: InspectionFields
    line: int
    ratings: dict[str, tuple[RecordedRating, int]] = field(default_factory=dict)


ValidRow = tuple[int, InspectionFields, StandardFields, str | None, str | None]
"""(line, inspection fields, rating fields, source_url, note) of one valid row. The fields are
RatingFields for a rating; a row whose rating is left empty has only its StandardFields: it is
not recorded, and counted as left empty, never stored."""


def validated_rows(rows: Iterable[LocatedRow], log: ProblemLog) -> Iterator[ValidRow]:
    """Each row that is valid on its own, as it is read; every other row's problems go to `log`.

    Checks across rows (one rating per inspection and standard, one set of inspection fields per
    inspection) are the caller's: `validate` makes them in memory, an import in SQL."""
    validator = _Validator()
    # rows of one inspection come together: the last row's fields are the likeliest match
    last_key: tuple[Any, ...] | None = None
    fields: InspectionFields | _Problems = []
    for line, raw in rows:
        if isinstance(raw, RowProblem):
            log.add(line, raw.field, raw.message)
            continue
        key = tuple(map(raw.get, INSPECTION_FIELDS))
        if key != last_key:
            fields = validator.inspection(key, raw)
            last_key = key
        if isinstance(fields, list):
            for name, message in fields:
                log.add(line, name, message)
            continue
        rating = validator.rating(fields, raw)
        source_url = _optional_text(raw, "source_url", line, log)
        note = _optional_text(raw, "note", line, log)
        if isinstance(rating, list):
            if "rating" in raw and is_left_empty(raw["rating"]):
                # not recorded: no rating and no error, but the rest of the row is still checked
                standard = validator.standard(fields, raw)
                if not isinstance(standard, list):
                    yield line, fields, standard, source_url, note
                    continue
                rating = standard
            for name, message in rating:
                log.add(line, name, message)
            continue
        # a tuple, not a RecordedRating: a frozen dataclass per row costs more than the reading
        yield line, fields, rating, source_url, note


NO_RATINGS = ("file", "no ratings found (accepted: rows with a rating)")


def validate(rows: Iterable[LocatedRow], log: ProblemLog) -> list[Inspection]:
    """All inspections in the rows, held in memory (for `db build`'s small sourced file), or a
    DataError listing every problem (capped)."""
    pending: dict[str, _Pending] = {}
    for line, fields, rating, source_url, note in validated_rows(rows, log):
        if not isinstance(rating, RatingFields):
            continue  # left empty: not recorded
        recorded = RecordedRating(
            standard=rating.standard,
            standard_code=rating.standard_code,
            rating=rating.rating,
            source_url=source_url,
            note=note,
        )
        _collect(pending, fields, line, log, recorded)
    if not pending and not log.total:
        log.add(1, *NO_RATINGS)
    log.raise_if_any()
    # every part was validated above; assembling them needs no second validation
    return [
        Inspection.model_construct(fields=p.fields, ratings={s: r for s, (r, _) in p.ratings.items()})
        for p in pending.values()
    ]


def _collect(
    pending: dict[str, _Pending],
    fields: InspectionFields,
    line: int,
    log: ProblemLog,
    recorded: RecordedRating,
) -> None:
    inspection_id = fields.inspection_id
    assert inspection_id is not None
    entry = pending.get(inspection_id)
    if entry is None:
        entry = pending[inspection_id] = _Pending(fields, line)
    elif entry.fields is not fields and entry.fields != fields:
        for name in INSPECTION_FIELDS:
            here, there = getattr(fields, name), getattr(entry.fields, name)
            if here != there:
                log.add(
                    line,
                    name,
                    f"{here!r} conflicts with {there!r} at line {entry.line} for inspection {inspection_id}",
                )
        return
    earlier = entry.ratings.get(recorded.standard)
    if earlier is None:
        entry.ratings[recorded.standard] = (recorded, line)
    elif earlier[0] != recorded:
        log.add(
            line,
            "rating",
            f"a second {recorded.standard} rating for inspection {inspection_id} "
            f"({recorded.rating.value!r}; line {earlier[1]} has {earlier[0].rating.value!r}) "
            f"(accepted: one rating per inspection and standard)",
        )
