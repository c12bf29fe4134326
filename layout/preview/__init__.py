"""The live preview of ``newsprint watch``: the pages in a browser, new after every build."""
