"""Device simulators speaking the real protocols, for tests, demos and installers."""
