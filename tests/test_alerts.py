"""Alerts: rules matched against the incidents of new articles, each alert raised once,
delivered by webhook (a local receiver) and e-mail (a local aiosmtpd server), a failed
delivery retried until it succeeds."""
from __future__ import annotations

import asyncio
import json
import socket
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller

from local_site import KARABAKH, KARABAKH_LATER, MALI, publish
from veille.store import Store
from veille.watch import Watcher
from veille.watch.alerts import RulesError, list_alerts, load_rules, rules_of
from veille.watch.sources import Source

RULES = """
[[rule]]
name = "Lourd bilan en Arménie ou en Azerbaïdjan"
killed_min = 5
countries = ["AM", "AZ"]

[[rule]]
name = "Près de Stepanakert"
near = {{ place = "Stepanakert", km = 50 }}

[[rule]]
name = "Accusation du ministère azerbaïdjanais de la Défense"
claimant = "AZ.MOD"
stance = "accuse"

[[rule]]
name = "Bilan revu à la hausse"
revised_up = true

[[rule]]
name = "Massacre au Mali"
killed_min = 100
countries = ["ML"]

[deliver]
webhook = "{hook}"

[deliver.smtp]
host = "127.0.0.1"
port = {port}
sender = "veille@exemple.invalid"
to = ["permanence@exemple.invalid"]
"""


class Inbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def watcher_of(tmp_path, make_watcher, watch_settings):
    def make(rules_text: str) -> Watcher:
        path = tmp_path / "alertes.toml"
        path.write_text(rules_text, encoding="utf-8")
        return make_watcher(load_rules(path), watch_settings.replace(timeout=2.0))

    return make


def one_pass(watcher: Watcher, feeds: list[Source]):
    return asyncio.run(watcher.poll_pass(feeds, every=True))


def test_each_match_raises_one_alert_once_delivered_by_webhook_and_mail(site, smtp,
                                                                         watcher_of):
    controller, inbox = smtp
    items = [publish(site, "karabakh", KARABAKH), publish(site, "mali", MALI)]
    feeds = [Source(site.feed("/fil.xml", items), "Exemple")]
    watcher = watcher_of(RULES.format(hook=site.url + "/hook", port=controller.port))

    first = one_pass(watcher, feeds)
    raised = {a["rule"]: a for a in list_alerts(watcher.con)}
    assert first.raised == 3 and set(raised) == {
        "Lourd bilan en Arménie ou en Azerbaïdjan", "Près de Stepanakert",
        "Accusation du ministère azerbaïdjanais de la Défense"}
    alert = raised["Lourd bilan en Arménie ou en Azerbaïdjan"]
    assert alert["incident"]["place"] == "Stepanakert" and alert["incident"]["fatalities"] == 7
    assert "AM.MOD" in alert["claimants"] and alert["articles"][0]["url"].endswith("/karabakh")
    assert alert["evidence"] and all(e["text"] in KARABAKH[1] for e in alert["evidence"])
    assert first.deliveries.sent == 6 and not first.deliveries.failed
    posted = [json.loads(body) for path, body in site.posts if path == "/hook"]
    assert sorted(p["rule"] for p in posted) == sorted(raised)
    assert len(inbox.messages) == 3
    mail = next(m for m in inbox.messages if "Stepanakert" in m["Subject"])
    assert mail["To"] == "permanence@exemple.invalid"
    assert "Stepanakert" in mail.get_body(("plain",)).get_content()

    site.feed("/fil.xml", [publish(site, "karabakh-bilan", KARABAKH_LATER)] + items)
    second = one_pass(watcher, feeds)
    assert second.stored == 1
    revised = [a for a in list_alerts(watcher.con) if a["rule"] == "Bilan revu à la hausse"]
    assert second.raised == 1 and len(revised) == 1  # the other rules already fired
    assert revised[0]["matched"] == "AM.MOD: 7 -> 9"
    assert revised[0]["incident"]["id"] == alert["incident"]["id"]

    third = one_pass(watcher, feeds)
    assert third.raised == 0 and third.deliveries.attempted == 0
    assert len(list_alerts(watcher.con)) == 4 and len(inbox.messages) == 4


