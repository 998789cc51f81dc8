import { describe, expect, it } from 'vitest';
import { needsRedirect, type TriageResult, triageMessage } from '../../../src/domain/chat/triage.ts';
import { blind } from './triage.blind.ts';
import { corpus, type LabelledMessage } from './triage.corpus.ts';
import { holdout } from './triage.holdout.ts';

interface Score {
  total: number;
  kind: number;
  severityTotal: number;
  severity: number;
  misses: string[];
}

function score(messages: LabelledMessage[]): Score {
  const result: Score = { total: messages.length, kind: 0, severityTotal: 0, severity: 0, misses: [] };
  for (const message of messages) {
    const got = triageMessage(message.text);
    if (got.kind === message.kind) result.kind++;
    else result.misses.push(`kind ${message.kind}→${got.kind} (${got.reason}): ${message.text}`);
    if (message.severity && got.kind === 'support-request') {
      result.severityTotal++;
      if (got.severity === message.severity) result.severity++;
      else result.misses.push(`severity ${message.severity}→${got.severity}: ${message.text}`);
    }
  }
  return result;
}

const ratio = (hits: number, total: number) => (total === 0 ? 1 : hits / total);
const report = (name: string, s: Score) =>
  `triage ${name}: kind ${(100 * ratio(s.kind, s.total)).toFixed(1)}% of ${s.total}, ` +
  `severity ${(100 * ratio(s.severity, s.severityTotal)).toFixed(1)}% of ${s.severityTotal}`;

