import type { Translate } from "../../../flows/types.ts";
import { esc, htmlDocument } from "./layout.ts";

// The dashboard page from plain data: the filter form (a GET form, so it needs no script), the summary,
// the charts and the table of the chosen grouping. Nothing here reads the database.

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface DashboardPageModel {
  t: Translate;
  locale: "fa" | "en";
  heading: string;
  signedIn: string;
  form: {
    periods: Option[];
    agencies: Option[];
    agencyFixed: boolean;
    provinces: Option[];
    provinceFixed: boolean;
    groupings: Option[];
  };
  summary: string[];
  /** Each chart as inline SVG (svg.ts), drawn for a phone's width and for a desk's. */
  charts: { narrow: string; wide: string }[];
  table: { caption: string; rows: { name: string; n: string; share: string }[] };
}

function select(name: string, label: string, options: Option[], fixed = false): string {
  const opts = options.map((o) => `<option value="${esc(o.value)}"${o.selected ? " selected" : ""}>${esc(o.label)}</option>`).join("");
  // A fixed filter is shown, not sent: the server applies the actor's own reach whatever the form says.
  return `<label class="field"><span>${esc(label)}</span><select id="f-${name}"${fixed ? " disabled" : ` name="${name}"`}>${opts}</select></label>`;
}

function filterForm(m: DashboardPageModel): string {
  const { t, form } = m;
  return `<form class="filters" method="get" action="/dashboard" aria-label="${esc(t("dashboard-filters"))}">
${select("period", t("dashboard-filter-period"), form.periods)}
${select("agency", t("dashboard-filter-agency"), form.agencies, form.agencyFixed)}
${select("province", t("dashboard-filter-province"), form.provinces, form.provinceFixed)}
${select("grouping", t("dashboard-filter-grouping"), form.groupings)}
<button type="submit">${esc(t("dashboard-show"))}</button>
</form>`;
}

function table(m: DashboardPageModel): string {
  if (!m.table.rows.length) return "";
  const rows = m.table.rows.map((r) => `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.n)}</td><td>${esc(r.share)}</td></tr>`).join("\n");
  return `<section class="card">
<table id="by-group"><caption>${esc(m.table.caption)}</caption>
<thead><tr><th scope="col"></th><th scope="col">${esc(m.t("dashboard-table-count"))}</th><th scope="col">${esc(m.t("dashboard-table-share"))}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

/** The whole dashboard document. */
export function dashboardPage(m: DashboardPageModel): string {
  const { t } = m;
  const charts = m.charts.length ? m.charts.map((c) => `<figure class="chart"><div class="narrow">${c.narrow}</div><div class="wide">${c.wide}</div></figure>`).join("\n") : `<p>${esc(t("dashboard-no-charts"))}</p>`;
  const body = `<header class="top">
<h1>${esc(t("dashboard-page-title"))}</h1>
<div class="who"><span>${esc(m.signedIn)}</span>
<form method="post" action="/dashboard/leave"><button type="submit" class="link">${esc(t("dashboard-leave"))}</button></form></div>
</header>
<main>
<h2 id="heading">${esc(m.heading)}</h2>
${filterForm(m)}
<section class="card" aria-labelledby="summary-title"><h3 id="summary-title">${esc(t("dashboard-summary"))}</h3>
<ul id="summary">${m.summary.map((line) => `<li>${esc(line)}</li>`).join("")}</ul>
</section>
<section class="charts" aria-label="${esc(t("dashboard-charts"))}">
${charts}
</section>
${table(m)}
</main>`;
  return htmlDocument({ locale: m.locale, title: `${m.heading} — ${t("dashboard-page-title")}`, body });
}
