"""Pydantic models, the rating scale, programme years and the standards frameworks (no I/O)."""
