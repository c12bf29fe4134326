"""Pages in parallel and from the cache: the stages run per page, the issue is put together.

A page of a newspaper is an independent document for the printing plant, so
each page is laid out, checked and written to PDF by itself, in a worker
process (``pages``); what a page depends on is hashed into a key
(``keys``) under which the result is kept (``cache``); ``issue`` drives
it all for one build.
"""
