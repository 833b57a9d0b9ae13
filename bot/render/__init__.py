"""Rendering: texts through the translation layer, keyboards, the digest's text and chart, exports (no I/O)."""
