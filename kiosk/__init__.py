"""Mashang (马上办): queue, ticketing and satisfaction system for government service halls."""

__version__ = "0.1.0"
