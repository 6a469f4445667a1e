"""Operations that change a database (imports): load, validate, write; no UI library here."""
