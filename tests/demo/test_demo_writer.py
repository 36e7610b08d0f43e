"""Determinism, streaming and the manifest of `vinculo.demo.writer.generate`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vinculo.demo import MANIFEST, Manifest, generate
from vinculo.demo.writer import CHUNK_CELLS
from vinculo.exc import InvalidData


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def test_same_seed_gives_byte_identical_output(tmp_path: Path) -> None:
    one = generate(tmp_path / "a", people=700, seed=11)
    two = generate(tmp_path / "b", people=700, seed=11)
    assert _files(one.root).keys() == _files(two.root).keys()
    for name, data in _files(one.root).items():
        if name == MANIFEST:  # the manifest holds relative paths only, so it matches too
            assert data == _files(two.root)[name]
        assert data == _files(two.root)[name], name
    assert len(_files(one.root)) == 10 + 4 + 1


def test_output_does_not_depend_on_worker_count(tmp_path: Path) -> None:
    # Enough people for two chunks, so the two processes really share the work.
    people = 40 * CHUNK_CELLS
    single = generate(tmp_path / "one", people=people, seed=3, workers=1)
    double = generate(tmp_path / "two", people=people, seed=3, workers=2)
    assert _files(single.root) == _files(double.root)


def test_another_seed_gives_another_world(tmp_path: Path) -> None:
    one = generate(tmp_path / "a", people=300, seed=1)
    two = generate(tmp_path / "b", people=300, seed=2)
    assert one.ground_truth.read_bytes() != two.ground_truth.read_bytes()


@pytest.mark.parametrize("people", [1, 14, 15, 60, 700])
def test_exact_number_of_people_at_any_size(tmp_path: Path, people: int) -> None:
    manifest = generate(tmp_path, people=people, seed=5)
    kinds = [json.loads(line)["kind"] for line in manifest.ground_truth.open("rb")]
    assert kinds.count("person") == people
    assert all(d.path.exists() for d in manifest.datasets)
    assert sum(d.entities for d in manifest.datasets) > people


def test_progress_reports_people(tmp_path: Path) -> None:
    seen: list[int] = []
    generate(tmp_path, people=40 * CHUNK_CELLS, seed=5, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 40 * CHUNK_CELLS and len(seen) > 1


def test_manifest_round_trip(tmp_path: Path) -> None:
    manifest = generate(tmp_path, people=200, seed=9)
    loaded = Manifest.load(tmp_path)
    assert loaded == manifest
    for dataset in loaded.datasets:
        lines = dataset.path.read_bytes().count(b"\n")
        assert lines == dataset.entities
        assert dataset.marking == "AMBER" and dataset.releasability
    text = (tmp_path / MANIFEST).read_text("utf-8")
    assert "import: false" in text  # the side files are marked as not FtM entities


def test_broken_manifest_names_the_file(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("seed: 1\npeople: 2\n", "utf-8")
    with pytest.raises(InvalidData, match="manifest"):
        Manifest.load(tmp_path)


@pytest.mark.parametrize(("people", "seed"), [(0, 1), (10, -1)])
def test_bad_arguments_are_refused(tmp_path: Path, people: int, seed: int) -> None:
    with pytest.raises(InvalidData):
        generate(tmp_path, people=people, seed=seed)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vinculo.demo.__main__ import main

    assert main([str(tmp_path), "--people", "120", "--seed", "4", "--workers", "1"]) == 0
    assert "120 people" in capsys.readouterr().out
    assert Manifest.load(tmp_path).people == 120
    assert main([str(tmp_path), "--people", "0"]) == 2


def test_output_does_not_depend_on_string_hashing(tmp_path: Path) -> None:
    """Two interpreters with different hash seeds write the same bytes (no set order leaks)."""
    for name, hash_seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "vinculo.demo",
                str(tmp_path / name),
                "--people",
                "400",
                "--workers",
                "1",
            ],
            check=True,
            env=env,
            capture_output=True,
            cwd=Path(__file__).parents[2],
        )
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
