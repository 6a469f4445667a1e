"""Reading import files (long CSV, wide CSV, JSON, NDJSON) into validated inspections."""
