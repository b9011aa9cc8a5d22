"""Fuzzing content blocks: mutated and random front matter gives a block or one BookletError
naming the file, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booklet.library import load_library
from booklet.library.blocks import FrontMatter
from booklet.project import content_dir

from ..support.fuzzing import documents, fuzz_settings, loads_or_explains, mutated

pytestmark = pytest.mark.fuzz

BLOCKS = [path.read_text("utf-8") for path in sorted(content_dir().rglob("*.md"))[::6]]
FRONT_KEYS = list(FrontMatter.model_fields)


def check_block(data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "technique" / "block.md"
        path.parent.mkdir()
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        loads_or_explains(lambda p: load_library([p.parent.parent]), path)


def front_matter_of(block: str) -> str:
    return block.split("---\n", 2)[1]


@fuzz_settings(60)
@given(st.sampled_from(BLOCKS).flatmap(lambda block: mutated(front_matter_of(block))))
def test_mutated_front_matter(front):
    check_block(f"---\n{front}---\nSome text.\n")


@fuzz_settings(40)
@given(st.sampled_from(BLOCKS).flatmap(
    lambda block: documents(FRONT_KEYS, front_matter_of(block))))
def test_generated_front_matter(front):
    check_block(f"---\n{front}---\nSome text.\n")


@fuzz_settings(30)
@given(st.sampled_from(BLOCKS).flatmap(mutated))
def test_mutated_blocks(text):
    check_block(text)


@fuzz_settings(30)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300),
                 st.binary(max_size=300).map(lambda tail: b"---\n" + tail)))
def test_random_block_bytes(data):
    check_block(data)
