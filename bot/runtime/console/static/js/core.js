/* Linli console: shared helpers. Every value from the server enters the page as text (textContent
   through L.h), never as HTML. */
"use strict";
const L = (window.L = {
  state: { session: null, csrf: null, me: null, strings: {} },
  pages: {},
});

/* The translation of a key, with {name} placeholders filled in. */
L.t = function (key, values) {
  let text = L.state.strings[key];
  if (text === undefined) text = key;
  for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(String(value));
  return text;
};

/* An element: attributes (class, on<event>, data-*, others as text) and children (nodes or text). */
L.h = function (tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
};

/* Replace an element's children. */
L.fill = function (el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) if (child) el.append(child instanceof Node ? child : String(child));
  return el;
};

class ApiError extends Error {
  constructor(status, key, message) {
    super(message || key);
    this.status = status;
    this.key = key;
  }
}
L.ApiError = ApiError;

/* A call to /console/api/…: the session (bearer in the Mini App, else the cookie), the CSRF token on changes. */
L.api = async function (path, options) {
  const opts = options || {};
  const headers = {};
  if (L.state.session) headers.Authorization = "Bearer " + L.state.session;
  if (opts.etag) headers["If-None-Match"] = opts.etag;
  const init = { method: opts.method || "GET", headers, credentials: "same-origin", cache: "no-store" };
  if (init.method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = L.state.csrf || "";
    init.body = JSON.stringify(opts.body || {});
  }
  const response = await fetch("/console/api/" + path, init);
  if (response.status === 304) return { notModified: true };
  if (opts.raw && response.ok) return response;
  let data = {};
  try {
    data = await response.json();
  } catch (e) {
    data = {};
  }
  if (response.status === 401) {
    L.signedOut(true);
    throw new ApiError(401, "console.err.session");
  }
  if (!response.ok && !("ok" in data)) throw new ApiError(response.status, data.error || "console.error");
  if (opts.withEtag) data.etag = response.headers.get("ETag");
  return data;
};

/* A change that failed (an expired page, a refused request): said where the change was asked, never silent. */
L.failed = function (out, err) {
  L.fill(out, L.message(L.t((err && err.key) || "console.error"), false));
};

/* The community's clock: "11-28 14:05". */
L.time = function (epoch, withDate) {
  if (!epoch) return "";
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: (L.state.me && L.state.me.tz) || undefined,
    month: withDate === false ? undefined : "2-digit",
    day: withDate === false ? undefined : "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  const parts = Object.fromEntries(fmt.formatToParts(new Date(epoch * 1000)).map((p) => [p.type, p.value]));
  const clock = parts.hour + ":" + parts.minute;
  return withDate === false ? clock : parts.month + "-" + parts.day + " " + clock;
};

/* "35 min", "5 h", "3 d". */
L.age = function (seconds) {
  if (seconds < 3600) return L.t("console.age.m", { n: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 2 * 86400) return L.t("console.age.h", { n: Math.round(seconds / 3600) });
  return L.t("console.age.d", { n: Math.round(seconds / 86400) });
};

/* "3号楼2单元302室", "A座" from the bot's own place words, as bot/render/places.py writes them. */
L.place = function (ev) {
  const parts = [];
  // a building named by a letter alone: "A座", "Block B"
  if (/^[A-Za-z]$/.test(ev.building || "")) parts.push(L.t("loc.building_letter", { b: ev.building.toUpperCase() }));
  else if (ev.building) parts.push(L.t("loc.building", { b: ev.building }));
  if (ev.unit) parts.push(L.t("loc.unit", { u: ev.unit }));
  if (ev.room) parts.push(L.t("loc.room", { r: ev.room }));
  return parts.length ? parts.join(L.t("loc.sep")) : L.t("loc.none");
};

L.colourDot = function (urgency) {
  return L.h("span", { class: "dot " + urgency, title: L.t("urgency." + urgency) });
};

/* A <select> of choices [value, label]; the first is "all" when `any` is given. */
L.select = function (name, choices, current, onchange, any) {
  const options = [];
  if (any) options.push(L.h("option", { value: "" }, any));
  for (const [value, label] of choices) {
    options.push(L.h("option", { value, selected: String(value) === String(current ?? "") }, label));
  }
  return L.h("select", { name, onchange: (e) => onchange(e.target.value) }, options);
};

/* The hash route: ["board", {grid: "A"}] for #/board?grid=A, ["event", {id: "42"}] for #/event/42. */
L.route = function () {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const [page, id] = (path || "board").split("/");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  if (id) params.id = id;
  return [page, params];
};

L.go = function (path, params) {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== "" && v != null));
  const text = query.toString();
  location.hash = "#/" + path + (text ? "?" + text : "");
};

L.message = function (text, ok) {
  return L.h("p", { class: ok ? "note ok" : "note bad", role: "status" }, text);
};
