"""Writing PDFs: whole files or nothing."""
