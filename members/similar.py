"""Similar members: people who share a profile's expertise areas, the rarer areas counting more.

An area held by few active members says more about two people than one nearly
everyone lists, so each shared area is weighted by its inverse document frequency,
ln(1 + N / n), where N is the number of active members and n those who list the area
(the weighting Profiles RNS uses for its "similar people"). The counts behind the weights
are cached for a few minutes, so a profile page pays for them once in a while, not every time.

Scoring everyone who shares any area reads every link of the member's common areas (over
100,000 rows for a profile listing MRI among 100,000 members). So the candidates come first
from the rarest areas alone; anyone outside them shares only the other areas and scores at
most their total weight. When the sixth best candidate already scores more than that, the
answer is exact and complete; otherwise the profile pays for the full aggregation.
"""

import math

from django.core.cache import cache, caches
from django.db import connection

from expertise.models import ExpertiseArea
from members.models import Member, MemberExpertise

SIMILAR_LIMIT = 6
# Scoring stops at this many best candidates before the viewer's visibility is applied, so a
# profile page never aggregates more than the links of its own areas once.
CANDIDATE_LIMIT = 200
# The rarest areas are taken as the first candidates while together they have at most this many holders.
RARE_HOLDERS_BUDGET = 4000
HOLDERS_CACHE_KEY = "members.similar.holders"
# Rarity drifts slowly: ten-minute-old counts weigh areas as well as fresh ones.
HOLDERS_CACHE_SECONDS = 600
SIMILAR_CACHE_KEY = "members.similar.{pk}.{level}.{limit}.{areas}"
SIMILAR_CACHE_SECONDS = 3600

HOLDERS_SQL = """
SELECT NULL::bigint, count(*) FROM {members} WHERE status = %s
UNION ALL
SELECT link.area_id, count(*)
FROM {links} AS link JOIN {members} AS holder ON holder.id = link.member_id AND holder.status = %s
GROUP BY link.area_id
"""

# Scores are rounded so that equal ones are equal whatever order the plan added the weights in (ties go by name).
# Everyone who lists one of the member's areas, scored: reads every link of those areas.
SCORE_ALL_SQL = """
    SELECT link.member_id, round(sum(weight.idf)::numeric, 9)::float8 AS score
    FROM {links} AS link JOIN weight ON weight.area_id = link.area_id
    WHERE link.member_id <> %s
    GROUP BY link.member_id
"""
# Only those who list one of the given (rare) areas, scored: each candidate's few links through the index.
SCORE_HOLDERS_SQL = """
    SELECT candidate.member_id, round(sum(weight.idf)::numeric, 9)::float8 AS score
    FROM (SELECT DISTINCT member_id FROM {links} WHERE area_id = ANY(%s::bigint[]) AND member_id <> %s) AS candidate
    CROSS JOIN LATERAL (SELECT area_id FROM {links} WHERE member_id = candidate.member_id) AS link
    JOIN weight ON weight.area_id = link.area_id
    GROUP BY candidate.member_id
"""

SIMILAR_SQL = """
WITH weight (area_id, idf) AS (SELECT * FROM unnest(%s::bigint[], %s::float8[])),
scored AS ({scored} ORDER BY score DESC, member_id LIMIT %s)
SELECT member.id, member.slug, member.full_name, member.title, member.job_title, member.photo,
       member.photo_thumbnail, member.institution_id,
       coalesce(nullif(institution.short_name, ''), institution.name) AS institution_label,
       scored.score,
       array_agg(area.name ORDER BY weight.idf DESC, area.name) AS shared_names,
       array_agg(area.slug ORDER BY weight.idf DESC, area.name) AS shared_slugs
FROM scored
JOIN {members} AS member ON member.id = scored.member_id
JOIN {institutions} AS institution ON institution.id = member.institution_id
JOIN {links} AS link ON link.member_id = member.id
JOIN weight ON weight.area_id = link.area_id
JOIN {areas} AS area ON area.id = link.area_id
WHERE member.id IN ({visible})
GROUP BY member.id, institution.id, scored.score
ORDER BY scored.score DESC, member.full_name, member.id
LIMIT %s
"""


