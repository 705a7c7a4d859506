"""printouts."""
