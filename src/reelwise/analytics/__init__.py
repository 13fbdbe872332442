"""Analytics: event store queries (Ibis), platform imports, statistics, advice."""
