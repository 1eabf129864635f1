import graphene

from .. import policy

ClaimReasonEnum = graphene.Enum.from_enum(policy.ClaimReason, "ClaimReason")
VerdictEnum = graphene.Enum.from_enum(policy.Verdict, "Verdict")
ResolutionTypeEnum = graphene.Enum.from_enum(policy.ResolutionType, "ResolutionType")
ClaimStatusEnum = graphene.Enum.from_enum(policy.ClaimStatus, "ClaimStatus")
ItemConditionEnum = graphene.Enum.from_enum(policy.ItemCondition, "ItemCondition")
EvidenceKindEnum = graphene.Enum.from_enum(policy.EvidenceKind, "EvidenceKind")
PolicyFindingCodeEnum = graphene.Enum.from_enum(policy.FindingCode, "PolicyFindingCode")


ResolutionStatusEnum = graphene.Enum.from_enum(policy.ResolutionStatus, "ResolutionStatus")
