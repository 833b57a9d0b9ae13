"""The community's own parser words (LEXICON_FILES), read the same way by `linli run`, `parse` and `check`."""

from __future__ import annotations


def use_lexicon_files(settings: object) -> list[str]:
    """Add the community's own parser words (LEXICON_FILES); the files read. Raises LexiconError or
    OSError (a malformed or missing file), which every command turns into "LEXICON_FILES: <what is wrong>"."""
    from bot.core.parser_lexicon import load_lexicon, set_default_lexicon

    paths = settings.lexicon_paths  # type: ignore[attr-defined]
    if paths:
        set_default_lexicon(load_lexicon(paths))
    return [str(p) for p in paths]
