"""The policy example in the README is a valid policy that means what the README says."""

import re
from pathlib import Path

from saleor_warranty_plugin.policy import ClaimReason, parse_policy

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_policy_example_is_valid():
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README shows a policy example"
    policy = parse_policy(blocks[0])
    assert policy.reasons == (ClaimReason.CHANGED_MIND,)
    assert policy.model.refund.store_credit.expiry_days == 365
    assert policy.model.claims.goods_due_days == 30
