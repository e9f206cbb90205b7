"""Review and correct an alignment in the browser (`align review`), export the result (`align export`)."""

FORMATS = ("tmx", "jsonl", "align", "html", "intertext")  # what `align export` writes
