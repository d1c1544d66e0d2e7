"""Write the snapshot of an edition that predates snapshots, from its data in git history.

    python scripts/previous_edition.py 7541dcd data/editions/2025-11-20.json

Used once, for the edition of 20/11/2025 (commit 7541dcd, the data before the source audit's
corrections). That data was written for an older schema; the one difference in meaning is
translated, and said here: a channel with an empty ``fees: []`` was printed "Không" (no fee),
which today is written ``no_fee: true``. Every record is then checked against today's schema.
The editorial rules added since (central desk, steps within the deadline) are not applied: a
snapshot records what an edition said, right or wrong, so that the next one can say what changed.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from sotay.errors import HandbookError  # noqa: E402
from sotay.load import load_dataset  # noqa: E402
from sotay.snapshot import edition_snapshot, snapshot_text  # noqa: E402


def migrate(folder: str, record: dict) -> dict:
    if folder == "procedures":
        for channel in record.get("channels", []):
            if channel.get("fees") == []:
                del channel["fees"]
                channel["no_fee"] = True
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision")
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    archive = subprocess.run(["git", "archive", args.revision, "data"], cwd=REPO, capture_output=True, check=True)
    with tempfile.TemporaryDirectory() as folder:
        tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(folder, filter="data")
        raw = load_dataset(Path(folder) / "data")
        if raw.problems:
            raise HandbookError(raw.problems)
        records = {name: [migrate(name, source.data) for source in sources] for name, sources in raw.records.items()}
        top = {name: source.data for name, source in raw.top.items()}
        snapshot = edition_snapshot(top["handbook"], top["fields"]["fields"], top["levels"]["levels"], records)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(snapshot_text(snapshot), encoding="utf-8")
    print(f"{args.output}: ấn bản {snapshot['edition']}, {len(snapshot['procedures'])} thủ tục")
    return 0


if __name__ == "__main__":
    sys.exit(main())
