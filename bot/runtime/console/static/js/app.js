/* Linli console: start-up (Mini App sign-in, who am I), the navigation, and the router. */
"use strict";
(function () {
  const NAV = [
    ["board", "console.nav.board"],
    ["spots", "console.nav.spots"],
    ["trends", "console.nav.trends"],
    ["rota", "console.nav.rota"],
    ["exports", "console.nav.exports"],
  ];
  let current = null;

  /* Telegram opens a Mini App with its launch data in the #fragment (never sent to a server). */
  function launchParams() {
    const hash = location.hash.slice(1);
    if (!hash.includes("tgWebAppData=")) return null;
    const params = new URLSearchParams(hash);
    return { initData: params.get("tgWebAppData"), theme: params.get("tgWebAppThemeParams") };
  }

  function applyTheme(json) {
    try {
      const theme = JSON.parse(json || "{}");
      const root = document.documentElement.style;
      for (const [name, value] of Object.entries(theme)) {
        if (/^#[0-9a-fA-F]{3,8}$/.test(value)) root.setProperty("--tg-" + name.replace(/_/g, "-"), value);
      }
    } catch (e) {
      /* no theme: the console's own colours */
    }
  }

  async function signInFromTelegram(launch) {
    applyTheme(launch.theme);
    const response = await fetch("/console/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ init_data: launch.initData }),
    });
    history.replaceState(null, "", location.pathname + "#/board");
    if (!response.ok) return false;
    const data = await response.json();
    L.state.session = data.session; // kept in memory only: Telegram Web's frame may refuse cookies
    L.state.csrf = data.csrf;
    return true;
  }

  /* Signed out, or the session ended (expired: the page was open when it did). The sign-in box lives outside
     <main>, so it is there whatever page was drawn; the page stops polling. An ended session keeps the page
     in view (the change that found out says so where it was asked); a sign-out clears it. */
  L.signedOut = function (expired) {
    if (current && current.leave) current.leave();
    current = null;
    const booting = document.getElementById("booting");
    if (booting) booting.hidden = true;
    for (const id of ["nav", "me"]) {
      const el = document.getElementById(id);
      if (el) L.fill(el);
    }
    const main = document.getElementById("main");
    if (main && !expired) L.fill(main);
    const why = document.getElementById("signin-why");
    if (why) {
      const said = expired && L.state.strings["console.err.session"]; // known once the page has its texts
      why.hidden = !said;
      L.fill(why, said || null);
    }
    const signin = document.getElementById("signin");
    if (signin) signin.hidden = false;
  };

  function renderChrome() {
    const me = L.state.me;
    document.documentElement.lang = me.lang;
    document.title = L.t("console.title");
    L.fill(document.getElementById("brand"), L.t("console.title"));
    const [page] = L.route();
    L.fill(
      document.getElementById("nav"),
      NAV.map(([path, key]) =>
        L.h("a", { href: "#/" + path, class: page === path || (page === "event" && path === "board") ? "on" : "" }, L.t(key))
      )
    );
    const langs = me.languages.map((code) => [code, { "zh-Hans": "简体", "zh-Hant": "繁體", en: "EN" }[code] || code]);
    L.fill(
      document.getElementById("me"),
      L.h("span", { class: "who" }, me.user.name),
      L.select("lang", langs, me.lang, changeLanguage),
      L.h("button", { type: "button", class: "link", onclick: signOut }, L.t("console.signout"))
    );
  }

  async function changeLanguage(lang) {
    let data;
    try {
      data = await L.api("lang", { method: "POST", body: { lang } });
    } catch (err) {
      window.alert(L.t((err && err.key) || "console.error"));  // an expired page: say so, never a dead menu
      return;
    }
    L.state.me.lang = data.lang;
    L.state.strings = data.strings;
    renderChrome();
    show();
  }

  async function signOut() {
    try {
      await L.api("logout", { method: "POST" });
    } catch (err) {
      if (err instanceof L.ApiError && err.status === 401) return; // already ended: L.api said so
      window.alert(L.t((err && err.key) || "console.error"));
      return;
    }
    L.state.session = null;
    L.signedOut(false);
  }

  async function show() {
    if (current && current.leave) current.leave();
    const [page, params] = L.route();
    const main = document.getElementById("main");
    document.getElementById("signin").hidden = true;
    renderChrome();
    const handler = L.pages[page] || L.pages.board;
    current = handler;
    /* Each page is drawn into a view of its own: a page asked for before and slower to answer (the board still
       loading when "热点" was tapped) fills its own view, out of the document, not the page asked for since (it drew
       the board under the address of the hot spots). */
    const view = L.h("div", { class: "view" }, L.h("p", { class: "muted" }, L.t("console.loading")));
    L.fill(main, view);
    try {
      await handler.render(view, params);
    } catch (err) {
      if (err instanceof L.ApiError && err.status === 401) {
        L.fill(view); // the sign-in box says why
        return;
      }
      L.fill(view, L.message(err instanceof L.ApiError ? L.t(err.key) : L.t("console.error"), false));
    }
  }

  async function start() {
    const launch = launchParams();
    if (launch && !(await signInFromTelegram(launch))) {
      L.signedOut(false);
      return;
    }
    let me;
    try {
      me = await L.api("me");
    } catch (err) {
      L.signedOut(false);
      return;
    }
    L.state.me = me;
    L.state.csrf = me.csrf;
    L.state.strings = me.strings;
    document.getElementById("booting").hidden = true;
    window.addEventListener("hashchange", show);
    await show();
  }

  start();
})();
