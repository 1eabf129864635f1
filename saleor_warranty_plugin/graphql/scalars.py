import graphene


class Upload(graphene.types.Scalar):
    """A file sent as a part of a multipart request (GraphQL multipart request spec)."""

    class Meta:
        description = "Variables of this type must be set to null in the operations and the "
        "file sent as a separate part of a multipart request."

    @staticmethod
    def serialize(value):
        return None

    @staticmethod
    def parse_literal(node):
        return None

    @staticmethod
    def parse_value(value):
        return value
