import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { listPresetIds, loadPolicy } from '../../src/app/policy/policy-catalog.ts';
import type { Policy, StateKind } from '../../src/domain/policy/policy.schema.ts';

// Every fact below is stated by a seed in shared/seeds (or is a stated assumption of the preset): if a preset drifts
// from its seed, this file says which fact.

const PRESETS = ['arcoirisapp', 'crosspoint365', 'itbx', 'jd-services', 'oys'];
const h = (hours: number, minutes = 0) => hours * 60 + minutes;
const span = (from: number, to: number) => ({ startMinute: from, endMinute: to });

function priority(policy: Policy, id: string) {
  const found = policy.priorities.find((p) => p.id === id);
  if (!found) throw new Error(`no priority ${id} in ${policy.id}`);
  return found;
}

function channel(policy: Policy, kind: string) {
  return policy.channels.accepted.filter((c) => c.kind === kind);
}

/** States reachable from `from` by `next` transitions, `from` included. */
function reachable(policy: Policy, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of policy.lifecycle.states.find((s) => s.id === id)?.next ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

const kindsReachable = (policy: Policy, from: string) =>
  new Set([...reachable(policy, from)].map((id) => policy.lifecycle.states.find((s) => s.id === id)?.kind));

function statesOfKind(policy: Policy, kind: StateKind): string[] {
  return policy.lifecycle.states.filter((s) => s.kind === kind).map((s) => s.id);
}

describe('presets', () => {
  it('ships one preset per seed', async () => {
    expect(await listPresetIds()).toEqual(PRESETS);
  });

  it('count the first contact with the customer as the first response; crosspoint365 also the assignment', async () => {
    const events = await Promise.all(PRESETS.map(async (id) => [id, (await loadPolicy(id)).sla.firstResponseEvents]));
    expect(Object.fromEntries(events)).toEqual({
      arcoirisapp: ['reply', 'wait'],
      crosspoint365: ['reply', 'wait', 'assign'],
      itbx: ['reply', 'wait'],
      'jd-services': ['reply', 'wait'],
      oys: ['reply', 'wait'],
    });
  });

  describe.each(PRESETS)('%s', (id) => {
    it('loads, in Spanish, with its own id', async () => {
      const policy = await loadPolicy(id);
      expect(policy.id).toBe(id);
      expect(policy.locale).toBe('es');
    });

    it('has a lifecycle where every open case can wait, be closed and be cancelled', async () => {
      const policy = await loadPolicy(id);
      const { initial, reopenTo, states } = policy.lifecycle;
      expect(states.find((s) => s.id === initial)?.kind).toBe('new');
      expect(statesOfKind(policy, 'waiting')).toHaveLength(1);
      const waiting = statesOfKind(policy, 'waiting')[0]!;
      expect(states.find((s) => s.id === waiting)?.pausesSla).toBe(true);
      for (const state of states.filter((s) => !s.terminal)) {
        const kinds = kindsReachable(policy, state.id);
        expect(kinds, `${state.id} reaches closed`).toContain('closed');
        expect(kinds, `${state.id} reaches cancelled`).toContain('cancelled');
      }
      for (const state of states.filter((s) => s.kind === 'active' || s.kind === 'new')) {
        expect(state.next, `${state.id} → waiting`).toContain(waiting);
      }
      expect(reachable(policy, initial).size).toBe(states.length);
      expect(states.find((s) => s.id === reopenTo)?.terminal).toBe(false);
    });

    it('lists the plans it sells: arcoirisapp basic and premium; one default plan, said so, where the seed names none', async () => {
      const policy = await loadPolicy(id);
      if (id === 'arcoirisapp') {
        expect(policy.rules.plans).toEqual(['basic', 'premium']);
        return;
      }
      expect(policy.rules.plans).toEqual(['standard']);
      const yaml = await readFile(new URL(`../../policies/${id}.yaml`, import.meta.url), 'utf8');
      expect(yaml).toMatch(/# The seed names no plans[^\n]*\n(\s*#[^\n]*\n)*\s*plans: \[standard\]/);
    });

    it('refuses chat and routes critical priorities to a channel of their own', async () => {
      const policy = await loadPolicy(id);
      expect(policy.channels.refused).toEqual(expect.arrayContaining(['slack', 'teams', 'whatsapp', 'chat']));
      const critical = policy.priorities.filter((p) => p.severity === 'critical').map((p) => p.id);
      expect(critical.length).toBeGreaterThan(0);
      expect(policy.routing.agentChannels[0]).toEqual({ name: 'soporte-critico', priorities: critical });
      expect(policy.routing.managerChannel).toBeDefined();
    });
  });
});

describe('crosspoint365 (seed 000)', () => {
  it('opens Mon–Thu 09:00–17:00 and Fri 09:00–15:00 in Madrid', async () => {
    const policy = await loadPolicy('crosspoint365');
    expect(policy.timezone).toBe('Europe/Madrid');
    const week = policy.calendars[policy.defaultCalendar]?.week;
    for (const day of ['mon', 'tue', 'wed', 'thu'] as const) expect(week?.[day]).toEqual([span(h(9), h(17))]);
    expect(week?.fri).toEqual([span(h(9), h(15))]);
    expect(week?.sat).toEqual([]);
    expect(week?.sun).toEqual([]);
  });

  it('takes production cases in the portal or by email, implementation cases in Azure DevOps', async () => {
    const policy = await loadPolicy('crosspoint365');
    expect(channel(policy, 'portal')[0]?.phases).toEqual(['production']);
    expect(channel(policy, 'email')[0]).toMatchObject({ address: 'soporte@crosspoint365.com', phases: ['production'] });
    // "cualquier solicitud relacionada con proyectos en fase de implantación se canalizará a través de Azure DevOps"
    expect(channel(policy, 'azure-devops')[0]?.phases).toEqual(['implementation']);
    expect(channel(policy, 'azure-devops')[0]?.caseTypes).toBeUndefined();
    const type = (id: string) => policy.caseTypes.find((t) => t.id === id);
    expect(type('bug')).toMatchObject({ urgent: true, phases: ['implementation'] });
    expect(type('requirement')).toMatchObject({ scheduling: 'next-sprint', phases: ['implementation'] });
  });

  it('excludes Teams and chat, and gives status only through the accepted channels', async () => {
    const policy = await loadPolicy('crosspoint365');
    expect(policy.channels.refused).toEqual(expect.arrayContaining(['teams', 'slack', 'whatsapp', 'chat']));
    expect(policy.channels.statusOnlyThroughAcceptedChannels).toBe(true);
    expect(policy.channels.accepted.map((c) => c.kind).sort()).toEqual(['azure-devops', 'email', 'portal']);
  });
});

describe('jd-services (seed 001)', () => {
  it('assumes Mon–Fri 09:00–18:00 in Madrid', async () => {
    const policy = await loadPolicy('jd-services');
    expect(policy.timezone).toBe('Europe/Madrid');
    const week = policy.calendars[policy.defaultCalendar]?.week;
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) expect(week?.[day]).toEqual([span(h(9), h(18))]);
    expect(week?.sat).toEqual([]);
  });

  it('routes email by priority A/B/C, A around the clock', async () => {
    const policy = await loadPolicy('jd-services');
    expect(policy.channels.routeEmailByPriority).toBe(true);
    expect(policy.priorities.map((p) => [p.id, p.severity, p.intake, p.calendar])).toEqual([
      ['A', 'critical', 'soporte-a@jd-services.eu', '24x7'],
      ['B', 'moderate', 'soporte-b@jd-services.eu', policy.defaultCalendar],
      ['C', 'minimal', 'soporte-c@jd-services.eu', policy.defaultCalendar],
    ]);
    expect(priority(policy, 'A').description).toMatch(
      /^Emergencia urgente e importante .* Se requiere tramitación inmediata\.$/,
    );
    expect(priority(policy, 'B').description).toMatch(/Se puede esperar al horario comercial para su tramitación\.$/);
    expect(priority(policy, 'C').description).toMatch(
      /^Situación tiene un impacto mínimo .* solución alternativa aceptable\.$/,
    );
  });

  it('states its case rules as typed fields', async () => {
    const { rules, channels } = await loadPolicy('jd-services');
    expect(rules.requiredLanguage).toBe('es');
    expect(rules.refuseRepliesOnClosedCases).toBe(true);
    expect(rules.reopen).toEqual({ mode: 'new-case' });
    expect(rules.contactAttemptsPerDay).toBe(3);
    expect(rules.deprioritizeWhenInfoMissing?.after).toBeGreaterThan(0);
    expect(rules.forbiddenContent).toEqual({ secrets: 'redact', warnCustomer: true });
    expect(channels.refused).toContain('phone');
    expect(channels.accepted.map((c) => c.kind)).toEqual(['email']);
  });

  it('keeps the etiquette as guidelines and the "what to include" list as the checklist', async () => {
    const policy = await loadPolicy('jd-services');
    const ids = policy.guidelines.map((g) => g.id);
    for (const rule of [
      'sin-buzones-compartidos',
      'no-en-nombre-de-otros',
      'un-asunto-por-caso',
      'sin-casos-duplicados',
      'responder-a-todos',
      'sin-agradecimientos-tras-cierre',
      'sin-cifrado',
      'asunto-descriptivo',
      'sin-solicitar-llamadas',
    ]) {
      expect(ids).toContain(rule);
    }
    expect(policy.caseChecklist).toEqual(
      expect.arrayContaining(['Código de error y/o mensaje de error literal', 'Explicación del impacto en su negocio']),
    );
    expect(policy.caseChecklist.length).toBeGreaterThanOrEqual(13);
  });
});

describe('itbx (seed 002)', () => {
  it('opens Mon–Fri 08:00–17:00 and Sat 09:00–12:00 in Bogotá, closed on Colombian holidays', async () => {
    const policy = await loadPolicy('itbx');
    expect(policy.timezone).toBe('America/Bogota');
    const calendar = policy.calendars[policy.defaultCalendar];
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) {
      expect(calendar?.week?.[day]).toEqual([span(h(8), h(17))]);
    }
    expect(calendar?.week?.sat).toEqual([span(h(9), h(12))]);
    expect(calendar?.week?.sun).toEqual([]);
    expect(calendar?.holidays?.country).toBe('CO');
  });

  it('follows ABIERTO → ANÁLISIS → SOLUCIÓN → PRUEBAS → CERRADA, silence accepting the solution', async () => {
    const policy = await loadPolicy('itbx');
    const state = (id: string) => policy.lifecycle.states.find((s) => s.id === id);
    const path = ['abierto', 'analisis', 'solucion', 'pruebas', 'cerrada'];
    expect(policy.lifecycle.initial).toBe('abierto');
    path.slice(1).forEach((next, i) => {
      expect(state(path[i]!)?.next).toContain(next);
    });
    expect(path.map((id) => state(id)?.label)).toEqual([
      { es: 'Abierto', en: 'Open' },
      { es: 'Análisis', en: 'Analysis' },
      { es: 'Solución', en: 'Solution' },
      { es: 'Pruebas', en: 'Testing' },
      { es: 'Cerrada', en: 'Closed' },
    ]);
    expect(path.map((id) => state(id)?.kind)).toEqual(['new', 'active', 'active', 'testing', 'closed']);
    expect(policy.rules.acceptance?.silenceCountsAsAcceptance).toBe(true);
    expect(policy.rules.acceptance?.after).toBeGreaterThan(0);
    // "CERRADA: Se da por resuelta la incidencia con el aval del cliente."
    expect(state('pruebas')?.customerConfirmations).toEqual([{ to: ['cerrada'], requires: ['acceptance'] }]);
  });

  it('ABIERTO is assigned to an engineer, whose contact with the client is the first response', async () => {
    const policy = await loadPolicy('itbx');
    expect(policy.lifecycle.states.filter((s) => s.requiresAssignee).map((s) => s.id)).toEqual(['abierto']);
    expect(policy.sla.firstResponseEvents).toEqual(['reply', 'wait']);
  });

  it('lets two users per company report, in the portal only; email and phones are for questions', async () => {
    const policy = await loadPolicy('itbx');
    expect(policy.rules.maxReportersPerCustomer).toBe(2);
    expect(policy.channels.accepted.map((c) => c.kind)).toEqual(['portal']);
    expect(policy.channels.contact?.email).toBe('soporte@itbx.co');
    expect(policy.channels.contact?.phones).toContain('+57 350 318 99 22');
    expect(policy.guidelines.map((g) => g.id)).toContain('horarios-especiales');
  });
});

