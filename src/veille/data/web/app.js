// veille dashboard: plain JS over the read-only API. Text from the store is only ever
// inserted as text nodes, never as HTML. Every word of the interface comes from
// /api/words (data/ui/<lang>.toml) by key; the filters live in the URL's hash, so that
// a view is shared by its link.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085",
                 "#7f8c8d", "#f39c12", "#2c3e50", "#e84393"];
const TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians",
               "Strategic developments", "Protests", "Riots"];
const FILTERS = ["theatre", "campaign", "from", "to", "type", "camp", "claimant", "place",
                 "q", "lang"];
const DEFAULT_LANG = "fr";
const DAY = 86400000;
const PRESS = "press:";

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4))
                                      : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "onclick") node.addEventListener("click", value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
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

// -- words ----------------------------------------------------------------------------
let WORDS = {}, LOCALE = "fr-FR", LANG = null;

async function loadWords(lang) {
  if (lang === LANG) return;
  const catalogue = await api("words", { lang });
  WORDS = catalogue.words;
  LOCALE = WORDS["meta.locale"] || "fr-FR";
  LANG = lang;
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
}

/** The word of ``key`` in the current language, its {placeholders} filled. */
function t(key, values = {}) {
  const word = WORDS[key] ?? key.slice(key.indexOf(".") + 1);  // unknown: the key's name
  return word.replace(/\{(\w+)\}/g, (whole, name) => name in values ? values[name] : whole);
}

// -- dates ----------------------------------------------------------------------------
function dayOf(value) {  // '2020-10-05', '2020-10' or '2020' -> ms (UTC) of its first day
  const [y, m = "01", d = "01"] = value.split("-");
  return Date.UTC(+y, +m - 1, +d);
}

function formatDay(ms, options = { day: "numeric", month: "short", year: "numeric" }) {
  return new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", ...options }).format(ms);
}

/** A date at its precision: '5 oct. 2020', 'semaine du 5 oct. 2020', 'avril 2016'. */
function dateLabel(first, precision) {
  if (!first) return t("dates.unknown");
  const ms = dayOf(first);
  if (precision === "week") return t("dates.week", { date: formatDay(ms) });
  if (precision === "month") return formatDay(ms, { month: "long", year: "numeric" });
  if (precision === "year") return first.slice(0, 4);
  return formatDay(ms);
}

function periodEnd(value) {  // the ms just after the last day a partial date stands for
  const [y, m, d] = value.split("-").map(Number);
  return d ? Date.UTC(y, m - 1, d + 1) : m ? Date.UTC(y, m) : Date.UTC(y + 1, 0);
}

function partialLabel(value) {  // a date as given: '2020', '2020-10' or '2020-10-05'
  if (!value) return t("dates.unknown");
  return dateLabel(value, { 4: "year", 7: "month" }[value.length] || "day");
}

/** Ticks of a time axis from ``start`` to ``end`` (ms): weeks, months or years. */
function timeTicks(start, end) {
  const span = (end - start) / DAY, ticks = [];
  const first = new Date(start);
  if (span <= 70) {
    let day = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
    day += ((8 - new Date(day).getUTCDay()) % 7) * DAY;  // the next Monday
    for (; day <= end; day += 7 * DAY) ticks.push([day, formatDay(day, { day: "numeric",
                                                                       month: "short" })]);
    return ticks;
  }
  const months = span <= 800 ? (span <= 400 ? 1 : 3) : 12;
  let year = first.getUTCFullYear(), month = first.getUTCMonth() + 1;
  month = Math.ceil(month / months) * months;
  for (let ms = Date.UTC(year, month); ms <= end; month += months, ms = Date.UTC(year, month)) {
    ticks.push([ms, months === 12 ? String(new Date(ms).getUTCFullYear())
                                  : formatDay(ms, { month: "short", year: "numeric" })]);
  }
  return ticks;
}

function drawTimeAxis(svg, x, start, end, y, height) {
  const ticks = timeTicks(start, end);
  if (!ticks.length || ticks[0][0] - start > (end - start) * 0.05) {  // name the start too
    svg.append(el("svg:text", { x: x(start) + 2, y, class: "axis tick" },
                  formatDay(start, { month: "short", year: "numeric" })));
  }
  for (const [ms, text] of ticks) {
    svg.append(el("svg:line", { x1: x(ms), x2: x(ms), y1: 0, y2: height, class: "grid" }),
               el("svg:text", { x: x(ms) + 2, y, class: "axis tick" }, text));
  }
}

// -- the URL: view and filters ----------------------------------------------------------
function hashState() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const [, view = "", id = ""] = path.split("/");
  return { view, id: decodeURIComponent(id), params: new URLSearchParams(query) };
}

