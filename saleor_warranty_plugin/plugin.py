"""The Saleor plugin: identity, configuration and hooks that delegate in a few lines each."""

import functools
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from saleor.plugins.base_plugin import BasePlugin, ConfigurationTypeField
from saleor.plugins.error_codes import PluginErrorCode

from .config import (
    BRAND_COLOR,
    BRAND_LOGO_URL,
    DEFAULTS,
    MAX_EVIDENCE_FILE_MB,
    MAX_EVIDENCE_FILES,
    NATIVE_RETURN_MODE,
    TRANSIT_ALLOWANCE_DAYS,
    NativeReturnMode,
    WarrantyConfig,
    parse_config,
    validate_config,
)
from .const import PLUGIN_ID
from .failures import log_unexpected

logger = logging.getLogger(__name__)


def harmless(hook: Any) -> Any:
    """Saleor runs plugin hooks without isolation: a failure here must never break the shop's
    own flow (checkout, fulfillment, returns). It is logged, and the hook's work is redone or
    reconciled later (snapshots lazily, refunds by the periodic sync)."""

    @functools.wraps(hook)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        previous_value = kwargs.get("previous_value")
        try:
            with transaction.atomic():  # a savepoint: a failed hook leaves Saleor's work intact
                return hook(self, *args, **kwargs)
        except Exception as error:
            log_unexpected(logger, f"warranty plugin hook {hook.__name__}", error)
            return previous_value

    return wrapper


class WarrantyPlugin(BasePlugin):
    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = "Returns & warranty"
    PLUGIN_DESCRIPTION = (
        "Turns your written return and warranty policy into rules that are checked on every "
        "claim: return windows, warranty periods, excluded products, required photos or serial "
        "numbers, fees, and who pays shipping. Customers ask for a return, exchange or "
        "warranty service from your storefront; your staff approve, receive and refund here "
        "in the dashboard. Pick or write a policy per channel through the plugin's API."
    )
    CONFIGURATION_PER_CHANNEL = False
    DEFAULT_ACTIVE = False
    DEFAULT_CONFIGURATION = [{"name": name, "value": value} for name, value in DEFAULTS.items()]
    CONFIG_STRUCTURE = {
        NATIVE_RETURN_MODE: {
            "type": ConfigurationTypeField.STRING,
            "label": "Returns made with Saleor's own Return button",
            "help_text": (
                "observe: check them against the return policy, record them as claims and "
                "note any breach (window over, sale item...) in the order history. "
                "enforce: refuse returns the policy does not allow (needs the plugin's "
                "GraphQL middleware, see the README). off: ignore them."
            ),
        },
        TRANSIT_ALLOWANCE_DAYS: {
            "type": ConfigurationTypeField.STRING,
            "label": "Days in transit when the delivery date is unknown",
            "help_text": (
                "Windows counted from delivery start this many days after shipment when no "
                "delivery date was recorded (0 to 90)."
            ),
        },
        MAX_EVIDENCE_FILES: {
            "type": ConfigurationTypeField.STRING,
            "label": "Most photos or files per claim",
            "help_text": "How many evidence files a customer may attach to one claim (0 to 20).",
        },
        MAX_EVIDENCE_FILE_MB: {
            "type": ConfigurationTypeField.STRING,
            "label": "Largest evidence file (MB)",
            "help_text": "Files above this size are refused (1 to 100).",
        },
        BRAND_COLOR: {
            "type": ConfigurationTypeField.STRING,
            "label": "Returns portal: brand colour",
            "help_text": "Buttons and links of the customer returns portal, like #1f5fbf.",
        },
        BRAND_LOGO_URL: {
            "type": ConfigurationTypeField.STRING,
            "label": "Returns portal: logo address",
            "help_text": "An image shown at the top of the returns portal (https://... or /path).",
        },
    }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        values = {item["name"]: item["value"] for item in self.configuration}
        self.config: WarrantyConfig = (
            parse_config(values) if not validate_config(values) else (WarrantyConfig())
        )

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration: Any, **kwargs: Any) -> None:
        values = {item["name"]: item["value"] for item in plugin_configuration.configuration}
        errors = validate_config(values)
        if errors:
            raise ValidationError(
                {
                    field: ValidationError(message, code=PluginErrorCode.INVALID.value)
                    for field, message in errors.items()
                }
            )

    # Hooks: each delegates to a plain function. Saleor passes extra keyword arguments
    # (webhooks=, notify_customer=...), hence the **kwargs.

    @harmless
    def order_created(self, order: Any, previous_value: Any, **kwargs: Any) -> Any:
        from .policies import snapshot_order

        snapshot_order(order)
        return previous_value

    @harmless
    def fulfillment_created(
        self, fulfillment: Any, *args: Any, previous_value: Any = None, **kwargs: Any
    ) -> Any:
        from .timeline import stamp_shipped

        stamp_shipped(fulfillment)
        return previous_value

    @harmless
    def fulfillment_approved(
        self, fulfillment: Any, *args: Any, previous_value: Any = None, **kwargs: Any
    ) -> Any:
        from .timeline import stamp_shipped

        stamp_shipped(fulfillment)
        return previous_value

    @harmless
    def fulfillment_metadata_updated(
        self, fulfillment: Any, previous_value: Any, **kwargs: Any
    ) -> Any:
        from .timeline import delivered_from_metadata_hook

        delivered_from_metadata_hook(fulfillment)
        return previous_value

    @harmless
    def order_updated(self, order: Any, previous_value: Any, **kwargs: Any) -> Any:
        from .resolutions import sync_refund_outcomes

        if self.config.native_return_mode != NativeReturnMode.OFF:
            from .native import record_native_returns

            record_native_returns(order, self.config)
        sync_refund_outcomes(order.pk)
        return previous_value

    @harmless
    def order_refunded(self, order: Any, previous_value: Any, **kwargs: Any) -> Any:
        from .resolutions import sync_refund_outcomes

        sync_refund_outcomes(order.pk)
        return previous_value

    # No `transaction_refund_requested` here: Saleor treats any plugin defining it as a
    # payment handler, which would hide "no payment app configured" failures.

    def webhook(self, request: Any, path: str, previous_value: Any) -> HttpResponse:
        from .pages.router import dispatch

        return dispatch(request, path, self.config)
