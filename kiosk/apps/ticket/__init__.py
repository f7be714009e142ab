"""The ticket kiosk (取号机) and community self-service terminal. See docs/apps/ticket.md.

- ``model``: what the screens show, from the hall's answers (pure, no Qt)
- ``devices``: printer and card reader on their Supervisor threads, awaited from asyncio
- ``backend``: the QML backend (``kiosk`` in QML)
- ``app``: wiring (engine, translations, voice) and ``run()`` for ``kiosk ticket``
- ``embedded``: the community terminal's own hall node as a child process
"""