function viewLink(view, params, id = "") {
  const kept = new URLSearchParams([...params].filter(([k, v]) => FILTERS.includes(k) && v));
  const path = "#/" + (view ? view + (id ? "/" + encodeURIComponent(id) : "") : "");
  return kept.toString() ? `${path}?${kept}` : path;
}

function formParams() {
  const form = new FormData(document.getElementById("filters"));
  const params = new URLSearchParams([...form.entries()].filter(([, v]) => v));
  if (params.get("lang") === DEFAULT_LANG) params.delete("lang");
  return params;
}

function fillForm(params) {
  const form = document.getElementById("filters");
  fillCampaigns(params.get("theatre"));
  for (const name of FILTERS) {
    form.elements[name].value = params.get(name) || (name === "lang" ? DEFAULT_LANG : "");
  }
}

// -- theatres ---------------------------------------------------------------------------
let THEATRES = [];

async function loadTheatres() {
  if (THEATRES.length) return;
  THEATRES = await api("tolls/theatres");
  const select = document.querySelector("#filters [name=theatre]");
  select.append(...THEATRES.map(th => el("option", { value: th.key }, th.name)));
}

function theatreNamed(key) {
  return THEATRES.find(th => th.key === key);
}

function fillCampaigns(theatreKey) {
  const select = document.querySelector("#filters [name=campaign]");
  const campaigns = theatreNamed(theatreKey)?.campaigns || [];
  select.replaceChildren(el("option", { value: "" }, t("filters.all")),
                         ...campaigns.map(c => el("option", { value: c.key }, c.name)));
}

function campaignName(theatreKey, key) {
  return theatreNamed(theatreKey)?.campaigns.find(c => c.key === key)?.name || key;
}

function inTheatre(incident, theatreKey) {
  const codes = new Set(theatreNamed(theatreKey)?.codes || []);
  return codes.has(incident.country) || incident.actors.some(a => codes.has(a.split(".")[0]));
}

// -- sources ----------------------------------------------------------------------------
let ARTICLES = null;

async function articleIndex() {
  if (!ARTICLES) {
    ARTICLES = new Map((await api("articles", { limit: 1000 })).map(a => [a.id, a]));
  }
  return ARTICLES;
}

function outletOf(article) {
  if (article?.source) return article.source;
  try { return new URL(article.url).hostname; } catch { return t("sources.unknown_outlet"); }
}

/** 'AFP, 5 oct. 2020' linking to the article view. */
function sourceLink(articleId, articles) {
  const article = articles.get(articleId);
  const when = article?.published ? partialLabel(article.published) : t("article.unknown_date");
  return el("a", { href: `#/article/${encodeURIComponent(articleId)}`, class: "source",
                   title: article?.title || articleId }, `${outletOf(article)}, ${when}`);
}

// -- overview ---------------------------------------------------------------------------
function compare(a, b) {  // code-point order ('~' after every date), not the locale's
  return a < b ? -1 : a > b ? 1 : 0;
}

function byDate(a, b) {  // undated incidents last
  return compare(a.first || "~", b.first || "~") || compare(a.last || "~", b.last || "~") ||
         a.id - b.id;
}

async function showOverview(params) {
  show("overview");
  const query = { from: params.get("from"), to: params.get("to"), type: params.get("type"),
                  place: params.get("place"), q: params.get("q"), actor: params.get("camp"),
                  claimant: params.get("claimant") };
  const [list, stats, articles] = await Promise.all([
    api("incidents", { ...query, limit: 1000 }), api("stats/deaths", query), articleIndex()]);
  const theatre = params.get("theatre");
  const incidents = list.items.filter(i => !theatre || inTheatre(i, theatre)).sort(byDate);
  document.getElementById("totals").textContent = t("overview.totals", {
    incidents: incidents.length, articles: stats.totals.article,
    sightings: stats.totals.sighting });
  drawTimeline(incidents);
  await drawMap(incidents);
  fillTable(incidents, articles);
}

function typeColour(type) {
  return PALETTE[TYPES.indexOf(type) % PALETTE.length];
}

/** Incidents on a true time axis, one lane per type, each drawn over the days its date
 * stands for; above them, the dead per week. */
