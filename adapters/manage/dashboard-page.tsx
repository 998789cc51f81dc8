import { DateTime } from 'luxon';
import type { DashboardCase, ManagerDashboard } from '../../src/app/ops/manager-dashboard.ts';
import { textIn } from '../../src/domain/policy/localized-text.ts';
import type { SlaTarget } from '../../src/domain/policy/policy.schema.ts';
import { BarChart } from './bar-chart.tsx';
import { manageWords } from './manage-words.i18n.ts';

// The managers' dashboard of one tenant: server-rendered, no script; every chart has its numbers as a table.

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1.5rem; }
figure.chart { margin: 0; max-width: 44rem; } figcaption { font-weight: 600; margin-bottom: .25rem; }
table { border-collapse: collapse; margin-top: .5rem; font-size: .9rem; } caption { text-align: left; color: #555; }
th, td { border-bottom: 1px solid #e1e4e8; padding: .2rem .6rem; text-align: left; } td { text-align: right; }
`;

export function DashboardPage({ data }: { data: ManagerDashboard }) {
  const { policy, weekly } = data;
  const locale = policy.locale;
  const w = manageWords[locale];
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  const priorityLabel = (id: string) => {
    const priority = policy.priorities.find((p) => p.id === id);
    return priority ? label(priority.label) : id;
  };
  const stateLabel = (id: string) => {
    const state = policy.lifecycle.states.find((s) => s.id === id);
    return state ? label(state.label) : id;
  };
  const target = (id: string) => w.targets[id as SlaTarget] ?? id;
  const states = [...new Set(data.open.map((row) => row.state))];
  const priorities = policy.priorities.map((p) => p.id).filter((id) => data.open.some((row) => row.priority === id));
  const targets = [...new Set(weekly.compliance.map((row) => row.target))];
  const timeTargets = [...new Set(weekly.times.map((row) => row.target))];
  const reasons = weekly.turnedAway.filter((row) => row.kind !== 'redirected_to');
  const channels = weekly.turnedAway.filter((row) => row.kind === 'redirected_to');
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No icon to fetch: the browser would ask for /favicon.ico and get a 404. */}
        <link rel="icon" href="data:," />
        <title>{w.title(policy.name)}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <h1>{w.title(policy.name)}</h1>
        <div class="charts">
          <BarChart
            id="open"
            title={w.open}
            categoryLabel={w.state}
            categories={states.map(stateLabel)}
            series={priorities.map((priority) => ({
              name: priorityLabel(priority),
              values: states.map(
                (state) => data.open.find((row) => row.state === state && row.priority === priority)?.count ?? 0,
              ),
            }))}
          />
        </div>
        <h2>{w.breaching}</h2>
        <CaseTable cases={data.breaching} zone={policy.timezone} words={w} priorityLabel={priorityLabel} />
        <h2>{w.dueSoon}</h2>
        <CaseTable cases={data.dueSoon} zone={policy.timezone} words={w} priorityLabel={priorityLabel} />
        <div class="charts">
          {targets.map((id) => (
            <BarChart
              id={`compliance-${id}`}
              title={w.compliance(target(id))}
              categoryLabel={w.week}
              categories={weekly.weeks}
              max={100}
              format={(value) => `${value}%`}
              series={[
                {
                  name: w.met,
                  values: weekly.weeks.map(
                    (week) => weekly.compliance.find((row) => row.target === id && row.week === week)?.percent ?? null,
                  ),
                },
              ]}
            />
          ))}
          {timeTargets.map((id) => {
            // In the policy's order of priorities (the figures come sorted by id).
            const order = policy.priorities.map((p) => p.id);
            const rank = (priority: string) => (order.includes(priority) ? order.indexOf(priority) : order.length);
            const rows = weekly.times
              .filter((row) => row.target === id)
              .sort((a, b) => rank(a.priority) - rank(b.priority));
            return (
              <BarChart
                id={`times-${id}`}
                title={w.times(target(id))}
                categoryLabel={w.priority}
                categories={rows.map((row) => priorityLabel(row.priority))}
                series={[
                  { name: w.median, values: rows.map((row) => row.medianMinutes) },
                  { name: w.p90, values: rows.map((row) => row.p90Minutes) },
                ]}
              />
            );
          })}
          {reasons.length > 0 && (
            <BarChart
              id="turned-away"
              title={w.turnedAway}
              categoryLabel={w.reason}
              categories={reasons.map((row) => `${row.kind === 'refused' ? w.refusal : w.redirect}: ${row.reason}`)}
              series={[{ name: w.count, values: reasons.map((row) => row.count) }]}
            />
          )}
          {channels.length > 0 && (
            <BarChart
              id="redirected-to"
              title={w.redirectedTo}
              categoryLabel={w.channel}
              categories={channels.map((row) => row.reason)}
              series={[{ name: w.count, values: channels.map((row) => row.count) }]}
            />
          )}
        </div>
        {data.ratings.count > 0 ? (
          <BarChart
            id="ratings"
            title={w.ratings(data.ratings.count, data.ratings.average)}
            categoryLabel={w.score}
            categories={['1', '2', '3', '4', '5']}
            series={[{ name: w.count, values: [1, 2, 3, 4, 5].map((score) => data.ratings.byScore[score] ?? 0) }]}
          />
        ) : (
          <p>{w.noRatings}</p>
        )}
      </body>
    </html>
  );
}

function CaseTable(props: {
  cases: DashboardCase[];
  zone: string;
  words: (typeof manageWords)['es'];
  priorityLabel: (id: string) => string;
}) {
  const w = props.words;
  if (props.cases.length === 0) return <p>{w.none}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{w.case}</th>
          <th scope="col">{w.priority}</th>
          <th scope="col">{w.due}</th>
        </tr>
      </thead>
      <tbody>
        {props.cases.map((c) => (
          <tr>
            <th scope="row">
              {c.ref} · {c.title}
            </th>
            <td>{props.priorityLabel(c.priority)}</td>
            <td>{DateTime.fromJSDate(c.dueAt, { zone: props.zone }).toFormat('yyyy-MM-dd HH:mm')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
