/* Hot spots: buildings × categories of the last 30 or 90 days, recurring cells highlighted, click through. */
"use strict";
(function () {
  function heat(count, max) {
    if (!count) return "heat-0";
    return "heat-" + Math.min(4, 1 + Math.floor((3 * count) / Math.max(1, max)));
  }

  async function showEvents(out, days, building, category) {
    const data = await L.api("events?" + new URLSearchParams({ days, building, category }).toString());
    L.fill(out,
      L.h("h2", {}, L.t("console.spots.list", { place: L.place({ building }), category: L.t("category." + category) })),
      data.items.map(L.eventCard),
      // only the newest are sent: said, so the list never passes for all the cell counts
      data.more ? L.h("p", { class: "muted", id: "spot-more" },
        L.t("console.spots.more", { shown: data.items.length, total: data.items.length + data.more })) : null);
    out.scrollIntoView({ block: "nearest" });
  }

  L.pages.spots = {
    async render(main, params) {
      const days = params.days === "90" ? 90 : 30;
      const data = await L.api("hotspots?days=" + days);
      const out = L.h("div", { id: "spot-events" });
      const switcher = L.h("div", { class: "tabs" }, [30, 90].map((n) =>
        L.h("a", { href: "#/spots?days=" + n, class: n === days ? "on" : "" }, L.t("console.spots.days", { n }))));
      if (!data.buildings.length) {
        L.fill(main, switcher, L.h("p", { class: "muted" }, L.t("console.spots.empty")));
        return;
      }
      const cells = new Map(data.cells.map((c) => [c.building + "\u0000" + c.category, c]));
      const table = L.h("table", { class: "grid-table", id: "spots" },
        L.h("thead", {}, L.h("tr", {}, L.h("th", {}, L.t("console.spots.building")),
          data.categories.map((c) => L.h("th", {}, L.t("category." + c))))),
        // a row names its building as the bot does ("3号楼", "Bldg 3"); on a phone a row stands as a line of
        // chips, each a category's name and count (the .cat words, hidden where the table's head names them)
        L.h("tbody", {}, data.buildings.map((b) => L.h("tr", {}, L.h("th", { scope: "row" }, L.place({ building: b })), data.categories.map((c) => {
          const cell = cells.get(b + "\u0000" + c);
          if (!cell) return L.h("td", { class: "heat-0" });
          return L.h("td", { class: heat(cell.count, data.max) + (cell.recurring ? " recurring" : "") },
            L.h("button", { type: "button", onclick: () => showEvents(out, days, b, c) },
              L.h("span", { class: "cat" }, L.t("category." + c)), L.h("b", {}, cell.count)));
        })))));
      const units = data.units.length
        ? L.h("section", { class: "card" }, L.h("h2", {}, L.t("console.spots.units")),
          L.h("ul", {}, data.units.map((u) => L.h("li", {}, L.place(u), " · ", L.t("category." + u.category), " · ", L.h("b", {}, u.count)))))
        : null;
      L.fill(main, switcher, L.h("p", { class: "muted small" }, L.t("console.spots.legend", { n: data.minimum, days })), L.h("div", { class: "scroll" }, table), units, out);
    },
  };
})();