describe('arcoirisapp (seed 003)', () => {
  it('works a split shift, Mon–Fri 08:00–12:00 and 14:00–17:00, in Bogotá', async () => {
    const policy = await loadPolicy('arcoirisapp');
    expect(policy.timezone).toBe('America/Bogota');
    const week = policy.calendars[policy.defaultCalendar]?.week;
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) {
      expect(week?.[day]).toEqual([span(h(8), h(12)), span(h(14), h(17))]);
    }
    expect(week?.sat).toEqual([]);
  });

  it('takes requests through the ticket form only', async () => {
    const policy = await loadPolicy('arcoirisapp');
    expect(policy.channels.accepted.map((c) => c.kind)).toEqual(['form']);
    expect(policy.channels.refused).toEqual(
      expect.arrayContaining(['email', 'whatsapp', 'phone', 'video-call', 'remote-session', 'slack', 'teams', 'chat']),
    );
  });

  it('limits the basic plan, answers non-critical cases within 48 business hours, and closes on silence', async () => {
    const policy = await loadPolicy('arcoirisapp');
    expect(policy.rules.plans).toEqual(['basic', 'premium']);
    expect(policy.rules.monthlyQuota).toEqual({ basic: 5 });
    for (const p of policy.priorities.filter((p) => p.severity !== 'critical')) {
      expect(p.targets.firstResponse, p.id).toBe(h(48));
    }
    expect(policy.rules.reopen).toEqual({ mode: 'warranty', withinDays: 8, afterwards: 'new-billable-request' });
    expect(policy.rules.autoClose).toEqual({ contactAttempts: 2, businessDaysOnly: true });
    expect(policy.routing.managers.map((m) => m.email)).toEqual(['gerencia@idinamica.co']);
  });
});

