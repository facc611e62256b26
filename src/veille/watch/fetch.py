"""HTTP for the watcher, and nothing else: one pooled async client with a bounded number
of connections overall and per host, a timeout, a User-Agent, conditional GET,
robots.txt, a size cap, and the back-off a failed source waits before its next try."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from veille.watch.settings import WatchSettings

ROBOTS_AGENT = "veille"
ROBOTS_TTL = 86_400.0  # RFC 9309: a robots.txt may be kept for a day
RobotsCache = dict[str, tuple[float, RobotFileParser]]  # root -> (read at, parser)


@dataclass
class Fetched:
    """One response, or why there is none (``error``)."""

    url: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    retry_after: float | None = None  # seconds, from a 429 or 503

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class TooLarge(Exception):
    pass


class Fetcher:
    """Use as ``async with Fetcher(settings) as fetcher``."""

    def __init__(self, settings: WatchSettings, robots: RobotsCache | None = None):
        """``robots``: the robots.txt files read by earlier fetchers, to read each once
        a day."""
        self.settings = settings
        self.robots_read = robots if robots is not None else {}
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.timeout),
            limits=httpx.Limits(max_connections=settings.connections,
                                max_keepalive_connections=settings.connections),
            headers={"User-Agent": settings.user_agent}, follow_redirects=True,
            max_redirects=5)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.slots = asyncio.Semaphore(settings.connections)
        self.robots: dict[str, asyncio.Future] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()

    async def get(self, url: str, etag: str | None = None,
                  modified: str | None = None) -> Fetched:
        """GET ``url``, conditional on ``etag`` / ``modified`` when given."""
        refused = await self.refusal(url) if self.settings.robots else None
        if refused:
            return Fetched(url, error=refused)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return await self.request(url, headers)

    async def request(self, url: str, headers: dict[str, str]) -> Fetched:
        host = urlsplit(url).netloc
        limit = self.hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with limit, self.slots:  # the timeout runs once a connection is ours
            try:
                async with asyncio.timeout(self.settings.timeout):
                    return await self.read(url, headers)
            except (TimeoutError, httpx.TimeoutException):
                return Fetched(url, error=f"timed out after {self.settings.timeout:g} s")
            except TooLarge:
                return Fetched(url, error=f"response larger than {self.settings.max_bytes} "
                               "bytes")
            except httpx.HTTPError as error:
                return Fetched(url, error=f"{type(error).__name__}: {error}".strip(": "))

    async def read(self, url: str, headers: dict[str, str]) -> Fetched:
        async with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.settings.max_bytes:
                raise TooLarge
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise TooLarge
                chunks.append(chunk)
        found = Fetched(str(response.url), response.status_code, b"".join(chunks),
                        {k.lower(): v for k, v in response.headers.items()})
        if response.status_code in (429, 503):
            found.retry_after = retry_after(response.headers.get("retry-after"))
        if response.status_code not in (200, 304):
            found.error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        return found

    async def refusal(self, url: str) -> str | None:
        """Why robots.txt does not let us fetch ``url``; None when it does."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        read_at, parser = self.robots_read.get(root, (0.0, None))
        if parser is None or time.time() - read_at > ROBOTS_TTL:
            if root not in self.robots:
                self.robots[root] = asyncio.ensure_future(self.read_robots(root))
            parser, problem = await self.robots[root]
            if problem:
                return problem
            self.robots_read[root] = (time.time(), parser)
        return None if parser.can_fetch(ROBOTS_AGENT, url) else "disallowed by robots.txt"

    async def read_robots(self, root: str) -> tuple[RobotFileParser, str | None]:
        """RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot
        be had (5xx, network error) disallows everything, until the next run."""
        parser = RobotFileParser(f"{root}/robots.txt")
        found = await self.request(f"{root}/robots.txt", {})
        if found.status == 200:
            parser.parse(found.body.decode("utf-8", "replace").splitlines())
        elif found.status is not None and 400 <= found.status < 500:
            parser.allow_all = True
        else:
            return parser, f"robots.txt could not be read ({found.error})"
        return parser, None


def retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def backoff(failures: int, settings: WatchSettings) -> float:
    """Seconds to wait after the ``failures``-th consecutive failure: doubling from
    ``backoff_base`` up to ``backoff_max``."""
    return min(settings.backoff_base * 2 ** max(0, failures - 1), settings.backoff_max)
