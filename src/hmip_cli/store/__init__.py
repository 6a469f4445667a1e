"""SQLite: where the database lives, its schema and migrations, and every write."""