function drawTimeline(incidents) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  const dated = incidents.filter(i => i.first);
  if (!dated.length) {
    svg.append(el("svg:text", { x: 20, y: 110, class: "axis" }, t("overview.no_incident")));
    return;
  }
  let start = Math.min(...dated.map(i => dayOf(i.first)));
  let end = Math.max(...dated.map(i => dayOf(i.last || i.first))) + DAY;
  if (end - start < 30 * DAY) { start -= 15 * DAY; end += 15 * DAY; }
  const left = 10, width = 880;
  const x = ms => left + (ms - start) / (end - start) * width;
  drawTimeAxis(svg, x, start, end, 236, 225);
  // the dead per week, stacked by type
  const weeks = new Map();
  for (const incident of dated.filter(i => i.fatalities)) {
    const day = dayOf(incident.first), monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
    const week = weeks.get(monday) || weeks.set(monday, new Map()).get(monday);
    week.set(incident.type, (week.get(incident.type) || 0) + incident.fatalities);
  }
  const max = Math.max(1, ...[...weeks.values()].map(w => [...w.values()].reduce((a, b) => a + b)));
  for (const [monday, byType] of weeks) {
    let y = 100;
    for (const type of TYPES.filter(ty => byType.has(ty))) {
      const h = byType.get(type) / max * 85;
      y -= h;
      svg.append(el("svg:rect", { x: x(monday), y, height: h, fill: typeColour(type),
                                  width: Math.max(2, x(monday + 7 * DAY) - x(monday) - 1),
                                  class: "bar" },
        el("svg:title", {}, `${t("dates.week", { date: formatDay(monday) })} · ` +
                            `${t("types." + type)} : ${byType.get(type)}`)));
    }
  }
  svg.append(el("svg:text", { x: left, y: 12, class: "axis" },
                `${max} ${t("overview.timeline_deaths")}`));
  // the incidents, one lane per type present
  const lanes = TYPES.filter(type => dated.some(i => i.type === type));
  const laneHeight = Math.min(18, 110 / lanes.length);
  for (const incident of dated) {
    const lane = lanes.indexOf(incident.type);
    const from = x(dayOf(incident.first)), to = x(dayOf(incident.last || incident.first) + DAY);
    svg.append(el("svg:rect", {
      x: from, y: 110 + lane * laneHeight, width: Math.max(3, to - from),
      height: laneHeight - 3, fill: typeColour(incident.type),
      class: `span ${incident.date_precision || "day"}`, "data-first": incident.first,
      onclick: () => { location.hash = `#/incident/${incident.id}`; },
    }, el("svg:title", {}, `${dateLabel(incident.first, incident.date_precision)} · ` +
                          `${incident.place || "?"} · ${t("types." + incident.type)}`)));
  }
  for (const type of lanes) {
    legend.append(el("span", {}, el("i", { style: `background:${typeColour(type)}` }),
                     t("types." + type)));
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

const MAP_W = 600, MAP_H = 360;

/** The projection (equirectangular, shrunk by the cosine of the middle latitude) that fits
 * the incidents' extent, with a margin, into the map. */
function fitProjection(placed) {
  if (!placed.length) return projection(-180, 180, -60, 80);
  const lons = placed.map(i => i.lon), lats = placed.map(i => i.lat);
  let [west, east, south, north] = [Math.min(...lons), Math.max(...lons),
                                    Math.min(...lats), Math.max(...lats)];
  const pad = Math.max(0.5, 0.15 * Math.max(east - west, north - south));
  return projection(west - pad, east + pad, south - pad, north + pad);
}

function projection(west, east, south, north) {
  const shrink = Math.cos((south + north) / 2 * Math.PI / 180);
  const scale = Math.min(MAP_W / ((east - west) * shrink), MAP_H / (north - south));
  const cx = (west + east) / 2, cy = (south + north) / 2;
  return { x: lon => MAP_W / 2 + (lon - cx) * shrink * scale,
           y: lat => MAP_H / 2 - (lat - cy) * scale };
}

function markerRadius(deaths, count) {
  return 4 + 1.6 * Math.sqrt(deaths) + (count > 1 ? 3 : 0);
}

/** Markers that overlap on screen merge into one cluster, the largest tolls first. */
function clusters(placed, project) {
  const found = [];
  const order = placed.slice().sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
  for (const incident of order) {
    const px = project.x(incident.lon), py = project.y(incident.lat);
    const r = markerRadius(incident.fatalities || 0, 1);
    const near = found.find(c => Math.hypot(c.x - px, c.y - py) < (c.r + r) * 0.7);
    if (near) {
      near.members.push(incident);
      near.deaths += incident.fatalities || 0;
      near.r = markerRadius(near.deaths, near.members.length);
    } else {
      found.push({ x: px, y: py, r, members: [incident], deaths: incident.fatalities || 0 });
    }
  }
  return found;
}

async function drawMap(incidents, zoomed = false) {
  const svg = document.getElementById("map");
  svg.replaceChildren();
  const placed = incidents.filter(i => i.lat !== null && i.lon !== null);
  const project = fitProjection(placed);
  const path = rings => rings.map(r => "M" + r.map(([lo, la]) =>
    `${project.x(lo).toFixed(1)},${project.y(la).toFixed(1)}`).join("L") + "Z").join("");
  for (const rings of await countries()) {
    if (rings.length) svg.append(el("svg:path", { d: path(rings), class: "country" }));
  }
  for (const cluster of clusters(placed, project)) {
    const single = cluster.members.length === 1, first = cluster.members[0];
    const contradicted = cluster.members.some(i => i.contradictions.length);
    svg.append(el("svg:g", { class: "marker-group" },
      el("svg:circle", {
        cx: cluster.x, cy: cluster.y, r: cluster.r, "data-deaths": cluster.deaths,
        class: "marker" + (single ? "" : " cluster") + (contradicted ? " contradicted" : ""),
        onclick: () => {
          if (single) location.hash = `#/incident/${first.id}`;
          else drawMap(cluster.members, true);
        },
      }, el("svg:title", {}, single
        ? `${dateLabel(first.first, first.date_precision)} · ${first.place} · ` +
          `${t("types." + first.type)} · ${first.fatalities ?? "?"}`
        : t("overview.map_cluster", { count: cluster.members.length, deaths: cluster.deaths }))),
      single ? null : el("svg:text", { x: cluster.x, y: cluster.y + 3, class: "count" },
                         cluster.members.length)));
  }
  if (!zoomed) SHOWN = incidents;
  document.getElementById("map-reset").hidden = !zoomed;
}
let SHOWN = [];  // the filtered incidents, to zoom back out to

function fillTable(incidents, articles) {
  const body = document.querySelector("#incidents tbody");
  if (!incidents.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 6 }, t("overview.no_incident"))));
    return;
  }
  body.replaceChildren(...incidents.map(i => el("tr",
    { class: i.contradictions.length ? "contradicted" : null, "data-first": i.first || "" },
    el("td", { class: "date" }, dateLabel(i.first, i.date_precision)),
    el("td", {}, `${t("types." + i.type)} · ${t("sub_types." + i.sub_type)}`),
    el("td", {}, i.place || ""), el("td", {}, i.fatalities ?? ""),
    el("td", {}, i.articles.map(id => sourceLink(id, articles))),
    el("td", {}, el("a", { href: `#/incident/${i.id}` }, t("columns.view")),
       i.contradictions.length ? el("span", { class: "contradiction" }, " ≠") : null))));
}

