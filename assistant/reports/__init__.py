"""Reports the municipality adopts, composed as plain document models."""
