"""The network dashboard in the admin (/admin/dashboard/): how the directory is doing, for curators.

Every figure is one grouped query (a dozen in all, whatever the size of the network). Charts
are inline SVG drawn here on the server (no script, no CDN); each comes with a table of its
numbers for screen readers, and the SVG itself is hidden from them.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Greatest, TruncMonth
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from expertise.models import ExpertiseArea, Facet
from institutions.models import Facility, Institution
from members.collaboration import request_figures
from members.models import Member, SearchGap
from members.search import taxonomy

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 370
PLOT_WIDTH = 420
GROWTH_MONTHS = 24
GAP_LIMIT = 15
HEAT_LEVELS = 6


# ---------------------------------------------------------------- chart geometry


@dataclass
class Bar:
    label: str
    value: int
    y: int = 0
    width: float = 0
    url: str = ""


@dataclass
class BarChart:
    """Horizontal bars, one per label, scaled to the largest value."""

    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    def __post_init__(self):
        top = max((bar.value for bar in self.bars), default=0) or 1
        for index, bar in enumerate(self.bars):
            bar.y = index * (BAR_HEIGHT + BAR_GAP)
            bar.width = round(bar.value / top * (self.plot_width - 50), 1)

    @property
    def height(self) -> int:
        return max(len(self.bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width

    @property
    def text_y(self) -> int:
        return BAR_HEIGHT // 2 + 5


@dataclass
class Column:
    label: str
    new: int
    total: int
    x: float = 0
    height: float = 0
    y: float = 0
    line_y: float = 0


@dataclass
class ColumnChart:
    """Monthly columns (new members) with a line for the running total, each on its own scale."""

    columns: list[Column]
    plot_height: int = 180
    column_width: int = 22

    def __post_init__(self):
        top_new = max((c.new for c in self.columns), default=0) or 1
        top_total = max((c.total for c in self.columns), default=0) or 1
        for index, column in enumerate(self.columns):
            column.x = 40 + index * (self.column_width + 6)
            column.height = round(column.new / top_new * (self.plot_height - 20), 1)
            column.y = self.plot_height - column.height
            column.line_y = round(self.plot_height - column.total / top_total * (self.plot_height - 20), 1)

    @property
    def width(self) -> int:
        return 40 + len(self.columns) * (self.column_width + 6) + 20

    @property
    def height(self) -> int:
        return self.plot_height + 56

    @property
    def line_points(self) -> str:
        half = self.column_width / 2
        return " ".join(f"{c.x + half},{c.line_y}" for c in self.columns)

    @property
    def label_every(self) -> int:
        return 3


@dataclass
class HeatCell:
    value: int
    level: int
    x: int
    dark: bool


@dataclass
class HeatRow:
    label: str
    y: int
    cells: list[HeatCell]


@dataclass
class Heatmap:
    """Institutions (rows) by expertise areas (columns); a cell's shade grows with its member count."""

    title: str
    slug: str
    columns: list[str]
    rows: list[HeatRow] = field(default_factory=list)
    cell: int = 40
    label_width: int = LABEL_WIDTH
    header_height: int = 150

    @classmethod
    def build(cls, title: str, slug: str, columns: list[tuple[int, str]], rows: list[tuple[str, dict[int, int]]]):
        top = max((n for _label, counts in rows for n in counts.values()), default=0) or 1
        heatmap = cls(title, slug, [name for _pk, name in columns])
        for index, (label, counts) in enumerate(rows):
            cells = []
            for column_index, (pk, _name) in enumerate(columns):
                value = counts.get(pk, 0)
                level = 0 if value == 0 else 1 + round((value / top) * (HEAT_LEVELS - 2))
                cells.append(HeatCell(value, level, heatmap.label_width + column_index * heatmap.cell, level >= 4))
            heatmap.rows.append(HeatRow(label, heatmap.header_height + index * heatmap.cell, cells))
        return heatmap

    @property
    def width(self) -> int:
        # Room on the right for the last column's label, which runs up and to the right at 45 degrees.
        return self.label_width + len(self.columns) * self.cell + 140

    @property
    def height(self) -> int:
        return self.header_height + len(self.rows) * self.cell + 4

    @property
    def column_labels(self) -> list[tuple[str, float]]:
        return [(name, self.label_width + index * self.cell + self.cell / 2) for index, name in enumerate(self.columns)]


# ---------------------------------------------------------------- figures


