"""The shared file cache still keeps itself bounded while counting its files only now and then."""

from mmin.cache import SharedFileCache


def test_the_shared_cache_culls_only_on_sampled_sets(tmp_path, monkeypatch):
    cache = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    monkeypatch.setattr("mmin.cache.random.randrange", lambda n: 1)  # never sampled
    for n in range(30):
        cache.set(f"key-{n}", n)
    assert len(cache._list_cache_files()) == 30

    monkeypatch.setattr("mmin.cache.random.randrange", lambda n: 0)  # this set counts the files
    cache.set("one-more", 1)
    assert len(cache._list_cache_files()) <= 16
    assert cache.get("one-more") == 1
