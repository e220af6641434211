"""Hot reload: the rules and catalogue directories are watched (watchfiles); a change is checked
completely and swapped in atomically; a broken edit leaves the old rule base serving."""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool
from watchfiles import awatch

from prescriber.http.service import Service

__all__ = ["start"]

log = logging.getLogger("prescriber.http")


def start(service: Service) -> asyncio.Task[None]:
    """Start watching in the running event loop."""
    return asyncio.get_running_loop().create_task(_watch(service))


async def _watch(service: Service) -> None:
    async for _changes in awatch(*service.paths, debounce=300, step=100, recursive=True):
        state = await run_in_threadpool(service.reload)
        if state.ok:
            log.info('{"event": "reload", "ok": true, "fingerprint": "%s"}', service.rx.fingerprint)
        else:
            log.warning('{"event": "reload", "ok": false, "problems": %d}', len(state.problems))
