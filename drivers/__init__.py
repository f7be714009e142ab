"""Device drivers for the hall: protocol code, transports and simulators.

Plain Python only: nothing in this package imports Qt or qasync (a test enforces it).
"""
