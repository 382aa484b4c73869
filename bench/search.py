"""Search and profile page benchmark against the large network (`make bench`).

Runs inside Django (settings from the environment, normally the embedded
`mmin_scale` database filled by `manage.py seed_scale`), requests pages through
the test client and times, for each page, the whole Django response and the SQL
it ran (an execute wrapper sums database time). Prints one JSON object.

The page cache is off and the shared cache starts empty, so repeating a search measures the work itself.
Profile pages are measured twice: ten profiles opened again and again, and 200 others opened once each
(nothing of theirs cached by the site; similar members are stored lines, computed by
`seed_scale` as by the nightly `refresh_similar`).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmin.settings")
os.environ.setdefault("MMIN_DATABASE_NAME", "mmin_scale")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from institutions.models import Institution  # noqa: E402
from members.models import Member  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
# Profiles opened once each: the first visit to a page nobody opened lately.
COLD_PROFILES = int(os.environ.get("BENCH_COLD_PROFILES", "200"))


class SqlTimer:
    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url):
    pages, sqls, queries = [], [], set()
    client.get(url)  # warm caches (vocabulary, plans)
    for _ in range(REPEATS):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        pages.append(elapsed * 1000)
        sqls.append(timer.seconds * 1000)
        queries.add(timer.queries)
    return {
        "url": url,
        "page_ms": {
            "p50": round(statistics.median(pages), 1),
            "p95": round(percentile(pages, 0.95), 1),
            "p99": round(percentile(pages, 0.99), 1),
        },
        "sql_ms": {
            "p50": round(statistics.median(sqls), 1),
            "p95": round(percentile(sqls, 0.95), 1),
            "p99": round(percentile(sqls, 0.99), 1),
        },
        "page_to_sql": round(statistics.median(pages) / max(statistics.median(sqls), 0.001), 2),
        # What the page costs beside its SQL (forms, ORM rows, rendering): fixed, whatever the SQL takes.
        "page_minus_sql_ms": round(statistics.median(pages) - statistics.median(sqls), 1),
        "queries": sorted(queries),
        "_samples": (pages, sqls),
    }


def measure_once_each(client, urls):
    """Each page once, as a visitor arriving at a profile nobody opened lately."""
    pages, sqls, queries = [], [], set()
    for url in urls:
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        pages.append(elapsed * 1000)
        sqls.append(timer.seconds * 1000)
        queries.add(timer.queries)
    return {
        "pages": len(urls),
        "page_ms": {name: round(percentile(pages, q), 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "sql_ms": {name: round(percentile(sqls, q), 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "queries": sorted(queries),
    }


def summarise(results):
    """Pooled percentiles over every request of the set (the workload), plus the worst single query."""
    pages = [ms for r in results for ms in r.pop("_samples")[0]]
    return {
        "page_ms": {name: round(percentile(pages, q), 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "slowest_query_p50_ms": max(r["page_ms"]["p50"] for r in results),
        "page_to_sql_max": max(r["page_to_sql"] for r in results),
        "page_minus_sql_ms_max": max(r["page_minus_sql_ms"] for r in results),
        "queries_max": max(max(r["queries"]) for r in results),
    }


def main():
    client = Client()
    members = Member.objects.public()
    sample = members.order_by("pk")[members.count() // 2]
    institution = Institution.objects.order_by("pk").first()
    typical = [
        f"/members/?q={sample.full_name.split()[-1]}",  # a surname
        f"/members/?q={sample.full_name.replace(' ', '+')}",  # a full name
        "/members/?q=tractography",  # a specific technique
        "/members/?q=magnetoencephalography",
        "/members/?q=diffusion+epilepsy",  # technique + application
        "/members/?q=MEG+dementia",
        f"/members/?q=epilepsy&institution={institution.pk}",  # a facet filter
        "/members/?q=epilepsy&role=clinician",
        "/members/?q=okafer",  # a misspelled name (trigram fallback)
    ]
    worst = [
        "/members/?q=imaging",  # a word nearly every profile contains
        "/members/?q=brain",
        f"/members/?q=MRI&institution={institution.pk}",  # a broad term (40% of profiles) and a filter
        "/members/",  # the empty query: everyone, with facets
    ]
    sampled = [m.get_absolute_url() for m in members.order_by("?")[: 10 + COLD_PROFILES]]
    profiles, cold_profiles = sampled[:10], sampled[10:]
    typical_results = [measure(client, url) for url in typical]
    worst_results = [measure(client, url) for url in worst]
    profile_results = [measure(client, url) for url in profiles]
    cold_profile_results = measure_once_each(client, cold_profiles)
    report = {
        "members": Member.objects.count(),
        "repeats": REPEATS,
        "database": connection.settings_dict["NAME"],
        "typical": {"summary": summarise(typical_results), "pages": typical_results},
        "worst_case": {"summary": summarise(worst_results), "pages": worst_results},
        "profile": {"summary": summarise(profile_results), "pages": profile_results},
        "profile_uncached": cold_profile_results,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
