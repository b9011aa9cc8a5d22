"""No text we ship shares a run of 8 or more words with the seed article.

The article itself is not in the repository: tests/data/seed-8grams.txt holds a hash of each
of its 8-word runs. Regenerate it with
`python -m tests.library.test_originality PATH/TO/article.txt`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from booklet.project import content_dir, templates_dir

RUN = 8
HASHES = Path(__file__).resolve().parents[1] / "data" / "seed-8grams.txt"


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def digest(run: list[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def runs(text: str) -> dict[str, str]:
    w = words(text)
    return {digest(w[i:i + RUN]): " ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def shipped_texts() -> list[Path]:
    files = [p for p in content_dir().rglob("*") if p.suffix in (".md", ".svg")]
    files += [p for p in templates_dir().rglob("*") if p.is_file()]
    return sorted(files)


def test_hash_file_is_present():
    assert len(HASHES.read_text().split()) > 1000


@pytest.mark.parametrize("path", shipped_texts(), ids=lambda p: p.name)
def test_no_shared_run_of_eight_words(path):
    seed = set(HASHES.read_text().split())
    shared = [run for h, run in runs(path.read_text(encoding="utf-8")).items() if h in seed]
    assert not shared, f"{path} shares word runs with the seed article: {shared}"


def test_detector_finds_a_copied_sentence():
    # A known 8-word run of the article must be detected (guards the normaliser and hashes).
    seed = set(HASHES.read_text().split())
    planted = "Keep Track Of Each Session's perceived exertion and distance, not solely pace."
    assert any(h in seed for h in runs(planted))


if __name__ == "__main__":
    article = Path(sys.argv[1]).read_text(encoding="utf-8")
    HASHES.write_text("\n".join(sorted(runs(article))) + "\n")
    print(f"wrote {len(runs(article))} hashes to {HASHES}")
