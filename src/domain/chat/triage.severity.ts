import { containsPhrase, phraseList } from './triage.text.ts';

// The severity a support request suggests, read the way the policies define it (jd-services' table): who is
// affected decides first (everyone → critical, some → moderate, one person → minimal), then what happens (down →
// critical, slow or intermittent → moderate), then urgency. "No es urgente" always means minimal.

export type SuggestedSeverity = 'critical' | 'moderate' | 'minimal';

const EVERYONE =
  phraseList(`todos, todas, todo el sistema, toda la empresa, toda la oficina, todo el equipo, nadie, ninguno, ningun,
  ninguna, todo el mundo, a todo el personal, everyone, everybody, nobody, no one, all users, all customers, all of
  us, all our, all the users, all clients, for anyone, anyone in, entire company, whole company, whole system, whole
  office, entire office, company wide, company-wide, every, entire, whole, toda la sede, todo el personal, toda la
  organizacion, toda la compania, toda la red`);

const SOME =
  phraseList(`algunos, algunas, varios, varias, ciertos, ciertas, parte de, un par de, some, several, a few of, a few users,
  a few people, a few customers, few users, certain users, a couple of, a bunch of, many users, unos cuantos, unas
  cuantas, bastantes usuarios, muchos usuarios`);

const ONE_PERSON =
  phraseList(`solo a mi, solo yo, solamente a mi, solo me pasa, a un usuario, un solo usuario, un usuario, only me, just me,
  only for me, just for me, one user, a single user, single user, only my`);

const OUTAGE =
  phraseList(`caido, caida, cayo, se cayo, down, outage, no funciona nada, nada funciona, nothing works, nothing is working,
  estamos parados, paralizado, paralizados, parada, sin servicio, interrumpido, interrumpida, unavailable, crashed,
  dead, no podemos trabajar, can't work, cannot work, locked out, perdiendo ventas, losing sales, production is
  down, produccion parada, blank page, cannot pay, can't pay, sin internet, sin red, sin conexion, sin sistema, sin
  acceso, sin correo, sin telefono, sin luz, no internet, no connection, no podemos atender, no podemos vender, no
  podemos operar, can't operate, cannot operate, can't serve`);

const DEGRADED =
  phraseList(`lento, lenta, lentos, lentas, lentisimo, lentisima, muy lento, slow, slowly, sluggish, tarda, tardan,
  tardando, take forever, takes forever, taking forever, intermitente, intermitentemente, intermittent,
  intermittently, a veces, sometimes, a ratos, a cada rato, de vez en cuando, se corta, se cortan, drops, dropping,
  keeps dropping, degradado, degradada, degraded, parcial, parcialmente, partial, partially, a medias, timeout,
  timeouts, time out, colgado, se queda colgado, se cuelga, hangs, lag, lagging, laggy, randomly, random,
  aleatoriamente, de forma aleatoria, de vez en vez`);

const URGENT =
  phraseList(`urgente, urgentisimo, muy urgente, urgencia, urge, me urge, nos urge, emergencia, critico, critica, lo antes
  posible, cuanto antes, urgent, urgently, asap, emergency, critical, immediately, right away`);

const NOT_URGENT =
  phraseList(`no es urgente, nada urgente, no urge, sin prisa, no corre prisa, cuando puedan, not urgent, no rush, no hurry,
  whenever you can, when you have time, low priority`);

const mentions = (normalized: string, phrases: readonly string[]) =>
  phrases.some((phrase) => containsPhrase(normalized, phrase));

// "Hola a todos" greets; "todos los días" says how often. Neither says who is affected.
const NOT_ABOUT_WHO = [
  /^(?:hola|buenas|buenos dias|buenas tardes|buenas noches|hi|hello|hey|good morning|good afternoon)(?: a)? (?:todos|todas|all|everyone|everybody)\b/,
  /\b(?:todos los dias|todas las (?:mananas|tardes|noches|semanas)|todos los meses|every (?:day|morning|time)|all day)\b/g,
];

/** Severity of a support request from its normalized text. */
export function suggestSeverity(text: string): SuggestedSeverity {
  const normalized = NOT_ABOUT_WHO.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
  if (mentions(normalized, NOT_URGENT)) return 'minimal';
  const degraded = mentions(normalized, DEGRADED);
  if (mentions(normalized, ONE_PERSON)) return 'minimal';
  if (mentions(normalized, EVERYONE)) return degraded ? 'moderate' : 'critical';
  if (mentions(normalized, SOME)) return 'moderate';
  if (mentions(normalized, OUTAGE) || mentions(normalized, URGENT)) return 'critical';
  if (degraded) return 'moderate';
  return 'minimal';
}

/** Words that describe a failure; triage counts them as a support request even without other signals. */
export function describesFailure(normalized: string): boolean {
  return mentions(normalized, OUTAGE) || mentions(normalized, DEGRADED);
}
