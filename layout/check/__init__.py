"""Find what did not reach the page: overset text, missing text."""
