"""Live monitoring: poll the sources, ingest their new articles, raise the alerts.

One pass (``poll_pass``) polls the due sources concurrently, fetches the new items'
pages, then extracts and stores the new articles through the usual extract -> store ->
link path, groups near-duplicate stories, marks the items seen and raises the alerts
batch by batch, and only then saves each source's ETag and Last-Modified; the alerts'
deliveries are attempted at the end of the pass. A pass cut short (even by kill -9) therefore
leaves the validators of the unfinished sources as they were: the next pass fetches
those feeds again, skips the items already marked and the articles already stored
(same id, same content hash), and goes on with the rest.
"""
from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field

from veille.models import Article, ArticleRecord
from veille.read.errors import ReadError
from veille.store import Store, StoreError, content_hash
from veille.watch import alerts, dedupe, schedule, sources
from veille.watch.feeds import FeedItem, feed_items
from veille.watch.fetch import Fetched, Fetcher, RobotsCache, backoff
from veille.watch.pages import item_article, language_of
from veille.watch.settings import WatchSettings
from veille.watch.sources import Source, SourceState

Extractor = Callable[[list[Article]], list[ArticleRecord]]


@dataclass
class Polled:
    """One source's poll: the response, and each new item with its article (if any)."""

    source: Source
    fetched: Fetched
    items: list[tuple[FeedItem, Article | None]] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None  # a feed read in part
    at: float = field(default_factory=time.time)  # when the feed was fetched


