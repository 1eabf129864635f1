import graphene

from ...access import MANAGE_SETTINGS, can_manage_channel, require_permission
from ...error_codes import ClaimError, ClaimErrorCode, ClaimErrors
from ...policies import set_policy
from ...policy import PRESETS, PolicyError, parse_policy, preset_document
from .. import scalars
from .base import with_errors
from .payloads import ReturnPolicyPayload

MAX_SPEC_BYTES = 200_000


class ReturnPolicySet(graphene.Mutation):
    """Set the channel's policy from a preset or a document; the result is a new version."""

    class Arguments:
        channel = graphene.String(required=True, description="Channel slug.")
        preset = graphene.String(description="Id of a bundled preset.")
        spec = scalars.JSONString(description="A policy document (JSON, or YAML in a string).")

    Output = ReturnPolicyPayload

    @staticmethod
    @with_errors(ReturnPolicyPayload)
    def mutate(_root, info, channel, preset=None, spec=None):
        from saleor.channel.models import Channel

        require_permission(info.context, MANAGE_SETTINGS)
        found = Channel.objects.filter(slug=channel).first()
        if found is None or not can_manage_channel(info.context, found.id):
            raise ClaimError(ClaimErrorCode.NOT_FOUND, "Couldn't find the channel.", "channel")
        if preset is None and spec is None:
            raise ClaimError(ClaimErrorCode.REQUIRED, "Give a preset or a spec.", "spec")
        if preset is not None and spec is not None:
            raise ClaimError(ClaimErrorCode.INVALID, "Give a preset or a spec, not both.", "spec")
        if preset is not None:
            if preset not in PRESETS:
                raise ClaimError(ClaimErrorCode.NOT_FOUND, f"No preset {preset!r}.", "preset")
            document = preset_document(preset)
        else:
            if len(str(spec)) > MAX_SPEC_BYTES:
                raise ClaimError(
                    ClaimErrorCode.INVALID, "The policy document is too large.", "spec"
                )
            if not isinstance(spec, dict | str):
                raise ClaimError(
                    ClaimErrorCode.INVALID_POLICY, "The policy must be a JSON object.", "spec"
                )
            try:
                document = parse_policy(spec).document
            except PolicyError as error:
                raise ClaimErrors(
                    [
                        ClaimError(
                            ClaimErrorCode.INVALID_POLICY, issue.message, issue.path or "spec"
                        )
                        for issue in error.errors
                    ]
                ) from error
        requestor = info.context.requestor
        record = set_policy(
            found, document, preset=preset or "", user=requestor.user, app=requestor.app
        )
        return ReturnPolicyPayload(policy=record, errors=[])