// -- tolls ------------------------------------------------------------------------------
function claimantLabel(claimant) {
  return claimant.startsWith(PRESS) ? t("tolls.press", { outlet: claimant.slice(PRESS.length) })
                                    : claimant;
}

function amount(point) {
  if (["at_least", "more_than"].includes(point.qualifier)) return `${point.low}+`;
  if (point.high !== null && point.high !== point.low) return `${point.low}–${point.high}`;
  return ({ about: "~", up_to: "≤" }[point.qualifier] || "") + point.low;
}

function quantityTitle(s) {
  const words = [theatreNamed(s.theatre)?.name || s.theatre, campaignName(s.theatre, s.campaign),
                 t("tolls.quantity", { kind: t("kinds." + s.kind),
                                       victims: t("victims." + s.victims) })];
  if (s.side) words.push(t("tolls.side", { side: s.side }));
  return words.join(" · ");
}

async function showTolls(params) {
  show("tolls");
  document.getElementById("totals").textContent = "";
  const series = await api("tolls", {
    theatre: params.get("theatre"), campaign: params.get("campaign"),
    claimant: params.get("claimant"), side: params.get("camp"),
    from: params.get("from"), to: params.get("to") });
  const charts = document.getElementById("toll-charts");
  charts.replaceChildren();
  if (!series.length) {
    charts.append(el("p", { class: "empty" }, t("tolls.none")));
    return;
  }
  const quantities = new Map();
  for (const s of series) {
    const key = [s.theatre, s.campaign, s.kind, s.victims, s.side].join("|");
    (quantities.get(key) || quantities.set(key, []).get(key)).push(s);
  }
  // the quantities with the most claimants, then the most figures, first
  const size = group => [new Set(group.map(s => s.claimant)).size,
                         group.reduce((n, s) => n + s.points.length, 0)];
  const groups = [...quantities.values()].sort((a, b) => {
    const [ca, pa] = size(a), [cb, pb] = size(b);
    return cb - ca || pb - pa;
  });
  for (const group of groups) charts.append(tollPanel(group));
}

