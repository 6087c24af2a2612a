"""Per-backend proofs that the tutorial trains: checks run in the kernel, hub checks here."""
