"""Synthetic data at institute scale, for benchmarks and load tests (`manage.py generate_data`)."""
