"""One module per CLI command, as in MkDocs."""