/** One quantity: a step line per claimant, revisions and divergences marked. */
function tollPanel(group) {
  const colour = new Map(group.map((s, n) => [s.claimant, PALETTE[n % PALETTE.length]]));
  const points = group.flatMap(s => s.points);
  let start = Math.min(...points.map(p => dayOf(p.date)));
  let end = Math.max(...points.map(p => periodEnd(p.date) - DAY));
  const margin = Math.max(2 * DAY, (end - start) * 0.05);
  start -= margin; end += margin;
  const top = Math.max(...points.map(p => Math.max(p.low, p.high || 0))) * 1.1 || 1;
  const left = 55, width = 820, height = 150;
  const x = ms => left + (ms - start) / (end - start) * width;
  const y = value => 10 + height - value / top * height;
  const svg = el("svg:svg", { viewBox: "0 0 900 185", class: "toll-chart", role: "img" });
  drawTimeAxis(svg, x, start, end, 180, 162);
  for (let n = 0; n <= 4; n++) {
    const value = Math.round(top / 1.1 * n / 4);
    svg.append(el("svg:line", { x1: left, x2: left + width, y1: y(value), y2: y(value),
                                class: "grid" }),
               el("svg:text", { x: 2, y: y(value) + 3, class: "axis" }, value));
  }
  const pairs = divergentPairs(group);
  for (const [s, d] of pairs) {
    svg.append(el("svg:line", { x1: x(dayOf(d.this.date)), y1: y(d.this.low),
                                x2: x(dayOf(d.other.date)), y2: y(d.other.low),
                                class: "divergence" },
      el("svg:title", {}, divergenceText(s, d))));
  }
  for (const s of group) svg.append(...tollLine(s, colour.get(s.claimant), x, y));
  const notes = [
    ...group.flatMap(s => s.revisions.map(r => el("li", { class: "revision" },
      t("tolls.revision", { date: partialLabel(r.date), claimant: claimantLabel(s.claimant),
                            from: amount(r.previous), to: amount(r.revised) })))),
    ...pairs.map(([s, d]) => el("li", { class: "divergence" }, divergenceText(s, d)))];
  return el("div", { class: "panel toll" },
    el("h3", {}, quantityTitle(group[0])), svg,
    el("div", { class: "legend" }, group.map(s => el("span", {},
      el("i", { style: `background:${colour.get(s.claimant)}` }), claimantLabel(s.claimant)))),
    notes.length ? el("ul", { class: "notes" }, notes) : null);
}

/** Each pair of diverging figures once, though both series list it. */
function divergentPairs(group) {
  const seen = new Set(), pairs = [];
  for (const s of group) {
    for (const d of s.divergences) {
      const ends = [`${s.claimant}|${d.this.date}|${d.this.low}`,
                    `${d.other_claimant}|${d.other.date}|${d.other.low}`].sort().join("~");
      if (!seen.has(ends)) { seen.add(ends); pairs.push([s, d]); }
    }
  }
  return pairs.sort(([, a], [, b]) => compare(a.date, b.date));
}

function divergenceText(series, d) {
  return t("tolls.divergence", { date: partialLabel(d.date),
    claimant: claimantLabel(series.claimant), value: amount(d.this),
    other: claimantLabel(d.other_claimant), other_value: amount(d.other) });
}

function tollLine(series, colour, x, y) {
  const revised = new Set(series.revisions.map(r => `${r.revised.date}|${r.revised.low}`));
  const steps = series.points.map((p, n) => (n ? `H${x(dayOf(p.date))}V${y(p.low)}`
                                                : `M${x(dayOf(p.date))},${y(p.low)}`));
  const nodes = [el("svg:path", { d: steps.join(""), class: "step", stroke: colour,
                                  "data-claimant": series.claimant })];
  for (const p of series.points) {
    const cx = x(dayOf(p.date)), cy = y(p.low);
    const revision = revised.has(`${p.date}|${p.low}`);
    if (p.date.length < 10) {  // a month or a year: the figure holds somewhere in it
      nodes.push(el("svg:line", { x1: cx, x2: x(periodEnd(p.date)), y1: cy, y2: cy,
                                  stroke: colour, class: "period" }));
    }
    if (p.high !== null && p.high > p.low) {
      nodes.push(el("svg:line", { x1: cx, x2: cx, y1: y(p.high), y2: cy, stroke: colour,
                                  class: "range" }));
    }
    if (revision) nodes.push(el("svg:text", { x: cx, y: cy - 8, class: "revision-mark" }, "▼"));
    nodes.push(el("svg:circle", {
      cx, cy, r: 5, fill: colour, class: "toll-point" + (revision ? " revision" : ""),
      "data-date": p.date, "data-claimant": series.claimant,
      onclick: () => { location.hash = `#/article/${encodeURIComponent(p.article)}` +
                                        `?start=${p.start}&end=${p.end}`; },
    }, el("svg:title", {}, t("tolls.point", { claimant: claimantLabel(series.claimant),
      date: partialLabel(p.date), value: amount(p), evidence: p.evidence }))));
  }
  return nodes;
}

