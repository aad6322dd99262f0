"""Inspecting the dead-letter topic: what the aggregator could not apply, and why."""
