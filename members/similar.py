"""Similar members: people who share a profile's expertise areas, the rarer areas counting more.

An area held by few active members says more about two people than one nearly everyone lists, so each
shared area is weighted by its inverse document frequency, ln(1 + N / n), where N is the number of active
members and n those who list the area (the weighting Profiles RNS uses for its "similar people").

As in Profiles RNS, the lists are computed ahead of time and stored (SimilarMember): a profile page reads
its lines in one query however many people share its areas. `refresh_similar()` scores everyone against
everyone with a matrix product, a block of members at a time (under a minute for 100,000 members). It
runs nightly (`manage.py refresh_similar`), and for one member from a queued task whenever their
expertise changes or their profile is approved; that task also refreshes the lists most likely to change
with theirs (see refresh_similar). Other lists catch up overnight; a line whose member has since become
hidden is never shown.
"""

import io
import math
from collections.abc import Iterable

import numpy as np
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django_tasks import task

from expertise.models import ExpertiseArea
from members.models import Member, MemberExpertise, SimilarMember

SIMILAR_LIMIT = 6
# Weights are kept to three decimals as whole numbers: any sum of them is then exact in float32 (below 2**24
# for a member listing up to about 1,400 areas), so equal scores are equal whatever order BLAS adds them in.
WEIGHT_SCALE = 1000
# Members scored at once: a block's scores take BLOCK_ROWS x members x 4 bytes (200 MB at 100,000 members).
BLOCK_ROWS = 512
# The best of the first 1/HEAD_FRACTION of the columns bounds a row's k-th best score from below.
HEAD_FRACTION = 64
# A member's change refreshes at once the lists of everyone sharing an area that at most this many list (the rest
# catch up overnight): their best matches are the most likely to change.
RARE_AREA_HOLDERS = 1000
# Places ranked beyond the signed-in list, from which the visitors' list (public profiles only) is taken.
SPARE_PLACES = 6
HOLDERS_CACHE_KEY = "members.similar.holders"
# Rarity drifts slowly: ten-minute-old counts weigh areas as well as fresh ones.
HOLDERS_CACHE_SECONDS = 600

HOLDERS_SQL = """
SELECT NULL::bigint, count(*) FROM {members} WHERE status = %s
UNION ALL
SELECT link.area_id, count(*)
FROM {links} AS link JOIN {members} AS holder ON holder.id = link.member_id AND holder.status = %s
GROUP BY link.area_id
"""