describe('oys (seed 004)', () => {
  it('assumes Mon–Fri 09:00–18:00 in Santiago and takes email and the OYS portal', async () => {
    const policy = await loadPolicy('oys');
    expect(policy.timezone).toBe('America/Santiago');
    const week = policy.calendars[policy.defaultCalendar]?.week;
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) expect(week?.[day]).toEqual([span(h(9), h(18))]);
    expect(policy.channels.accepted.map((c) => c.kind)).toEqual(['email', 'portal']);
  });

  it('goes reception → analysis → approval → development → QA → production → closed', async () => {
    const policy = await loadPolicy('oys');
    const state = (id: string) => policy.lifecycle.states.find((s) => s.id === id);
    const path = ['recepcion', 'analisis', 'aprobacion', 'desarrollo', 'qa', 'produccion', 'cerrado'];
    path.slice(1).forEach((next, i) => {
      expect(state(path[i]!)?.next).toContain(next);
    });
    expect(path.map((id) => state(id)?.kind)).toEqual([
      'new',
      'active',
      'approval',
      'active',
      'testing',
      'resolved',
      'closed',
    ]);
    // A requirement that is not viable is closed after the analysis.
    expect(state('analisis')?.next).toContain('cerrado');
    expect(policy.rules.closureRequiresCustomerConfirmation).toBe(true);
    expect(policy.rules.estimateApproval).toBe(true);
    // "se solicitará al cliente la aprobación", QA and PRD validated, "Cuando cliente confirma cierre del ticket".
    const confirmations = Object.fromEntries(
      policy.lifecycle.states.filter((s) => s.customerConfirmations.length).map((s) => [s.id, s.customerConfirmations]),
    );
    expect(confirmations).toEqual({
      analisis: [{ to: ['cerrado'], requires: ['closure'] }],
      aprobacion: [{ to: ['desarrollo'], requires: ['approval'] }],
      qa: [{ to: ['produccion'], requires: ['qa'] }],
      produccion: [{ to: ['cerrado'], requires: ['prd', 'closure'] }],
    });
  });
});
