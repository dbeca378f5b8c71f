// The catalog page's only script, kept as plain browser JavaScript (no build step, no library) so
// the page works opened from disk; the page's Content-Security-Policy allows exactly this text.
// Filtering matches findDatasets(): a language matches its regional and script variants
// ("zh" finds "zh-Hant"), every search word must appear. Size columns sort by the number in
// data-value, not the text ("9 GB" before "10 GB"); a dataset without the figure sorts last.
export const CATALOG_PAGE_SCRIPT = `
"use strict";
(() => {
  const table = document.getElementById("catalog");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const shown = document.getElementById("shown");
  const controls = ["q", "language", "stage", "license", "commercial"].map((id) => document.getElementById(id));
  const [q, language, stage, license, commercial] = controls;

  function matches(row) {
    const d = row.dataset;
    const lang = language.value.toLowerCase();
    if (lang && !d.languages.split(" ").some((c) => c === lang || c.startsWith(lang + "-"))) return false;
    if (stage.value && !d.stages.split(" ").includes(stage.value)) return false;
    if (license.value && d.license !== license.value) return false;
    if (commercial.value && d.commercial !== commercial.value) return false;
    const words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    return words.every((w) => d.search.includes(w));
  }

  function apply() {
    let n = 0;
    for (const row of rows) {
      row.hidden = !matches(row);
      if (!row.hidden) n++;
    }
    shown.textContent = String(n);
    // the filters in the address, so a filtered view can be bookmarked or shared
    const state = new URLSearchParams();
    for (const c of controls) if (c.value) state.set(c.id, c.value);
    try { history.replaceState(null, "", state.toString() ? "#" + state.toString() : location.pathname); } catch (e) { /* some file:// views refuse it */ }
  }

  function sortBy(th) {
    const index = th.cellIndex;
    const numeric = th.dataset.sort === "number";
    const direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    for (const other of th.parentNode.cells) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    const key = (row) => {
      const cell = row.cells[index];
      if (numeric) return cell.dataset.value === undefined ? null : Number(cell.dataset.value);
      return (cell.dataset.value ?? cell.textContent).toLowerCase();
    };
    const sorted = rows.slice().sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * direction;
    });
    body.append(...sorted);
  }

  for (const th of table.tHead.rows[0].cells) {
    if (!th.dataset.sort) continue;
    th.tabIndex = 0;
    th.addEventListener("click", () => sortBy(th));
    th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  }
  const initial = new URLSearchParams(location.hash.slice(1));
  for (const c of controls) {
    if (initial.has(c.id)) c.value = initial.get(c.id);
    c.addEventListener("input", apply);
  }
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  apply();
})();
`;
