"""Ranked full-text search over member profiles (PostgreSQL only, no external engine).

Each member has a stored, weighted ``search_vector``: A their name; B their
expertise areas' names and aliases; C job title, unit, institution and research
interests; D biography and publication titles. ``refresh_search_vectors`` writes
it and is called by every service that changes those texts.

A query is parsed (members.query) so taxonomy terms widen to all their names
("MEG" also finds "magnetoencephalography", "brain waves" finds EEG), then run
with the ``mmin`` text search configuration, which stems English and ignores
accents. Misspelled names fall back to trigram similarity.

Around the ranked page the /members/ view needs, each in one statement: facet
counts over the filtered result set (under a statement timeout), quick hits for
institutions and facilities the query names, and, when nobody matched,
"did you mean" suggestions; searches that found nobody are counted as gaps.
"""

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, Value, Window
from django.db.models.aggregates import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from expertise.models import ExpertiseArea, Facet
from members.query import ParsedQuery, Vocabulary, normalise, parse
from mmin.pagecache import directory_changed

logger = logging.getLogger(__name__)

CONFIG = "mmin"
VOCABULARY_CACHE_KEY = "members.search.vocabulary"
VOCABULARY_CACHE_SECONDS = 60
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"

REFRESH_SQL = """
WITH RECURSIVE upward (area_id, ancestor_id) AS (
    SELECT id, id FROM expertise_expertisearea
    UNION
    SELECT upward.area_id, area.parent_id
    FROM upward JOIN expertise_expertisearea AS area ON area.id = upward.ancestor_id
    WHERE area.parent_id IS NOT NULL
)
UPDATE members_member AS member SET search_vector =
    setweight(to_tsvector('mmin', member.full_name), 'A')
    || setweight(to_tsvector('mmin', coalesce(expertise.terms, '')), 'B')
    || setweight(to_tsvector('mmin', concat_ws(' ', member.job_title, unit.name, institution.name,
                                               institution.short_name, member.research_interests)), 'C')
    || setweight(to_tsvector('mmin', concat_ws(' ', member.biography, publications.titles)), 'D'),
    expertise_tree_ids = coalesce(tree.ids, '{}')
FROM members_member AS source
JOIN institutions_institution AS institution ON institution.id = source.institution_id
LEFT JOIN institutions_unit AS unit ON unit.id = source.unit_id
LEFT JOIN LATERAL (
    SELECT string_agg(area.name || ' ' || array_to_string(area.aliases, ' '), ' ') AS terms
    FROM members_memberexpertise AS link JOIN expertise_expertisearea AS area ON area.id = link.area_id
    WHERE link.member_id = source.id
) AS expertise ON true
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT upward.ancestor_id ORDER BY upward.ancestor_id) AS ids
    FROM members_memberexpertise AS link JOIN upward ON upward.area_id = link.area_id
    WHERE link.member_id = source.id
) AS tree ON true
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
        changed = cursor.rowcount
    directory_changed()  # the pages cached for visitors show the old documents' results
    return changed


def refresh_for_area(area_id: int) -> int:
    """Rewrite the documents of everyone who lists this expertise area (after a rename or new aliases)."""
    from members.models import MemberExpertise

    return refresh_search_vectors(MemberExpertise.objects.filter(area_id=area_id).values_list("member_id", flat=True))


@dataclass(frozen=True)
class AreaInfo:
    """What the search page shows and links for one expertise area, without a query."""

    pk: int
    name: str
    slug: str
    facet: str
    parent_id: int | None
    aliases: tuple[str, ...]

    @property
    def url(self) -> str:
        return ExpertiseArea(slug=self.slug).get_absolute_url()


@dataclass(frozen=True)
class Taxonomy:
    """The expertise tree as the search page needs it: the query vocabulary and each area's place."""

    vocabulary: Vocabulary
    areas: dict[int, AreaInfo]

    @classmethod
    def load(cls) -> "Taxonomy":
        rows = ExpertiseArea.objects.order_by("name").values_list("pk", "name", "aliases", "slug", "facet", "parent_id")
        areas = {
            pk: AreaInfo(pk, name, slug, facet, parent_id, tuple(aliases))
            for pk, name, aliases, slug, facet, parent_id in rows
        }
        vocabulary = Vocabulary.from_areas((area.pk, area.name, area.aliases) for area in areas.values())
        return cls(vocabulary, areas)

    def subtree(self, area_id: int) -> list[int]:
        """`area_id` and every narrower area below it (a cycle left by a bad edit is ignored)."""
        children: dict[int | None, list[int]] = {}
        for area in self.areas.values():
            children.setdefault(area.parent_id, []).append(area.pk)
        found, pending = [], [area_id]
        while pending:
            current = pending.pop()
            if current in found:
                continue
            found.append(current)
            pending.extend(children.get(current, ()))
        return found

    def mentioned_by(self, words: list[str], limit: int = 5) -> list[AreaInfo]:
        """Areas whose name or an alias contains every one of these (normalised) words as a word start."""
        if not words:
            return []
        found = []
        for area in self.areas.values():
            for term in (area.name, *area.aliases):
                term_words = normalise(term).split()
                if all(any(t.startswith(word) for t in term_words) for word in words):
                    found.append(area)
                    break
            if len(found) >= limit:
                break
        return found