// -- incident view ----------------------------------------------------------------------
async function showIncident(id) {
  const [incident, articles] = await Promise.all([
    api(`incidents/${encodeURIComponent(id)}`), articleIndex()]);
  const detail = openDetail();
  detail.append(
    el("h2", {}, `${dateLabel(incident.first, incident.date_precision)} · ` +
                 `${t("types." + incident.type)} · ${incident.place || "?"}`),
    el("p", {}, t("incident.actors", { actors: incident.actors.join(", ") || "?" }) + " · " +
                t("incident.deaths", { deaths: incident.fatalities ?? "?" })),
    incident.contradictions.length ? el("div", { class: "contradictions" },
      el("h3", {}, t("incident.contradictions")),
      el("ul", {}, incident.contradictions.map(c => el("li", { class: "contradiction" }, c))))
      : null,
    el("h3", {}, t("incident.versions")),
    el("table", { class: "versions" },
      el("thead", {}, el("tr", {}, ["sources.article", "columns.date", "columns.place",
                                    "incident.figures", "incident.statements"]
        .map(key => el("th", {}, t(key))))),
      el("tbody", {}, incident.sightings.map(s => el("tr", {},
        el("td", {}, sourceLink(s.article, articles)),
        el("td", {}, dateLabel(s.first, s.event.date_precision)),
        el("td", {}, s.event.place || "?"),
        el("td", {}, s.versions.map(v => el("div", {},
          `${v.claimed_by || t("incident.unattributed")} : ${amount(v)} ` +
          `${t("kinds." + v.kind)} (${v.side ? t("incident.side", { side: v.side }) : "?"}, ` +
          `${t("victims." + v.victims)}) « ${v.evidence} »`))),
        el("td", {}, s.statements.map(c => el("div", {},
          `${c.source || c.speaker} [${c.stance}] « ${c.evidence} »`))))))));
}

// -- article view -----------------------------------------------------------------------
const KINDS = { casualties: "casualty", places: "place", dates: "date", claims: "claim" };

function highlighted(text, record, focus) {
  // Each character gets the set of item kinds covering it; runs with the same set become
  // one <mark> (or plain text), so overlapping items all show. ``focus`` (the figure a
  // toll chart points to) is a kind of its own.
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
  if (focus) {
    for (let i = focus.start; i < Math.min(focus.end, text.length); i++) marks[i].add("focus");
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
    return `${t("kinds." + item.kind)} ${amount(item)} ${t("victims." + item.victims)} ` +
           `${item.side || ""} ${t("article.according_to", { who: item.claimed_by || "?" })}`;
  }
  if (field === "places") return `${item.name} (${item.country || "?"}, ${item.feature})`;
  if (field === "dates") return item.value ? partialLabel(item.value) : "?";
  return `${item.source || item.speaker} : ${item.stance}`;
}

async function showArticle(id, params) {
  const { article, record } = await api(`articles/${encodeURIComponent(id)}`);
  const focus = params.has("start") ? { start: +params.get("start"), end: +params.get("end") }
                                    : null;
  const detail = openDetail();
  detail.append(
    el("h2", {}, article.title || article.id),
    el("p", {}, `${outletOf(article)} · ${partialLabel(article.published)}`),
    el("p", { class: "key" }, ["casualty", "place", "date", "claim"].map(kind =>
      el("mark", { class: kind }, t("article." + kind)))),
    el("div", { class: "text", id: "article-text" }, highlighted(article.text, record, focus)));
  document.querySelector("#article-text mark.focus")?.scrollIntoView({ block: "center" });
}

// -- monitoring: alerts, the sources' health, new incidents as they arrive --------------
// The dashboard polls the read-only monitoring routes every few seconds: new alerts (by
// id), the articles the watcher stored (by the time it saw them) and the feeds' health.
const POLL_MS = 3000;
// The watcher stamps an item with the time of the poll that saw it, and a pass stores
// its articles one batch after another: so the dashboard asks again for this many
// seconds before the newest stamp it has, and skips the articles it already counted.
const PASS_S = 900;
const SEEN_ALERT = "veille.seen-alert";  // localStorage: the newest alert the user saw
let ALERTS = [], KNOWN_INCIDENTS = null, WATCH_SINCE = 0, COUNTED = new Set();
const LIVE = { incidents: new Set(), articles: 0 };  // what arrived since the notice was read

function clockLabel(seconds) {  // a Unix time as the user's local date and time
  if (!seconds) return "—";
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "short", timeStyle: "medium" })
    .format(seconds * 1000);
}

function seenAlert() {
  return Number(localStorage.getItem(SEEN_ALERT) || 0);
}

function showBadge() {
  const unseen = ALERTS.filter(a => a.id > seenAlert()).length;
  const badge = document.getElementById("alerts-badge");
  badge.textContent = unseen;
  badge.title = t("alerts.unseen", { count: unseen });
  badge.hidden = !unseen;
}

