"""Our own player's events: validation, a durable journal, batching into the event store, and
the HTTP endpoint that receives beacons (see docs/tracking.md)."""
