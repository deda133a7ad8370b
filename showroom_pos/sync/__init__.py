"""The outlet side of the province protocol: outbox sending, backoff, worker."""
