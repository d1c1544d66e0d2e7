"""publish: the finished site takes the place of the old one whole; leftovers never block a build."""

from __future__ import annotations

from sotay.publish import remove_leftovers, replace_folder, working_folder


def test_the_new_site_replaces_the_old_one_and_nothing_is_left_beside_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging = working_folder(site, "new")
    assert staging.name.startswith("site.new-") and not any(staging.iterdir())
    (staging / "index.html").write_text("new")
    replace_folder(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    # A first build: no site yet.
    fresh = working_folder(tmp_path / "other", "new")
    replace_folder(fresh, tmp_path / "other")
    assert (tmp_path / "other").is_dir()


def test_two_builds_get_working_folders_of_their_own(tmp_path):
    site = tmp_path / "site"
    assert working_folder(site, "new") != working_folder(site, "new")


def test_leftovers_of_interrupted_builds_are_removed(tmp_path):
    site = tmp_path / "site"
    for name in ("site.new", "site.new-abc", "site.pdfs-x", "site.old", "site.old-1", "site"):
        (tmp_path / name).mkdir()
    (tmp_path / "site.new-abc" / "page.html").write_text("half a site")
    remove_leftovers(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