def _tables() -> dict[str, str]:
    from institutions.models import Institution

    quote = connection.ops.quote_name
    return {
        "members": quote(Member._meta.db_table),
        "links": quote(MemberExpertise._meta.db_table),
        "institutions": quote(Institution._meta.db_table),
        "areas": quote(ExpertiseArea._meta.db_table),
    }


def area_holders() -> tuple[int, dict[int, int]]:
    """How many active members there are, and how many of them list each area (cached: one query when cold)."""
    cached = cache.get(HOLDERS_CACHE_KEY)
    if cached is None:
        active = Member.Status.ACTIVE
        with connection.cursor() as cursor:
            cursor.execute(HOLDERS_SQL.format(**_tables()), [active, active])
            rows = cursor.fetchall()
        cached = (
            next((n for area_id, n in rows if area_id is None), 0),
            {area_id: n for area_id, n in rows if area_id is not None},
        )
        cache.set(HOLDERS_CACHE_KEY, cached, HOLDERS_CACHE_SECONDS)
    return cached


def forget_area_holders() -> None:
    cache.delete(HOLDERS_CACHE_KEY)


def rarity(area_ids: list[int]) -> list[float]:
    """Each area's weight, ln(1 + N / n): an area few active members list weighs more."""
    total, holders = area_holders()
    return [math.log(1 + max(total, 1) / max(holders.get(area_id, 0), 1)) for area_id in area_ids]


def similar_members(member: Member, viewer, *, area_ids: list[int], limit: int = SIMILAR_LIMIT) -> list[Member]:
    """Up to `limit` profiles `viewer` may see that share `member`'s areas (`area_ids`), best first.

    Cached (shared by the site's processes) per profile and visibility level for an hour: the list changes only when
    people change their expertise, and a profile's own change (a new area list) is a
    new cache entry. When it is not cached: one query, two when the rarest areas'
    holders alone cannot settle the answer. Each result carries `score`,
    `institution_label` and `shared_areas`: (name, url) pairs, rarest first.
    """
    if not area_ids:
        return []
    level = "members" if viewer.is_authenticated else "public"
    key = SIMILAR_CACHE_KEY.format(pk=member.pk, level=level, limit=limit, areas=",".join(map(str, sorted(area_ids))))
    found = caches["shared"].get(key)
    if found is None:
        found = _similar(member, viewer, area_ids, limit)
        caches["shared"].set(key, found, SIMILAR_CACHE_SECONDS)
    return found


def _similar(member: Member, viewer, area_ids: list[int], limit: int) -> list[Member]:
    _total, holders = area_holders()
    area_ids = sorted(set(area_ids), key=lambda area_id: (holders.get(area_id, 0), area_id))
    weights = rarity(area_ids)
    rare, held = [], 0
    for area_id in area_ids:
        held += holders.get(area_id, 0)
        if rare and held > RARE_HOLDERS_BUDGET:
            break
        rare.append(area_id)
    found = _scored(
        member, viewer, area_ids, weights, limit, only_holders_of=rare if len(rare) < len(area_ids) else None
    )
    if len(rare) < len(area_ids):
        # Someone outside the rare areas' holders scores at most the other areas' weights together.
        outside_best = sum(weights[len(rare) :])
        if len(found) < limit or found[-1].score <= outside_best:
            found = _scored(member, viewer, area_ids, weights, limit)
    for other in found:
        other.shared_areas = [
            (name, ExpertiseArea(slug=slug).get_absolute_url())
            for name, slug in zip(other.shared_names, other.shared_slugs, strict=True)
        ]
    return found


def _scored(member, viewer, area_ids, weights, limit, *, only_holders_of: list[int] | None = None) -> list[Member]:
    visible_sql, visible_params = Member.objects.visible_to(viewer).order_by().values("pk").query.sql_with_params()
    tables = _tables()
    if only_holders_of is None:
        scored, scored_params = SCORE_ALL_SQL.format(**tables), [member.pk]
    else:
        scored, scored_params = SCORE_HOLDERS_SQL.format(**tables), [only_holders_of, member.pk]
    sql = SIMILAR_SQL.format(**tables, visible=visible_sql, scored=scored)
    params = [area_ids, weights, *scored_params, max(CANDIDATE_LIMIT, limit), *visible_params, limit]
    return list(Member.objects.raw(sql, params))