async function pollAlerts() {
  const since = ALERTS.length ? ALERTS[0].id : 0;
  const fresh = (await api("alerts", { since, limit: 1000 })).items;
  if (!fresh.length && since) return;
  ALERTS = [...fresh, ...ALERTS];
  if (hashState().view === "alertes") drawAlerts(); else showBadge();
}

async function showAlerts() {
  show("alerts");
  document.getElementById("totals").textContent = "";
  if (!ALERTS.length) await pollAlerts();
  drawAlerts();
}

function drawAlerts() {
  const list = document.getElementById("alert-list");
  const seen = seenAlert();
  list.replaceChildren(...(ALERTS.length ? ALERTS.map(a => alertCard(a, a.id > seen))
                                          : [el("p", { class: "empty" }, t("alerts.none"))]));
  if (ALERTS.length) localStorage.setItem(SEEN_ALERT, String(ALERTS[0].id));
  showBadge();
}

/** One alert: its rule and time, the incident, the figures and who claims them, the
 * articles and the sentences that tell of it, and where it was delivered. */
function alertCard(alert, unseen) {
  const incident = alert.incident;
  const articles = new Map(alert.articles.map(a => [a.id, a]));
  return el("article", { class: "panel alert" + (unseen ? " unseen" : ""),
                         "data-alert": alert.id },
    el("h3", {}, alert.rule, el("span", { class: "when" }, " · ",
                                clockLabel(Date.parse(alert.raised) / 1000))),
    el("p", {}, el("a", { href: `#/incident/${incident.id}`, class: "incident" },
      `${dateLabel(incident.first, incident.date_precision)} · ${t("types." + incident.type)}` +
      ` · ${incident.place || incident.country || "?"}`),
      " · ", t("incident.deaths", { deaths: incident.fatalities ?? "?" })),
    el("dl", {},
      el("dt", {}, t("alerts.matched")), el("dd", { class: "matched" }, alert.matched),
      el("dt", {}, t("alerts.figures")), el("dd", {}, alert.figures.join(" ; ") || "—"),
      el("dt", {}, t("alerts.claimants")), el("dd", {}, alert.claimants.join(", ") || "—"),
      el("dt", {}, t("alerts.articles")), el("dd", {}, alert.articles.map(a => el("div", {},
        el("a", { href: `#/article/${encodeURIComponent(a.id)}` },
           `${outletOf({ source: a.outlet, url: a.url })}, ${partialLabel(a.published)} — ` +
           (a.title || a.id)), " ",
        a.url ? el("a", { href: a.url, class: "external", rel: "noopener noreferrer" }, "↗")
              : null))),
      el("dt", {}, t("alerts.evidence")), el("dd", {}, alert.evidence.map(e => el("div", {},
        el("a", { href: `#/article/${encodeURIComponent(e.article)}?start=${e.start}` +
                        `&end=${e.end}`, class: "evidence",
                  title: articles.get(e.article)?.title || e.article }, `« ${e.text} »`)))),
      el("dt", {}, t("alerts.deliveries")), el("dd", {}, alert.deliveries.map(d =>
        t("alerts.delivery", { channel: d.channel, status: t("delivery." + d.status),
                               attempts: d.attempts })).join(" ; ") ||
                                t("alerts.no_delivery"))));
}

// the sources' health
async function showFeeds() {
  show("feeds");
  document.getElementById("totals").textContent = "";
  await drawFeeds();
}

function feedHealth(feed) {  // a class for the row: ok, failing or never polled
  if (feed.failures) return "failing";
  return feed.last_poll ? "ok" : "never";
}

async function drawFeeds() {
  const feeds = (await api("sources")).items;
  document.getElementById("feeds-empty").hidden = feeds.length > 0;
  document.getElementById("feed-health").hidden = !feeds.length;
  document.querySelector("#feed-health tbody").replaceChildren(...feeds.map(f => el("tr",
    { class: "feed " + feedHealth(f), "data-url": f.url },
    el("td", {}, el("a", { href: f.url, rel: "noopener noreferrer" }, f.name)),
    el("td", { class: "status" }, t("feed_status." + f.status)),
    el("td", {}, clockLabel(f.last_poll)), el("td", {}, clockLabel(f.last_ok)),
    el("td", { class: "number" }, f.items), el("td", { class: "number stored" }, f.stored),
    el("td", { class: "number failures" }, f.failures),
    el("td", { class: "number" }, f.errors), el("td", {}, clockLabel(f.retry_at)))));
}

// new incidents as they arrive
async function knownIncidents() {  // the ids of every incident in the store
  const ids = new Set();
  for (let offset = 0, total = 1; offset < total; offset += 1000) {
    const page = await api("incidents", { limit: 1000, offset });
    page.items.forEach(i => ids.add(i.id));
    total = page.total;
  }
  return ids;
}

