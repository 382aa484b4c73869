"""Ranked full-text search over member profiles (PostgreSQL only, no external engine).

Each member has a stored, weighted ``search_vector``: A their name; B their
expertise areas' names and aliases; C job title, unit, institution and research
interests; D biography and publication titles. ``refresh_search_vectors`` writes
it and is called by every service that changes those texts.

A query is parsed (members.query) so taxonomy terms widen to all their names
("MEG" also finds "magnetoencephalography", "brain waves" finds EEG), then run
with the ``mmin`` text search configuration, which stems English and ignores
accents. Misspelled names fall back to trigram similarity.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Func, Value, Window
from django.db.models.aggregates import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe

from expertise.models import ExpertiseArea
from members.query import ParsedQuery, Vocabulary, normalise, parse

CONFIG = "mmin"
VOCABULARY_CACHE_KEY = "members.search.vocabulary"
VOCABULARY_CACHE_SECONDS = 60
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"

REFRESH_SQL = """
UPDATE members_member AS member SET search_vector =
    setweight(to_tsvector('mmin', member.full_name), 'A')
    || setweight(to_tsvector('mmin', coalesce(expertise.terms, '')), 'B')
    || setweight(to_tsvector('mmin', concat_ws(' ', member.job_title, unit.name, institution.name,
                                               institution.short_name, member.research_interests)), 'C')
    || setweight(to_tsvector('mmin', concat_ws(' ', member.biography, publications.titles)), 'D')
