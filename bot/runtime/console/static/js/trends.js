/* Trends: weekly counts, times to accept and close (within how long half and nine in ten were), satisfaction;
   per grid and per worker.
   Charts are drawn here from JSON by the vendored uPlot. */
"use strict";
(function () {
  const COLOURS = ["#2f6fdf", "#1b9e5a", "#d9480f", "#7048e8"];
  let charts = [];

  const hours = (s) => (s === null || s === undefined ? null : Math.round((s / 3600) * 10) / 10);
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 100));

  function chart(box, title, weeks, series) {
    const width = Math.max(280, Math.min(box.clientWidth || 600, 900));
    const opts = {
      title, width, height: 220,
      series: [{}].concat(series.map(([label], i) => ({ label, stroke: COLOURS[i], width: 2, spanGaps: true, points: { size: 5 } }))),
      axes: [{ values: (u, ticks) => ticks.map((t) => L.time(t).slice(0, 5)) }, {}],
      scales: { x: { time: true } },
      legend: { live: false },
    };
    const data = [weeks.map((w) => w.start)].concat(series.map(([, values]) => values));
    charts.push(new window.uPlot(opts, data, box));
  }

  /* A table; on a phone each row stands as a small card, each figure beside its column's name (data-label): the
     English titles ("Half closed within") need more width than a phone has. */
  function table(title, columns, rows) {
    return L.h("section", { class: "card" }, L.h("h2", {}, title), L.h("div", { class: "scroll" },
      L.h("table", { class: "data" }, L.h("thead", {}, L.h("tr", {}, columns.map(([key]) => L.h("th", {}, L.t(key))))),
        L.h("tbody", {}, rows.map((r) => L.h("tr", {}, columns.map(([key, get]) =>
          L.h("td", { "data-label": L.t(key) }, L.h("div", { class: "v" }, get(r))))))))));
  }

  const fmtHours = (s) => (s === null || s === undefined ? "—" : L.t("console.hours", { n: hours(s) }));
  // the share, and under it how many answered: "69%" over "72 人回答", not a bare "69% (72)"
  const fmtShare = (r) =>
    r.answered
      ? [Math.round((100 * r.satisfied) / r.answered) + "%", L.h("div", { class: "muted small" }, L.t("console.col.answered", { n: r.answered }))]
      : "—";

  L.pages.trends = {
    async render(main, params) {
      const weeks = ["8", "12", "26"].includes(params.weeks) ? params.weeks : "12";
      const grid = params.grid || "";
      const data = await L.api("trends?" + new URLSearchParams({ weeks, grid }).toString());
      const w = data.weeks;
      const controls = L.h("div", { class: "filters" },
        L.h("label", {}, L.h("span", {}, L.t("console.trends.weeks")),
          L.select("weeks", [["8", "8"], ["12", "12"], ["26", "26"]], weeks, (v) => L.go("trends", { weeks: v, grid }))),
        L.h("label", {}, L.h("span", {}, L.t("console.filter.grid")),
          L.select("grid", L.state.me.grids.map((g) => [g.id, g.name]), grid, (v) => L.go("trends", { weeks, grid: v }), L.t("console.trends.all_grids"))));
      const boxes = [L.h("div", { class: "chart", id: "chart-counts" }), L.h("div", { class: "chart", id: "chart-times" }), L.h("div", { class: "chart", id: "chart-sat" })];
      L.fill(main, controls, boxes,
        table(L.t("console.trends.per_grid"), [
          ["console.col.grid", (r) => r.name], ["console.col.new", (r) => r.new], ["console.col.closed", (r) => r.closed],
          ["console.col.nothing_found", (r) => r.nothing_found], ["console.col.late", (r) => r.overdue], ["console.col.close_p50", (r) => fmtHours(r.close_p50)], ["console.col.satisfied", fmtShare],
        ], data.grids),
        table(L.t("console.trends.per_worker"), [
          ["console.col.worker", (r) => r.name], ["console.col.accepted", (r) => r.accepted], ["console.col.closed", (r) => r.closed],
          ["console.col.accept_p50", (r) => fmtHours(r.accept_p50)], ["console.col.close_p50", (r) => fmtHours(r.close_p50)], ["console.col.satisfied", fmtShare],
        ], data.workers));
      if (!window.uPlot) return;
      chart(boxes[0], L.t("console.trends.counts"), w, [
        [L.t("console.trends.new"), w.map((x) => x.new)],
        [L.t("console.trends.closed"), w.map((x) => x.closed)],
        [L.t("console.trends.nothing_found"), w.map((x) => x.nothing_found)],
        [L.t("console.trends.overdue"), w.map((x) => x.overdue)],
      ]);
      chart(boxes[1], L.t("console.trends.times"), w, [
        [L.t("console.trends.accept_p50"), w.map((x) => hours(x.accept_p50))],
        [L.t("console.trends.accept_p90"), w.map((x) => hours(x.accept_p90))],
        [L.t("console.trends.close_p50"), w.map((x) => hours(x.close_p50))],
        [L.t("console.trends.close_p90"), w.map((x) => hours(x.close_p90))],
      ]);
      chart(boxes[2], L.t("console.trends.satisfaction"), w, [[L.t("console.trends.satisfied"), w.map((x) => pct(x.satisfied_share))]]);
    },
    leave() {
      charts.forEach((c) => c.destroy());
      charts = [];
    },
  };
})();
