"""Pointing the Celery broker at a closed loopback port for a fault test, and back."""

import contextlib

from tests.core.smtp_sink import free_port


def _forget_connections(app):
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down():
    """The broker is unreachable: nothing listens where the app publishes."""
    from config.celery import app

    before = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf.broker_url = before
        _forget_connections(app)
