"""The plugin's own GraphQL schema (graphene 2), served at the plugin endpoint."""

import graphene

from .. import __version__
from ..plugin import PLUGIN_ID


class PluginInfo(graphene.ObjectType):
    id = graphene.String(required=True, description="The plugin's id in Saleor.")
    version = graphene.String(required=True)
    requestor = graphene.String(
        required=True, description="Who is calling: ANONYMOUS, CUSTOMER, STAFF or APP."
    )


class Query(graphene.ObjectType):
    plugin_info = graphene.Field(PluginInfo, required=True)

    @staticmethod
    def resolve_plugin_info(_root, info):
        return PluginInfo(id=PLUGIN_ID, version=__version__, requestor=info.context.requestor.kind)


schema = graphene.Schema(query=Query)
