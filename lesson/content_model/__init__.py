"""Content as data: pydantic models, YAML loading with line numbers, loaders and checks.

Everything the lesson shows comes from ``lesson/content/``; this package is the only
code that reads those files, so every mistake in them can be reported as ``path:line``.
"""
