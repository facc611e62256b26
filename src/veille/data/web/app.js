// veille dashboard: plain JS over the read-only API. Text from the store is only ever
// inserted as text nodes, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085",
                 "#7f8c8d", "#f39c12", "#2c3e50", "#e84393"];

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4))
                                      : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "onclick") node.addEventListener("click", value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function filters() {
  const form = new FormData(document.getElementById("filters"));
  return Object.fromEntries([...form.entries()].filter(([, v]) => v));
}

// -- overview -------------------------------------------------------------------------
async function showOverview() {
  document.getElementById("overview").hidden = false;
  document.getElementById("detail").hidden = true;
  const params = filters();
  const [list, stats] = await Promise.all([
    api("incidents", { ...params, limit: 1000 }), api("stats/deaths", params)]);
  document.getElementById("totals").textContent =
    `${list.total} incidents · ${stats.totals.article} articles · ` +
    `${stats.totals.sighting} signalements`;
  drawTimeline(stats.by_period);
  await drawMap(list.items);
  fillTable(list.items);
}

function drawTimeline(rows) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  if (!rows.length) {
    svg.append(el("svg:text", { x: 20, y: 110, class: "axis" }, "aucun mort rapporté"));
    return;
  }
  const periods = [...new Set(rows.map(r => r.period))].sort();
  const parties = [...new Set(rows.map(r => r.party))].sort();
  const colour = Object.fromEntries(parties.map((p, i) => [p, PALETTE[i % PALETTE.length]]));
  const totals = periods.map(p => rows.filter(r => r.period === p)
                                       .reduce((sum, r) => sum + r.deaths, 0));
  const max = Math.max(1, ...totals);
  const width = 560 / periods.length;
  periods.forEach((period, i) => {
    let y = 200;
    for (const row of rows.filter(r => r.period === period)) {
      const h = (row.deaths / max) * 180;
      y -= h;
      svg.append(el("svg:rect", { x: 30 + i * width + 1, y, width: Math.max(1, width - 2),
                                  height: h, fill: colour[row.party], class: "bar" },
                    el("svg:title", {}, `${period} · ${row.party}: ${row.deaths}`)));
    }
    if (periods.length <= 12 || i % Math.ceil(periods.length / 12) === 0) {
      svg.append(el("svg:text", { x: 30 + i * width, y: 214, class: "axis" }, period));
    }
  });
  svg.append(el("svg:text", { x: 0, y: 20, class: "axis" }, String(max)));
  for (const party of parties) {
    legend.append(el("span", {}, el("i", { style: `background:${colour[party]}` }), party));
  }
}

