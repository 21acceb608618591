"""Live updates: a broker that fans session events out to Server-Sent Event streams."""
