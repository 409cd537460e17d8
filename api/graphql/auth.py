"""The merchandiser role: `Authorization: Bearer <token>` matching settings.merchandiser_token.

Shopper and owner queries need no token. Every mutation and the catalog-wide report do. A missing
token is UNAUTHENTICATED; a wrong one, or none configured on the server, is FORBIDDEN.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.errors import Forbidden, Unauthenticated


class IsMerchandiser(BasePermission):
    message = "a merchandiser bearer token is required (Authorization: Bearer <token>)"

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        context = ctx(info)
        if context.is_merchandiser:
            return True
        if not context.settings.merchandiser_token:
            raise Forbidden("merchandiser operations are disabled: the server has no merchandiser token")
        if context.bearer_token:
            raise Forbidden("the bearer token is not a merchandiser token")
        raise Unauthenticated(self.message)
