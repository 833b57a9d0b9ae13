/* Rota: who is on duty now, the coming week, covers and swaps; admins add them by /cover's and /swap's rules. */
"use strict";
(function () {
  const hhmm = (m) => String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");

  function dayLabel(d) {
    return L.t("rota.wd." + d.weekday) + " " + d.date.slice(5);
  }

  function slot(s) {
    return L.h("li", { class: s.changed ? "changed" : "" }, s.role === "backup" ? L.h("span", { class: "muted" }, L.t("console.rota.backup") + " ") : null,
      s.worker, " ", L.h("span", { class: "muted hours" }, hhmm(s.start) + "–" + hhmm(s.end)), s.changed ? " 🔁" : null);
  }

  function form(data, out) {
    const workers = data.workers.map((w) => [w.id, w.name]);
    const first = workers.length ? String(workers[0][0]) : "";
    const state = { kind: "cover", a: first, b: workers.length > 1 ? String(workers[1][0]) : first, day: data.days[0].date, day_b: "" };
    const box = L.h("div");
    const draw = () => {
      const cover = state.kind === "cover";
      L.fill(box,
        L.h("label", {}, L.h("span", {}, cover ? L.t("console.rota.absent") : L.t("console.rota.first")), L.select("a", workers, state.a, (v) => (state.a = v))),
        L.h("label", {}, L.h("span", {}, cover ? L.t("console.rota.coverer") : L.t("console.rota.second")), L.select("b", workers, state.b, (v) => (state.b = v))),
        L.h("label", {}, L.h("span", {}, L.t("console.rota.day")), L.h("input", { type: "date", name: "day", value: state.day, onchange: (e) => (state.day = e.target.value) })),
        cover ? null : L.h("label", {}, L.h("span", {}, L.t("console.rota.day_b")), L.h("input", { type: "date", name: "day_b", value: state.day_b, onchange: (e) => (state.day_b = e.target.value) })));
    };
    draw();
    const submit = async (e) => {
      e.preventDefault();
      let result;
      try {
        result = await L.api("rota", { method: "POST", body: { ...state, a: Number(state.a), b: Number(state.b), day_b: state.day_b || null } });
      } catch (err) {
        L.failed(out, err);
        return;
      }
      if (result.ok) L.pages.rota.render(document.getElementById("main"), {}, result.message);
      else L.fill(out, L.message(result.message || L.t("console.error"), false));
    };
    return L.h("form", { class: "card act", id: "rota-form", onsubmit: submit }, L.h("h2", {}, L.t("console.rota.add")),
      L.h("label", {}, L.h("span", {}, L.t("console.rota.kind")), L.select("kind", [["cover", L.t("console.rota.kind_cover")], ["swap", L.t("console.rota.kind_swap")]], state.kind, (v) => { state.kind = v; draw(); })),
      box, L.h("button", { type: "submit", class: "primary" }, L.t("console.rota.go")), out);
  }

  L.pages.rota = {
    async render(main, params, done) {
      const data = await L.api("rota");
      const now = L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.rota.now")),
        L.h("ul", { class: "duty" }, data.units.map((u) => L.h("li", {}, L.h("b", {}, u.name), u.team ? L.h("span", { class: "muted" }, " · " + L.t("console.rota.team")) : null, L.t("console.rota.colon"),
          u.primary.length ? u.primary.join("、") : L.t("console.rota.nobody"),
          u.backup.length ? L.h("span", { class: "muted" }, " (" + L.t("console.rota.backup") + " " + u.backup.join("、") + ")") : null))));
      const week = L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.rota.week")),
        data.units.map((u) => L.h("div", { class: "unit" }, L.h("h3", {}, u.name),
          L.h("div", { class: "week" }, data.days.map((d, i) => L.h("div", { class: "day" }, L.h("h4", {}, dayLabel(d)),
            u.days[i].length ? L.h("ul", {}, u.days[i].map(slot)) : L.h("p", { class: "muted" }, L.t("console.rota.nobody"))))))));
      const changes = data.changes.length ? L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.rota.changes")),
        L.h("ul", {}, data.changes.map((c) => L.h("li", {}, c.kind === "cover"
          ? L.t("console.rota.cover_line", { a: c.a, b: c.b, day: c.day })
          : c.day_b ? L.t("console.rota.swap2_line", { a: c.a, b: c.b, day: c.day, day_b: c.day_b })
            : L.t("console.rota.swap_line", { a: c.a, b: c.b, day: c.day }))))) : null;
      const out = L.h("div", { id: "rota-result" }, done ? L.message(done, true) : null);
      L.fill(main, now, data.can_change ? form(data, out) : null, changes, week);
    },
  };
})();
