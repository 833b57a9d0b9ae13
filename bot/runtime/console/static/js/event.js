/* One report: words, place, photos and pins, reporters, the whole timeline, the survey; admins' actions. */
"use strict";
(function () {
  const OUTCOMES = ["fixed", "nothing_found", "cannot_fix", "referred", "duplicate"];

  function row(label, ...value) {
    return L.h("div", { class: "row" }, L.h("dt", {}, label), L.h("dd", {}, value));
  }

  /* Photos come through L.api, with the session as every call has it: inside Telegram Web the Mini App's session
     is a Bearer token (no cookie reaches a third-party frame), which an <img src> cannot send. Each becomes an
     object URL, given up when the page is left or drawn again. */
  let urls = [];

  function fetched(id, el) {
    L.api("media/" + Number(id), { raw: true })
      .then((response) => response.blob())
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        el.src = url;
      })
      .catch(() => el.classList.add("missing")); // gone from Telegram, or the session ended: no picture
    return el;
  }

  function forget() {
    for (const url of urls) URL.revokeObjectURL(url);
    urls = [];
  }

  function media(ev) {
    if (!ev.media.length) return null;
    return L.h(
      "section",
      { class: "card" },
      L.h("h2", {}, L.t("console.event.media")),
      L.h(
        "div",
        { class: "media" },
        ev.media.map((m) => {
          if (m.kind === "location" && m.lat !== null) {
            // the pin as a map, never as two numbers no one can place ("31.23040, 121.47370")
            const lat = Number(m.lat).toFixed(5);
            const lon = Number(m.lon).toFixed(5);
            const map = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon;
            return L.h("p", {}, "📍 ", L.t("console.event.pin"), " · ",
              L.h("a", { href: map, target: "_blank", rel: "noopener noreferrer" }, L.t("console.event.map")));
          }
          if (m.video) return L.h("figure", {}, fetched(m.id, L.h("video", { controls: true, preload: "metadata" })));
          if (m.voice) return L.h("figure", {}, fetched(m.id, L.h("audio", { controls: true, preload: "none" })));
          if (!m.photo) return null;
          return L.h("figure", {},
            fetched(m.id, L.h("img", { alt: "#" + ev.id })),
            m.kind === "after_photo" ? L.h("figcaption", {}, L.t("console.event.after")) : null);
        })
      )
    );
  }

  function timeline(ev) {
    return L.h(
      "section",
      { class: "card" },
      L.h("h2", {}, L.t("console.event.timeline")),
      L.h("ol", { class: "timeline" }, ev.timeline.map((line) =>
        L.h("li", {},
          L.h("time", {}, L.time(line.at)), " ",
          L.t("log." + line.action),
          line.detail ? L.h("span", { class: "muted" }, " · " + line.detail) : null,
          line.actor ? L.h("span", { class: "muted" }, " · " + line.actor) : null)))
    );
  }

  function surveys(ev) {
    const items = ev.surveys.map((s) =>
      L.h("li", {}, L.t(s.choice ? "console.survey." + s.choice : "console.survey." + s.status),
        s.answered_at ? L.h("span", { class: "muted" }, " · " + L.time(s.answered_at)) : null));
    return L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.event.survey")),
      items.length ? L.h("ul", {}, items) : L.h("p", { class: "muted" }, L.t("console.event.no_survey")));
  }

  function reporters(ev) {
    return L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.event.reporters")),
      L.h("ul", {}, ev.reporters.map((r) => L.h("li", {},
        r.hidden ? L.h("i", {}, L.t("console.anonymous")) : r.name || "—",
        L.h("span", { class: "muted" }, " · " + L.time(r.at)),
        r.merged ? L.h("span", { class: "badge" }, L.t("console.event.merged")) : null,
        r.text ? L.h("div", { class: "text" }, r.text) : null))));
  }

  async function act(ev, path, body, out) {
    let result;
    try {
      result = await L.api("events/" + ev.id + "/" + path, { method: "POST", body });
    } catch (err) {
      L.failed(out, err);
      return;
    }
    L.fill(out, L.message(result.message, result.ok));
    if (result.ok) setTimeout(() => L.pages.event.render(document.getElementById("main"), { id: ev.id }, result), 0);
  }

  function closeAsked(ev, outcome, note, out) {
    // closing cannot be undone from here (only a resident's "not solved" reopens): asked once more
    if (!window.confirm(L.t("console.act.close_confirm", { id: ev.id, outcome: L.t("outcome." + outcome) }))) return;
    // with what the page showed: refused when a worker accepted it or another admin moved it meanwhile
    act(ev, "close", { outcome, note, shown: { status: ev.status, assignee: ev.assignee } }, out);
  }

  /* Only what was changed on the page, with what the page showed: the server refuses it when another admin
     changed the report meanwhile, so a page left open never puts back the values it was loaded with. */
  function correctAsked(ev, category, urgency, note, out) {
    const body = { shown: { category: ev.category, urgency: ev.urgency } };
    if (category !== ev.category) body.category = category;
    if (urgency !== ev.urgency) body.urgency = urgency;
    if (note) body.note = note; // a raised colour's worker reads it, under the admin's name
    act(ev, "correct", body, out);
  }

  function actions(ev) {
    if (!ev.can.reassign && !ev.can.correct && !ev.can.close) return null;
    const out = L.h("div", { id: "action-result" });
    const workers = ev.workers.map((w) => [w.id, w.name + (w.on_duty ? " · " + L.t("console.act.on_duty") : "")]);
    let worker = ev.workers.length ? String(ev.workers[0].id) : "";
    let category = ev.category;
    let urgency = ev.urgency;
    let outcome = "fixed";
    const note = L.h("input", { type: "text", name: "note", maxlength: 500, placeholder: L.t("console.act.note") });
    const why = L.h("input", { type: "text", name: "correct_note", maxlength: 500, placeholder: L.t("console.act.correct_note") });
    const forms = [];
    if (ev.can.reassign) {
      forms.push(L.h("form", { class: "act", id: "reassign", onsubmit: (e) => { e.preventDefault(); act(ev, "reassign", { worker: Number(worker), shown: { assignee: ev.assignee } }, out); } },
        L.h("label", {}, L.h("span", {}, L.t("console.act.reassign")), L.select("worker", workers, worker, (v) => (worker = v))),
        L.h("button", { type: "submit", class: "primary" }, L.t("console.act.reassign_go"))));
    }
    if (ev.can.correct) {
      forms.push(L.h("form", { class: "act", id: "correct", onsubmit: (e) => { e.preventDefault(); correctAsked(ev, category, urgency, why.value.trim(), out); } },
        L.h("label", {}, L.h("span", {}, L.t("console.filter.category")),
          L.select("category", L.state.me.categories.map((c) => [c, L.t("category." + c)]), category, (v) => (category = v))),
        L.h("label", {}, L.h("span", {}, L.t("console.filter.urgency")),
          L.select("urgency", L.state.me.colours.map((c) => [c, L.t("urgency." + c)]), urgency, (v) => (urgency = v))),
        why,
        L.h("button", { type: "submit" }, L.t("console.act.correct_go")),
        L.h("p", { class: "muted small" }, L.t("console.act.correct_hint"))));
    }
    if (ev.can.close) {
      forms.push(L.h("form", { class: "act", id: "close", onsubmit: (e) => { e.preventDefault(); closeAsked(ev, outcome, note.value, out); } },
        L.h("label", {}, L.h("span", {}, L.t("console.act.close")),
          L.select("outcome", OUTCOMES.map((o) => [o, L.t("outcome." + o)]), outcome, (v) => (outcome = v))),
        note,
        L.h("button", { type: "submit" }, L.t("console.act.close_go"))));
    }
    return L.h("section", { class: "card actions" }, L.h("h2", {}, L.t("console.act.title")), forms, out);
  }

  L.pages.event = {
    async render(main, params, done) {
      const ev = await L.api("events/" + Number(params.id));
      forget();
      const head = L.h("section", { class: "card head " + ev.urgency },
        L.h("p", {}, L.h("a", { href: "#/board", class: "back" }, L.t("console.event.back"))),
        L.h("h1", {}, L.colourDot(ev.urgency), " #" + ev.id + " ", L.t("category." + ev.category)),
        L.h("p", {},
          L.h("span", { class: "badge" }, L.t("state." + ev.status)),
          ev.overdue ? L.h("span", { class: "badge late" }, L.t("console.board.late")) : null,
          ev.anonymous ? L.h("span", { class: "badge" }, L.t("console.anonymous")) : null,
          ev.reopened ? L.h("span", { class: "badge" }, L.t("console.event.reopened", { n: ev.reopened })) : null),
        L.h("dl", {},
          row(L.t("console.event.text"), L.h("span", { class: "text" }, ev.text)),
          row(L.t("console.event.place"), L.place(ev)),
          ev.grid_name ? row(L.t("console.event.grid"), ev.grid_name) : null,
          ev.chat_title ? row(L.t("console.event.chat"), ev.chat_title) : null,
          row(L.t("console.event.assignee"), ev.assignee_name || L.t("console.unassigned")),
          row(L.t("console.event.reported"), L.time(ev.created_at)),
          ev.due_at ? row(L.t("console.due", { time: "" }).trim(), L.time(ev.due_at)) : null,
          ev.outcome ? row(L.t("console.event.outcome"), L.t("outcome." + ev.outcome), ev.outcome_note ? " · " + ev.outcome_note : "") : null));
      L.fill(main, done ? L.message(done.message, true) : null, head, actions(ev), media(ev), reporters(ev), timeline(ev), surveys(ev));
    },
    leave: forget,
  };
})();
