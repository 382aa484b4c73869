"""/find/: from a need described in plain words to the members best placed to help, with the reason for each.

A clinician writes "we need someone to quantify white matter lesions in MS patients on 3T
MRI". The need is split into terms: the longest runs of words that name a taxonomy area
(by its name or any alias, lay words included: "white matter lesions" names Multiple
sclerosis, "MS" too, "MRI" names Magnetic resonance imaging) and the remaining content words
("quantify", "3T"). Unlike the /members/ search box, any term may match (OR): a member scores
for each term they cover, so whoever covers most of the need, and its rarest parts, comes first.

For each term a member scores, best first: they list the area it names (1.0); they list a
narrower area (0.7); the words appear in their name, expertise, job title, unit, institution or
interests (0.6); or only in their biography or publication titles (0.3). Each score is weighted
by the rarity of the term's areas (as for similar members: a term few members cover says more)
or, for a plain word, by a fixed weight. One statement ranks and pages; the cards take two more.
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from expertise.models import ExpertiseArea
from members.models import Member, MemberExpertise
from members.query import normalise
from members.search import CONFIG, HIGHLIGHT_START, HIGHLIGHT_STOP, Taxonomy, highlight, taxonomy
from members.similar import rarity

MAX_TERMS = 16
RESULT_LIMIT = 20
PLAIN_WORD_WEIGHT = 0.5
# How a member covers a term, as stored in the statement's `how` array, and what each is worth.
NOT_COVERED, BIOGRAPHY, PROFILE_TEXT, NARROWER_AREA, AREA = range(5)
COVERAGE_FACTORS = [0.0, 0.3, 0.6, 0.7, 1.0]
WORD_EDGE = re.compile(r"^[^\w]+|[^\w]+$")

# Words that say what the person wants rather than what they need: ignored unless part of a taxonomy term.
_IGNORED = """
    a about after all also an and any anyone are as at be been being but by can collaborate collaboration
    collaborator collaborators could do does doing expert experts expertise find for from get had has have help
    helping hi hello i if in into is it its like look looking me more most my need needed needs of on or our
    out over people person please project projects research researcher researchers should so some somebody
    someone something study studies such team than that the their them then there these they this those to
    up us use using very want wanted wants was we were what when where which who whom why will with work
    working would you your patient patients data group before during between within without across through via
    each other both how whether may might must new
"""
IGNORED_WORDS = frozenset(_IGNORED.split())


@dataclass(frozen=True)
class NeedTerm:
    """One part of the need: a taxonomy term (with the areas it names) or a plain word."""

    text: str
    alternatives: tuple[str, ...]
    area_ids: tuple[int, ...] = ()
    narrower_ids: tuple[int, ...] = ()
    weight: float = PLAIN_WORD_WEIGHT

    @property
    def is_area(self) -> bool:
        return bool(self.area_ids)


@dataclass(frozen=True)
class Reason:
    """Why one member is on the list: the expertise areas and the words of the need they cover."""

    areas: tuple = ()
    words: tuple[str, ...] = ()


@dataclass
class FindResult:
    terms: list[NeedTerm]
    members: list[Member] = field(default_factory=list)
    total: int = 0

    @property
    def understood(self) -> bool:
        return bool(self.terms)

    @property
    def areas(self) -> list:
        """The taxonomy areas the need names, for "we read your need as"."""
        tree = taxonomy()
        seen = []
        for term in self.terms:
            for area_id in term.area_ids:
                area = tree.areas.get(area_id)
                if area is not None and area not in seen:
                    seen.append(area)
        return seen

    @property
    def words(self) -> list[str]:
        return [term.text for term in self.terms if not term.is_area]


def understand(need: str, tree: Taxonomy | None = None) -> list[NeedTerm]:
    """Split a need into taxonomy terms (longest first) and content words, each once, at most MAX_TERMS."""
    tree = tree or taxonomy()
    words = [cleaned for word in need.split() if (cleaned := WORD_EDGE.sub("", word))]
    terms: list[NeedTerm] = []
    seen_texts: set[str] = set()
    seen_areas: set[tuple[int, ...]] = set()
    for span in tree.vocabulary.spans(words):
        key = normalise(span)
        term = tree.vocabulary.expand(span)
        if not key or key in seen_texts:
            continue
        if term.area_ids:
            if term.area_ids in seen_areas:
                continue
            seen_areas.add(term.area_ids)
            narrower = {pk for area_id in term.area_ids for pk in tree.subtree(area_id)} - set(term.area_ids)
            terms.append(
                NeedTerm(
                    span,
                    term.alternatives,
                    term.area_ids,
                    tuple(sorted(narrower)),
                    max(rarity(list(term.area_ids))),
                )
            )
        elif key not in IGNORED_WORDS and (len(key) > 1 or key.isdigit()):
            terms.append(NeedTerm(span, (span,)))
        seen_texts.add(key)
        if len(terms) >= MAX_TERMS:
            break
    return terms


def _tsquery(alternatives) -> tuple[str, list]:
    sql = " || ".join([f"phraseto_tsquery('{CONFIG}', %s)"] * len(alternatives))
    return f"({sql})", list(alternatives)


RANK_SQL = """
WITH scored AS (
    SELECT member.id, member.full_name,
           ARRAY[{coverage}]::int[] AS how,
           ts_rank_cd(member.search_vector, {any_query}, 32) AS text_rank
    FROM {members} AS member
    LEFT JOIN LATERAL (
        SELECT coalesce(array_agg(link.area_id), '{{}}') AS ids FROM {links} AS link WHERE link.member_id = member.id
    ) AS areas ON true
    WHERE member.id IN ({visible})
      AND (member.search_vector @@ {any_query}
           OR member.id IN (SELECT link.member_id FROM {links} AS link WHERE link.area_id = ANY(%s::bigint[])))
), ranked AS (
    SELECT id, full_name, how,
           (SELECT coalesce(sum(weight * (%s::float8[])[code + 1]), 0)
            FROM unnest(how, %s::float8[]) AS term(code, weight)) + 0.01 * text_rank AS score,
           count(*) OVER () AS total
    FROM scored
)
SELECT ranked.id, ranked.how, ranked.score, ranked.total,
       ts_headline('{config}', concat_ws(' ', member.research_interests, member.biography), {any_query},
                   'StartSel=' || %s || ', StopSel=' || %s || ', MaxWords=28, MinWords=12, MaxFragments=2, '
                   || 'FragmentDelimiter=" … "') AS snippet
