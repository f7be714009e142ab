"""The kiosk's flows, one object each, owned by :class:`kiosk.apps.ticket.backend.KioskBackend`.

A flow holds its own state and decides; it shows things only through the backend (its
properties, signals and ``go``), and QML reaches it only through the backend's slots. The
flows import no QML and can be driven by unit tests with a fake hall client.
"""