// TopoJSON (world-atlas) decoded by hand: arcs are delta-encoded and quantised.
let atlas;
async function countries() {
  if (atlas !== undefined) return atlas;
  try {
    const topology = await api("atlas");
    const [sx, sy] = topology.transform.scale, [tx, ty] = topology.transform.translate;
    const arcs = topology.arcs.map(arc => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
    const ring = indices => indices.flatMap((i, n) => {
      const points = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      return n ? points.slice(1) : points;
    });
    atlas = topology.objects.countries.geometries.map(g =>
      g.type === "Polygon" ? g.arcs.map(ring)
      : g.type === "MultiPolygon" ? g.arcs.flatMap(p => p.map(ring)) : []);
  } catch (error) {
    atlas = [];  // no borders installed: markers over a grid
  }
  return atlas;
}

async function drawMap(incidents) {
  const svg = document.getElementById("map");
  svg.replaceChildren();
  const placed = incidents.filter(i => i.lat !== null && i.lon !== null);
  const lons = placed.map(i => i.lon), lats = placed.map(i => i.lat);
  const pad = 3;
  let [west, east] = placed.length ? [Math.min(...lons) - pad, Math.max(...lons) + pad]
                                   : [-180, 180];
  let [south, north] = placed.length ? [Math.min(...lats) - pad, Math.max(...lats) + pad]
                                     : [-60, 80];
  const scale = Math.min(600 / (east - west), 320 / (north - south));
  const x = lon => (lon - west) * scale, y = lat => (north - lat) * scale;
  const path = rings => rings.map(r => "M" + r.map(([lo, la]) =>
    `${x(lo).toFixed(1)},${y(la).toFixed(1)}`).join("L") + "Z").join("");
  for (const rings of await countries()) {
    if (rings.length) svg.append(el("svg:path", { d: path(rings), class: "country" }));
  }
  for (let lon = Math.ceil(west / 10) * 10; lon < east; lon += 10) {
    svg.append(el("svg:line", { x1: x(lon), x2: x(lon), y1: 0, y2: 320, class: "grid" }));
  }
  for (const incident of placed) {
    const r = 3 + Math.sqrt(incident.fatalities || 0);
    svg.append(el("svg:circle", {
      cx: x(incident.lon), cy: y(incident.lat), r,
      class: "marker" + (incident.contradictions.length ? " contradicted" : ""),
      onclick: () => { location.hash = `#/incident/${incident.id}`; },
    }, el("svg:title", {}, `${incident.date || "?"} · ${incident.place} · ${incident.type}`)));
  }
}

function fillTable(incidents) {
  const body = document.querySelector("#incidents tbody");
  body.replaceChildren(...incidents.map(i => el("tr",
    { class: i.contradictions.length ? "contradicted" : null },
    el("td", {}, i.date || "?"), el("td", {}, `${i.type} · ${i.sub_type}`),
    el("td", {}, i.place || ""), el("td", {}, i.fatalities ?? ""),
    el("td", {}, (i.outlets.length ? i.outlets : i.articles).join(", ")),
    el("td", {}, el("a", { href: `#/incident/${i.id}` }, "voir"),
       i.contradictions.length ? el("span", { class: "contradiction" }, " ≠") : null))));
}

// -- incident view ----------------------------------------------------------------------
async function showIncident(id) {
  const incident = await api(`incidents/${encodeURIComponent(id)}`);
  const detail = openDetail();
  detail.append(
    el("h2", {}, `${incident.date || "?"} · ${incident.type} · ${incident.place || "?"}`),
    el("p", {}, `Acteurs : ${incident.actors.join(", ") || "?"} · morts (estimation basse) : ` +
                `${incident.fatalities ?? "?"}`),
    incident.contradictions.length ? el("div", { class: "contradictions" },
      el("h3", {}, "Les sources se contredisent"),
      el("ul", {}, incident.contradictions.map(c => el("li", { class: "contradiction" }, c))))
      : null,
    el("h3", {}, "Chaque source, sa version"),
    el("table", { class: "versions" },
      el("thead", {}, el("tr", {}, ["article", "date", "lieu", "chiffres", "déclarations"]
        .map(h => el("th", {}, h)))),
      el("tbody", {}, incident.sightings.map(s => el("tr", {},
        el("td", {}, el("a", { href: `#/article/${encodeURIComponent(s.article)}` }, s.article)),
        el("td", {}, s.event.date || "?"), el("td", {}, s.event.place || "?"),
        el("td", {}, s.versions.map(v => el("div", {},
          `${v.claimed_by || "non attribué"} : ${v.low}${v.high && v.high !== v.low ?
            "–" + v.high : ""} ${v.kind} (${v.side || "?"}, ${v.victims}) « ${v.evidence} »`))),
        el("td", {}, s.statements.map(c => el("div", {},
          `${c.source || c.speaker} [${c.stance}] « ${c.evidence} »`))))))));
}

// -- article view -----------------------------------------------------------------------
const KINDS = { casualties: "casualty", places: "place", dates: "date", claims: "claim" };

function highlighted(text, record) {
  // Each character gets the set of item kinds covering it; runs with the same set become
  // one <mark> (or plain text), so overlapping items all show.
  const marks = Array.from({ length: text.length }, () => new Set());
  const labels = Array.from({ length: text.length }, () => []);
  for (const [field, kind] of Object.entries(KINDS)) {
    for (const item of record[field] || []) {
      const spans = field === "places" && item.occurrences && item.occurrences.length
        ? item.occurrences : [item];
      for (const span of spans) {
        for (let i = span.start; i < Math.min(span.end, text.length); i++) {
          marks[i].add(kind);
          if (i === span.start) labels[i].push(label(field, item));
        }
      }
    }
  }
  const nodes = [];
  let start = 0;
  const key = i => [...marks[i]].sort().join(" ");
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && key(i) === key(start) && !labels[i].length) continue;
    const chunk = text.slice(start, i);
    nodes.push(key(start) ? el("mark", { class: key(start), title: labels[start].join("\n") },
                               chunk) : document.createTextNode(chunk));
    start = i;
  }
  return nodes;
}

function label(field, item) {
  if (field === "casualties") {
    return `${item.kind} ${item.low}${item.high && item.high !== item.low ? "–" + item.high : ""}` +
           ` ${item.victims} ${item.side || ""} selon ${item.claimed_by || "?"}`;
  }
  if (field === "places") return `${item.name} (${item.country || "?"}, ${item.feature})`;
  if (field === "dates") return `${item.value || "?"} (${item.precision || "-"})`;
  return `${item.source || item.speaker} : ${item.stance}`;
}

async function showArticle(id) {
  const { article, record } = await api(`articles/${encodeURIComponent(id)}`);
  const detail = openDetail();
  detail.append(
    el("h2", {}, article.title || article.id),
    el("p", {}, `${article.published || "date inconnue"} · ${article.source || ""}`),
    el("p", { class: "key" }, el("mark", { class: "casualty" }, "bilan"),
       el("mark", { class: "place" }, "lieu"), el("mark", { class: "date" }, "date"),
       el("mark", { class: "claim" }, "déclaration")),
    el("div", { class: "text", id: "article-text" }, highlighted(article.text, record)));
}

function openDetail() {
  document.getElementById("overview").hidden = true;
  const detail = document.getElementById("detail");
  detail.hidden = false;
  detail.replaceChildren(el("p", {}, el("a", { href: "#/" }, "← tous les incidents")));
  return detail;
}

async function route() {
  const [, view, id] = location.hash.split("/");
  try {
    if (view === "incident" && id) await showIncident(decodeURIComponent(id));
    else if (view === "article" && id) await showArticle(decodeURIComponent(id));
    else await showOverview();
  } catch (error) {
    openDetail().append(el("p", { class: "contradiction" }, String(error.message)));
  }
  document.body.dataset.ready = "true";
}

document.getElementById("filters").addEventListener("submit", event => {
  event.preventDefault();
  if (location.hash && location.hash !== "#/") location.hash = "#/"; else route();
});
window.addEventListener("hashchange", route);
route();