FROM ranked JOIN {members} AS member ON member.id = ranked.id
WHERE ranked.score > 0
ORDER BY ranked.score DESC, ranked.full_name, ranked.id
LIMIT %s
"""

COVERAGE_SQL = (
    "CASE WHEN areas.ids && %s::bigint[] THEN {area}"
    " WHEN areas.ids && %s::bigint[] THEN {narrower}"
    " WHEN ts_filter(member.search_vector, '{{a,b,c}}') @@ {query} THEN {profile}"
    " WHEN member.search_vector @@ {query} THEN {biography}"
    " ELSE {none} END"
)


def find_members(members, need: str, *, limit: int = RESULT_LIMIT) -> FindResult:
    """Rank `members` (a filtered Member queryset) for a need in plain words; each result carries `reason`."""
    tree = taxonomy()
    terms = understand(need, tree)
    if not terms:
        return FindResult(terms)
    any_sql, any_params = _tsquery([alt for term in terms for alt in term.alternatives])
    coverage_sql, coverage_params = [], []
    for term in terms:
        query_sql, query_params = _tsquery(term.alternatives)
        coverage_sql.append(
            COVERAGE_SQL.format(
                query=query_sql,
                area=AREA,
                narrower=NARROWER_AREA,
                profile=PROFILE_TEXT,
                biography=BIOGRAPHY,
                none=NOT_COVERED,
            )
        )
        coverage_params += [list(term.area_ids), list(term.narrower_ids), *query_params, *query_params]
    visible_sql, visible_params = members.order_by().values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    sql = RANK_SQL.format(
        coverage=", ".join(coverage_sql),
        any_query=any_sql,
        members=quote(Member._meta.db_table),
        links=quote(MemberExpertise._meta.db_table),
        visible=visible_sql,
        config=CONFIG,
    )
    all_area_ids = sorted({pk for term in terms for pk in (*term.area_ids, *term.narrower_ids)})
    params = [
        *coverage_params,
        *any_params,
        *visible_params,
        *any_params,
        all_area_ids,
        COVERAGE_FACTORS,
        [term.weight for term in terms],
        *any_params,
        HIGHLIGHT_START,
        HIGHLIGHT_STOP,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return FindResult(terms)
    by_id = Member.objects.for_cards().in_bulk([row[0] for row in rows])
    found = []
    for member_id, how, score, _total, snippet in rows:
        member = by_id.get(member_id)
        if member is None:  # left the directory between the two statements
            continue
        member.score = score
        member.reason = _reason(member, terms, how)
        member.snippet_html = highlight(snippet) if snippet and HIGHLIGHT_START in snippet else ""
        found.append(member)
    return FindResult(terms, found, rows[0][3])


def _reason(member: Member, terms: list[NeedTerm], how: list[int]) -> Reason:
    area_ids: set[int] = set()
    words: list[str] = []
    for term, code in zip(terms, how, strict=True):
        if code in (AREA, NARROWER_AREA):
            area_ids.update(term.area_ids)
            area_ids.update(term.narrower_ids)
        elif code in (PROFILE_TEXT, BIOGRAPHY):
            words.append(term.text)
    areas: list[ExpertiseArea] = [link.area for link in member.expertise_links if link.area_id in area_ids]
    return Reason(tuple(areas), tuple(words))
