"""Who acts: a Saleor user (customer or staff), an app, or - with neither - the plugin itself
(a periodic task, a Saleor hook) or an anonymous guest at the API."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

# who acts in the current block (`Requestor.acting`), so that work run later in the same
# process (an eager task) does not read them again
_acting: ContextVar["Requestor | None"] = ContextVar("warranty_requestor", default=None)


@dataclass(frozen=True)
class Requestor:
    user: Any = None  # saleor.account.models.User
    app: Any = None  # saleor.app.models.App

    @property
    def kind(self) -> str:
        if self.app is not None:
            return "APP"
        if self.user is None:
            return "ANONYMOUS"
        return "STAFF" if self.user.is_staff else "CUSTOMER"

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.app is None

    @property
    def is_staff_user(self) -> bool:
        """A staff user acting themselves (not an app, not the system)."""
        return self.app is None and self.user is not None and bool(self.user.is_staff)

    @property
    def name(self) -> str:
        """How order notes name who acted."""
        if self.user is not None:
            return str(self.user.email)
        return str(self.app.name) if self.app is not None else "the system"

    def has_perm(self, permission: Any) -> bool:
        actor = self.app or self.user
        return bool(actor and actor.has_perm(permission))

    def ids(self) -> dict[str, Any]:
        """The requestor as task arguments (see `from_ids`)."""
        return {
            "user_id": getattr(self.user, "pk", None),
            "app_id": getattr(self.app, "pk", None),
        }

    @contextmanager
    def acting(self) -> Iterator[None]:
        """Within the block, `from_ids` with this requestor's ids answers this requestor."""
        token = _acting.set(self)
        try:
            yield
        finally:
            _acting.reset(token)

    @classmethod
    def from_ids(cls, user_id: Any = None, app_id: Any = None) -> "Requestor":
        from saleor.account.models import User  # Saleor's models: only once Django is set up
        from saleor.app.models import App

        acting = _acting.get()
        if acting is not None and acting.ids() == {"user_id": user_id, "app_id": app_id}:
            return acting

        user = User.objects.filter(pk=user_id).first() if user_id is not None else None
        app = App.objects.filter(pk=app_id).first() if app_id is not None else None
        return cls(user=user, app=app)


SYSTEM = Requestor()
