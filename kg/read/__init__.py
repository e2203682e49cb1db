"""Read: input files in, :class:`~kg.model.Article` records out.

- :mod:`kg.read.ingest` finds the inputs (``.txt``, ``.md``, ``.html``,
  ``.json``, ``.jsonl``), decodes them and yields an Article per story, or a
  :class:`~kg.read.ingest.Skipped` with the reason a person reads.
- :mod:`kg.read.clean` removes web-page noise (menus, share buttons, captions)
  and finds the article's date.
"""
