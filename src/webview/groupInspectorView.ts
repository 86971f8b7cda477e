// The Inspect Group panel's view (runs in the webview): the describe table with the columns of
// the group type's Kafka tool (consumer, share or streams groups), the members, lag over time as an SVG chart, and the catch-up
// estimate with its method. Every value goes into the page as text.

import {
  isHostToGroupPanelMessage,
  type GroupPanelState,
  type GroupPanelToHostMessage,
  type GroupSnapshotMessage,
  type LagPoint,
  type PanelTable,
} from '../panel/groupPanelMessages';
import { visibleText } from '../common/visibleText';
import { failedRefreshStatus } from '../panel/groupPanelStatus';
import { element, type VsCodeApi } from './vscodeApi';

const svgNs = 'http://www.w3.org/2000/svg';
/** The most lag points kept (the host's limit too: one hour at a 1 s refresh). */
const maxPoints = 3600;

function text(value: string | number | null): string {
  return value === null ? '-' : String(value);
}

function cell(tag: 'td' | 'th', value: string, className?: string): HTMLTableCellElement {
  const node = document.createElement(tag);
  node.textContent = visibleText(value);
  if (className) node.className = className;
  return node;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** Draws lag over time: a line of the total lag, axes labelled with the range, gaps where lag was unknown. */
function drawChart(container: HTMLElement, points: readonly LagPoint[]): void {
  const width = 640;
  const height = 160;
  const pad = { left: 56, right: 12, top: 10, bottom: 24 };
  const known = points.filter((p): p is LagPoint & { totalLag: number } => p.totalLag !== null);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const title = svg('title', {});
  title.textContent = known.length
    ? `Total lag over the last ${Math.round((points[points.length - 1].timeMs - points[0].timeMs) / 1000)} s`
    : 'No lag known yet';
  chart.append(title);
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  chart.append(
    svg('line', {
      x1: pad.left,
      y1: pad.top + plotHeight,
      x2: width - pad.right,
      y2: pad.top + plotHeight,
      class: 'axis',
    }),
  );
  chart.append(svg('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: pad.top + plotHeight, class: 'axis' }));
  if (known.length === 0) {
    const label = svg('text', { x: pad.left + 8, y: pad.top + plotHeight / 2, class: 'label' });
    label.textContent = 'Waiting for a committed offset…';
    chart.append(label);
    container.replaceChildren(chart);
    return;
  }
  const t0 = points[0].timeMs;
  const t1 = Math.max(points[points.length - 1].timeMs, t0 + 1);
  const maxLag = Math.max(1, ...known.map((p) => p.totalLag));
  const x = (t: number): number => pad.left + ((t - t0) / (t1 - t0)) * plotWidth;
  const y = (lag: number): number => pad.top + plotHeight - (lag / maxLag) * plotHeight;
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point.totalLag === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${x(point.timeMs).toFixed(1)},${y(point.totalLag).toFixed(1)} `;
    drawing = true;
  }
  chart.append(svg('path', { d: path.trim(), class: 'line' }));
  const last = known[known.length - 1];
  chart.append(svg('circle', { cx: x(last.timeMs), cy: y(last.totalLag), r: 3, class: 'dot' }));
  const labels: [number, number, string, string][] = [
    [pad.left - 6, pad.top + 10, String(maxLag), 'end'],
    [pad.left - 6, pad.top + plotHeight, '0', 'end'],
    [pad.left, height - 6, points.length > 1 ? `${Math.round((t1 - t0) / 1000)} s ago` : '', 'start'],
    [width - pad.right, height - 6, 'now', 'end'],
  ];
  for (const [lx, ly, value, anchor] of labels) {
    const label = svg('text', { x: lx, y: ly, class: 'label', 'text-anchor': anchor });
    label.textContent = value;
    chart.append(label);
  }
  container.replaceChildren(chart);
}

/** Starts the group view in this webview page. */
/** Fills a table's header row and body from plain cells; `empty`, when given, is one full-width row instead. */
function fillTable(
  header: HTMLTableRowElement,
  body: HTMLTableSectionElement,
  table: PanelTable,
  empty: string | undefined,
): void {
  header.replaceChildren(...table.header.map((name, i) => cell('th', name, table.numeric[i] ? 'num' : undefined)));
  if (empty !== undefined) {
    const tr = document.createElement('tr');
    const td = cell('td', empty);
    td.colSpan = table.header.length;
    tr.append(td);
    body.replaceChildren(tr);
    return;
  }
  body.replaceChildren(
    ...table.rows.map((row) => {
      const tr = document.createElement('tr');
      tr.append(...row.map((value, i) => cell('td', value, table.numeric[i] ? 'num' : undefined)));
      return tr;
    }),
  );
}

export function startGroupInspectorView(vscode: VsCodeApi<GroupPanelToHostMessage, GroupPanelState>): void {
  const ui = {
    app: element<HTMLElement>('app'),
    title: element<HTMLElement>('title'),
    facts: element<HTMLElement>('facts'),
    status: element<HTMLElement>('status'),
    estimate: element<HTMLElement>('estimate'),
    method: element<HTMLElement>('method'),
    recordAge: element<HTMLElement>('record-age'),
    recordAgeMethod: element<HTMLElement>('record-age-method'),
    chart: element<HTMLElement>('chart'),
    header: element<HTMLTableRowElement>('describe-header'),
    rows: element<HTMLTableSectionElement>('describe-rows'),
    memberHeader: element<HTMLTableRowElement>('member-header'),
    members: element<HTMLTableSectionElement>('member-rows'),
    lagNote: element<HTMLElement>('lag-note'),
    burrow: element<HTMLElement>('burrow'),
    burrowLabel: element<HTMLElement>('burrow-label'),
    burrowExplanation: element<HTMLElement>('burrow-explanation'),
    burrowHeader: element<HTMLTableRowElement>('burrow-header'),
    burrowRows: element<HTMLTableSectionElement>('burrow-rows'),
    note: element<HTMLElement>('note'),
    refresh: element<HTMLButtonElement>('refresh'),
  };

  /** The lag points so far: the host sends only new ones after the first snapshot. */
  let points: LagPoint[] = [];
  /** When the values shown were read: marked stale with their age when a refresh fails. */
  let shownSampledAtMs: number | undefined;
  const render = (snapshot: GroupSnapshotMessage): void => {
    points = snapshot.historyComplete ? [...snapshot.history] : [...points, ...snapshot.history];
    if (points.length > maxPoints) points = points.slice(points.length - maxPoints);
    vscode.setState({ cluster: snapshot.cluster, groupId: snapshot.groupId });
    ui.title.textContent = visibleText(snapshot.groupId);
    const totalLag = points[points.length - 1]?.totalLag ?? null;
    ui.facts.replaceChildren(
      ...[
        ['Cluster', snapshot.cluster],
        ['State', snapshot.state],
        ['Protocol', snapshot.protocol],
        ['Type', snapshot.groupType],
        ['Members', String(snapshot.members.rows.length)],
        [
          'Total lag',
          `${text(totalLag)}${totalLag !== null && snapshot.partitionsWithoutLag > 0 ? ` + ${snapshot.partitionsWithoutLag} unknown` : ''}`,
        ],
        ['Coordinator', snapshot.coordinator || '-'],
      ].map(([name, value]) => {
        const item = document.createElement('span');
        item.className = 'fact';
        const label = document.createElement('span');
        label.className = 'fact-name';
        label.textContent = name;
        const data = document.createElement('strong');
        data.textContent = value;
        item.append(label, data);
        return item;
      }),
    );
    ui.status.textContent = `Updated ${new Date(snapshot.sampledAtMs).toLocaleTimeString()}, ${
      snapshot.refreshSeconds > 0 ? `every ${snapshot.refreshSeconds} s` : 'on demand (Refresh)'
    }`;
    ui.status.classList.remove('error');
    ui.app.classList.remove('stale');
    shownSampledAtMs = snapshot.sampledAtMs;
    ui.estimate.textContent = `Lag in time (rate estimate): ${snapshot.estimate.text}`;
    ui.method.textContent = snapshot.estimate.method;
    ui.recordAge.textContent = `Lag in time (record age): ${snapshot.recordAge.text}`;
    ui.recordAgeMethod.textContent = snapshot.recordAge.method;
    drawChart(ui.chart, points);
    const partitionCount = snapshot.partitions.rows.length;
    fillTable(
      ui.header,
      ui.rows,
      snapshot.partitions,
      partitionCount === 0 ? 'No committed offsets and no assigned partitions.' : undefined,
    );
    fillTable(
      ui.memberHeader,
      ui.members,
      snapshot.members,
      snapshot.members.rows.length === 0 ? `No active members: the group is ${snapshot.state}.` : undefined,
    );
    ui.lagNote.textContent = snapshot.lagNote;
    ui.burrow.hidden = snapshot.burrow === undefined;
    if (snapshot.burrow) {
      ui.burrowLabel.textContent = snapshot.burrow.label;
      ui.burrowExplanation.textContent = snapshot.burrow.explanation;
      fillTable(
        ui.burrowHeader,
        ui.burrowRows,
        snapshot.burrow.partitions,
        snapshot.burrow.partitions.rows.length === 0 ? 'No partition with commits yet.' : undefined,
      );
    }
    ui.note.textContent =
      snapshot.partitionsWithoutLag > 0
        ? `${snapshot.partitionsWithoutLag} partition(s) have no committed offset: their lag is unknown (-), as in Kafka's own tool, and is left out of the total.`
        : '';
    ui.app.setAttribute('aria-busy', 'false');
    vscode.postMessage({
      type: 'rendered',
      groupId: snapshot.groupId,
      rows: snapshot.partitions.rows.length,
      points: points.length,
    });
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isHostToGroupPanelMessage(message)) return;
    if (message.type === 'snapshot') {
      render(message);
    } else {
      // Remember the group even when no describe has worked yet, so a reload reopens it.
      vscode.setState({ cluster: message.cluster, groupId: message.groupId });
      if (ui.title.textContent === 'Consumer group') ui.title.textContent = visibleText(message.groupId);
      const status = failedRefreshStatus(message, shownSampledAtMs, (ms) => new Date(ms).toLocaleTimeString());
      ui.status.textContent = status.text;
      ui.status.classList.add('error');
      ui.app.classList.toggle('stale', status.stale);
      ui.app.setAttribute('aria-busy', 'false');
    }
  });
  ui.refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  vscode.postMessage({ type: 'ready' });
}
