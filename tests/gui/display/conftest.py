from tests.gui.demo.apphelpers import aloop, hall, open_app  # noqa: F401
