import base64
from datetime import datetime

import graphene
from django.db.models import Q
from django.utils import timezone
from graphql.error import GraphQLError
from saleor.core.exceptions import PermissionDenied

from ..access import accessible_channel_ids, can_see_claim, get_visible_order, is_order_manager
from ..error_codes import ClaimError
from ..models import Claim as ClaimModel
from ..models import ReturnPolicy as ReturnPolicyModel
from ..policy import OPEN_CLAIM_STATUSES, PRESETS
from .claim_types import Claim, ClaimCountableConnection
from .enums import ClaimStatusEnum
from .ids import decode_uuid, to_global_id
from .policy_types import OrderReturnEligibility, ReturnPolicy, ReturnPolicyPreset
from .resolution_types import ClaimResolutionPreview, amount_lines
from .resolve_input import resolve_request
from .types import error_type, money

MAX_PAGE = 100
DEFAULT_PAGE = 20


class ClaimSortField(graphene.Enum):
    CREATED_AT = "created_at"
    DUE_DATE = "due_date"

    @property
    def description(self):
        if self == ClaimSortField.DUE_DATE:
            return (
                "By service-level due date, overdue first; claims without one (awaiting a "
                "decision or the goods) after them, oldest first."
            )
        return "By when the claim was opened."


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"

    @property
    def description(self):
        return "Ascending." if self == OrderDirection.ASC else "Descending."


class ClaimSortingInput(graphene.InputObjectType):
    """Saleor's `sortBy: {field, direction}`; DESC is the whole ASC order reversed."""

    field = graphene.Argument(ClaimSortField, required=True, description="Sort claims by.")
    direction = graphene.Argument(OrderDirection, required=True, description="Sort direction.")


# (column, nullable) of each sort: the last columns break ties, so the order is total
SORT_COLUMNS = {
    "created_at": (("created_at", False), ("id", False)),
    "due_date": (("due_at", True), ("created_at", False), ("id", False)),
}
DEFAULT_SORT = ("created_at", "desc")


class ClaimFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(ClaimStatusEnum))
    order = graphene.ID()
    channel = graphene.String(description="Channel slug.")
    search = graphene.String(description="Claim number, order number or customer email.")
    overdue = graphene.Boolean(description="Only claims past their service-level due date.")


def _query_error(error: ClaimError) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": error.code})


def resolve_order_return_eligibility(info, order, email=None):
    from ..eligibility import order_eligibility

    try:
        found = get_visible_order(info.context, decode_uuid(order, "Order"), email)
        result = order_eligibility(
            found, info.context.warranty_config, requestor=info.context.requestor
        )
    except ClaimError as error:
        raise _query_error(error) from error
    return OrderReturnEligibility(
        order_id=to_global_id("Order", found.pk),
        policy=result.policy_record,
        judged_by_current_policy=result.lazy,
        lines=result.lines,
    )


def resolve_return_policy(channel):
    return (
        ReturnPolicyModel.objects.select_related("channel")
        .filter(channel__slug=channel)
        .order_by("-version")
        .first()
    )


def resolve_presets(info):
    requestor = info.context.requestor
    if requestor.app is None and not (requestor.user and requestor.user.is_staff):
        raise PermissionDenied(message="Only staff and apps may list policy presets.")
    return [
        ReturnPolicyPreset(id=p.id, name=p.name, description=p.description)
        for p in PRESETS.values()
    ]


def claims_queryset():
    return ClaimModel.objects.select_related("channel").prefetch_related(
        "lines", "events", "evidence"
    )


def resolve_claim(info, id, email=None):
    pk = decode_uuid(id, "Claim")
    if pk is None:
        return None
    claim = claims_queryset().filter(pk=pk).first()
    if claim is None or not can_see_claim(info.context, claim, email):
        return None
    return claim


def resolve_resolution_preview(info, id, input):
    """`claimResolve`'s decision on the same input, nothing written: `allowed` with the
    amounts, or the errors `claimResolve` would answer."""
    from ..resolutions import preview_resolution
    from .mutations.claim_transitions import get_claim

    try:
        claim = get_claim(info, id)
        preview = preview_resolution(
            claim,
            info.context.requestor,
            resolve_request(input),
            info.context.warranty_config,
            timezone.now(),
        )
    except ClaimError as error:
        raise _query_error(error) from error
    fees, breakdown = amount_lines(preview.fees, preview.amount, preview.currency)
    return ClaimResolutionPreview(
        type=preview.type.value,
        allowed=preview.allowed,
        errors=[error_type(e) for e in (preview.errors or preview.overridden)],
        amount=money(preview.amount, preview.currency),
        fees=fees,
        breakdown=breakdown,
        offered=preview.offered,
        refundable=money(preview.refundable, preview.currency),
    )


def _sort_of(sort_by) -> tuple[str, str]:
    if not sort_by:
        return DEFAULT_SORT
    field, direction = sort_by.get("field"), sort_by.get("direction")
    return (getattr(field, "value", field), getattr(direction, "value", direction))


