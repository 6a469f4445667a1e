"""A regular long CSV file read and validated at the cost of a load, or not at all (`Irregular`).

The full readers (formats.py, validate.py) turn each row into a dict, check it field by field and
word every problem. Nearly every file hmip meets is regular: the header is the long layout's
fourteen columns, every record one line of UTF-8 with nothing to report. For such a file this
module gives exactly the values those readers would stage, cheaper: the text is read in large
chunks and split by `csv.reader` into tuples; each distinct raw value (a description, a standard
and rating, a note) goes through the same Pydantic models and parsers once, its outcome cached
(bounded, as validate.py's caches are); an id is taken as it is when it is plain printable ASCII
without edge spaces, which is what its field's validator would leave it as.

Whatever the fast reading does not decide itself -- a problem of any kind, a record over several
lines, a row of another width, a NUL, a lone CR, bytes that are not UTF-8, another header --
raises `Irregular`, as does a file whose rows disagree with each other (found by the caller, in
SQL over the stage), and the caller reads the file again with the full readers, which accept
exactly what they accept and word every problem as they do. So this module never words a
problem, and never accepts what they would refuse.
"""

from __future__ import annotations

import csv
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import chain
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from hmip_cli.ingest.sources import MAX_LINE, Source
from hmip_cli.ingest.validate import CACHE_LIMIT, _Validator
from hmip_cli.schemas.records import (
    INSPECTION_FIELDS,
    LONG_COLUMNS,
    InspectionFields,
    RatingFields,
    StandardFields,
    is_left_empty,
)
from hmip_cli.schemas.text import plain_text

