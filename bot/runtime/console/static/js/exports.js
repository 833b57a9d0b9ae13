/* Exports: CSV, XLSX or Open311 of a chosen period (the file is fetched with the session, then saved). */
"use strict";
(function () {
  /* "2026-11-28": the day on the community's clock (me.tz), not the computer's: on a desk set to UTC,
     Shanghai's today starts at 16:00 the day before. */
  function isoDay(date) {
    const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: L.state.me.tz || undefined, year: "numeric", month: "2-digit", day: "2-digit" });
    const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  /* The day `n` days before a "YYYY-MM-DD" (calendar arithmetic, no clock involved). */
  function daysBefore(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }

  L.pages.exports = {
    async render(main) {
      const today = isoDay(new Date());
      const state = { format: "xlsx", since: daysBefore(today, 29), until: today };
      const out = L.h("div", { id: "export-result" });
      const go = L.h("button", { type: "submit", class: "primary" }, L.t("console.exports.go"));
      const submit = async (e) => {
        e.preventDefault();
        if (go.disabled) return;
        // a large file takes a while: said, and the button waits for it (another tap would ask it again)
        go.disabled = true;
        L.fill(out, L.h("p", { class: "muted", role: "status" }, L.t("console.exports.working")));
        const q = new URLSearchParams(state).toString();
        try {
          const response = await L.api("export?" + q, { raw: true });
          const name = (response.headers.get("Content-Disposition") || "").split("filename=")[1] || "linli-export";
          const url = URL.createObjectURL(await response.blob());
          const link = L.h("a", { href: url, download: name.replace(/"/g, "") });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
          L.fill(out);
        } catch (err) {
          L.fill(out, L.message(err instanceof L.ApiError ? L.t(err.key) : L.t("console.error"), false));
        } finally {
          go.disabled = false;
        }
      };
      L.fill(main, L.h("form", { class: "card act", id: "export-form", onsubmit: submit },
        L.h("h2", {}, L.t("console.exports.title")),
        L.h("label", {}, L.h("span", {}, L.t("console.exports.format")),
          L.select("format", [["xlsx", "Excel (XLSX)"], ["csv", "CSV"], ["open311", "Open311 (JSON)"]], state.format, (v) => (state.format = v))),
        L.h("label", {}, L.h("span", {}, L.t("console.exports.since")), L.h("input", { type: "date", name: "since", value: state.since, onchange: (e) => (state.since = e.target.value) })),
        L.h("label", {}, L.h("span", {}, L.t("console.exports.until")), L.h("input", { type: "date", name: "until", value: state.until, onchange: (e) => (state.until = e.target.value) })),
        go,
        L.h("p", { class: "muted small" }, L.t("console.exports.note")), out));
    },
  };
})();
