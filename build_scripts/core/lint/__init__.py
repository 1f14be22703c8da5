"""Lint for the report: `python -m build_scripts.cli.lint` (see runner.py).

One module per family of findings:
  statistics  – numbers typed into the prose instead of coming from source_data
  encoding    – non-NFC text, U+FFFD, control characters, TCVN3/VNI mojibake
  typography  – spaces, punctuation, quotes, brackets, range dashes
  spelling    – Vietnamese syllables against hunspell-vi + the project word list
  terms       – fixed phrases and heading words against the project term list
"""
