import type { PortalCaseList } from '../../src/app/portal/portal-cases.ts';
import { stateOf } from '../../src/domain/case/lifecycle.ts';
import { textIn } from '../../src/domain/policy/localized-text.ts';
import { deadline, Layout, type PageFrame, shortWhen } from './portal-layout.tsx';

export type ListFilter = 'open' | 'closed' | 'all';

/** "My cases": state in the policy's words, priority, last update, the next commitment, the month's quota. */
export function CaseListPage({ frame, list, filter }: { frame: PageFrame; list: PortalCaseList; filter: ListFilter }) {
  const { w, base, policy, locale, person } = frame;
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  const filters: [ListFilter, string][] = [
    ['open', w.filterOpen],
    ['closed', w.filterClosed],
    ['all', w.filterAll],
  ];
  const title = person?.seesCompanyCases ? w.companyCases : w.myCases;
  return (
    <Layout frame={frame} title={title}>
      <h1>{title}</h1>
      {list.quota ? <p class="quota">{w.quota(list.quota.used, list.quota.limit)}</p> : null}
      <p>
        <a class="button" href={`${base}cases/new`}>
          {w.newCase}
        </a>
      </p>
      <nav class="filters" aria-label={title}>
        {filters.map(([id, text]) => (
          <a href={listHref(base, id, 1)} aria-current={id === filter ? 'page' : undefined}>
            {text}
          </a>
        ))}
      </nav>
      {list.rows.length === 0 ? (
        <p>{w.noCases}</p>
      ) : (
        <table class="cases">
          <thead>
            <tr>
              <th scope="col">{w.colCase}</th>
              <th scope="col">{w.colTitle}</th>
              <th scope="col">{w.colState}</th>
              <th scope="col">{w.colPriority}</th>
              <th scope="col">{w.colUpdated}</th>
              <th scope="col">{w.colNext}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map(({ record, next }) => {
              const state = stateOf(policy, record.state);
              const priority = policy.priorities.find((p) => p.id === record.priority);
              return (
                <tr>
                  <td data-label={w.colCase}>
                    <a href={`${base}cases/${encodeURIComponent(record.ref)}`}>{record.ref}</a>
                  </td>
                  <td data-label={w.colTitle}>{record.title}</td>
                  <td data-label={w.colState}>{state ? label(state.label) : record.state}</td>
                  <td data-label={w.colPriority}>{priority ? label(priority.label) : record.priority}</td>
                  <td data-label={w.colUpdated}>{shortWhen(frame, record.updatedAt)}</td>
                  <td data-label={w.colNext}>{next ? w.nextTarget[next.target](deadline(frame, next.due)) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.page > 1 || list.hasNext ? (
        // Plain links that keep the filter: paging works without JavaScript.
        <nav class="pages" aria-label={w.pages}>
          {list.page > 1 ? (
            <a href={listHref(base, filter, list.page - 1)} rel="prev">
              {w.newerPage}
            </a>
          ) : null}
          <span aria-current="page">{w.pageOf(list.page)}</span>
          {list.hasNext ? (
            <a href={listHref(base, filter, list.page + 1)} rel="next">
              {w.olderPage}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** The list's address for a filter and a page (the first page has no `page`). */
function listHref(base: string, filter: ListFilter, page: number): string {
  return `${base}?state=${filter}${page > 1 ? `&page=${page}` : ''}`;
}