def summary() -> dict:
    """Members by status, and how many institutions, facilities and areas: two queries."""
    by_status = dict(Member.objects.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {
        "institutions": Institution.objects.count(),
        "facilities": Facility.objects.count(),
        "areas": ExpertiseArea.objects.count(),
    }
    return {
        "active": by_status.get(Member.Status.ACTIVE, 0),
        "pending": by_status.get(Member.Status.PENDING, 0),
        "suspended": by_status.get(Member.Status.SUSPENDED, 0),
        "left": by_status.get(Member.Status.LEFT, 0),
        **counts,
    }


def members_per_institution() -> BarChart:
    """Active members at each institution, most first (one query)."""
    rows = (
        Institution.objects.annotate(n=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("pk", "name", "n")
    )
    changelist = reverse("admin:members_member_changelist")
    return BarChart(
        [Bar(name, n, url=f"{changelist}?institution__id__exact={pk}&status__exact=active") for pk, name, n in rows]
    )


# expertise_tree_ids holds each member's areas and their ancestors once, so a member counts once per area.
HEAT_SQL = """
SELECT member.institution_id, area_id, count(*)
FROM {members} AS member CROSS JOIN LATERAL unnest(member.expertise_tree_ids) AS area_id
WHERE member.status = %s AND area_id = ANY(%s::bigint[])
GROUP BY 1, 2
"""


def heatmaps(facets=(Facet.MODALITY, Facet.APPLICATION)) -> list[Heatmap]:
    """Active members per institution and top-level area of each facet (narrower areas count): one query."""
    tree = taxonomy()
    tops = {
        facet: sorted(
            ((area.pk, area.name) for area in tree.areas.values() if area.facet == facet and area.parent_id is None),
            key=lambda item: item[1],
        )
        for facet in facets
    }
    wanted = [pk for columns in tops.values() for pk, _name in columns]
    sql = HEAT_SQL.format(members=connection.ops.quote_name(Member._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [Member.Status.ACTIVE, wanted])
        found = cursor.fetchall()
    institutions = dict(Institution.objects.filter(pk__in={row[0] for row in found}).values_list("pk", "name"))
    counts: dict[int, dict[int, int]] = {}
    for institution_id, area_id, n in found:
        counts.setdefault(institution_id, {})[area_id] = n
    ordered = sorted(institutions.items(), key=lambda item: item[1])
    labels = dict(Facet.choices)
    return [
        Heatmap.build(
            _("Members per institution and %(facet)s") % {"facet": str(labels[facet]).lower()},
            f"heat-{facet}",
            tops[facet],
            [
                (name, counts.get(pk, {}))
                for pk, name in ordered
                if any(counts.get(pk, {}).get(a) for a, _n in tops[facet])
            ],
        )
        for facet in facets
        if tops[facet]
    ]


def growth(months: int = GROWTH_MONTHS, now: datetime | None = None) -> ColumnChart:
    """New profiles per month over the last `months` months, with the running total: one query."""
    now = timezone.localtime(now or timezone.now())
    start = now.year * 12 + now.month - 1 - (months - 1)
    first = now.replace(year=start // 12, month=start % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        Member.objects.exclude(status=Member.Status.LEFT)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    per_month, before = {}, 0
    for month, n in rows:
        if month < first:
            before += n
        else:
            per_month[(month.year, month.month)] = n
    columns, total = [], before
    year, month = first.year, first.month
    for _index in range(months):
        new = per_month.get((year, month), 0)
        total += new
        columns.append(Column(datetime(year, month, 1).strftime("%b %Y"), new, total))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ColumnChart(columns)


def freshness(now: datetime | None = None) -> BarChart:
    """Active and pending profiles by when they were last confirmed or edited: one query."""
    now = now or timezone.now()
    last = Greatest("updated_at", "availability_confirmed_at")
    days = settings.STALE_PROFILE_DAYS
    bounds = [
        ("fresh", _("Within 3 months"), Q(last__gte=now - timedelta(days=91))),
        ("recent", _("3 to 6 months ago"), Q(last__lt=now - timedelta(days=91), last__gte=now - timedelta(days=182))),
        (
            "ageing",
            _("6 to 12 months ago"),
            Q(last__lt=now - timedelta(days=182), last__gte=now - timedelta(days=days)),
        ),
        ("stale", _("Over a year ago (stale)"), Q(last__lt=now - timedelta(days=days))),
    ]
    counts = (
        Member.objects.filter(status__in=[Member.Status.ACTIVE, Member.Status.PENDING])
        .annotate(last=last)
        .aggregate(**{key: Count("pk", filter=condition) for key, _label, condition in bounds})
    )
    changelist = reverse("admin:members_member_changelist")
    return BarChart(
        [
            Bar(str(label), counts[key], url=f"{changelist}?freshness=stale" if key == "stale" else "")
            for key, label, _condition in bounds
        ]
    )


def search_gaps(limit: int = GAP_LIMIT) -> tuple[BarChart, list[SearchGap]]:
    gaps = list(SearchGap.objects.order_by("-count", "query")[:limit])
    return BarChart([Bar(gap.query, gap.count) for gap in gaps]), gaps


def requests() -> dict:
    """The collaboration-request figures (members.collaboration), as monthly bars and headline numbers."""
    figures = request_figures(months=12)
    states = [
        ("accepted", _("Accepted")),
        ("declined", _("Declined")),
        ("expired", _("Expired")),
        ("withdrawn", _("Withdrawn")),
        ("pending", _("Pending")),
    ]
    totals = {key: sum(getattr(month, key) for month in figures.months) for key, _label in states}
    try:
        detail_url = reverse("members:requests-dashboard")
    except NoReverseMatch:
        detail_url = ""
    return {
        "figures": figures,
        "months": sorted(figures.months, key=lambda month: month.month),
        "states": BarChart([Bar(str(label), totals[key]) for key, label in states]),
        "sent": sum(month.sent for month in figures.months),
        "median_hours": figures.median_hours_to_answer,
        "detail_url": detail_url,
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard page (staff only: mmin.urls wraps it in admin_site.admin_view)."""
    gap_chart, gaps = search_gaps()
    context = {
        **admin.site.each_context(request),
        "title": _("Network dashboard"),
        "summary": summary(),
        "per_institution": members_per_institution(),
        "heatmaps": heatmaps(),
        "growth": growth(),
        "freshness": freshness(),
        "stale_days": settings.STALE_PROFILE_DAYS,
        "requests": requests(),
        "gap_chart": gap_chart,
        "gaps": gaps,
        "changelist_url": reverse("admin:members_member_changelist"),
    }
    return TemplateResponse(request, "admin/dashboard.html", context)