describe('triage accuracy on labelled messages', () => {
  it('has a corpus of at least 160 messages covering every kind in both languages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(160);
    for (const kind of ['support-request', 'status-request', 'agent-command', 'chit-chat'] as const) {
      expect(corpus.filter((m) => m.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
    }
    for (const lang of ['es', 'en'] as const) {
      expect(corpus.filter((m) => m.lang === lang).length, lang).toBeGreaterThanOrEqual(60);
    }
    expect(corpus.every((m) => (m.kind === 'support-request') === (m.severity !== undefined))).toBe(true);
  });

  it('classifies the corpus: kind ≥ 90%, severity ≥ 80%', () => {
    const s = score(corpus);
    console.log(report('corpus', s));
    for (const miss of s.misses) console.log(`  miss: ${miss}`);
    expect(ratio(s.kind, s.total)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(s.severity, s.severityTotal)).toBeGreaterThanOrEqual(0.8);
  });

  // The held-out and blind sets were written after the rules (see their headers); their floors sit below the
  // corpus's because they measure phrasing the rules were not built around.
  it('does nearly as well on messages it was not built around', () => {
    const s = score([...holdout, ...blind]);
    console.log(report('held-out + blind', s));
    console.log(report('blind only', score(blind)));
    for (const miss of s.misses) console.log(`  miss: ${miss}`);
    expect(ratio(s.kind, s.total)).toBeGreaterThanOrEqual(0.85);
    expect(ratio(s.severity, s.severityTotal)).toBeGreaterThanOrEqual(0.75);
  });

  it('finds the secrets labelled in every set', () => {
    for (const message of [...corpus, ...holdout, ...blind]) {
      expect(triageMessage(message.text).secrets, message.text).toEqual(message.secrets ?? []);
    }
  });
});

const triage = (text: string): TriageResult => triageMessage(text);

describe('triage rules', () => {
  it.each([
    ['', 'triage.empty'],
    ['   ', 'triage.empty'],
    ['👍', 'triage.emoji_only'],
    ['🙏🙏 :)', 'triage.emoji_only'],
    ['hola', 'triage.greeting_only'],
    ['Buenos días a todos', 'triage.greeting_only'],
    ['hello there', 'triage.greeting_only'],
    ['muchas gracias!!', 'triage.thanks'],
    ['gracias Juan', 'triage.thanks'],
    ['Muchas gracias por la ayuda, un abrazo', 'triage.thanks'],
    ['vale', 'triage.acknowledgement'],
    ['ok, perfecto', 'triage.acknowledgement'],
    ['Vale, lo pruebo y os digo', 'triage.acknowledgement'],
    ['got it', 'triage.acknowledgement'],
    ['hasta luego', 'triage.farewell'],
    ['have a nice weekend', 'triage.farewell'],
    ['awesome', 'triage.short_without_request'],
    ['factura', 'triage.short_without_request'],
  ])('%j is chit-chat (%s) and gets no reply', (text, reason) => {
    const result = triage(text);
    expect(result).toMatchObject({ kind: 'chit-chat', reason });
    expect(result.severity).toBeUndefined();
    expect(needsRedirect(result)).toBe(false);
  });

  it.each([
    ['hola, no carga el portal', 'triage.problem_report'],
    ['Hi! the printer is broken', 'triage.problem_report'],
    ['buenas, necesito dar de alta un usuario', 'triage.help_request'],
    ['gracias! por cierto, el correo sigue sin funcionar', 'triage.problem_report'],
    ['Hola, ¿el portal tiene app para iPhone?', 'triage.question'],
    ['como hago para exportar a excel', 'triage.question'],
    ['hola, la factura de marzo vino duplicada', 'triage.unrecognized_request'],
  ])('%j is a support request (%s), greeting or not', (text, reason) => {
    const result = triage(text);
    expect(result).toMatchObject({ kind: 'support-request', reason });
    expect(needsRedirect(result)).toBe(true);
  });

  it.each([
    ['Hola, ¿el portal tiene app para iPhone?', true],
    ['como hago para exportar a excel', true],
    ['Hola, una pregunta: ¿cómo cambio mi firma en el correo?', true],
    ['tengo una duda sobre las campañas', true],
    ['hola, no carga el portal', false],
    ['¿por qué no funciona el login?', false],
    ['buenas, necesito dar de alta un usuario', false],
  ])('%j asks a question, not a case: %s', (text, question) => {
    expect(triage(text).question ?? false).toBe(question);
  });

  it.each([
    '¿Cómo va mi caso 1234?',
    'any update on ticket ITBX-12?',
    'Quería saber el estado del caso #4521',
    'Has anyone looked at my case yet?',
    'alguna novedad?',
  ])('%j asks for the status of a case', (text) => {
    const result = triage(text);
    expect(result).toMatchObject({ kind: 'status-request', reason: 'triage.status_request' });
    expect(result.severity).toBeUndefined();
    expect(needsRedirect(result)).toBe(true);
  });

  it.each(['¿Cómo abro un caso nuevo?', 'how do I open a ticket?', 'el caso es que no carga la web'])(
    '%j is about a new problem, not the status of a case',
    (text) => {
      expect(triage(text).kind).toBe('support-request');
    },
  );

  it.each(['/case assign ITBX-4 me', '/caso nuevo', 'case close ITBX-12 solved', '  /CASE help'])(
    '%j looks like an agent command',
    (text) => {
      expect(triage(text)).toMatchObject({ kind: 'agent-command', reason: 'triage.agent_command' });
    },
  );

  it('does not take a customer talking about a case for a command', () => {
    expect(triage('case 1234 still broken').kind).toBe('support-request');
    expect(triage('casework is piling up, can you help?').kind).toBe('support-request');
  });

  it('reads text without accents or with odd case the same', () => {
    const accented = triage('El sistema está caído, ¿qué hago?');
    expect(triage('EL SISTEMA ESTA CAIDO, QUE HAGO?')).toMatchObject({
      kind: accented.kind,
      severity: accented.severity,
    });
  });

  it('reports secret kinds and keeps classifying the rest of the message', () => {
    const result = triage('mi contraseña es Verano2024! y no me deja entrar');
    expect(result).toMatchObject({ kind: 'support-request', secrets: ['password'], language: 'es' });
    expect(triage('pwd=Xy12345!')).toMatchObject({ kind: 'support-request', reason: 'triage.contains_secret' });
    expect(triage('I forgot my password').secrets).toEqual([]);
  });
});

describe('suggested severity', () => {
  it.each([
    ['the whole system is down', 'critical'],
    ['URGENTE: no funciona el correo', 'critical'],
    ['nadie puede entrar al ERP', 'critical'],
    ['all users get a 500 error', 'critical'],
    ['la web está caída', 'critical'],
    ['some users cannot send email', 'moderate'],
    ['el portal va lento', 'moderate'],
    ['la VPN falla de forma intermitente', 'moderate'],
    ['everyone says the app is slow', 'moderate'],
    ['the portal is down but only for me', 'minimal'],
    ['¿cómo cambio mi firma?', 'minimal'],
    ['no es urgente, pero la web está caída en el entorno de pruebas', 'minimal'],
    ['Hola a todos, no puedo imprimir', 'minimal'],
    ['todos los días me pide la contraseña', 'minimal'],
  ])('%j suggests %s', (text, severity) => {
    expect(triage(text)).toMatchObject({ kind: 'support-request', severity });
  });
});
