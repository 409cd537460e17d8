"""The `linkwise` CLI: arguments, tables and --json, progress on stderr, catalog import/export/lint."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import budget_cents, main, pick
from catalog.settings import get_settings


@pytest.fixture(autouse=True)
def generous_solver_time(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The CLI reads its limits from the environment; a loaded CI machine must not cut the demo's
    answers short (the tests assert `complete`): a work bound, and a wall clock no run reaches."""
    monkeypatch.setenv("LINKWISE_SOLVER_TIME_LIMIT_S", "3600")
    monkeypatch.setenv("LINKWISE_SOLVER_WORK_LIMIT", "1000000")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('cli') / 'linkwise.db'}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status, out, _ = run(capsys, *argv, "--json")
    assert status == 0, out
    return json.loads(out)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("120", 12000),
        ("120.5", 12050),
        ("€1,250.99", 125099),
        ("12000c", 12000),
        ("99cents", 99),
        ("EUR 15", 1500),
        ("20,50", 2050),  # a decimal comma: €20.50, never €2,050
        ("1,250.00", 125000),
    ],
)
def test_budget_in_euros_or_cents(text: str, cents: int) -> None:
    assert budget_cents(text) == cents


@pytest.mark.parametrize("text", ["ten", "1.001", "-5", "c", "1,250", "12,34,5"])
def test_bad_budgets_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        budget_cents(text)


def test_pick_syntax() -> None:
    assert pick("chain=CH-1") == ("chain", ["CH-1"])
    assert pick("charms=A, B") == ("charms", ["A", "B"])
    assert pick("extender=") == ("extender", [])
    with pytest.raises(argparse.ArgumentTypeError):
        pick("chain")


def test_bad_command_lines_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["options", "--pick", "chain"])
    assert exit_info.value.code == 2
    assert "--style" in capsys.readouterr().err


def test_schema_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "schema", "--check")[0] == 0


def test_export_then_import_into_an_empty_store(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    exported = tmp_path / "catalog.json"
    status, _, err = run(capsys, "catalog", "export", str(exported), "--database-url", url)
    assert status == 0
    assert "wrote catalog v1" in err
    document = json.loads(exported.read_text(encoding="utf-8"))
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    summary = run_json(capsys, "catalog", "import", str(exported), "--database-url", fresh)
    assert summary == {
        "version": 1,
        "parts": len(document["parts"]),
        "styles": len(document["styles"]),
        "rules": len(document["rules"]),
    }
    status, out, err = run(capsys, "catalog", "import", str(exported), "--database-url", fresh)
    assert status == 0
    assert "imported" in out
    assert "writing a new catalog version" in err  # progress on stderr


def test_export_to_stdout(capsys: pytest.CaptureFixture[str], url: str) -> None:
    status, out, _ = run(capsys, "catalog", "export", "--database-url", url, "-q")
    assert status == 0
    assert json.loads(out)["format_version"] == 1


def test_import_refusals_name_the_fields(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1, "parts": [{"kind": "chain", "sku": "x"}]}', encoding="utf-8")
    status, _, err = run(capsys, "catalog", "import", str(bad), "--database-url", url)
    assert status == 1
    assert "parts[0]" in err
    status, out, _ = run(capsys, "catalog", "import", str(bad), "--database-url", url, "--json")
    assert status == 1
    error = json.loads(out)["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert any(e["field"].startswith("parts[0]") for e in error["errors"])


def test_unknown_style_is_refused(capsys: pytest.CaptureFixture[str], url: str) -> None:
    status, _, err = run(capsys, "options", "--style", "no-such", "--database-url", url)
    assert status == 1
    assert "no style 'no-such'" in err
    assert "--style" in err


def test_options_table_and_json(capsys: pytest.CaptureFixture[str], url: str) -> None:
    result = run_json(capsys, "options", "--style", "name-necklace", "--database-url", url)
    assert result["complete"] is True
    assert {s["slot"] for s in result["slots"]} >= {"chain", "clasp", "nameplate", "plating", "font"}
    example = result["example"]
    assert example["valid"] is True
    chain = example["choice"]["chain"][0]
    status, out, err = run(
        capsys,
        "options",
        "--style",
        "name-necklace",
        "--pick",
        f"chain={chain}",
        "--budget",
        "500",
        "--database-url",
        url,
    )
    assert status == 0
    assert "chain (chain, 1..1)" in out
    assert "example (cheapest consistent assembly)" in out
    assert "computing options" in err


def test_check_a_complete_assembly(capsys: pytest.CaptureFixture[str], url: str) -> None:
    example = run_json(capsys, "options", "--style", "name-necklace", "--database-url", url)["example"]
    picks = [f"--pick={slot}={','.join(values)}" for slot, values in example["choice"].items()]
    checked = run_json(capsys, "check", "--style", "name-necklace", *picks, "--database-url", url)
    assert checked["valid"] is True
    status, out, _ = run(capsys, "check", "--style", "name-necklace", *picks[:-1], "--database-url", url)
    assert status == 1
    assert "INVALID" in out
    status, out, err = run(capsys, "check", "--style", "name-necklace", *picks, "--pick=chain=CH-CABLE-SS-16IN-1.2",
                           "--database-url", url)
    assert status != 0 and "chain is given twice" in out + err


def test_count_recommend_explain(capsys: pytest.CaptureFixture[str], url: str) -> None:
    count = run_json(capsys, "count", "--style", "anklet", "--database-url", url)
    assert count["complete"] is True
    assert count["count"] > 0
    _, out, err = run(capsys, "count", "--style", "anklet", "--database-url", url)
    assert f"{count['count']:,} valid assemblies" in out
    assert "counting" in err
    recs = run_json(
        capsys,
        "recommend",
        "--style",
        "name-necklace",
        "--budget",
        "300",
        "--count",
        "3",
        "--text",
        "Ada",
        "--database-url",
        url,
    )
    assert 0 < len(recs["items"]) <= 3
    assert all(i["price"]["total_cents"] <= 30000 for i in recs["items"])
    why = run_json(capsys, "explain", "--style", "name-necklace", "--budget", "1", "--database-url", url)
    assert why["satisfiable"] is False
    assert [c["name"] for c in why["conflict"]] == ["budget"]


def test_addons_and_lint(capsys: pytest.CaptureFixture[str], url: str) -> None:
    picks = ["--pick", "charms=", "--pick", "chain=CH-CABLE-SS-18IN-1.2"]
    example = run_json(capsys, "options", "--style", "charm-necklace", *picks, "--database-url", url)[
        "example"
    ]
    skus = [v for slot, values in example["choice"].items() if slot != "gift_box" for v in values]
    addons = run_json(capsys, "addons", "--piece", ",".join(skus), "--database-url", url)
    assert addons["style_id"] == "charm-necklace"
    assert addons["items"]
    status, _, err = run(capsys, "addons", "--order", "ORD-UNKNOWN", "--database-url", url)
    assert status == 1
    assert "ORD-UNKNOWN" in err
    lint = run_json(capsys, "catalog", "lint", "--database-url", url)
    assert {c["style_id"] for c in lint["style_counts"]} == {
        "anklet",
        "charm-necklace",
        "clip-bracelet",
        "name-necklace",
    }
