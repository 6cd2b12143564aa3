"""Sources of raw StatLine tables: live from CBS (`live`) or from a mirror folder (`mirror`)."""
