"""The city's central server: receives event logs from halls and community terminals exactly
once, serves each hall its versioned service catalogue, and computes day statistics."""
