"""Content front matter goes through the same safe YAML reader as profiles (issue 18): hostile
YAML is one clear error naming the block file and its line; a byte-order mark is accepted."""

from __future__ import annotations

import textwrap

import pytest

from booklet.errors import ContentError
from booklet.library import load_library, read_block

from ..support.fuzzing import alias_bomb

FRONT = textwrap.dedent("""\
    id: technique/posture
    title: Posture
    category: technique
    levels: [beginner, intermediate, advanced]
    phases: [base, build]
    summary: Stand tall and lean from the ankles.
""")


def write_block(tmp_path, front: str, prefix: bytes = b""):
    path = tmp_path / "technique" / "posture.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(prefix + f"---\n{front}---\nStand tall.\n".encode())
    return path


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = write_block(tmp_path, FRONT, prefix=b"\xef\xbb\xbf")
    block = read_block(path)
    assert (block.id, block.body, block.body_line) == ("technique/posture", "Stand tall.\n", 9)
    assert load_library([tmp_path]).blocks["technique/posture"].source == path


@pytest.mark.parametrize(("front", "line", "key", "fragment"), [
    (FRONT + "1: x\n", 8, None, "a key must be text, but YAML reads '1' as a whole number"),
    (FRONT + "dose:\n  beginner: {sets: 2, reps: 8, no: 1}\n", 9, "dose.beginner",
     "YAML reads 'no' as true or false"),
    (FRONT.replace("Posture", "!!float 2026-12-07"), 3, "title",
     "'2026-12-07' is not a number; remove the tag !!float"),
    (FRONT + "minutes: !!int " + "9" * 5000 + "\n", 8, "minutes", "is too long"),
    (FRONT + "minutes: 012\n", 8, "minutes", "write 012 without its leading zero (12)"),
    (FRONT + "order: .inf\n", 8, "order", ".inf is not a finite number"),
    (FRONT + "extra: &a [*a]\n", 8, None, "*a is used inside its own anchor &a"),
    (FRONT + "extra: " + "[" * 3000 + "]" * 3000 + "\n", 8, None, "nested more than 32"),
    (alias_bomb(), 5, None, "more than 10,000 values once its aliases (*name) are expanded"),
])
def test_hostile_front_matter_is_one_clear_problem(tmp_path, front, line, key, fragment):
    path = write_block(tmp_path, front)
    with pytest.raises(ContentError) as caught:
        load_library([tmp_path])
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert fragment in problems[0].message
    assert (problems[0].file, problems[0].line, problems[0].key) == (path, line, key)
