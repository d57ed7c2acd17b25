"""Sending the same form twice: one after the other (a retried POST), or both at once from two
threads (a double click reaching two server workers). Shared by the children and enquiries tests."""

import threading

from django.db import connection
from django.test import Client

from core.submissions.services import FIELD_NAME, new_token
from tests.auth import login


def with_token(data: dict, token: str | None = None) -> dict:
    return {**data, FIELD_NAME: token or new_token()}


def post_twice_at_once(user, path: str, data: dict):
    """Two signed-in clients post the same form with the same token at the same moment; returns
    both responses (or raises what a thread raised)."""
    clients = [login(Client(), user), login(Client(), user)]
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def post(client):
        try:
            barrier.wait()
            responses.append(client.post(path, data))
        except Exception as error:  # noqa: BLE001 - re-raised below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return responses