def test_a_failed_delivery_is_retried_until_it_succeeds(site, watcher_of):
    site.post_statuses["/hook"] = [500, 503, 200]
    feeds = [Source(site.feed("/fil.xml", [publish(site, "karabakh", KARABAKH)]), "Exemple")]
    rules = ('[deliver]\nwebhook = "' + site.url + '/hook"\n[[rule]]\nname = "Bilan"\n'
             'killed_min = 5\n')
    watcher = watcher_of(rules)
    first = one_pass(watcher, feeds)
    assert first.raised == 1 and len(first.deliveries.failed) == 1
    assert "500" in first.deliveries.failed[0]
    [alert] = list_alerts(watcher.con)
    assert alert["deliveries"] == [{"channel": "webhook", "status": "pending", "attempts": 1,
                                    "last_error": "OSError: webhook answered HTTP 500"}]
    assert one_pass(watcher, feeds).deliveries.sent == 0  # 503: still pending
    assert one_pass(watcher, feeds).deliveries.sent == 1
    assert one_pass(watcher, feeds).deliveries.attempted == 0  # sent once, not again
    [alert] = list_alerts(watcher.con)
    assert alert["deliveries"][0]["status"] == "sent"
    assert [json.loads(b)["rule"] for _, b in site.posts] == ["Bilan"] * 3


def test_a_delivery_to_an_unreachable_mail_server_stays_pending(site, watcher_of):
    feeds = [Source(site.feed("/fil.xml", [publish(site, "karabakh", KARABAKH)]), "Exemple")]
    rules = (f'[deliver.smtp]\nhost = "127.0.0.1"\nport = {free_port()}\nsender = "a@b.c"\n'
             'to = ["d@e.f"]\n[[rule]]\nname = "Bilan"\nkilled_min = 5\n')
    watcher = watcher_of(rules)
    report = one_pass(watcher, feeds)
    assert report.raised == 1 and report.deliveries.sent == 0
    [alert] = list_alerts(watcher.con)
    assert alert["deliveries"][0]["status"] == "pending"


def test_bad_rules_are_one_line_errors(tmp_path):
    with pytest.raises(ValueError, match="unknown key"):
        rules_of({"rule": [{"name": "x", "tué_min": 3}]})
    with pytest.raises(ValueError, match="unknown channel"):
        rules_of({"rule": [{"name": "x", "deliver": ["pigeon"]}]})
    path = tmp_path / "r.toml"
    path.write_text("[[rule]\n")
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(path)


def test_api_lists_alerts_sources_and_recent_articles(site, watcher_of, tmp_path):
    from fastapi.testclient import TestClient

    from veille.serve import create_app

    feeds = [Source(site.feed("/fil.xml", [publish(site, "karabakh", KARABAKH)]), "Exemple"),
             Source(site.url + "/absent.xml", "Absent")]
    watcher = watcher_of('[[rule]]\nname = "Bilan"\nkilled_min = 5\n')
    one_pass(watcher, feeds)
    client = TestClient(create_app(tmp_path / "veille.db"))
    [alert] = client.get("/api/alerts").json()["items"]
    assert alert["rule"] == "Bilan" and alert["incident"]["fatalities"] == 7
    assert client.get("/api/alerts", params={"since": alert["id"]}).json()["items"] == []
    health = {s["name"]: s for s in client.get("/api/sources").json()["items"]}
    assert health["Exemple"]["status"] == "ok" and health["Exemple"]["stored"] == 1
    assert "404" in health["Absent"]["status"] and health["Absent"]["failures"] == 1
    [recent] = client.get("/api/watch/recent").json()["items"]
    assert recent["title"] == KARABAKH[0] and recent["incidents"] == [alert["incident"]["id"]]
    assert client.get("/api/watch/recent", params={"since": recent["seen"]}).json() == {
        "items": []}


def test_api_of_a_store_never_watched_answers_empty_lists(tmp_path):
    from fastapi.testclient import TestClient

    from veille.serve import create_app

    Store(tmp_path / "v.db").close()
    client = TestClient(create_app(tmp_path / "v.db"))
    for route in ("/api/alerts", "/api/sources", "/api/watch/recent"):
        assert client.get(route).json() == {"items": []}
