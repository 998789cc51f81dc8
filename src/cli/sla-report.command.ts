import { type HoursRow, type RatingRow, type ReportRow, reportSla } from '../app/sla/report-sla.ts';
import { MAX_WEEKS, reportSlaWeeks, type SlaWeeks } from '../app/sla/report-weeks.ts';
import { parseCliArgs } from './cli-args.ts';
import { type CliIo, UsageError } from './cli-io.ts';
import { withRuntime } from './runtime.ts';
import { parseInstant } from './sla-sweep.command.ts';

// `portero sla report`: met and breached targets per priority and target, per tenant, from the cases' clocks; then
// the hours spent on each case against its estimate and whether they are billable, and the customers' ratings of
// closed cases.

export const REPORT_USAGE =
  'usage: portero sla report [--tenant <id>] [--since <ISO-8601 | Nd> | --weeks <N>] [--json]';

/** `30d` (days before now) or an ISO-8601 instant. */
function since(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const days = /^(\d+)d$/.exec(text);
  if (days) return new Date(now.getTime() - Number(days[1]) * 86_400_000);
  return parseInstant(text, 'since', REPORT_USAGE);
}

export const slaReportCommand = {
  summary: 'met and breached SLA targets per priority and target',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(
      args,
      { tenant: { type: 'string' }, since: { type: 'string' }, weeks: { type: 'string' }, json: { type: 'boolean' } },
      REPORT_USAGE,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n${REPORT_USAGE}`);
    const weeks = weeksOption(values.weeks, values.since);
    const from = since(values.since, new Date());
    return withRuntime(
      io,
      async (runtime) => {
        const tenants = await runtime.store.transaction((repos) => repos.tenants.list());
        if (values.tenant && !tenants.some((tenant) => tenant.id === values.tenant)) {
          io.err(
            `portero sla report: no tenant "${values.tenant}"; expected one of ${tenants.map((t) => t.id).join(', ')}`,
          );
          return 1;
        }
        if (weeks !== undefined) {
          const report = await reportSlaWeeks(runtime, { weeks, ...(values.tenant && { tenantId: values.tenant }) });
          if (values.json) for (const tenant of report) io.out(JSON.stringify(tenant));
          else for (const line of report.flatMap(weeklyTables)) io.out(line);
          return 0;
        }
        const {
          targets: rows,
          hours,
          ratings,
        } = await reportSla(runtime, {
          ...(values.tenant && { tenantId: values.tenant }),
          ...(from && { since: from }),
        });
        if (values.json) {
          for (const row of rows) io.out(JSON.stringify(row));
          for (const row of hours) io.out(JSON.stringify({ hours: row }));
          for (const row of ratings) io.out(JSON.stringify({ ratings: row }));
          return 0;
        }
        const scope = `${values.tenant ?? 'all tenants'}, cases opened ${from ? `since ${from.toISOString()}` : 'ever'}`;
        io.out(`SLA report (${scope})`);
        if (rows.length === 0) io.out('no cases');
        else for (const line of table(rows)) io.out(line);
        if (hours.length > 0) {
          io.out('');
          io.out('Hours against estimates');
          for (const line of hoursTable(hours)) io.out(line);
        }
        if (ratings.length > 0) {
          io.out('');
          io.out('Customer ratings of closed cases (1–5)');
          for (const line of ratingsTable(ratings)) io.out(line);
        }
        return 0;
      },
      { command: 'portero sla report' },
    );
  },
};

function weeksOption(text: string | undefined, sinceText: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (sinceText !== undefined) throw new UsageError(`--weeks and --since exclude each other\n${REPORT_USAGE}`);
  const weeks = Number(text);
  if (!/^\d+$/.test(text) || weeks < 1 || weeks > MAX_WEEKS)
    throw new UsageError(`--weeks must be a whole number from 1 to ${MAX_WEEKS}, got "${text}"\n${REPORT_USAGE}`);
  return weeks;
}

/** One tenant's weeks: compliance per target and week, times per priority, customers turned away, ratings per week. */
function weeklyTables(report: SlaWeeks): string[] {
  const targets = [...new Set(report.compliance.map((row) => row.target))];
  const cell = (week: string, target: string) => {
    const row = report.compliance.find((r) => r.week === week && r.target === target);
    return row?.percent == null ? '—' : `${row.percent}% (${row.met}/${row.met + row.breached})`;
  };
  const lines = [`${report.tenantId}: SLA met per week (met of decided; weeks from Monday)`];
  if (targets.length === 0) lines.push('no SLA clock decided in these weeks');
  else
    lines.push(
      ...aligned(
        ['week', ...targets],
        report.weeks.map((week) => [week, ...targets.map((target) => cell(week, target))]),
        1,
      ),
    );
  lines.push('', `${report.tenantId}: times per priority (business minutes, pauses excluded)`);
  if (report.times.length === 0) lines.push('no first response or resolution in these weeks');
  else
    lines.push(
      ...aligned(
        ['priority', 'target', 'cases', 'median', 'p90'],
        report.times.map((row) => [
          row.priority,
          row.target,
          String(row.count),
          String(row.medianMinutes),
          String(row.p90Minutes),
        ]),
        2,
      ),
    );
  lines.push('', `${report.tenantId}: turned away`);
  if (report.turnedAway.length === 0) lines.push('nobody');
  else
    lines.push(
      ...aligned(
        ['kind', 'reason', 'count'],
        report.turnedAway.map((row) => [row.kind.replace('_', ' '), row.reason, String(row.count)]),
        2,
      ),
    );
  lines.push('', `${report.tenantId}: customer ratings of closed cases per week (1–5)`);
  if (report.ratings.every((week) => week.count === 0)) lines.push('none');
  else
    lines.push(
      ...aligned(
        ['week', 'ratings', 'average'],
        report.ratings.map((week) => [
          week.week,
          String(week.count),
          week.average === null ? '—' : String(week.average),
        ]),
        1,
      ),
    );
  lines.push('');
  return lines;
}

const h = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100}`;

function hoursTable(rows: HoursRow[]): string[] {
  const header = ['tenant', 'case', 'estimate h', 'spent h', 'spent %', 'approval', 'billable'];
  const body = rows.map((row) => [
    row.tenantId,
    row.ref,
    row.estimateMinutes === null ? '—' : h(row.estimateMinutes),
    h(row.minutesSpent),
    row.percent === null ? '—' : `${row.percent}%`,
    row.approval ?? '—',
    row.billable ? 'yes' : 'no',
  ]);
  return aligned(header, body, 2);
}

function ratingsTable(rows: RatingRow[]): string[] {
  const header = ['tenant', 'ratings', 'average', '1', '2', '3', '4', '5'];
  const body = rows.map((row) => [
    row.tenantId,
    String(row.count),
    row.average.toFixed(1),
    ...[1, 2, 3, 4, 5].map((score) => String(row.byScore[score] ?? 0)),
  ]);
  return aligned(header, body, 1);
}

function aligned(header: string[], body: string[][], names: number): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < names ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)];
}

function table(rows: ReportRow[]): string[] {
  const header = ['tenant', 'priority', 'target', 'met', 'breached', 'open', 'unmet', 'met %'];
  const body = rows.map((row) => {
    const decided = row.met + row.breached;
    const rate = decided === 0 ? '—' : `${Math.round((100 * row.met) / decided)}%`;
    return [row.tenantId, row.priority, row.target, ...[row.met, row.breached, row.open, row.unmet].map(String), rate];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  // Names left, numbers right.
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)];
}
