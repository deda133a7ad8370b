"""Speed targets as benchmarks that print figures (never timed tests). ``python -m benchmarks [--quick] [--json]``."""
