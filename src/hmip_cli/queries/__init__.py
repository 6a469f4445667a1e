"""Pure query functions: filters in, plain views out. SQL lives here and in store/."""
