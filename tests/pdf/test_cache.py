"""pdf.cache: what the cache returns is what was put, or nothing; it never fails a build."""

from __future__ import annotations

import os
import time

from sotay.pdf.cache import UNUSED_KEPT_SECONDS, Cache


def test_an_entry_comes_back_as_it_was_put(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.put("pdf", "k", b"%PDF-1.7 data")
    assert Cache(tmp_path / "cache").get("pdf", "k") == b"%PDF-1.7 data"
    assert Cache(None).get("pdf", "k") is None


def test_a_damaged_entry_is_discarded_not_returned(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.put("pdf", "truncated", b"%PDF-1.7 " + b"x" * 1000)
    cache.put("pdf", "flipped", b"%PDF-1.7 " + b"y" * 1000)
    truncated, flipped = tmp_path / "cache/pdf/truncated", tmp_path / "cache/pdf/flipped"
    truncated.write_bytes(truncated.read_bytes()[:500])
    data = bytearray(flipped.read_bytes())
    data[-10] ^= 0x01
    flipped.write_bytes(bytes(data))
    (tmp_path / "cache/pdf/headless").write_bytes(b"%PDF-1.7 written by an older version")
    for key in ("truncated", "flipped", "headless"):
        assert cache.get("pdf", key) is None, key
        assert not (tmp_path / "cache/pdf" / key).exists(), key


def test_a_cache_that_cannot_be_written_holds_nothing_and_fails_nothing(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    cache = Cache(blocked)
    cache.put("pdf", "k", b"data")  # no exception
    assert cache.get("pdf", "k") is None
    cache.prune()


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_prune_keeps_what_was_used_and_another_build_s_fresh_temporary_files(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.put("pdf", "used", b"1")
    Cache(tmp_path / "cache").put("pdf", "unused", b"2")
    _age(tmp_path / "cache/pdf/unused", UNUSED_KEPT_SECONDS + 60)
    fresh = tmp_path / "cache/pdf/other.123.456.tmp"
    stale = tmp_path / "cache/pdf/other.789.1.tmp"
    fresh.write_bytes(b"being written")
    stale.write_bytes(b"left by a killed build")
    _age(stale, 2 * 3600)
    cache.prune()
    assert sorted(p.name for p in (tmp_path / "cache/pdf").iterdir()) == ["other.123.456.tmp", "used"]


def test_prune_never_deletes_what_another_build_uses(tmp_path):
    """Two builds share the cache (two editions): one's prune leaves the other's entries alone."""
    national, edition = Cache(tmp_path / "cache"), Cache(tmp_path / "cache")
    national.put("typst", "shared", b"both")
    edition.put("typst", "own", b"the edition's page")
    _age(tmp_path / "cache/typst/own", 3600)
    _age(tmp_path / "cache/typst/shared", UNUSED_KEPT_SECONDS + 60)
    assert edition.get("typst", "shared") == b"both"  # read now: used now
    national.prune()  # the national build never used "own", and "shared" was old until read
    assert sorted(p.name for p in (tmp_path / "cache/typst").iterdir()) == ["own", "shared"]
    _age(tmp_path / "cache/typst/own", UNUSED_KEPT_SECONDS + 60)
    national.prune()
    assert sorted(p.name for p in (tmp_path / "cache/typst").iterdir()) == ["shared"]
