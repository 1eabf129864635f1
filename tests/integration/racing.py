"""Several clients sending the same request at the same moment, each on its own connection."""

import json
import threading

from django.db import connection
from django.test import Client
from saleor.core.jwt import create_access_token

from .fixtures import WARRANTY_API_PATH


def race(user, query: str, variables: dict, clients: int = 4) -> list[dict]:
    """Post `query` from `clients` threads released together; the responses' JSON bodies.

    Needs `@pytest.mark.django_db(transaction=True)`: each thread has its own database
    connection, so the data must be committed."""
    token = create_access_token(user)
    body = json.dumps({"query": query, "variables": variables})
    barrier = threading.Barrier(clients)
    answers: list[dict] = []

    def submit():
        # Saleor's tests alias the replica to the writer per thread; do it for this one
        from saleor.tests.utils import prepare_test_db_connections

        prepare_test_db_connections()
        try:
            barrier.wait()
            response = Client().post(
                WARRANTY_API_PATH,
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"JWT {token}",
            )
            answers.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
