"""Stand-in for langcodes (not in Debian bookworm). spaCy imports it at start-up and uses it only in
util.find_matching_language, when spacy.lang has no module for the code asked for (e.g. "no" ->
"nb"). datatrove asks spaCy for codes it has (en, zh, ru, ...), so this path is not taken; if it is,
the call fails loudly instead of guessing."""


class tag_parser:
    class LanguageTagError(ValueError):
        pass


def tag_is_valid(code):
    raise NotImplementedError("langcodes shim: language matching is not available")


def closest_supported_match(*a, **k):
    raise NotImplementedError("langcodes shim: language matching is not available")