CHUNK = 1 << 18
"""Bytes read at a time (then up to the end of the line), so memory stays flat."""
BATCH = 2000
"""Rating rows handed over at a time."""
SEEN_LIMIT = 1024
"""Inspections remembered as staged, so that a row repeating one is not staged again."""

Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], int]
"""(inspection rows, rating rows, rows of inspections whose ratings are left empty, rows left
empty), as the stage's arrival tables take them (store/arrivals.py)."""
_LEFT_EMPTY = ()
Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as work goes on; total 0 means not known."""
_WIDTH = len(LONG_COLUMNS)


class Irregular(Exception):
    """The file needs the full readers: they read it again from the start and word any problem."""


def applies(source: Source, fmt: str) -> bool:
    """Only a long CSV regular file can be read twice (the fallback starts again from its start)."""
    return fmt == "long-csv" and source.name != "-" and source.size > 0 and source.stream.seekable()


_PRINTABLE_ASCII_AND_LF = bytes(range(0x20, 0x7F)) + b"\n"


class _Plainness:
    """Whether the lines the reader now reads are all printable ASCII: then so is every field of
    their rows, and an id needs only its ends looked at to be plain (`_plain_id`). True only while
    both this chunk and the one before it are, so that a record across the boundary counts too."""

    def __init__(self) -> None:
        self.now = False
        self._before = True

    def saw(self, data: bytes) -> None:
        plain = not data.translate(None, _PRINTABLE_ASCII_AND_LF)
        self.now, self._before = plain and self._before, plain


def _chunks(source: Source, progress: Progress | None, plainness: _Plainness) -> Iterator[list[str]]:
    """The file's lines without their LF, a chunk at a time, read from its start."""
    stream = source.stream
    stream.seek(0)
    source.bytes_read = 0
    first = True
    while data := stream.read(CHUNK):
        if not data.endswith(b"\n"):
            tail = stream.readline(MAX_LINE)
            if len(tail) >= MAX_LINE:
                raise Irregular
            data += tail
        if b"\x00" in data or data.count(b"\r") != data.count(b"\r\n"):
            raise Irregular  # a NUL is a problem to word; a lone CR splits lines unlike the readers
        plainness.saw(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Irregular from None
        if first:
            text, first = text.removeprefix("\ufeff"), False
        lines = text.split("\n")
        if not lines[-1]:
            lines.pop()
        source.bytes_read += len(data)
        if progress is not None:
            progress("validating", source.bytes_read, source.size)
        yield lines


def _plain_id(value: str) -> bool:
    """What an id's validator leaves as it is: printable ASCII (so NFC), no space at either end."""
    return bool(value) and value.isascii() and value.isprintable() and value[0] != " " and value[-1] != " "


class _Values:
    """Each distinct raw value validated once by the models and parsers the full readers use."""

    def __init__(self) -> None:
        self.validator = _Validator()
        self.descriptions: dict[tuple[str, ...], tuple[Any, ...]] = {}
        self.ratings: dict[tuple[str, ...], tuple[Any, ...]] = {}
        self.texts: dict[tuple[str, bool], str | None] = {}

    def description(self, ids: tuple[str, str], described: tuple[str, ...]) -> tuple[Any, ...]:
        """(service, provider_type, region, framework, year, fieldwork, published), as staged,
        then the validated framework and provider type. `ids` are plain: the model derives
        nothing from them, so the outcome is the description's alone."""
        values = self.descriptions.get(described)
        if values is None:
            fields = self._inspection(dict(zip(INSPECTION_FIELDS, (*ids, *described), strict=True)))
            values = (*_staged(fields)[2:], fields.framework, fields.provider_type)
            if len(self.descriptions) >= CACHE_LIMIT:
                self.descriptions.clear()
            self.descriptions[described] = values
        return values

    def inspection(self, row: tuple[str, ...]) -> tuple[Any, ...]:
        """Ids not plain: the full readers' own validation of the row's inspection fields."""
        key = row[:9]
        fields = self.validator.inspection(key, dict(zip(INSPECTION_FIELDS, key, strict=True)))
        if isinstance(fields, list):
            raise Irregular
        return (*_staged(fields), fields.framework, fields.provider_type)

    def _inspection(self, raw: dict[str, Any]) -> InspectionFields:
        try:
            return InspectionFields.model_validate(raw)
        except ValidationError:
            raise Irregular from None

    def rating(self, framework: str, provider_type: Any, raw: tuple[str, str, str]) -> tuple[Any, ...]:
        """(standard, code, rating, points), or _LEFT_EMPTY for a valid row whose rating is empty."""
        standard, code, rating = raw
        values = {"framework": framework, "provider_type": provider_type, "standard": standard}
        values["standard_code"] = code
        try:
            parsed = RatingFields.model_validate({**values, "rating": rating})
        except ValidationError:
            if not is_left_empty(rating):
                raise Irregular from None
            try:
                StandardFields.model_validate(values)
            except ValidationError:
                raise Irregular from None
            return _LEFT_EMPTY
        return parsed.standard, parsed.standard_code, parsed.rating.value, parsed.rating.points

    def text(self, value: str, multiline: bool) -> str | None:
        """An optional text field (source_url, note) as validate.py's `_optional_text` leaves it."""
        key = (value, multiline)
        try:
            return self.texts[key]
        except KeyError:
            pass
        try:
            found = plain_text(value, line_breaks=multiline).strip() or None
        except ValueError:
            raise Irregular from None
        if len(self.texts) >= CACHE_LIMIT:
            self.texts.clear()
        self.texts[key] = found
        return found


def _staged(fields: InspectionFields) -> tuple[Any, ...]:
    """INSPECTION_FIELDS' values as the stage holds them (an enum as its value)."""
    return tuple(getattr(v, "value", v) for v in (getattr(fields, n) for n in INSPECTION_FIELDS))


def batches(source: Source, progress: Progress | None = None) -> Iterator[Batch]:
    """The file's valid rows, in batches, as the full readers would stage them but for one
    thing: an inspection row exactly like one already staged for it is left out. Only rows that
    disagree make a problem, and a file with one goes to the full readers (`Irregular`, raised
    by the caller), so the rows left out could only ever have repeated a problem. Raises
    Irregular (possibly after some batches) whenever the full readers must decide."""
    plainness = _Plainness()
    reader = csv.reader(chain.from_iterable(_chunks(source, progress, plainness)), strict=True)
    try:
        yield from _rows(reader, plainness)
    except csv.Error:
        raise Irregular from None


def _rows(reader: Any, plainness: _Plainness) -> Iterator[Batch]:
    header = [c.strip().lower() for c in next(reader, [])]
    if sorted(header) != sorted(LONG_COLUMNS):
        raise Irregular
    in_order = header == list(LONG_COLUMNS)
    pick = itemgetter(*(header.index(name) for name in LONG_COLUMNS))
    values = _Values()
    ratings_cache, descriptions = values.ratings, values.descriptions
    inspections: list[tuple[Any, ...]] = []
    ratings: list[tuple[Any, ...]] = []
    empty: list[tuple[Any, ...]] = []
    left_empty = 0
    last: tuple[Any, ...] = ()
    last_empty: tuple[Any, ...] = ()
    seen: OrderedDict[str, tuple[Any, ...]] = OrderedDict()  # the latest SEEN_LIMIT
    line = 1  # one record per line, checked at the end: else the lines are not the records'
    for cells in reader:
        line += 1
        if len(cells) != _WIDTH:
            if any(c.strip() for c in cells):
                raise Irregular
            continue
        row = cells if in_order else pick(cells)
        iid, sid, service, ptype, region, fw, year, fieldwork, published, standard, code, rating, url, note = row
        plain = plainness.now  # then a field is plain unless empty or spaced at an end
        if (
            (iid and iid[0] != " " and iid[-1] != " " and sid and sid[0] != " " and sid[-1] != " ")
            if plain
            else (_plain_id(iid) and _plain_id(sid))
        ):
            describing = (service, ptype, region, fw, year, fieldwork, published)
            described = descriptions.get(describing) or values.description((iid, sid), describing)
            inspection = (iid, sid, *described[:7])
        else:
            full = values.inspection(tuple(row))
            iid, inspection, described = full[0], full[:9], full[2:]
        key = (fw, ptype, standard, code, rating)
        parts = ratings_cache.get(key)
        if parts is None:
            parts = values.rating(described[7], described[8], (standard, code, rating))
            if len(ratings_cache) >= CACHE_LIMIT:
                ratings_cache.clear()
            ratings_cache[key] = parts
        if not url:
            url = None
        elif not (url[0] != " " and url[-1] != " " if plain else _plain_id(url)):
            url = values.text(url, False)
        if not note:
            note = None
        elif not (note[0] != " " and note[-1] != " " if plain else _plain_id(note)):
            note = values.text(note, True)
        if parts is _LEFT_EMPTY:
            left_empty += 1
            if inspection != last_empty:
                empty.append((iid, line, *inspection[1:]))
                last_empty = inspection
            continue
        if inspection != last:
            last = inspection
            # a row as an earlier one staged for its inspection can disagree with no row
            if seen.get(iid) != inspection:
                inspections.append((iid, line, *inspection[1:]))
                if len(seen) >= SEEN_LIMIT:
                    seen.popitem(last=False)
                seen[iid] = inspection
        ratings.append((iid, parts[0], line, parts[1], parts[2], parts[3], url, note))
        if len(ratings) >= BATCH:
            yield inspections, ratings, empty, left_empty
            inspections, ratings, empty, left_empty = [], [], [], 0
    if reader.line_num != line:
        raise Irregular
    yield inspections, ratings, empty, left_empty
