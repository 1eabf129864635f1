"""The ``saleor-warranty-policy`` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saleor_warranty_plugin.policy.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "presets")
    assert code == 0
    for preset_id in (
        "repair-parts-shop",
        "electronics-store",
        "cross-border-store",
        "hardware-supplier",
        "equipment-reseller",
    ):
        assert preset_id in out


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["additionalProperties"] is False


def test_validate_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "hardware-supplier")
    assert (code, "valid" in out) == (0, True)


def test_validate_invalid_file_lists_all_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "version: 1\nname: x\nextra: 1\nreasons:\n  DEFECTIVE:\n"
        "    window: {anchor: delivered, days: 0}\n    resolutions: [REFUND]\n"
    )
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "reasons.DEFECTIVE.window.days: must be > 0" in err
    assert "extra: unknown field" in err
    assert "Traceback" not in err


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "cross-border-store")
    assert code == 0
    assert "7 days from delivery or 30 days from shipment" in out


def test_simulate_prints_verdict_deadline_and_refund(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "simulate",
        "equipment-reseller",
        "--reason",
        "CHANGED_MIND",
        "--ordered",
        "2025-03-01",
        "--now",
        "2025-03-02",
        "--price",
        "100.00",
    )
    assert code == 0
    assert "Verdict:     ELIGIBLE" in out
    assert "TRANSACTION_FEE" in out
    assert "94.00" in out


def test_simulate_json_ineligible_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "simulate",
        "hardware-supplier",
        "--reason",
        "DEFECTIVE",
        "--ordered",
        "2025-01-01",
        "--shipped",
        "2025-01-02",
        "--delivered",
        "2025-01-03",
        "--now",
        "2025-03-01",
        "--price",
        "10",
        "--on-sale",
        "--json",
    )
    result = json.loads(out)
    assert code == 1
    assert result["verdict"] == "INELIGIBLE"
    assert {f["code"] for f in result["findings"]} >= {"RETURN_WINDOW_EXPIRED", "SALE_ITEM"}
    assert result["deadline"] == "2025-01-17T23:59:59.999999+00:00"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "no-such-file.yaml"], "no such file or preset"),
        (
            [
                "simulate",
                "hardware-supplier",
                "--reason",
                "DEFECTIVE",
                "--ordered",
                "soon",
                "--price",
                "1",
            ],
            "not an ISO date",
        ),
        (
            [
                "simulate",
                "hardware-supplier",
                "--reason",
                "DEFECTIVE",
                "--ordered",
                "2025-01-01",
                "--price",
                "abc",
            ],
            "not an amount",
        ),
        (
            [
                "simulate",
                "hardware-supplier",
                "--reason",
                "BORED",
                "--ordered",
                "2025-01-01",
                "--price",
                "1",
            ],
            "invalid choice",
        ),
        (
            [
                "simulate",
                "hardware-supplier",
                "--reason",
                "DEFECTIVE",
                "--ordered",
                "2025-01-01",
                "--price",
                "1",
                "--quantity",
                "-2",
            ],
            "quantities must be >= 0",
        ),
        ([], "required"),
    ],
)
def test_wrong_input_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
