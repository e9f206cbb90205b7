"""Review and correct an alignment in the browser (`align review`), export the result (`align export`)."""