# Every active member in tie order (equal scores go by name), their links, and the areas in name order.
MEMBERS_SQL = "SELECT id, profile_visibility FROM {members} WHERE status = %s ORDER BY full_name, id"
LINKS_SQL = """
SELECT link.member_id, link.area_id
FROM {links} AS link JOIN {members} AS member ON member.id = link.member_id AND member.status = %s
"""
AREAS_SQL = "SELECT id FROM {areas} ORDER BY name, id"
LISTED_SQL = "SELECT DISTINCT member_id FROM {lines}"
DELETE_SQL = "DELETE FROM {lines} WHERE member_id = ANY(%s)"
# A block's lines go through a scratch table, so that someone deleted (a merged duplicate) since the network
# was read is left out rather than failing the whole refresh on a foreign key.
SCRATCH_SQL = """
CREATE TEMPORARY TABLE similar_incoming (
    member_id bigint, similar_id bigint, audience varchar(10), rank smallint, score float8, shared_area_ids bigint[]
)
"""
COPY_SQL = "COPY similar_incoming FROM STDIN"
INSERT_SQL = """
INSERT INTO {lines} (member_id, similar_id, audience, rank, score, shared_area_ids)
SELECT incoming.* FROM similar_incoming AS incoming
WHERE EXISTS (SELECT FROM {members} WHERE id = incoming.member_id)
  AND EXISTS (SELECT FROM {members} WHERE id = incoming.similar_id)
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "members": quote(Member._meta.db_table),
        "links": quote(MemberExpertise._meta.db_table),
        "areas": quote(ExpertiseArea._meta.db_table),
        "lines": quote(SimilarMember._meta.db_table),
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


# ---------------------------------------------------------------------------------------------- reading


def similar_members(member: Member, viewer, *, areas: list[ExpertiseArea], limit: int = SIMILAR_LIMIT) -> list[Member]:
    """Up to `limit` profiles `viewer` may see that share `member`'s `areas`, best first: one query, none without areas.

    Each carries `score`, `institution_label` and `shared_areas`: (name, url) pairs, rarest first, of the
    member's current areas (one given up since the list was computed is left out, and a line sharing none
    of them is dropped).
    """
    if not areas:
        return []
    audience = SimilarMember.Audience.MEMBERS if viewer.is_authenticated else SimilarMember.Audience.PUBLIC
    lines = (
        SimilarMember.objects.filter(member=member, audience=audience, similar__in=Member.objects.visible_to(viewer))
        .select_related("similar__institution")
        # What the list shows: not the profiles' search documents and biographies.
        .only(
            "score",
            "shared_area_ids",
            *(f"similar__{name}" for name in ("slug", "title", "full_name", "job_title", "photo", "photo_thumbnail")),
            "similar__institution__name",
            "similar__institution__short_name",
        )
        .order_by("rank")[:limit]
    )
    by_id = {area.pk: area for area in areas}
    found = []
    for line in lines:
        shared = [by_id[area_id] for area_id in line.shared_area_ids if area_id in by_id]
        if shared:
            other = line.similar
            other.score = line.score
            other.institution_label = other.institution.short_name or other.institution.name
            other.shared_areas = [(area.name, area.get_absolute_url()) for area in shared]
            found.append(other)
    return found


# ---------------------------------------------------------------------------------------------- computing


class Network:
    """Every active member's areas as a matrix: rows in tie order (name, then id), area columns rarest first."""

    def __init__(self):
        tables = _tables()
        with connection.cursor() as cursor:
            cursor.execute(MEMBERS_SQL.format(**tables), [Member.Status.ACTIVE])
            members = cursor.fetchall()
            cursor.execute(LINKS_SQL.format(**tables), [Member.Status.ACTIVE])
            links = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
            cursor.execute(AREAS_SQL.format(**tables))
            area_order = {area_id: position for position, (area_id,) in enumerate(cursor.fetchall())}
        self.ids = np.array([member_id for member_id, _visibility in members], dtype=np.int64)
        visibility = np.array([visibility for _member_id, visibility in members], dtype=object)
        by_id = np.argsort(self.ids)
        rows = by_id[np.searchsorted(self.ids, links[:, 0], sorter=by_id)]
        held_areas, columns, holders = np.unique(links[:, 1], return_inverse=True, return_counts=True)
        # Columns rarest first (ties by name), so a pair's shared areas come out in the order the page shows them.
        order = sorted(range(len(held_areas)), key=lambda c: (holders[c], area_order.get(int(held_areas[c]), 0)))
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        self.area_ids = held_areas[order]
        self.matrix = np.zeros((len(self.ids), len(order)), dtype=np.float32)
        self.matrix[rows, position[columns]] = 1
        self.holders = holders[order]
        idf = np.log1p(max(len(self.ids), 1) / self.holders)
        self.weights = np.round(idf * WEIGHT_SCALE).astype(np.float32)
        self.is_public = public = visibility == Member.ProfileVisibility.PUBLIC
        signed_in = public | (visibility == Member.ProfileVisibility.MEMBERS)
        # Who may appear in each audience's lists: their row numbers, and their areas transposed for the product.
        self.audiences = {
            audience: (rows, np.ascontiguousarray(self.matrix[rows].T))
            for audience, rows in (
                (SimilarMember.Audience.PUBLIC, np.flatnonzero(public)),
                (SimilarMember.Audience.MEMBERS, np.flatnonzero(signed_in)),
            )
        }
        self.with_areas = np.flatnonzero(self.matrix.any(axis=1))

    def holders_of_rare_areas(self, rows: np.ndarray) -> np.ndarray:
        """Row numbers of everyone who lists one of these rows' areas that at most RARE_AREA_HOLDERS list."""
        areas = np.flatnonzero(self.matrix[rows].any(axis=0))
        rare = areas[self.holders[areas] <= RARE_AREA_HOLDERS]
        return np.flatnonzero(self.matrix[:, rare].any(axis=1))

    def rows_of(self, member_ids: Iterable[int]) -> np.ndarray:
        """Row numbers of those of `member_ids` who are active and list an area."""
        wanted = np.isin(self.ids[self.with_areas], np.fromiter(member_ids, dtype=np.int64))
        return self.with_areas[wanted]

    def best(self, rows: np.ndarray, limit: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """For each audience: each given row's `limit` most similar rows (-1 pads a short list) and their scores."""
        weighted = self.matrix[rows] * self.weights
        # Visitors see the signed-in list without its members-only profiles, so one ranking a few places longer
        # settles both lists for nearly every row; the few it leaves short are ranked among public profiles alone.
        ranked, scores = self._ranked(weighted, rows, SimilarMember.Audience.MEMBERS, limit + SPARE_PLACES)
        public = (ranked >= 0) & self.is_public[np.maximum(ranked, 0)]
        place = np.cumsum(public, axis=1) - 1
        row, column = np.nonzero(public & (place < limit))
        public_ranked = np.full((len(rows), limit), -1, dtype=np.int64)
        public_scores = np.zeros((len(rows), limit), dtype=np.float32)
        public_ranked[row, place[row, column]] = ranked[row, column]
        public_scores[row, place[row, column]] = scores[row, column]
        short = np.flatnonzero((public.sum(axis=1) < limit) & (ranked[:, -1] >= 0))
        if len(short):
            public_ranked[short], public_scores[short] = self._ranked(
                weighted[short], rows[short], SimilarMember.Audience.PUBLIC, limit
            )
        return {
            SimilarMember.Audience.PUBLIC: (public_ranked, public_scores),
            SimilarMember.Audience.MEMBERS: (ranked[:, :limit], scores[:, :limit]),
        }

    def _ranked(self, weighted: np.ndarray, rows: np.ndarray, audience: str, limit: int):
        candidates, candidate_areas = self.audiences[audience]
        scores = weighted @ candidate_areas
        # Nobody is similar to themself.
        is_candidate = np.isin(rows, candidates)
        scores[np.flatnonzero(is_candidate), np.searchsorted(candidates, rows[is_candidate])] = -1
        columns, best_scores = top_columns(scores, limit)
        return np.where(columns >= 0, candidates[columns], -1), best_scores


def top_columns(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's `k` highest positive scores and their columns, ties to the lower column; -1 columns pad short rows."""
    height, width = scores.shape
    head = width // HEAD_FRACTION
    if head < 2 * k:
        rows, columns = np.divmod(np.flatnonzero(scores > 0), width)
    else:
        # Ranked by (score, earlier column), the k-th best of the first `head` columns is no better than the
        # row's k-th best overall. So the k best are among the columns scoring above that bound and the head's
        # own k best: a few hundred columns of 100,000, found in one pass instead of a sort of every row.
        tie_order = np.arange(head - 1, -1, -1, dtype=np.float64)
        keys = scores[:, :head].astype(np.float64) * width + tie_order
        head_best = np.argpartition(keys, head - k, axis=1)[:, head - k :]
        head_scores = np.take_along_axis(scores[:, :head], head_best, axis=1)
        bound = head_scores.min(axis=1, keepdims=True)
        # (flatnonzero: numpy's two-dimensional nonzero is ten times slower on these arrays)
        rows, columns = np.divmod(np.flatnonzero(scores > np.maximum(bound, 0)), width)
        at_bound = np.nonzero(head_scores == bound)
        rows = np.concatenate([rows, at_bound[0]])
        columns = np.concatenate([columns, head_best[at_bound]])
    values = scores[rows, columns]
    positive = values > 0
    rows, columns, values = rows[positive], columns[positive], values[positive]
    order = np.lexsort((columns, -values, rows))
    rows, columns, values = rows[order], columns[order], values[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < k
    best_columns = np.full((height, k), -1, dtype=np.int64)
    best_scores = np.zeros((height, k), dtype=np.float32)
    best_columns[rows[keep], rank[keep]] = columns[keep]
    best_scores[rows[keep], rank[keep]] = values[keep]
    return best_columns, best_scores


def refresh_similar(member_ids: Iterable[int] | None = None, *, neighbours: bool = False) -> int:
    """Compute and store the similar members of `member_ids` (everyone when None); returns how many lists were written.

    With `neighbours`, the lists most likely to change with theirs are computed again too: of the members
    who now appear in their lists, of those whose lists show them, and of everyone sharing one of their rare
    areas. So someone who takes up an area shows at once on the profiles of the people most like them, and
    someone who gives one up leaves the lists they no longer belong in.
    """
    network = Network()
    if member_ids is None:
        rows = network.with_areas
        with connection.cursor() as cursor:
            cursor.execute(LISTED_SQL.format(**_tables()))
            requested = {member_id for (member_id,) in cursor.fetchall()}
    else:
        requested = set(member_ids)
        rows = network.rows_of(requested)
    written = _write(network, rows, stale=requested - set(network.ids[rows].tolist()))
    if neighbours and requested:
        lines = SimilarMember.objects.filter(Q(member__in=requested) | Q(similar__in=requested))
        others = {member_id for pair in lines.values_list("member_id", "similar_id") for member_id in pair}
        others.update(network.ids[network.holders_of_rare_areas(rows)].tolist())
        written += _write(network, network.rows_of(others - requested), stale=set())
    return written


def _write(network: Network, rows: np.ndarray, *, stale: set[int]) -> int:
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute(DELETE_SQL.format(**tables), [sorted(stale)])
    for start in range(0, len(rows), BLOCK_ROWS):
        block = rows[start : start + BLOCK_ROWS]
        text = _copy_text(network, block, network.best(block, SIMILAR_LIMIT))
        with transaction.atomic(), connection.cursor() as cursor:
            _lock(cursor)
            cursor.execute(SCRATCH_SQL)
            cursor.copy_expert(COPY_SQL, io.StringIO(text))
            cursor.execute(DELETE_SQL.format(**tables), [network.ids[block].tolist()])
            cursor.execute(INSERT_SQL.format(**tables))
            cursor.execute("DROP TABLE similar_incoming")
    return len(rows)


def _lock(cursor) -> None:
    # The nightly refresh and a member's own task may rewrite the same list; one writer at a time.
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [SimilarMember._meta.db_table])


def _copy_text(network: Network, block: np.ndarray, found: dict[str, tuple[np.ndarray, np.ndarray]]) -> str:
    """The block's lines in COPY's text format."""
    out = []
    for audience, (similar_rows, scores) in found.items():
        row_index, rank = np.nonzero(similar_rows >= 0)
        profiles, others = block[row_index], similar_rows[row_index, rank]
        pair, column = np.nonzero(network.matrix[profiles] * network.matrix[others])
        shared = np.split(network.area_ids[column], np.searchsorted(pair, np.arange(1, len(profiles))))
        for profile, other, position, score, areas in zip(
            network.ids[profiles], network.ids[others], rank, scores[row_index, rank], shared, strict=True
        ):
            shared_ids = ",".join(map(str, areas.tolist()))
            score = float(score) / WEIGHT_SCALE
            out.append(f"{profile}\t{other}\t{audience}\t{position + 1}\t{score!r}\t{{{shared_ids}}}\n")
    return "".join(out)


@task()
def refresh_similar_lists(member_ids: list[int]) -> None:
    """Compute again the similar members of these members, and the lists most likely to change with theirs."""
    refresh_similar(member_ids, neighbours=True)


def queue_similar_refresh(member_ids: Iterable[int]) -> None:
    """Queue a refresh of these members' lists; the task row is part of the caller's transaction."""
    member_ids = sorted(set(member_ids))
    if member_ids:
        refresh_similar_lists.enqueue(member_ids)
