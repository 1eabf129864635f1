"""Plain-language summaries of the presets."""

from __future__ import annotations

import pytest

from saleor_warranty_plugin.policy import PRESETS, load_preset, summarize


@pytest.mark.parametrize(
    ("preset_id", "phrases"),
    [
        (
            "repair-parts-shop",
            [
                "7 days from the order (time in transit not counted)",
                "Cell phone parts: 7 days from shipment",
                "we repair for a fee",
            ],
        ),
        ("electronics-store", ["30 days from the order", "or the period stated for the product"]),
        ("cross-border-store", ["refunded to you after the item arrives"]),
        (
            "hardware-supplier",
            ["14 days from delivery but no more than 45 days from the order", "laboratory"],
        ),
        ("equipment-reseller", ["A 6% transaction fee is deducted", "at your choice"]),
    ],
)
def test_summary_mentions_the_key_rules(preset_id: str, phrases: list[str]) -> None:
    text = summarize(load_preset(preset_id))
    assert text.startswith(PRESETS[preset_id].name)
    assert text.count("\n\n") >= 3
    for phrase in phrases:
        assert phrase in text
