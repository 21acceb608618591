"""Session summaries and the formats they are exported in, all fed by one SessionSummary."""
