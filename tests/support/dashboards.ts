import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Grafana dashboards in the repository, read as JSON: what the static and the live tests check. */
export const DASHBOARDS_DIR = 'grafana/dashboards';

interface Target {
  expr?: string;
  datasource?: { uid?: string };
}
export interface Panel {
  title?: string;
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list?: Array<{ name: string; datasource?: { uid?: string }; query?: unknown }> };
}

export function readDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({
      file,
      dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard,
    }));
}

export const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

/** Every PromQL expression of a dashboard, with where it is: panel targets and query variables. */
export function expressions(dashboard: Dashboard): Array<{ where: string; expr: string }> {
  const fromPanels = panelsOf(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).filter((t) => t.expr).map((t) => ({ where: panel.title ?? '?', expr: t.expr! })),
  );
  const fromVariables = (dashboard.templating?.list ?? []).flatMap((v) => {
    const query = typeof v.query === 'string' ? v.query : (v.query as { query?: string } | undefined)?.query;
    const inner = /label_values\(\s*([^,)]+)/.exec(query ?? '')?.[1];
    return inner ? [{ where: `variable ${v.name}`, expr: inner }] : [];
  });
  return [...fromPanels, ...fromVariables];
}

/** Every PromQL expression of every dashboard, with its file. */
export function dashboardExpressions(): Array<{ file: string; where: string; expr: string }> {
  return readDashboards().flatMap(({ file, dashboard }) =>
    expressions(dashboard).map((q) => ({ file, ...q })),
  );
}
