"""Demonstrations of the whole hall (the scripted morning; the GUI hall lives beside it)."""
