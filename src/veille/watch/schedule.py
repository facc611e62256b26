"""When each source is polled next: on its interval, later while it backs off."""
from __future__ import annotations

from veille.watch.settings import WatchSettings
from veille.watch.sources import Source, SourceState


def next_poll(source: Source, state: SourceState | None, settings: WatchSettings) -> float:
    """Unix time from which the source is due (0: now)."""
    if state is None or state.last_poll is None:
        return 0.0
    due = state.last_poll + (source.interval or settings.interval)
    return max(due, state.retry_at or 0.0)


def waiting(state: SourceState | None, now: float) -> bool:
    """Whether the source backs off (after errors, or as a Retry-After asked)."""
    return bool(state and state.retry_at and state.retry_at > now)


def due_sources(sources: list[Source], states: dict[str, SourceState],
                settings: WatchSettings, now: float, every: bool = False) -> list[Source]:
    """The sources to poll now; ``every``: all but those that back off."""
    if every:
        return [s for s in sources if not waiting(states.get(s.url), now)]
    return [s for s in sources if next_poll(s, states.get(s.url), settings) <= now]


def sleep_time(sources: list[Source], states: dict[str, SourceState],
               settings: WatchSettings, now: float) -> float:
    """Seconds until the next source is due, at most one tick."""
    soonest = min((next_poll(s, states.get(s.url), settings) for s in sources),
                  default=now + settings.tick)
    return max(0.0, min(settings.tick, soonest - now))
