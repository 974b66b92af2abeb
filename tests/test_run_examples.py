"""The example runner: examples side by side, their records in reading order, and a failing one
that stops the build by its name without starting the others."""

import json
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "site_tools"))
pytest.importorskip("nbclient")
import run_examples  # noqa: E402


@pytest.fixture
def examples(tmp_path, monkeypatch):
    """An examples folder of tiny scripts, and a generated folder of its own."""
    folder = tmp_path / "examples"
    folder.mkdir()
    monkeypatch.setattr(run_examples, "EXAMPLES", folder)
    monkeypatch.setattr(run_examples, "GENERATED", tmp_path / "generated")
    return folder


def write(folder, name, body):
    (folder / f"{name}.py").write_text(f"# %%\nimport os, pathlib, time\n{body}\n")


WRITE_MARK = 'pathlib.Path(os.environ["CYLINDERS_OUTPUT"], "done.txt").write_text("done")'


def test_examples_run_side_by_side_and_are_recorded_in_reading_order(examples):
    for name in ("01_first", "02_second", "03_third"):
        write(examples, name, f"time.sleep(1)\n{WRITE_MARK}")
    records = run_examples.run_all(workers=2, log=lambda line: None)
    assert [record["script"] for record in records] == [
        "01_first.py",
        "02_second.py",
        "03_third.py",
    ]
    for name in ("01_first", "02_second", "03_third"):
        folder = run_examples.GENERATED / name
        assert (folder / "done.txt").read_text() == "done"
        assert json.loads((folder / "run.json").read_text())["stamp"] == run_examples.stamp(
            examples / f"{name}.py"
        )
    again = run_examples.run_all(workers=2, log=lambda line: None)
    assert all(record["skipped"] for record in again)


def test_a_failing_example_is_named_and_no_other_is_started_after_it(examples):
    write(examples, "01_fails", 'raise ValueError("the factor range is wrong")')
    write(examples, "02_running", f"time.sleep(8)\n{WRITE_MARK}")  # already running: it finishes
    write(examples, "03_not_started", WRITE_MARK)
    lines = []
    with pytest.raises(run_examples.ExampleError, match=r"examples/01_fails\.py failed") as error:
        run_examples.run_all(workers=2, log=lines.append)
    assert "the factor range is wrong" in str(error.value)
    assert (run_examples.GENERATED / "02_running" / "done.txt").exists()
    assert not (run_examples.GENERATED / "03_not_started").exists()
    assert not (run_examples.GENERATED / "01_fails").exists()
    assert "examples/01_fails.py failed; the examples already running finish first" in lines
