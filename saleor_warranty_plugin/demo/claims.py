"""The claims the demo opens, one per role, in every state, through the plugin's API:
customers claim and cancel with their real access tokens; the demo app decides, receives and
resolves as staff would."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from .api import DEMO_KEY, GUEST, ROLES, STAFF, DemoError, Role, gid
from .shop import Shop


class Demo(Shop):
    """The whole run: the shop prepared, then a claim in each role's state."""

    def run(self) -> dict:
        self.activate_plugin()
        self.app = self.demo_app()
        self.set_policies()
        orders = self.prepare_orders()
        self.guest = orders[GUEST]
        self.stamp_dates()
        return self.open_claims(orders)

    @staticmethod
    def claim_line(order: Any) -> Any:
        return (
            order.lines.filter(
                quantity_fulfilled__gte=1, is_shipping_required=True, is_gift_card=False
            )
            .order_by("created_at", "pk")
            .first()
        )

    def open_claims(self, orders: dict[str, Any]) -> dict:
        from saleor.order.models import Order

        done = self.claimed()
        for role in ROLES:
            if role.name in done:
                continue
            order = Order.objects.get(pk=orders[role.name].pk)
            with transaction.atomic():
                number = self.play(role, order)
                order.store_value_in_private_metadata({DEMO_KEY: role.name})
                order.save(update_fields=["private_metadata"])
            done[role.name] = order
            self.changes += 1
            self.say(f"Claim {number} ({role.name}) on order #{order.number}.")
        self.check_resolutions(done)
        return done

    def check_resolutions(self, done: dict[str, Any]) -> None:
        """The resolutions, once performed (after their role committed): a failed one is an
        error (its claim stays as it is; the server log above says why). One still pending
        is being performed by a Celery worker."""
        from ..models import ClaimResolution
        from ..policy import ResolutionStatus

        failed = []
        for role in ROLES:
            if not any(step.startswith("resolve:") for step in role.steps):
                continue
            resolution = (
                ClaimResolution.objects.filter(claim__order=done[role.name])
                .select_related("claim")
                .first()
            )
            if resolution is None:
                continue
            where = f"claim {resolution.claim.number} ({role.name})"
            if resolution.status == ResolutionStatus.FAILED:
                failed.append(f"{where}: {resolution.type} failed: {resolution.error}")
            elif resolution.status != ResolutionStatus.SUCCEEDED:
                self.say(f"The {resolution.type} of {where} is {resolution.status}.")
        if failed:
            raise DemoError("Resolutions that failed: " + "; ".join(failed))

    def play(self, role: Role, order: Any) -> str:
        line = self.claim_line(order)
        customer = order.user
        owner: dict = {}
        claim = self.call(
            "create",
            {
                "input": {
                    "order": gid("Order", order.pk),
                    "reason": "DEFECTIVE",
                    "description": "Demo: it stopped charging after a week.",
                    "preferredResolution": "REFUND",
                    "lines": [
                        {
                            "orderLine": gid("OrderLine", line.pk),
                            "quantity": 1,
                            "serialNumber": f"DEMO-{order.number}",
                            "declaredConditions": ["ORIGINAL_PACKAGING", "SEALS_INTACT"],
                        }
                    ],
                    **owner,
                }
            },
            customer,
        )["claim"]
        for step in role.steps:
            claim = self.step(step, claim, customer, owner)
        if claim["status"] != role.status:
            raise DemoError(f"{role.name}: the claim ended {claim['status']}, not {role.status}")
        return claim["number"]

    def step(self, step: str, claim: dict, customer: Any, owner: dict) -> dict:
        if step == "approve" and claim["status"] == "APPROVED":
            return claim  # the policy approved it on its own
        if step == "receive":
            lines = [
                {
                    "claimLine": line["id"],
                    "quantity": line["quantity"],
                    "conditions": ["ORIGINAL_PACKAGING", "SEALS_INTACT"],
                    "restock": False,
                }
                for line in claim["lines"]
            ]
            return self.call("receive", {"id": claim["id"], "lines": lines}, STAFF)["claim"]
        if step.startswith("resolve:"):
            kind = step.split(":", 1)[1]
            claim = self.call(
                "resolve",
                {"id": claim["id"], "input": {"type": kind, "note": "Demo"}},
                STAFF,
            )["claim"]
            # performed once the role's transaction commits (see `play`'s caller)
            if claim["resolution"]["status"] not in ("SUCCEEDED", "PENDING"):
                raise DemoError(f"{kind}: {claim['resolution']}")
            return claim
        if step == "cancel":
            return self.call("cancel", {"id": claim["id"], **owner}, customer)["claim"]
        if step == "expire":
            return self.expire(claim)
        return self.call(step, {"id": claim["id"]}, STAFF)["claim"]

    def expire(self, claim: dict) -> dict:
        """The goods never came: the approval is moved back past the policy's time for sending
        them, and the plugin's periodic clocks task (which beat runs) expires the claim."""
        from ..models import Claim
        from ..policies import parsed_policy
        from ..tasks import claim_clocks_task

        record = Claim.objects.get(number=claim["number"])
        assert record.policy is not None  # every claim is judged by a policy version
        days = parsed_policy(record.policy).model.claims.goods_due_days
        Claim.objects.filter(pk=record.pk).update(
            decided_at=timezone.now() - timedelta(days=days + 1)
        )
        claim_clocks_task()
        record.refresh_from_db()
        return {**claim, "status": record.status}
