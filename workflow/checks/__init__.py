"""Translation quality checks: small functions in one module per family, listed in ``suite.ALL_CHECKS``.

The package itself imports nothing, so that code needing one family (``build`` refusing unsafe
content, ``update`` patching numbers) does not load every check.
"""
