"""One module per command group: parse options, call one query, hand the result to one renderer."""