FROM members_member AS source
JOIN institutions_institution AS institution ON institution.id = source.institution_id
LEFT JOIN institutions_unit AS unit ON unit.id = source.unit_id
LEFT JOIN LATERAL (
    SELECT string_agg(area.name || ' ' || array_to_string(area.aliases, ' '), ' ') AS terms
    FROM members_memberexpertise AS link JOIN expertise_expertisearea AS area ON area.id = link.area_id
    WHERE link.member_id = source.id
) AS expertise ON true
LEFT JOIN LATERAL (
    SELECT string_agg(publication.title, ' ') AS titles
    FROM members_publication AS publication WHERE publication.member_id = source.id
) AS publications ON true
WHERE member.id = source.id
"""


def refresh_search_vectors(member_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search document of these members (all when None); return how many rows changed."""
    sql, params = REFRESH_SQL, []
    if member_ids is not None:
        sql += " AND member.id = ANY(%s)"
        params = [list(member_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refresh_for_area(area_id: int) -> int:
    """Rewrite the documents of everyone who lists this expertise area (after a rename or new aliases)."""
    from members.models import MemberExpertise

    return refresh_search_vectors(MemberExpertise.objects.filter(area_id=area_id).values_list("member_id", flat=True))


def vocabulary() -> Vocabulary:
    """The taxonomy's names and aliases, cached briefly: the search page would otherwise pay a query for it."""
    cached = cache.get(VOCABULARY_CACHE_KEY)
    if cached is None:
        cached = Vocabulary.from_areas(ExpertiseArea.objects.values_list("pk", "name", "aliases"))
        cache.set(VOCABULARY_CACHE_KEY, cached, VOCABULARY_CACHE_SECONDS)
    return cached


def forget_vocabulary() -> None:
    cache.delete(VOCABULARY_CACHE_KEY)


def _phrase(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="phrase", config=CONFIG)


def to_search_query(parsed: ParsedQuery) -> SearchQuery | None:
    """AND of the required groups (each an OR of its alternatives), minus the excluded terms."""
    combined = None
    for group in parsed.required:
        alternatives = None
        for term in group:
            for text in term.alternatives:
                alternatives = _phrase(text) if alternatives is None else alternatives | _phrase(text)
        combined = alternatives if combined is None else combined & alternatives
    if combined is None:
        return None
    for term in parsed.excluded:
        combined &= ~_phrase(term.text)
    return combined


class Score(Func):
    """Tier first (name > expertise > affiliation and interests > biography), then rank within the tier.

    A tier is the smallest set of weights that alone satisfies the query, so a match
    on the name always outranks any number of mentions in a biography.
    """

    output_field = FloatField()
    template = (
        "(CASE WHEN ts_filter(%(vector)s, '{a}') @@ %(query)s THEN 3"
        " WHEN ts_filter(%(vector)s, '{a,b}') @@ %(query)s THEN 2"
        " WHEN ts_filter(%(vector)s, '{a,b,c}') @@ %(query)s THEN 1 ELSE 0 END"
        " + ts_rank_cd(%(vector)s, %(query)s, 32))"
    )

    def __init__(self, query: SearchQuery):
        super().__init__(F("search_vector"), query)

    def as_sql(self, compiler, connection, **extra_context):
        vector_sql, vector_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        sql = self.template % {"vector": vector_sql, "query": query_sql}
        # Each placeholder appears three or four times in the template, in this order.
        params = []
        for _ in range(4):
            params.extend(vector_params)
            params.extend(query_params)
        return sql, params


SORTS = {
    "relevance": ("-score", "full_name", "pk"),
    "name": ("full_name", "pk"),
    "updated": ("-updated_at", "pk"),
}


@dataclass
class SearchPage:
    """One page of results, with what the template needs to explain them."""

    members: list
    total: int
    parsed: ParsedQuery | None = None
    fuzzy: bool = False
    matched_area_ids: set[int] = field(default_factory=set)


def search_page(members, query: str, *, sort: str = "relevance", offset: int = 0, limit: int = 20) -> SearchPage:
    """Rank `members` (an already filtered Member queryset) for `query` and return one page.

    One query on the usual path (the total comes from a window over the same
    statement); a second only when nothing matched and misspelled names are tried.
    """
    query = query.strip()
    if not query:
        rows = list(
            members.annotate(total=total_window()).order_by(*SORTS["name" if sort == "relevance" else sort])[
                offset : offset + limit
            ]
        )
        return SearchPage(rows, _total(rows))
    parsed = parse(query, vocabulary())
    search_query = to_search_query(parsed)
    ordering = SORTS[sort]
    rows = []
    if search_query is not None:
        matching = members.filter(search_vector=search_query).annotate(score=Score(search_query))
        page = with_highlights(matching, search_query).annotate(total=total_window()).order_by(*ordering)
        rows = list(page[offset : offset + limit])
    if rows or offset:
        return SearchPage(rows, _total(rows), parsed, matched_area_ids=parsed.matched_area_ids)
    folded = normalise(query)
    if len(folded) < 3:
        return SearchPage([], 0, parsed)
    fuzzy = misspelled_names(members, folded).annotate(total=total_window()).order_by(*ordering)
    rows = list(fuzzy[:limit])
    return SearchPage(rows, _total(rows), parsed, fuzzy=bool(rows))


def _total(rows) -> int:
    return rows[0].total if rows else 0


def with_highlights(members, search_query: SearchQuery):
    return members.annotate(
        snippet=SearchHeadline(
            Func(F("research_interests"), Value(" "), F("biography"), function="concat_ws"),
            search_query,
            config=CONFIG,
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_words=28,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def misspelled_names(members, folded: str):
    """Members whose name is a letter or two away from the (normalised) query: trigram word similarity."""
    return (
        members.annotate(folded_name=Func(F("full_name"), function="mmin_unaccent"))
        .filter(folded_name__trigram_word_similar=folded)
        .annotate(score=Func(Value(folded), F("folded_name"), function="word_similarity", output_field=FloatField()))
    )


def total_window():
    return Window(Count("pk"))


def highlight(snippet: str) -> str:
    """Escape the stored text, then turn the database's match markers into <mark> elements."""
    escaped = escape(snippet)
    escaped = escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(re.sub(r"[\x00-\x08\x0b-\x1f]", "", escaped))  # noqa: S308 -- escaped just above
