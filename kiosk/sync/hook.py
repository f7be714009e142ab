"""Startup hook used by `kiosk hall` when the config has a [central] section."""

from __future__ import annotations

from typing import Any

from kiosk.sync.client import SyncClient


async def start_sync(node: Any) -> SyncClient:
    client = SyncClient(node)
    await client.start()
    node.sync = client
    return client