def taxonomy() -> Taxonomy:
    """The taxonomy, cached briefly: the search page would otherwise pay a query for it on every request."""
    cached = cache.get(VOCABULARY_CACHE_KEY)
    if not isinstance(cached, Taxonomy):
        cached = Taxonomy.load()
        cache.set(VOCABULARY_CACHE_KEY, cached, VOCABULARY_CACHE_SECONDS)
    return cached


def vocabulary() -> Vocabulary:
    """The taxonomy's names and aliases (cached with the rest of the taxonomy)."""
    return taxonomy().vocabulary


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
    """Relevance with the fields in tiers: name, then expertise, then affiliation and interests, then the rest.

    The weights fall by a factor of ten or more per tier and ts_rank's repeated
    mentions of one term add up to less than 1.7 times a single one, so a lower
    tier cannot overtake a higher one however often a word recurs. ts_rank is
    used rather than ts_rank_cd: it reads each stored document once, and cost
    three times less on the 100k-profile benchmark.
    """

    function = "ts_rank"
    output_field = FloatField()
    template = "%(function)s('{0.001, 0.02, 0.2, 1.0}', %(expressions)s)"

    def __init__(self, query: SearchQuery):
        super().__init__(F("search_vector"), query)


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
    search_query: SearchQuery | None = None
    folded: str = ""
    # match_reason's answers that hold for every card of the page: the words looked for, and which areas match them.
    _phrases: list[list[str]] | None = field(default=None, init=False, repr=False, compare=False)
    _area_matches: dict[int, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def phrases(self) -> list[list[str]]:
        """Every alternative of every required term, as normalised words."""
        if self._phrases is None:
            required = self.parsed.required if self.parsed is not None else []
            self._phrases = [
                normalise(alt).split() for group in required for term in group for alt in term.alternatives
            ]
        return self._phrases

    def area_matches(self, area) -> bool:
        """Whether the query named this expertise area or mentions its name or an alias (once per area and page)."""
        if area.pk not in self._area_matches:
            self._area_matches[area.pk] = area.pk in self.matched_area_ids or any(
                _mentions(name, self.phrases) for name in (area.name, *area.aliases)
            )
        return self._area_matches[area.pk]


def search_page(
    members, query: str, *, sort: str = "relevance", offset: int = 0, limit: int = 20, total: int | None = None
) -> SearchPage:
    """Rank `members` (an already filtered Member queryset) for `query` and return one page.

    Two statements: the ranking reads only ids, scores and the total (a window)
    over every match, then the page's rows are fetched with their highlighted
    snippets. Carrying whole rows through the ranking cost several times more at
    100k profiles. A third statement only when nothing matched and misspelled
    names are tried. Pass `total` when it is already known (the unfiltered
    directory) to skip counting. An offset past the end gives no rows.
    """
    query = query.strip()
    if not query:
        ordering = SORTS["name" if sort == "relevance" else sort]
        if total is not None:
            return SearchPage(list(members.order_by(*ordering)[offset : offset + limit]), total)
        return _fetch_page(members, members, ordering, offset, limit)
    parsed = parse(query, vocabulary())
    search_query = to_search_query(parsed)
    ordering = SORTS[sort]
    explained = {"parsed": parsed, "search_query": search_query}
    if search_query is not None:
        matching = members.filter(search_vector=search_query).annotate(score=Score(search_query))
        page = _fetch_page(matching, with_highlights(members, search_query), ordering, offset, limit)
        if page.members or offset:
            return SearchPage(page.members, page.total, matched_area_ids=parsed.matched_area_ids, **explained)
    return _near_misses(members, query, ordering, limit, **explained)


def _near_misses(members, query: str, ordering, limit: int, **explained) -> SearchPage:
    """The page for words that matched nobody: members whose name is a letter or two away from them."""
    folded = normalise(query)
    if len(folded) < 3:
        return SearchPage([], 0, **explained)
    fuzzy = misspelled_names(members, folded).annotate(total=total_window()).order_by(*ordering)
    rows = list(fuzzy[:limit])
    # Near-misses fit on one page: a second page would rerun the text search, not this fallback.
    return SearchPage(rows, min(_total(rows), limit), fuzzy=bool(rows), folded=folded, **explained)


def _fetch_page(ranked, rows, ordering, offset: int, limit: int) -> SearchPage:
    """Ids of one page from `ranked` (narrow rows, with the total), then those members' full rows from `rows`."""
    ranked = ranked.prefetch_related(None).select_related(None).order_by(*ordering)
    ids = list(ranked.annotate(total=total_window()).values_list("pk", "total")[offset : offset + limit])
    total = ids[0][1] if ids else 0
    if not ids:
        return SearchPage([], total)
    found = {member.pk: member for member in rows.filter(pk__in=[pk for pk, _total in ids])}
    return SearchPage([found[pk] for pk, _total in ids if pk in found], total)


def _total(rows) -> int:
    return rows[0].total if rows else 0


def with_highlights(members, search_query: SearchQuery):
    return members.annotate(
        snippet=SearchHeadline(
            Func(Value(" "), F("research_interests"), F("biography"), function="concat_ws"),
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


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What the visitor ticked. Institution, role and career stage widen (any of); areas and availability narrow."""

    institutions: tuple[int, ...] = ()
    areas: tuple[int, ...] = ()
    roles: tuple[str, ...] = ()
    career_stages: tuple[str, ...] = ()
    open_to: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.institutions, self.areas, self.roles, self.career_stages, self.open_to))

    @property
    def count(self) -> int:
        return sum(map(len, (self.institutions, self.areas, self.roles, self.career_stages, self.open_to)))

    def narrow(self, members):
        """Members who list every chosen area (or a narrower one) and are open to every chosen kind of work."""
        for area_id in self.areas:
            members = members.filter(expertise_tree_ids__contains=[area_id])
        if self.open_to:
            members = members.filter(open_to__contains=list(self.open_to))
        return members

    def choose(self, members):
        """Members at any chosen institution, in any chosen role and at any chosen career stage."""
        if self.institutions:
            members = members.filter(institution_id__in=self.institutions)
        if self.roles:
            members = members.filter(role__in=self.roles)
        if self.career_stages:
            members = members.filter(career_stage__in=self.career_stages)
        return members


def matching(members, page: SearchPage):
    """The members `page` was drawn from (its text match or name fallback), unranked: what the facets count."""
    if page.fuzzy:
        return misspelled_names(members, page.folded)
    if page.search_query is not None:
        return members.filter(search_vector=page.search_query)
    if page.parsed is not None:
        return members.filter(Value(False, output_field=BooleanField()))
    return members


# ---------------------------------------------------------------- facets


@dataclass
class FacetCounts:
    """Raw counts from the facet statement: per option, how many members of the result set it holds."""

    total: int = 0
    institutions: dict[int, tuple[str, int]] = field(default_factory=dict)
    areas: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    career_stages: dict[str, int] = field(default_factory=dict)
    open_to: dict[str, int] = field(default_factory=dict)
    page_ids: list[int] = field(default_factory=list)


def _any_of(column: str, values, sql_type: str) -> tuple[str, list]:
    if not values:
        return "true", []
    return f"{column} = ANY(%s::{sql_type}[])", [list(values)]


@dataclass(frozen=True)
class PageRequest:
    """Which page of the results the facet statement also returns: its order (a key of SORTS) and bounds."""

    sort: str
    offset: int
    limit: int


def _order_sql(sort: str) -> str:
    """SORTS[sort] as an ORDER BY over the facet statement's `hits`: the same order search_page gives."""
    terms = []
    for name in SORTS[sort]:
        column = name.lstrip("-")
        column = "id" if column == "pk" else column
        terms.append(f"{column} DESC" if name.startswith("-") else column)
    return ", ".join(terms)


def facet_statement(matched, filters: Filters, page: PageRequest | None = None) -> tuple[str, list]:
    """One statement for every facet: a CTE of the matched members, then UNION ALL of grouped counts.

    `matched` is the text match with the narrowing filters applied (areas, availability),
    annotated with its `score`. Institution, role and career stage widen the results, so
    each of those counts ignores its own facet's choice: it says how many members the
    option holds under the other filters. Areas and availability are counted over the final
    results. With `page`, the statement also returns that page's member ids in order
    (facet "page", n its position): the text match, the costly part, then runs once for both.
    """
    from institutions.models import Institution

    if "score" not in matched.query.annotations:
        matched = matched.annotate(score=Value(0.0, output_field=FloatField()))
    matched_sql, matched_params = (
        matched.order_by()
        .values(
            "pk",
            "institution_id",
            "role",
            "career_stage",
            "open_to",
            "expertise_tree_ids",
            "full_name",
            "updated_at",
            "score",
        )
        .query.sql_with_params()
    )
    institution, institution_params = _any_of("institution_id", filters.institutions, "bigint")
    role, role_params = _any_of("role", filters.roles, "text")
    stage, stage_params = _any_of("career_stage", filters.career_stages, "text")
    institutions = connection.ops.quote_name(Institution._meta.db_table)
    areas = connection.ops.quote_name(ExpertiseArea._meta.db_table)
    page_sql, page_params = "", []
    if page is not None:
        # An ARRAY of an ordered subquery keeps its order, and WITH ORDINALITY numbers it.
        page_sql = f"""
        UNION ALL
        SELECT 'page', shown.id::text, NULL, NULL, shown.position
        FROM unnest(ARRAY(SELECT id FROM hits ORDER BY {_order_sql(page.sort)} LIMIT %s OFFSET %s))
            WITH ORDINALITY AS shown (id, position)"""  # noqa: S608 -- a fixed ORDER BY; values are parameters
        page_params = [page.limit, page.offset]
    sql = f"""
        WITH base (id, institution_id, role, career_stage, open_to, tree_ids, full_name, updated_at, score)
            AS MATERIALIZED ({matched_sql}),
        hits AS MATERIALIZED (SELECT * FROM base WHERE {institution} AND {role} AND {stage})
        SELECT 'total' AS facet, NULL::text AS value, NULL::text AS label, NULL::text AS grp, count(*) AS n
        FROM hits
        UNION ALL
        SELECT 'institution', institution.id::text, institution.name, NULL, coalesce(counted.n, 0)
        FROM {institutions} AS institution
        LEFT JOIN (
            SELECT institution_id, count(*) AS n FROM base WHERE {role} AND {stage} GROUP BY institution_id
        ) AS counted ON counted.institution_id = institution.id
        WHERE counted.n IS NOT NULL OR institution.id = ANY(%s::bigint[])
        UNION ALL
        SELECT 'area', area.id::text, area.name, area.facet, coalesce(counted.n, 0)
        FROM {areas} AS area
        LEFT JOIN (
            -- tree_ids holds each member's areas and their ancestors once: a member counts once per area.
            SELECT ancestor_id, count(*) AS n
            FROM hits CROSS JOIN LATERAL unnest(hits.tree_ids) AS ancestor_id
            GROUP BY ancestor_id
        ) AS counted ON counted.ancestor_id = area.id
        WHERE counted.n IS NOT NULL OR area.id = ANY(%s::bigint[])
        UNION ALL
        SELECT 'role', role, NULL, NULL, count(*) FROM base WHERE {institution} AND {stage} GROUP BY role
        UNION ALL
        SELECT 'career_stage', career_stage, NULL, NULL, count(*)
        FROM base WHERE {institution} AND {role} AND career_stage <> '' GROUP BY career_stage
        UNION ALL
        SELECT 'open_to', choice, NULL, NULL, count(*)
        FROM hits CROSS JOIN LATERAL unnest(hits.open_to) AS choice GROUP BY choice
        {page_sql}
    """  # noqa: S608 -- only table names, fixed fragments and Django-compiled SQL are interpolated; values are parameters
    params = [
        *matched_params,
        *institution_params,
        *role_params,
        *stage_params,
        *role_params,
        *stage_params,
        list(filters.institutions),
        list(filters.areas),
        *institution_params,
        *stage_params,
        *institution_params,
        *role_params,
        *page_params,
    ]
    return sql, params


def _fetch_all(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def facet_counts(matched, filters: Filters, page: PageRequest | None = None) -> FacetCounts | None:
    """Run the facet statement under a statement timeout; None when it was cancelled (the page goes on without)."""
    try:
        sql, params = facet_statement(matched, filters, page)
    except EmptyResultSet:
        return FacetCounts()
    timeout_ms = int(getattr(settings, "SEARCH_FACET_TIMEOUT_MS", 1500))
    # SET LOCAL lasts until the end of the transaction, so the limit binds this statement alone.
    statement = f"SET LOCAL statement_timeout = {timeout_ms};\n{sql}"
    try:
        if connection.in_atomic_block:
            # Inside a caller's transaction: a savepoint keeps a cancellation from aborting it,
            # and rolling back to it (nothing was written) lifts the limit again.
            with transaction.atomic():
                rows = _fetch_all(statement, params)
                transaction.set_rollback(True)
        else:
            # Autocommit: PostgreSQL runs the statements of one query string as one implicit
            # transaction, the same scope as transaction.atomic() without its BEGIN and COMMIT round trips.
            rows = _fetch_all(statement, params)
    except OperationalError:
        logger.warning("Facet counts cancelled after %d ms; the page is shown without them.", timeout_ms)
        return None
    counts, shown = FacetCounts(), []
    for facet, value, label, group, n in rows:
        if facet == "total":
            counts.total = n
        elif facet == "institution":
            counts.institutions[int(value)] = (label, n)
        elif facet == "area":
            counts.areas[int(value)] = (label, group, n)
        elif facet == "role":
            counts.roles[value] = n
        elif facet == "career_stage":
            counts.career_stages[value] = n
        elif facet == "open_to":
            counts.open_to[value] = n
        elif facet == "page":
            shown.append((n, int(value)))
    counts.page_ids = [pk for _position, pk in sorted(shown)]
    return counts


def search_with_facets(
    narrowed,
    filters: Filters,
    query: str,
    *,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    tree: Taxonomy | None = None,
) -> tuple[SearchPage, FacetCounts | None]:
    """One page of the `narrowed` members matching `query` and `filters`, and the facet counts of all of them.

    The ranking and the counts read the same matched rows, so one statement returns
    both (the text match is the costly part, and it runs once); the page's rows and
    snippets follow in a second. If the statement timeout cancels it, the page is
    ranked on its own and the counts are None. Words that matched nobody fall back to
    misspelled names, which are counted in a statement of their own. Pass the `tree` already read
    from the cache to save reading it again.
    """
    query = query.strip()
    parsed = parse(query, (tree or taxonomy()).vocabulary) if query else None
    search_query = to_search_query(parsed) if parsed is not None else None
    chosen = filters.choose(narrowed).for_cards()
    explained = {"parsed": parsed, "search_query": search_query}
    if parsed is None or search_query is not None:
        matched = narrowed
        if search_query is not None:
            matched = narrowed.filter(search_vector=search_query).annotate(score=Score(search_query))
        counts = facet_counts(matched, filters, PageRequest(sort, offset, limit))
        if counts is None:
            return search_page(chosen, query, sort=sort, offset=offset, limit=limit), None
        if counts.page_ids or offset or parsed is None:
            rows = chosen if search_query is None else with_highlights(chosen, search_query)
            found = {member.pk: member for member in rows.filter(pk__in=counts.page_ids)}
            members = [found[pk] for pk in counts.page_ids if pk in found]
            area_ids = parsed.matched_area_ids if parsed is not None else set()
            return SearchPage(members, counts.total, matched_area_ids=area_ids, **explained), counts
    page = _near_misses(chosen, query, SORTS[sort], limit, **explained)
    if not page.members and not filters:
        return page, FacetCounts()  # every count would be zero and nothing is ticked: no statement needed
    return page, facet_counts(matching(narrowed, page), filters)


BROWSE_FACETS_CACHE_KEY = "members.search.browse_facets.{level}"
BROWSE_FACETS_CACHE_SECONDS = 60


def browse_facet_counts(members, *, signed_in: bool) -> FacetCounts | None:
    """Facet counts for the whole directory (no text, no filters), cached briefly per visibility level.

    The unfiltered list is the most visited search page and its counts the most expensive
    (every profile is counted), while a minute-old count of the whole network is as good as a new one.
    """
    key = BROWSE_FACETS_CACHE_KEY.format(level="members" if signed_in else "public")
    counts = cache.get(key)
    if counts is None:
        counts = facet_counts(members, Filters())
        if counts is not None:
            cache.set(key, counts, BROWSE_FACETS_CACHE_SECONDS)
    return counts


def forget_browse_facets() -> None:
    cache.delete_many([BROWSE_FACETS_CACHE_KEY.format(level=level) for level in ("public", "members")])


@dataclass
class FacetOption:
    """One tick box: its form field, value and label, how many members it holds (None: unknown), and whether ticked."""

    field: str
    value: str
    label: str
    count: int | None
    selected: bool

    @property
    def input_id(self) -> str:
        return f"filter-{self.field}-{self.value}"


@dataclass
class FacetGroup:
    """A fieldset of options; the first few (and every ticked one) are shown, the rest behind "More"."""

    field: str
    legend: str
    options: list[FacetOption]
    slug: str = ""
    shown: int = 6

    @property
    def visible(self) -> list[FacetOption]:
        return self.options[: max(self.shown, sum(option.selected for option in self.options))]

    @property
    def more(self) -> list[FacetOption]:
        return self.options[len(self.visible) :]

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


def _ordered(options: list[FacetOption]) -> list[FacetOption]:
    return sorted(options, key=lambda option: (not option.selected, -(option.count or 0), option.label.casefold()))


def _choice_options(field_name: str, choices, counts: dict[str, int] | None, chosen) -> list[FacetOption]:
    options = []
    for value, label in choices:
        count = None if counts is None else counts.get(value, 0)
        if counts is None or count or value in chosen:
            options.append(FacetOption(field_name, value, str(label), count, value in chosen))
    return _ordered(options)


def build_facets(
    counts: FacetCounts | None,
    filters: Filters,
    tree: Taxonomy,
    *,
    institution_labels: dict[int, str] | None = None,
) -> list[FacetGroup]:
    """The facet fieldsets in display order. Without counts (the statement timed out) only the choices are shown."""
    from members.models import Member

    if counts is None:
        institutions = [
            FacetOption("institution", str(pk), label, None, True) for pk, label in (institution_labels or {}).items()
        ]
        areas = [
            FacetOption("area", str(pk), tree.areas[pk].name, None, True) for pk in filters.areas if pk in tree.areas
        ]
        area_facets = {pk: tree.areas[pk].facet for pk in filters.areas if pk in tree.areas}
    else:
        institutions = [
            FacetOption("institution", str(pk), label, n, pk in filters.institutions)
            for pk, (label, n) in counts.institutions.items()
        ]
        areas = [
            FacetOption("area", str(pk), label, n, pk in filters.areas)
            for pk, (label, _facet, n) in counts.areas.items()
        ]
        area_facets = {pk: facet for pk, (_label, facet, _n) in counts.areas.items()}
    groups = [FacetGroup("institution", str(_("Institution")), _ordered(institutions), slug="institution")]
    for facet, label in Facet.choices:
        options = [option for option in areas if area_facets.get(int(option.value)) == facet]
        if options:
            groups.append(FacetGroup("area", str(label), _ordered(options), slug=f"area-{facet}", shown=5))
    groups += [
        FacetGroup(
            "role",
            str(_("Role")),
            _choice_options("role", Member.Role.choices, counts and counts.roles, filters.roles),
            slug="role",
        ),
        FacetGroup(
            "career_stage",
            str(_("Career stage")),
            _choice_options(
                "career_stage", Member.CareerStage.choices, counts and counts.career_stages, filters.career_stages
            ),
            slug="career-stage",
        ),
        FacetGroup(
            "open_to",
            str(_("Open to")),
            _choice_options("open_to", Member.OpenTo.choices, counts and counts.open_to, filters.open_to),
            slug="open-to",
        ),
    ]
    return [group for group in groups if group.options]


# ---------------------------------------------------------------- quick hits and suggestions

QUICK_HIT_LIMIT = 3
# Words too common in institution and facility names to say anything on their own.
QUICK_HIT_STOPWORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with"})


@dataclass(frozen=True)
class QuickHit:
    """A link above the results to an expertise area, facility or institution whose name the query names."""

    kind: str
    label: str
    url: str
    detail: str = ""


def query_words(parsed: ParsedQuery | None) -> list[str]:
    """The normalised words the visitor asked for (not the excluded ones), in order, each once."""
    if parsed is None:
        return []
    words = [word for group in parsed.required for term in group for word in normalise(term.text).split()]
    return [word for word in dict.fromkeys(words) if len(word) > 1 and word not in QUICK_HIT_STOPWORDS]


QUICK_HIT_SQL = """
(SELECT 'facility', facility.name, facility.slug, coalesce(nullif(institution.short_name, ''), institution.name)
 FROM {facilities} AS facility JOIN {institutions} AS institution ON institution.id = facility.institution_id
 WHERE {facility_match}
 ORDER BY facility.name LIMIT %s)
UNION ALL
(SELECT 'institution', institution.name, institution.slug, institution.city
 FROM {institutions} AS institution
 WHERE {institution_match}
 ORDER BY institution.name LIMIT %s)
"""


def quick_hits(parsed: ParsedQuery | None, tree: Taxonomy) -> list[QuickHit]:
    """Expertise areas (from the cached taxonomy), then facilities and institutions (one query) the query names."""
    from institutions.models import Facility, Institution

    words = query_words(parsed)
    if not words:
        return []
    named = [tree.areas[pk] for pk in sorted(parsed.matched_area_ids) if pk in tree.areas]
    mentioned = [area for area in tree.mentioned_by(words) if area not in named]
    areas = (named + mentioned)[:QUICK_HIT_LIMIT]
    hits = [QuickHit("area", area.name, area.url, Facet(area.facet).label) for area in areas]

    modalities = {pk for area in named for pk in tree.subtree(area.pk) if tree.areas[pk].facet == Facet.MODALITY}
    # \m is PostgreSQL's start-of-word; normalised words hold only letters, digits and underscores.
    patterns = [rf"\m{word}" for word in words]
    facility_match = " AND ".join(["mmin_unaccent(facility.name) ~* %s"] * len(patterns))
    modality_params = []
    if modalities:
        facility_match = f"({facility_match}) OR facility.modality_id = ANY(%s::bigint[])"
        modality_params = [sorted(modalities)]
    institution_match = " AND ".join(
        ["mmin_unaccent(institution.name || ' ' || institution.short_name) ~* %s"] * len(patterns)
    )
    # Written out rather than built with the ORM: compiling the two querysets and their union cost
    # about a millisecond per search, three times the statement itself.
    sql = QUICK_HIT_SQL.format(
        facilities=connection.ops.quote_name(Facility._meta.db_table),
        institutions=connection.ops.quote_name(Institution._meta.db_table),
        facility_match=facility_match,
        institution_match=institution_match,
    )
    params = [*patterns, *modality_params, QUICK_HIT_LIMIT, *patterns, QUICK_HIT_LIMIT]
    rows = _fetch_all(sql, params)
    for kind, name, slug, detail in rows:
        model = Facility if kind == "facility" else Institution
        hits.append(QuickHit(kind, name, model(slug=slug).get_absolute_url(), detail or ""))
    return hits


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" term: a member's name or an expertise term close to what was typed."""

    text: str
    area: AreaInfo | None = None


SUGGESTION_SQL = """
(SELECT 'member' AS kind, member.full_name AS text, NULL::bigint AS area_id,
        similarity(mmin_unaccent(member.full_name), %s) AS score
 FROM {members} AS member
 WHERE member.id IN ({visible}) AND mmin_unaccent(member.full_name) %% %s
 ORDER BY score DESC, member.full_name LIMIT 3)
UNION ALL
(SELECT 'area', term.text, term.area_id,
        greatest(similarity(term.folded, %s), strict_word_similarity(term.folded, %s)) AS score
 FROM (SELECT area.id AS area_id, name.text, lower(mmin_unaccent(name.text)) AS folded
       FROM {areas} AS area
       CROSS JOIN LATERAL unnest(array_prepend(area.name::text, area.aliases::text[])) AS name(text)
      ) AS term
 WHERE greatest(similarity(term.folded, %s), strict_word_similarity(term.folded, %s)) >= %s
 ORDER BY score DESC, term.text LIMIT 6)
ORDER BY score DESC
"""
SUGGESTION_THRESHOLD = 0.45


def suggestions(members, query: str, tree: Taxonomy, limit: int = 4) -> list[Suggestion]:
    """Names of `members` and expertise terms spelled like the query: one query, for the empty state only."""
    from members.models import Member

    folded = normalise(query)
    if len(folded) < 3:
        return []
    try:
        visible_sql, visible_params = members.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return []
    sql = SUGGESTION_SQL.format(
        members=connection.ops.quote_name(Member._meta.db_table),
        areas=connection.ops.quote_name(ExpertiseArea._meta.db_table),
        visible=visible_sql,
    )
    params = [folded, *visible_params, folded, folded, folded, folded, folded, SUGGESTION_THRESHOLD]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    typed = set(folded.split())
    found, seen = [], set()
    for kind, text, area_id, _score in rows:
        area = tree.areas.get(area_id) if kind == "area" else None
        key = ("area", area_id) if area else ("text", normalise(text))
        # A term that repeats a word already typed ("PET/MR" for "epilepsy PET") corrects nothing.
        if key in seen or typed & set(normalise(text).split()):
            continue
        seen.add(key)
        found.append(Suggestion(text, area))
    return found[:limit]


def related_areas(
    parsed: ParsedQuery | None, found: list[Suggestion], tree: Taxonomy, limit: int = 6
) -> list[AreaInfo]:
    """Areas to browse instead: the ones the query named or nearly named, then their broader and narrower areas."""
    seeds = [pk for pk in sorted(parsed.matched_area_ids if parsed else ()) if pk in tree.areas]
    seeds += [suggestion.area.pk for suggestion in found if suggestion.area]
    related = list(dict.fromkeys(seeds))
    for pk in list(related):
        parent = tree.areas[pk].parent_id
        if parent in tree.areas:
            related.append(parent)
        related += [area.pk for area in tree.areas.values() if area.parent_id == pk]
    return [tree.areas[pk] for pk in dict.fromkeys(related)][:limit]


def record_search_gap(query: str) -> None:
    """Count a search that found nobody, keyed by its normalised text: never who searched."""
    from members.models import SearchGap

    normalised = normalise(query)[: SearchGap._meta.get_field("query").max_length]
    if not normalised:
        return
    table = connection.ops.quote_name(SearchGap._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (query, count, first_seen, last_seen) VALUES (%s, 1, now(), now())"  # noqa: S608 -- table name only
            f" ON CONFLICT (query) DO UPDATE SET count = {table}.count + 1, last_seen = now()",
            [normalised],
        )


# ---------------------------------------------------------------- why a member matched


@dataclass(frozen=True)
class MatchReason:
    """The one-line reason under a result: the expertise areas that matched, or else the fields."""

    areas: tuple = ()
    fields: tuple[str, ...] = ()
    similar_name: bool = False


def _same_word(typed: str, written: str) -> bool:
    """A rough stand-in for the stemmer: equal, or sharing most of a long start ("segmenting" ~ "segmentation")."""
    if typed == written:
        return True
    shortest = min(len(typed), len(written))
    if shortest < 4:
        return False
    keep = max(4, shortest - 3)
    return typed[:keep] == written[:keep]


@functools.lru_cache(maxsize=1024)  # area names and aliases recur on every page
def _written_words(text: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The normalised words of `text`, and those of four letters or more by their first four letters."""
    words = normalise(text).split()
    starts: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= 4:
            starts.setdefault(word[:4], []).append(word)
    return frozenset(words), {start: tuple(found) for start, found in starts.items()}


def _mentions(text: str, phrases: list[list[str]]) -> bool:
    words, starts = _written_words(text)

    def written(word: str) -> bool:
        # _same_word needs an equal word or, from four letters on, at least the same first four letters.
        return word in words or any(_same_word(word, w) for w in starts.get(word[:4], ()))

    return any(phrase and all(written(word) for word in phrase) for phrase in phrases)


def match_reason(member, page: SearchPage) -> MatchReason | None:
    """Why `member` is on `page`, from the row already loaded (no query): areas first, then fields."""
    if page.fuzzy:
        return MatchReason(similar_name=True)
    if page.parsed is None:
        return None
    phrases = page.phrases
    areas = [link.area for link in getattr(member, "expertise_links", []) if page.area_matches(link.area)]
    if areas:
        return MatchReason(areas=tuple(areas))
    fields = []
    if _mentions(member.full_name, phrases):
        fields.append(str(_("name")))
    if member.job_title and _mentions(member.job_title, phrases):
        fields.append(str(_("job title")))
    if member.unit_id and _mentions(member.unit.name, phrases):
        fields.append(str(_("unit")))
    if _mentions(f"{member.institution.name} {member.institution.short_name}", phrases):
        fields.append(str(_("institution")))
    marked = " ".join(re.findall(f"{HIGHLIGHT_START}(.*?){HIGHLIGHT_STOP}", getattr(member, "snippet", "") or ""))
    interests = set(normalise(member.research_interests).split())
    if marked and set(normalise(marked).split()) & interests:
        fields.append(str(_("research interests")))
    elif marked:
        fields.append(str(_("biography")))
    if not fields:
        fields.append(str(_("biography or publications")))
    return MatchReason(fields=tuple(fields))
