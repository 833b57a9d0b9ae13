/* The board: open reports by state and colour, reds, then late, then oldest first, a page at a time ("show more"),
   filters, live by polling (ETag). */
"use strict";
(function () {
  const STATES = ["dispatched", "accepted", "new"];
  const FILTERS = ["grid", "team", "category", "urgency", "worker"];
  let timer = null;

  function filters(params) {
    const me = L.state.me;
    const change = (name) => (value) => L.go("board", { ...params, [name]: value });
    const any = L.t("console.filter.any");
    const choices = {
      grid: me.grids.map((g) => [g.id, g.name]),
      team: me.teams.map((t) => [t.id, t.name]),
      category: me.categories.map((c) => [c, L.t("category." + c)]),
      urgency: me.colours.map((c) => [c, L.t("urgency." + c)]),
      worker: me.workers.map((w) => [w.id, w.name]),
    };
    return L.h(
      "div",
      { class: "filters" },
      FILTERS.filter((name) => choices[name].length).map((name) =>
        L.h("label", {}, L.h("span", {}, L.t("console.filter." + name)), L.select(name, choices[name], params[name], change(name), any))
      )
    );
  }

  function counts(data, params) {
    const c = data.counts;
    // a count that filters is a button; one that does not (late, by state) is plain text, not a dead button
    const chip = (label, n, cls, onclick) =>
      L.h(onclick ? "button" : "span", onclick ? { type: "button", class: "chip " + cls, onclick } : { class: "chip " + cls }, label, L.h("b", {}, n));
    return L.h(
      "div",
      { class: "counts", id: "counts" },
      chip(L.t("console.board.open"), c.total, "total", () => L.go("board", { ...params, urgency: "" })),
      chip(L.t("console.board.late"), c.overdue, "late", null),
      L.state.me.colours.map((u) => chip(L.t("urgency." + u), c.by_urgency[u] || 0, u, () => L.go("board", { ...params, urgency: u }))),
      STATES.filter((s) => c.by_state[s]).map((s) => chip(L.t("state." + s), c.by_state[s], "state", null))
    );
  }

  /* One report as a card; the whole card opens the report. */
  L.eventCard = function (ev) {
    const who = ev.assignee_name || L.t("console.unassigned");
    return L.h(
      "a",
      { class: "event " + ev.urgency + (ev.overdue ? " late" : ""), href: "#/event/" + ev.id, "data-id": ev.id },
      L.h(
        "div",
        { class: "line" },
        L.colourDot(ev.urgency),
        L.h("b", {}, "#" + ev.id),
        L.h("span", {}, L.t("category." + ev.category)),
        L.h("span", { class: "muted" }, L.place(ev)),
        ev.overdue ? L.h("span", { class: "badge late" }, L.t("console.board.late")) : null,
        ev.anonymous ? L.h("span", { class: "badge" }, L.t("console.anonymous")) : null
      ),
      ev.text ? L.h("div", { class: "text" }, ev.text) : null,
      L.h(
        "div",
        { class: "line muted small" },
        L.h("span", {}, L.t("state." + ev.status)),
        L.h("span", {}, who),
        L.h("span", {}, L.t("console.board.reported", { age: L.age(ev.age_s) })),
        ev.due_at ? L.h("span", {}, L.t("console.due", { time: L.time(ev.due_at) })) : null
      )
    );
  };

  /* The cards of every page loaded so far; under them "show more" while the order goes on past them. */
  function list(pages, more) {
    const items = pages.flatMap((page) => page.items);
    const counts = pages[0].counts;
    if (!items.length) return L.h("p", { class: "muted", id: "board-list" }, L.t("console.board.empty"));
    const last = pages[pages.length - 1];
    const sections = STATES.map((state) => {
      const cards = items.filter((ev) => ev.status === state);
      if (!cards.length) return null;
      // the state's whole count, as the chips say, not only the cards loaded (100 a page)
      const total = counts.by_state[state] || cards.length;
      const n = total > cards.length ? L.t("console.board.shown_of", { shown: cards.length, total }) : total;
      return L.h("section", { class: "state" }, L.h("h2", {}, L.t("state." + state), " · ", n), cards.map(L.eventCard));
    });
    const button = last.next
      ? L.h("p", { class: "more" }, L.h("button", { type: "button", id: "board-more", onclick: more }, L.t("console.board.more", { n: last.more })))
      : null;
    return L.h("div", { id: "board-list" }, sections, button);
  }

  /* "#123" (or "123", "123号", and in full width as a Chinese keyboard types it: "＃１２３"): open that report,
     closed ones too, which the board does not list; anything else is said not to be a number. */
  function finder() {
    const box = L.h("input", { type: "search", name: "number", inputmode: "numeric", maxlength: 12,
      placeholder: L.t("console.board.find"), "aria-label": L.t("console.board.find") });
    const said = L.h("span", { class: "said", role: "status" });
    const open = (e) => {
      e.preventDefault();
      const digits = box.value.normalize("NFKC").replace(/^\s*#?\s*/, "").replace(/\s*[号號]\s*$/, "").trim();
      if (/^[0-9]{1,12}$/.test(digits)) return L.go("event/" + Number(digits));
      L.fill(said, L.t("console.board.find_bad"));
      box.select();
    };
    box.addEventListener("input", () => L.fill(said));
    return L.h("form", { class: "find", id: "find", onsubmit: open }, box,
      L.h("button", { type: "submit" }, L.t("console.board.find_go")), said);
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const name of FILTERS) if (params[name]) q.set(name, params[name]);
    return q.toString();
  }

  L.pages.board = {
    async render(main, params) {
      const path = "board" + (query(params) ? "?" + query(params) : "");
      const after = (cursor) => path + (path.includes("?") ? "&" : "?") + "after=" + encodeURIComponent(cursor);
      // pages[0] is watched (ETag); the pages after it follow its order from where the one before ended
      let pages = [await L.api(path, { withEtag: true })];
      const stamp = L.h("p", { class: "muted small", id: "updated" });
      const head = L.h("div", {}, counts(pages[0], params));
      const body = L.h("div");
      let busy = false;
      const more = async () => {
        if (busy || !pages[pages.length - 1].next) return;
        busy = true;
        try {
          pages = [...pages, await L.api(after(pages[pages.length - 1].next))];
          draw();
        } catch (err) {
          /* the button stays: another tap tries again */
        } finally {
          busy = false;
        }
      };
      const draw = () => {
        L.fill(head, counts(pages[0], params));
        L.fill(body, list(pages, more));
        L.fill(stamp, L.t("console.board.updated", { time: L.time(pages[0].now, false) }));
      };
      L.fill(main, head, L.h("div", { class: "tools" }, filters(params), finder()), stamp, body);
      draw();
      const poll = async () => {
        if (busy) return;
        busy = true;
        try {
          const fresh = await L.api(path, { etag: pages[0].etag, withEtag: true });
          if (!fresh.notModified) {
            // as many pages as were shown, read again in the fresh order (nothing shown twice, none skipped)
            const again = [fresh];
            while (again.length < pages.length && again[again.length - 1].next) {
              again.push(await L.api(after(again[again.length - 1].next)));
            }
            pages = again;
            draw();
          }
        } catch (err) {
          /* the next poll tries again */
        } finally {
          busy = false;
        }
      };
      timer = setInterval(poll, (L.state.me.refresh_s || 5) * 1000);
    },
    leave() {
      clearInterval(timer);
      timer = null;
    },
  };
})();
