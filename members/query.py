"""Parse what people type into the search box, and find taxonomy terms in it.

The grammar is the web-search one that PostgreSQL's ``websearch_to_tsquery``
understands (words, "quoted phrases", OR, -exclusion). We parse it ourselves so
that a taxonomy term inside the query ("MEG", "brain waves") can be replaced by
the group of all its names before the query is built, which keeps exclusions
and AND semantics intact.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
MAX_QUERY_TERMS = 32


@functools.lru_cache(maxsize=8192)  # the taxonomy's names are normalised again for every result on every page
def normalise(text: str) -> str:
    """Lower-case, strip accents and collapse punctuation to spaces: the form terms are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", without_accents.lower()).split())


@dataclass(frozen=True)
class Term:
    """One thing to match: a word or phrase, possibly widened to its taxonomy synonyms."""

    text: str
    synonyms: tuple[str, ...] = ()
    area_ids: tuple[int, ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        return (self.text, *[s for s in self.synonyms if normalise(s) != normalise(self.text)])


@dataclass
class ParsedQuery:
    """Groups of alternatives that must all match (AND of ORs), and terms that must not."""

    required: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.required

    @property
    def matched_area_ids(self) -> set[int]:
        return {area_id for group in self.required for term in group for area_id in term.area_ids}


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy terms (names and aliases, normalised) and the areas they name."""

    areas_by_term: dict[str, tuple[int, ...]]
    names_by_area: dict[int, tuple[str, ...]]
    longest: int

    @classmethod
    def from_areas(cls, areas) -> "Vocabulary":
        """Build from (id, name, aliases) triples."""
        areas_by_term: dict[str, list[int]] = {}
        names_by_area = {}
        for area_id, name, aliases in areas:
            names = (name, *aliases)
            names_by_area[area_id] = names
            for term in names:
                key = normalise(term)
                if key:
                    areas_by_term.setdefault(key, []).append(area_id)
        longest = max((len(term.split()) for term in areas_by_term), default=0)
        return cls({term: tuple(ids) for term, ids in areas_by_term.items()}, names_by_area, longest)

    def expand(self, text: str) -> Term:
        area_ids = self.areas_by_term.get(normalise(text), ())
        synonyms = tuple(dict.fromkeys(name for area_id in area_ids for name in self.names_by_area[area_id]))
        return Term(text, synonyms, area_ids)

    def spans(self, words: list[str]) -> list[str]:
        """Split consecutive words into the longest taxonomy terms found, left to right."""
        result, start = [], 0
        while start < len(words):
            # At least one word at a time: with no taxonomy loaded, `longest` is 0.
            for size in range(max(1, min(self.longest, len(words) - start)), 0, -1):
                candidate = " ".join(words[start : start + size])
                if size == 1 or normalise(candidate) in self.areas_by_term:
                    result.append(candidate)
                    start += size
                    break
        return result


def parse(query: str, vocabulary: Vocabulary) -> ParsedQuery:
    """Parse web-search syntax; words or phrases that name a taxonomy area get its synonyms."""
    parsed = ParsedQuery()
    plain_words: list[str] = []
    alternatives_pending = False

    def flush():
        for span in vocabulary.spans(plain_words):
            add(vocabulary.expand(span))
        plain_words.clear()

    def add(term: Term):
        nonlocal alternatives_pending
        if alternatives_pending and parsed.required:
            parsed.required[-1].append(term)
        else:
            parsed.required.append([term])
        alternatives_pending = False

    for match in TOKEN.finditer(query):
        negated, phrase, word = match.groups()
        if phrase is not None:
            flush()
            if not normalise(phrase):
                continue
            if negated:
                parsed.excluded.append(Term(phrase))
            else:
                add(vocabulary.expand(phrase))
        elif word == "OR":
            flush()
            alternatives_pending = bool(parsed.required)
        elif word.startswith("-") and len(word) > 1:
            flush()
            # Exclusions stay literal: "-DTI" should not also drop everyone who mentions white matter.
            if normalise(word[1:]):
                parsed.excluded.append(Term(word[1:]))
        else:
            cleaned = WORD_EDGE.sub("", word)
            if cleaned:
                plain_words.append(cleaned)
        if len(parsed.required) + len(parsed.excluded) + len(plain_words) >= MAX_QUERY_TERMS:
            break
    flush()
    return parsed