def _encode_cursor(claim, field: str) -> str:
    values = [getattr(claim, column) for column, _ in SORT_COLUMNS[field]]
    raw = "|".join("" if v is None else (v.isoformat() if isinstance(v, datetime) else str(v))
                   for v in values)  # fmt: skip
    if field != "created_at":  # created_at cursors keep their original form
        raw = f"{field}|{raw}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str, field: str) -> list:
    try:
        parts = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if field != "created_at":
            if parts[0] != field:
                raise ValueError("a cursor of another sort")
            parts = parts[1:]
        columns = SORT_COLUMNS[field]
        if len(parts) != len(columns):
            raise ValueError("not a cursor")
        values = []
        for (column, nullable), raw in zip(columns, parts, strict=True):
            if column == "id":
                values.append(decode_uuid(to_global_id("Claim", raw), "Claim") or _invalid())
            elif raw == "" and nullable:
                values.append(None)
            else:
                values.append(datetime.fromisoformat(raw))
        return values
    except Exception as error:
        raise GraphQLError("Invalid cursor.") from error


def _invalid():
    raise ValueError("not a claim id")


def _after(field: str, direction: str, values: list) -> Q:
    """Rows after the cursor's in the sort's order (PostgreSQL puts NULL last ascending,
    first descending)."""
    descending = direction == "desc"
    condition = Q(pk__in=[])
    equal = Q()
    for (column, nullable), value in zip(SORT_COLUMNS[field], values, strict=True):
        if value is None:
            beyond = Q(**{f"{column}__isnull": False}) if descending else Q(pk__in=[])
            same = Q(**{f"{column}__isnull": True})
        else:
            beyond = Q(**{f"{column}__{'lt' if descending else 'gt'}": value})
            if nullable and not descending:
                beyond |= Q(**{f"{column}__isnull": True})
            same = Q(**{column: value})
        condition |= equal & beyond
        equal &= same
    return condition


def _selected_names(info) -> set[str]:
    """Every field name selected under this field (through fragments too): what a list
    needs fetched along with its rows."""
    names: set[str] = set()
    spread: set[str] = set()
    stack = [node.selection_set for node in info.field_asts]
    while stack:
        selection_set = stack.pop()
        for selection in getattr(selection_set, "selections", None) or []:
            if type(selection).__name__ == "FragmentSpread":
                name = selection.name.value
                fragment = None if name in spread else info.fragments.get(name)
                spread.add(name)
                stack.append(fragment.selection_set if fragment else None)
                continue
            if type(selection).__name__ == "Field":
                names.add(selection.name.value)
            stack.append(selection.selection_set)
    return names


def resolve_claims(info, first=None, after=None, filter=None, sort_by=None):
    context = info.context
    requestor = context.requestor
    queryset = ClaimModel.objects.all()
    if is_order_manager(requestor):
        channel_ids = accessible_channel_ids(context)
        if channel_ids is not None:
            queryset = queryset.filter(channel_id__in=channel_ids)
    elif requestor.user is not None:
        queryset = queryset.filter(user_id=requestor.user.id)
    else:
        raise PermissionDenied(message="Log in to see your claims.")
    filter = filter or {}
    if filter.get("status"):
        queryset = queryset.filter(
            status__in=[str(s.value if hasattr(s, "value") else s) for s in filter["status"]]
        )
    if filter.get("order"):
        queryset = queryset.filter(order_id=decode_uuid(filter["order"], "Order"))
    if filter.get("channel"):
        queryset = queryset.filter(channel__slug=filter["channel"])
    if filter.get("overdue"):
        queryset = queryset.filter(due_at__lt=timezone.now(), status__in=OPEN_CLAIM_STATUSES)
    search = (filter.get("search") or "").strip().lower()
    if search:
        # exact and substring matches on indexed, lower-cased columns (no UPPER() wrapping)
        condition = Q(number=search.upper()) | Q(user_email=search)
        digits = search.lstrip("#")
        if digits.isascii() and digits.isdigit() and len(search) < 10:
            condition |= Q(order_number=int(search.lstrip("#")))
        if len(search) >= 3:
            condition |= Q(search_text__contains=search)
        queryset = queryset.filter(condition)
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise GraphQLError(f"`first` must be between 0 and {MAX_PAGE}.")
    field, direction = _sort_of(sort_by)
    sign = "-" if direction == "desc" else ""
    page = queryset.order_by(*(sign + column for column, _ in SORT_COLUMNS[field]))
    if after:
        page = page.filter(_after(field, direction, _decode_cursor(after, field)))
    rows = []
    if size:  # `first: 0` asks for counts only
        wanted = _selected_names(info)
        related = [name for name in ("lines", "events", "evidence") if name in wanted]
        rows = list(page.select_related("channel").prefetch_related(*related)[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    edges = [
        ClaimCountableConnection.Edge(node=row, cursor=_encode_cursor(row, field)) for row in rows
    ]
    connection = ClaimCountableConnection(
        edges=edges,
        page_info=graphene.relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=bool(after),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
    connection.queryset = queryset  # totalCount and statusCounts count it when asked
    return connection


__all__ = [
    "Claim",
    "ClaimFilterInput",
    "ClaimSortingInput",
    "ReturnPolicy",
    "resolve_claim",
    "resolve_claims",
    "resolve_order_return_eligibility",
    "resolve_presets",
    "resolve_return_policy",
]
