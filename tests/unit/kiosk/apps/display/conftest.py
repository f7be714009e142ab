from tests.gui.demo.apphelpers import aloop  # noqa: F401  (asyncio on the Qt loop, shared with the GUI tests)
