"""Reports the hall is managed from: visit facts, rollups, the monthly window review, and the
simulation that checks the window plan before a manager acts on it."""
