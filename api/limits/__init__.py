"""What one request may cost: query limits, body size, time, rate, and the extensions for them."""
