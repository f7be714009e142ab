"""The ticket kiosk (取号机) and community self-service terminal. See docs/apps/ticket.md.

- ``backend``: the QML backend (``kiosk`` in QML) on the apps' common ``Backend``
- ``flows``: what the backend delegates to: ``catalogue`` (the hall's answer and clock),
  ``screens`` (which screen, its countdown), ``card`` (card or typed number, green channel),
  ``issuing`` (hall, printer, what the citizen is told), ``admin`` (staff), ``devices`` (health)
- ``model``: what the screens show, from the hall's answers (pure, no Qt)
- ``texts``: the backend's words as Qt translation sources
- ``devices``: printer and card reader on their Supervisor threads, awaited from asyncio
- ``app``: wiring (window, translations, voice) and ``run_kiosk()`` for ``kiosk ticket``
- ``embedded``: the community terminal's own hall node as a child process
"""