@dataclass
class PassReport:
    polled: int = 0
    not_modified: int = 0
    deferred: int = 0
    failed: list[tuple[Source, str]] = field(default_factory=list)
    new_items: int = 0
    stored: int = 0
    duplicates: int = 0
    grouped: int = 0                        # articles joined to an earlier story
    skipped: Counter[str] = field(default_factory=Counter)  # language / empty
    raised: int = 0                         # alerts
    deliveries: alerts.DeliveryReport = field(default_factory=alerts.DeliveryReport)
    seconds: float = 0.0

    def summary(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return (f"{self.polled} sources polled ({self.not_modified} not modified, "
                f"{len(self.failed)} failed, {self.deferred} backing off); "
                f"{self.new_items} new items: {self.stored} stored, {self.duplicates} "
                f"duplicates, {self.grouped} grouped with an earlier story"
                f"{f', skipped: {skipped}' if skipped else ''}; {self.raised} alerts, "
                f"{self.deliveries.summary()} in {self.seconds:.1f} s")


class Watcher:
    """The watcher over one store; ``extractor`` turns articles into records (default:
    the spaCy pipeline, loaded on first use)."""

    def __init__(self, store: Store, settings: WatchSettings,
                 rules: alerts.Rules | None = None, extractor: Extractor | None = None):
        self.store = store
        self.con = store.con
        self.settings = settings
        self.rules = rules or alerts.Rules()
        self.extractor = extractor or default_extractor()
        self.hasher = dedupe.MinHasher(settings)
        self.robots: RobotsCache = {}
        self.claimed: set[str] = set()  # item keys taken by a source in this pass
        for module in (sources, dedupe, alerts):
            module.ensure_schema(self.con)

    # -- one pass ---------------------------------------------------------------------
    async def poll_pass(self, feeds: list[Source], every: bool = False) -> PassReport:
        """Poll the due sources (``every``: all those not backing off), ingest, alert."""
        started = time.monotonic()
        now = time.time()
        states = sources.source_states(self.con)
        due = schedule.due_sources(feeds, states, self.settings, now, every)
        report = PassReport(polled=len(due), deferred=sum(
            schedule.waiting(states.get(s.url), now) for s in feeds))
        self.claimed.clear()
        if due:
            async with Fetcher(self.settings, self.robots) as fetcher:
                polls = await asyncio.gather(*(self.poll(fetcher, s, states.get(s.url))
                                               for s in due))
            await asyncio.to_thread(self.ingest, polls, states, report)
        report.deliveries = await alerts.deliver_pending(self.con, self.rules, self.settings)
        report.seconds = time.monotonic() - started
        return report

    async def poll(self, fetcher: Fetcher, source: Source,
                   state: SourceState | None) -> Polled:
        """Fetch a source's feed (conditionally) and the pages of its new items."""
        state = state or SourceState(source.url)
        fetched = await fetcher.get(source.url, state.etag, state.modified)
        polled = Polled(source, fetched, error=fetched.error)
        if not fetched.ok:
            return polled
        try:
            found, polled.warning = feed_items(fetched, self.settings)
        except ReadError as error:
            polled.error = error.message
            return polled
        seen = sources.seen_keys(self.con, [item.key for item in found])
        new = [item for item in found if item.key not in seen | self.claimed]
        self.claimed |= {item.key for item in new}
        pages = await asyncio.gather(*(self.page(fetcher, item) for item in new))
        polled.items = [(item, item_article(item, source, page, self.settings))
                        for item, page in zip(new, pages)]
        return polled

    async def page(self, fetcher: Fetcher, item: FeedItem) -> Fetched | None:
        if not (self.settings.fetch_pages and item.link):
            return None
        return await fetcher.get(item.link)

    # -- ingest (in a thread: extraction is CPU-bound) ---------------------------------
    def ingest(self, polls: list[Polled], states: dict[str, SourceState],
               report: PassReport) -> None:
        """Store each source's new articles, then save its state; source by source in
        batches, so that an interruption loses nothing that was saved."""
        for polled in polls:
            state = states.get(polled.source.url) or SourceState(polled.source.url)
            if polled.error is None:
                self.ingest_items(polled, report)
            with self.store.transaction():
                sources.save_state(self.con, updated_state(state, polled, self.settings))
            if polled.error is not None:
                report.failed.append((polled.source, polled.error))
            elif polled.fetched.not_modified:
                report.not_modified += 1

    def ingest_items(self, polled: Polled, report: PassReport) -> None:
        report.new_items += len(polled.items)
        accepted = []
        for item, article in polled.items:
            why = self.skip_reason(article, polled.source)
            if why:
                report.skipped[why] += 1
                self.mark(polled, [(item, None, why)])
            else:
                accepted.append((item, article))
        for start in range(0, len(accepted), self.settings.batch):
            self.store_batch(polled, accepted[start:start + self.settings.batch], report)

    def skip_reason(self, article: Article | None, source: Source) -> str | None:
        if article is None or not article.text[article.body_start:].strip():
            return "empty"
        language = language_of(article, source)
        return None if language in self.settings.languages else f"language {language}"

    def store_batch(self, polled: Polled, batch: list[tuple[FeedItem, Article]],
                    report: PassReport) -> None:
        """Extract and store a batch, raise its alerts, then mark its items seen (so
        that an interruption before the mark does it all again, which the store and the
        alerts' keys make harmless). An article stored by an interrupted pass is not
        extracted again; one whose text is stored under another id is a duplicate."""
        articles = [article for _, article in batch]
        fresh = [a for a in articles if not self.store.has_hash(content_hash(a))]
        self.store.write(list(zip(fresh, self.extractor(fresh) if fresh else [])))
        stored = {a.id for a in articles if self.has_id(a.id)}
        report.raised += alerts.raise_alerts(self.store, self.rules, sorted(stored))
        rows = []
        with self.store.transaction():
            for item, article in batch:
                if article.id not in stored:
                    report.duplicates += 1
                    rows.append((item, None, "duplicate"))
                    continue
                story = dedupe.assign_story(self.con, self.hasher, article.id,
                                            article.text[article.body_start:])
                report.grouped += story != article.id
                report.stored += 1
                rows.append((item, article.id, "stored"))
            sources.mark_seen(self.con, seen_rows(polled, rows))

    def has_id(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM article WHERE id = ?",
                                (article_id,)).fetchone() is not None

    def mark(self, polled: Polled, rows: list[tuple[FeedItem, str | None, str]]) -> None:
        with self.store.transaction():
            sources.mark_seen(self.con, seen_rows(polled, rows))

    # -- the loop ------------------------------------------------------------------------
    async def run_forever(self, load_feeds: Callable[[], list[Source]],
                          on_pass: Callable[[PassReport], None]) -> None:
        """Poll each source on its interval until SIGINT or SIGTERM; the feeds file is
        read again before each pass, so edits apply without a restart."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        while not stop.is_set():
            feeds = load_feeds()
            report = await self.poll_pass(feeds)
            if report.polled or report.raised or report.deliveries.attempted:
                on_pass(report)
            pause = schedule.sleep_time(feeds, sources.source_states(self.con),
                                        self.settings, time.time())
            try:
                await asyncio.wait_for(stop.wait(), timeout=max(pause, 0.1))
            except TimeoutError:
                pass


def seen_rows(polled: Polled, rows: list[tuple[FeedItem, str | None, str]]) -> list:
    """watch_item rows: each item seen when its feed was fetched."""
    return [(item.key, polled.source.url, article, status, polled.at)
            for item, article, status in rows]


def updated_state(state: SourceState, polled: Polled, settings: WatchSettings) -> SourceState:
    """A source's state after a poll: validators and counts on success, failures and
    the next try on error."""
    now = time.time()
    state.last_poll = now
    state.name = polled.source.name
    if polled.error is not None:
        state.failures += 1
        state.errors += 1
        state.status = polled.error
        wait = max(backoff(state.failures, settings), polled.fetched.retry_after or 0.0)
        state.retry_at = now + min(wait, settings.retry_after_max)
        return state
    state.failures = 0
    state.retry_at = None
    state.last_ok = now
    state.items += len(polled.items)
    if polled.fetched.not_modified:
        state.status = "not modified"
        return state
    state.status = f"ok; {polled.warning}" if polled.warning else "ok"
    state.etag = polled.fetched.headers.get("etag")
    state.modified = polled.fetched.headers.get("last-modified")
    return state


def default_extractor() -> Extractor:
    """The spaCy pipeline, loaded when first needed."""

    def run(articles: list[Article]) -> list[ArticleRecord]:
        from veille.extract import extract

        return list(extract(articles))

    return run


def run(db, feeds_path, settings: WatchSettings, rules: alerts.Rules, once: bool,
        on_pass: Callable[[PassReport], None], on_error: Callable[[str], None],
        extractor: Callable[[], Extractor] | None = None) -> None:
    """`veille watch`: one pass (``once``) or polling until stopped. Raises FeedsError
    or StoreError when nothing can run. ``extractor`` makes the extractor (default:
    the local pipeline), once the sources are known to be readable."""
    feeds = sources.read_sources(feeds_path)
    if not feeds:
        raise sources.FeedsError(f"{feeds_path}: no sources (add one with "
                                 "'veille feeds add URL --name NAME')")
    with Store(db) as store:
        watcher = open_watcher(store, settings, rules, extractor() if extractor else None)
        if once:
            on_pass(asyncio.run(watcher.poll_pass(feeds, every=True)))
            return

        def load_feeds() -> list[Source]:
            nonlocal feeds
            try:
                feeds = sources.read_sources(feeds_path) or feeds
            except sources.FeedsError as error:
                on_error(f"{error}; polling the sources read before")
            return feeds

        asyncio.run(watcher.run_forever(load_feeds, on_pass))


def open_watcher(store: Store, settings: WatchSettings, rules: alerts.Rules,
                 extractor: Extractor | None) -> Watcher:
    try:
        return Watcher(store, settings, rules, extractor)
    except sqlite3.Error as error:
        raise StoreError(f"{store.path}: cannot write the store: {error}") from None


def source_health(feeds_path, db) -> list[dict]:
    """The feeds file's sources with what the store knows of them (none yet when there
    is no store)."""
    feeds = sources.read_sources(feeds_path)
    if not db.exists():
        with closing(sqlite3.connect(":memory:")) as con:
            sources.ensure_schema(con)
            return sources.health(con, feeds)
    with Store(db) as store:
        sources.ensure_schema(store.con)
        return sources.health(store.con, feeds)
