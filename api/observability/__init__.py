"""Operations: request IDs, one log line per request, Prometheus metrics."""