/** The articles the watcher stored lately, less those already counted. */
async function recentArticles() {
  const since = Math.max(0, WATCH_SINCE - PASS_S);
  const items = (await api("watch/recent", { since, limit: 1000 })).items;
  return items.filter(a => !COUNTED.has(a.id));
}

async function pollRecent() {
  const fresh = await recentArticles();
  if (!fresh.length) return;
  fresh.forEach(a => COUNTED.add(a.id));
  WATCH_SINCE = Math.max(WATCH_SINCE, ...fresh.map(a => a.seen));
  LIVE.articles += fresh.length;
  for (const id of fresh.flatMap(a => a.incidents)) {
    if (!KNOWN_INCIDENTS.has(id)) LIVE.incidents.add(id);
  }
  fresh.flatMap(a => a.incidents).forEach(id => KNOWN_INCIDENTS.add(id));
  ARTICLES = null;  // the article index lacks the new ones
  if (hashState().view === "") {
    await showOverview(hashState().params);
    markNewIncidents();
  }
}

function markNewIncidents() {
  for (const id of LIVE.incidents) {
    document.querySelector(`#incidents a[href="#/incident/${id}"]`)?.closest("tr")
      .classList.add("new");
  }
  const notice = document.getElementById("live-notice");
  const count = LIVE.incidents.size;
  notice.textContent = t(count === 1 ? "live.new_incident" : "live.new_incidents", { count }) +
                       " · " + t("live.new_articles", { count: LIVE.articles });
  notice.hidden = false;
}

function readNotice() {
  LIVE.incidents.clear();
  LIVE.articles = 0;
  document.getElementById("live-notice").hidden = true;
  document.querySelectorAll("#incidents tr.new").forEach(row => row.classList.remove("new"));
}

/** Poll the monitoring routes forever; a failed poll is tried again at the next tick. */
async function startLive() {
  WATCH_SINCE = (await api("watch/recent", { limit: 1 })).items[0]?.seen || 0;
  COUNTED = new Set((await recentArticles()).map(a => a.id));
  KNOWN_INCIDENTS = await knownIncidents();
  await pollAlerts();
  const tick = async () => {
    await Promise.all([pollAlerts(), pollRecent(),
                       hashState().view === "sources" ? drawFeeds() : null])
      .catch(error => console.warn(error));
    setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

// -- routing ----------------------------------------------------------------------------
function show(section) {
  for (const name of ["overview", "tolls", "alerts", "feeds", "detail"]) {
    document.getElementById(name).hidden = name !== section;
  }
}

function openDetail() {
  show("detail");
  document.getElementById("totals").textContent = "";
  const detail = document.getElementById("detail");
  detail.replaceChildren(el("p", {}, el("a", { href: viewLink("", hashState().params) },
                                       t("nav.back"))));
  return detail;
}

async function route() {
  const { view, id, params } = hashState();
  try {
    await loadWords(params.get("lang") || DEFAULT_LANG);
    await loadTheatres();
    fillForm(params);
    document.getElementById("nav-overview").href = viewLink("", params);
    document.getElementById("nav-tolls").href = viewLink("bilans", params);
    document.getElementById("nav-alerts").href = viewLink("alertes", params);
    document.getElementById("nav-feeds").href = viewLink("sources", params);
    document.body.dataset.view = view || "overview";
    if (view === "incident" && id) await showIncident(id);
    else if (view === "article" && id) await showArticle(id, params);
    else if (view === "bilans") await showTolls(params);
    else if (view === "alertes") await showAlerts();
    else if (view === "sources") await showFeeds();
    else await showOverview(params);
  } catch (error) {
    openDetail().append(el("p", { class: "contradiction" }, String(error.message)));
  }
  document.body.dataset.ready = "true";
}

function currentListView() {
  const { view } = hashState();
  return ["bilans", "alertes", "sources"].includes(view) ? view : "";
}

const form = document.getElementById("filters");
form.addEventListener("submit", event => {
  event.preventDefault();
  const target = viewLink(currentListView(), formParams());
  if (location.hash === target) route(); else location.hash = target;
});
form.elements.theatre.addEventListener("change", event => fillCampaigns(event.target.value));
form.elements.lang.addEventListener("change", () => form.requestSubmit());
document.getElementById("reset").addEventListener("click", event => {
  event.preventDefault();
  const lang = form.elements.lang.value;
  location.hash = viewLink(currentListView(),
                           new URLSearchParams(lang === DEFAULT_LANG ? [] : [["lang", lang]]));
});
document.getElementById("map-reset").addEventListener("click", () => drawMap(SHOWN));
document.getElementById("live-notice").addEventListener("click", readNotice);
window.addEventListener("hashchange", route);
route().then(startLive).catch(error => console.warn(error));
