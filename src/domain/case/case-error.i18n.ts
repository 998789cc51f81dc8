import { type Locale, textIn } from '../policy/localized-text.ts';
import type { Policy } from '../policy/policy.schema.ts';
import type { CaseError, CaseErrorCode } from './case-error.ts';
import { stateOf } from './lifecycle.ts';

// Words for each refusal, per locale. Only the edges (chat adapters, CLI) call this; the domain speaks in codes.

type Params = CaseError['params'];
type Phrase = (p: Params) => string;

/** The customer's confirmations, as refusals name them. */
export const confirmationWords: Record<Locale, Record<string, string>> = {
  es: {
    approval: 'la aprobación de la estimación de horas',
    qa: 'la validación de las pruebas en QA',
    prd: 'la validación de la solución en producción (PRD)',
    closure: 'la confirmación de cierre del cliente',
    acceptance: 'la aceptación (aval) del cliente',
  },
  en: {
    approval: 'the approval of the hours estimate',
    qa: 'the validation of the tests in QA',
    prd: 'the validation of the solution in production (PRD)',
    closure: "the customer's confirmation of the closure",
    acceptance: "the customer's acceptance",
  },
};

const kinds = (locale: Locale, value: Params[string] | undefined) => {
  const words = (Array.isArray(value) ? value : [String(value ?? '')]).map(
    (kind) => confirmationWords[locale][kind] ?? kind,
  );
  const and = locale === 'es' ? ' y ' : ' and ';
  return words.length > 1 ? `${words.slice(0, -1).join(', ')}${and}${words.at(-1)}` : (words[0] ?? '');
};
/** `approval`, or `prd|closure` when one of several is to be typed. */
const alternatives = (value: Params[string] | undefined) =>
  Array.isArray(value) ? value.join('|') : String(value ?? '');

const list = (value: Params[string] | undefined) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));

const KIND_WORDS = {
  es: { 'azure-devops': 'Azure DevOps', portal: 'el portal', email: 'el correo', form: 'el formulario' },
  en: { 'azure-devops': 'Azure DevOps', portal: 'the portal', email: 'email', form: 'the form' },
} as const;
const PHASE_WORDS = {
  es: { implementation: 'implantación', production: 'producción' },
  en: { implementation: 'implementation', production: 'production' },
} as const;
const word = (words: Record<string, string>, value: Params[string] | undefined) =>
  (Array.isArray(value) ? value : [String(value ?? '')]).map((v) => words[v] ?? v);

// crosspoint365, seed 000: "los bugs se interpretan como asuntos prioritarios y de urgencia. Por su parte, los
// requerimientos se valoran y abordan en siguientes sprints" — said from the policy's case types, not its name.
function wrongChannelEs(p: Params): string {
  const where = word(KIND_WORDS.es, p.channels).join(' o ');
  const urls = list(p.urls);
  const urgent = list(p.urgentTypes);
  const sprint = list(p.nextSprintTypes);
  return [
    `Las solicitudes de proyectos en fase de ${word(PHASE_WORDS.es, p.phase)[0]} se canalizan a través de ${where}${urls ? ` (${urls})` : ''}, no por ${word(KIND_WORDS.es, p.via)[0]}.`,
    urgent && `Los casos de tipo ${urgent} se tratan como asuntos prioritarios y de urgencia.`,
    sprint && `Los de tipo ${sprint} se valoran y abordan en siguientes sprints.`,
  ]
    .filter(Boolean)
    .join(' ');
}

function wrongChannelEn(p: Params): string {
  const where = word(KIND_WORDS.en, p.channels).join(' or ');
  const urls = list(p.urls);
  const urgent = list(p.urgentTypes);
  const sprint = list(p.nextSprintTypes);
  return [
    `Requests about projects in ${word(PHASE_WORDS.en, p.phase)[0]} go through ${where}${urls ? ` (${urls})` : ''}, not ${word(KIND_WORDS.en, p.via)[0]}.`,
    urgent && `Cases of type ${urgent} are handled as priority, urgent matters.`,
    sprint && `Those of type ${sprint} are assessed and taken on in the following sprints.`,
  ]
    .filter(Boolean)
    .join(' ');
}

const FIELD_WORDS: Record<Locale, Record<string, string>> = {
  es: {
    title: 'título',
    description: 'descripción',
    name: 'nombre',
    handle: 'identificador',
    email: 'correo',
    text: 'texto',
    reason: 'motivo',
    resolution: 'resolución',
    customer: 'cliente',
    reporter: 'contacto',
  },
  en: {},
};
const field = (locale: Locale, value: Params[string] | undefined) =>
  FIELD_WORDS[locale][String(value)] ?? String(value ?? '');

// One phrase per input rule (src/domain/input/input-rules.ts): the field, the rule, and what is wrong.
const INPUT_WORDS: Record<Locale, Record<string, Phrase>> = {
  es: {
    required: (p) => `El campo «${field('es', p.field)}» no puede estar vacío.`,
    max_length: (p) => `El campo «${field('es', p.field)}» admite como máximo ${p.max} caracteres; tiene ${p.length}.`,
    handle_space: (p) =>
      `El campo «${field('es', p.field)}» es un identificador y no admite espacios («${p.value}»): use por ejemplo «${String(p.value).replace(/\s+/g, '-').toLowerCase()}».`,
    handle_characters: (p) =>
      `El campo «${field('es', p.field)}» es un identificador: empiece por letra o cifra y use solo letras, cifras, «.», «_» o «-» («${p.value}»).`,
    line_break: (p) => `El campo «${field('es', p.field)}» debe ser una sola línea, sin saltos de línea.`,
    control_character: (p) => `El campo «${field('es', p.field)}» contiene caracteres de control no imprimibles.`,
    email_syntax: (p) =>
      `El campo «${field('es', p.field)}» no es una dirección de correo válida («${p.value}»): se espera nombre@dominio.ejemplo.`,
    url_syntax: (p) => `El campo «${field('es', p.field)}» no es una URL válida («${p.value}»): se espera https://….`,
    url_scheme: (p) =>
      `El campo «${field('es', p.field)}» admite solo enlaces http o https, no «${p.scheme}:» («${p.value}»).`,
  },
  en: {
    required: (p) => `The field "${field('en', p.field)}" cannot be empty.`,
    max_length: (p) => `The field "${field('en', p.field)}" takes at most ${p.max} characters; it has ${p.length}.`,
    handle_space: (p) =>
      `The field "${field('en', p.field)}" is a handle and takes no spaces ("${p.value}"): use for example "${String(p.value).replace(/\s+/g, '-').toLowerCase()}".`,
    handle_characters: (p) =>
      `The field "${field('en', p.field)}" is a handle: start with a letter or digit and use only letters, digits, ".", "_" or "-" ("${p.value}").`,
    line_break: (p) => `The field "${field('en', p.field)}" must be one line, without line breaks.`,
    control_character: (p) => `The field "${field('en', p.field)}" holds non-printable control characters.`,
    email_syntax: (p) =>
      `The field "${field('en', p.field)}" is not a valid email address ("${p.value}"): expected name@domain.example.`,
    url_syntax: (p) => `The field "${field('en', p.field)}" is not a valid URL ("${p.value}"): expected https://….`,
    url_scheme: (p) =>
      `The field "${field('en', p.field)}" takes only http or https links, not "${p.scheme}:" ("${p.value}").`,
  },
};
const inputWords = (locale: Locale) => (p: Params) =>
  (INPUT_WORDS[locale][String(p.rule)] ?? INPUT_WORDS[locale].required!)(p);

/** What an agent asked for in chat that only the operator does (`directory.operator_only`). */
const OPERATOR_WORK: Record<Locale, Record<string, string>> = {
  es: {
    'other-agent': 'Cambiar a otro agente',
    agents: 'Añadir o quitar agentes',
    customer: 'Cambiar clientes',
    channel: 'Cambiar canales',
    tenant: 'Cambiar la organización',
  },
  en: {
    'other-agent': 'Changing another agent',
    agents: 'Adding or removing agents',
    customer: 'Changing customers',
    channel: 'Changing channels',
    tenant: 'Changing the organization',
  },
};

const KIND_OF_ROW: Record<Locale, Record<string, string>> = {
  es: {
    tenant: 'La organización',
    customer: 'El cliente',
    contact: 'El contacto',
    agent: 'El agente',
    channel: 'El canal',
  },
  en: { tenant: 'Organization', customer: 'Customer', contact: 'Contact', agent: 'Agent', channel: 'Channel' },
};

const es: Record<CaseErrorCode, Phrase> = {
  'case.not_found': (p) => `No existe el caso ${p.ref}.`,
  'case.changed': (p) => `El caso ${p.ref} cambió mientras tanto; vuelva a intentarlo.`,
  'case.invalid_transition': (p) =>
    list(p.allowed)
      ? `El caso no puede pasar de «${p.from}» a «${p.to}». Estados siguientes permitidos: ${list(p.allowed)}.`
      : `El caso no puede pasar de «${p.from}» a «${p.to}»: desde «${p.from}» no se permite ningún cambio de estado.`,
  'case.already_closed': (p) => `El caso ${p.ref} ya está cerrado (${p.state}).`,
  'case.not_closed': (p) => `El caso ${p.ref} no está cerrado (${p.state}); no hay nada que reabrir.`,
  'case.unknown_priority': (p) => `Prioridad desconocida «${p.priority}». Prioridades válidas: ${list(p.priorities)}.`,
  'case.type_not_for_phase': (p) =>
    `El tipo de caso «${p.type}» es solo para proyectos en ${word(PHASE_WORDS.es, p.phases).join(' o ')}, y el de este cliente está en ${word(PHASE_WORDS.es, p.phase)[0]}. Tipos válidos: ${list(p.types)}.`,
  'case.wrong_channel_for_phase': wrongChannelEs,
  'case.top_priority': (p) =>
    `El caso ${p.ref} ya tiene la prioridad más alta de la política (${p.priority}): no se puede escalar más.`,
  'case.unknown_type': (p) => `Tipo de caso desconocido «${p.type}». Tipos válidos: ${list(p.types)}.`,
  'case.unknown_state': (p) => `Estado desconocido «${p.state}». Estados de esta política: ${list(p.states)}.`,
  'case.no_state_of_kind': (p) => `La política no tiene ningún estado de tipo «${p.kind}».`,
  'case.assignee_required': (p) =>
    `El caso ${p.ref} no puede salir de «${p.state}» sin un responsable: asígnelo antes con /case assign ${p.ref} me|@agente.`,
  'case.confirmation_required': (p) =>
    `El caso ${p.ref} no puede pasar de «${p.from}» a «${p.to}» sin ${kinds('es', p.missing)}${
      list(p.rejected) ? ` (el cliente la rechazó: ${kinds('es', p.rejected)})` : ''
    }. Para registrarla a nombre del cliente: /case confirm ${p.ref} ${alternatives(p.missing)} <motivo…>; para forzar el paso: /case override ${p.ref} ${p.to} <motivo…>.`,
  'case.confirmation_not_asked': (p) =>
    `En «${p.state}» no se pide ${kinds('es', p.kind)}${list(p.asked) ? `; se pide: ${kinds('es', p.asked)}` : ''}.`,
  'case.override_not_needed': (p) =>
    `No hace falta forzar el paso de «${p.from}» a «${p.to}»: no falta ninguna confirmación del cliente; use /case move.`,
  'case.invalid_rating': (p) => `La valoración (campo "${p.field}") debe ser un número entero del 1 al 5.`,
  'case.estimate_required': (p) =>
    `El caso ${p.ref} no tiene estimación de horas que aprobar: regístrela con /case estimate ${p.ref} <horas> [nota].`,
  'case.empty_text': (p) => `El campo «${p.field}» no puede estar vacío.`,
  'case.reopen_window_passed': (p) =>
    `El plazo para reabrir el caso ${p.ref} (${p.days} días desde el cierre) ha vencido: abra un caso nuevo.`,
  'case.reopen_not_allowed': (p) =>
    `La política no permite reabrir casos${p.ref ? ` (${p.ref})` : ''}: abra un caso nuevo.`,
  'case.reply_on_closed': (p) => `El caso ${p.ref ?? ''} está cerrado y no admite respuestas: abra un caso nuevo.`,
  'case.customer_not_found': (p) => `No existe el cliente «${p.customer}».`,
  'case.agent_not_found': (p) => `No existe el agente «${p.agent}».`,
  'case.contact_not_found': (p) =>
    `No existe el contacto «${p.contact}»${p.customer ? ` en el cliente ${p.customer}` : ''}.`,
  'case.forbidden': () => 'No tiene permiso para esta acción en esta organización.',
  'case.no_reply_address': (p) =>
    `El caso ${p.ref} no tiene un contacto con correo al que responder: ábralo a nombre del contacto (/case new <prioridad> <contacto> …) o añada su correo.`,
  'case.sender_placeholder': (p) =>
    `No se puede escribir al cliente de ${p.ref}: la única vía es el correo y su remitente (${p.address}) es un marcador de la política; configure la dirección real en «${p.path}».`,
  'case.billable_confirmation_required': (p) =>
    `La garantía de ${p.days} días del caso ${p.ref} terminó el ${p.until}: una nueva solicitud sobre él se atiende como consultoría facturable (se descuenta de las horas de consultoría o se factura) y no cuenta en el cupo mensual del plan. Confirme que el cliente lo acepta: ${p.confirm === 'new' ? `portero case open … --about ${p.ref} --billable` : `/case reopen ${p.ref} facturable [motivo]`}.`,
  'case.about_within_warranty': (p) =>
    `El caso ${p.ref} sigue en su garantía de ${p.days} días (hasta el ${p.until}): una solicitud sobre él es su reapertura, sin coste, no un caso nuevo: /case reopen ${p.ref} [motivo].`,
  'policy.quota_exceeded': (p) =>
    `El cliente ${p.customer} ya ha abierto ${p.used} de los ${p.limit} casos de su plan «${p.plan}» este mes.`,
  'policy.reporter_limit': (p) =>
    `El cliente ${p.customer ?? ''} ya tiene ${p.current} usuarios que reportan casos; la política permite ${p.limit}.`,
  'policy.not_a_reporter': (p) => `${p.contact} no es un usuario autorizado para reportar casos de ${p.customer}.`,
  'policy.unknown': (p) => `No existe la política «${p.policy}».`,
  'tenant.not_found': (p) => `No existe la organización «${p.tenant}».`,
  'tenant.duplicate': (p) =>
    p.tenant
      ? `Ya existe una organización «${p.tenant}».`
      : `Ya existe una organización con el prefijo de casos ${p.prefix}: elija otro con --prefix (por ejemplo --prefix ${p.prefix}2).`,
  'tenant.invalid_prefix': (p) =>
    `Prefijo de caso no válido «${p.prefix}»: se esperan de 1 a 10 letras o cifras, empezando por letra.`,
  'customer.duplicate': (p) => `Ya existe el cliente «${p.customer}».`,
  'customer.invalid_plan': (p) =>
    `Plan desconocido «${p.plan}» en el campo «${p.field}». Planes de esta política: ${list(p.plans)}.`,
  'customer.invalid_phase': (p) =>
    `Fase de proyecto desconocida «${p.phase}» en el campo «${p.field}». Fases válidas: ${list(p.phases)}.`,
  'case.reporter_required': (p) =>
    `El cliente ${p.customer} tiene varios usuarios que reportan casos: indique en el campo «${p.field}» cuál de ellos reporta este (${list(p.reporters)}), o en el chat abra el caso a nombre del contacto (/case new <prioridad> <contacto> …).`,
  'contact.duplicate': (p) => `Ya existe el contacto «${p.contact}».`,
  'agent.duplicate': (p) => `Ya existe el agente «${p.agent}».`,
  'agent.invalid_timezone': (p) =>
    `Zona horaria no válida «${p.timezone}»: se espera una zona IANA como «Europe/Madrid».`,
  'input.invalid': inputWords('es'),
  'case.unknown_list_term': (p) =>
    `«${p.term}» no es una prioridad, un estado, un cliente (identificador o "Nombre") ni un @agente. Prioridades: ${list(p.priorities)}. Estados: ${list(p.states)}.`,
  'case.no_such_page': (p) =>
    `La página ${p.page} de ${p.pages} no existe; la historia de ${p.ref} tiene ${p.pages} ${p.pages === 1 ? 'página' : 'páginas'}.`,
  'directory.inactive': (p) =>
    `${KIND_OF_ROW.es[String(p.kind)] ?? p.kind} «${p.handle}» está dado de baja desde ${p.since ?? 'antes'}: no puede usarse para trabajo nuevo.`,
  'directory.not_found': (p) => `No existe ${KIND_OF_ROW.es[String(p.kind)]?.toLowerCase() ?? p.kind} «${p.handle}».`,
  'directory.not_inactive': (p) =>
    `${KIND_OF_ROW.es[String(p.kind)] ?? p.kind} «${p.handle}» no está dado de baja: no hay nada que restablecer.`,
  'directory.operator_only': (p) =>
    `${OPERATOR_WORK.es[String(p.what)]}: solo el operador, desde la línea de comandos (portero ${p.kind} …). En el chat cambias los contactos de los clientes y tu propio perfil (agent update me).`,
  'directory.nothing_to_change': (p) =>
    `Nada que cambiar en «${p.handle}»: indique al menos una opción (${list(p.options)}).`,
};

const en: Record<CaseErrorCode, Phrase> = {
  'case.not_found': (p) => `There is no case ${p.ref}.`,
  'case.changed': (p) => `Case ${p.ref} changed meanwhile; try again.`,
  'case.invalid_transition': (p) =>
    list(p.allowed)
      ? `The case cannot move from "${p.from}" to "${p.to}". Allowed next states: ${list(p.allowed)}.`
      : `The case cannot move from "${p.from}" to "${p.to}": no move is allowed from "${p.from}".`,
  'case.already_closed': (p) => `Case ${p.ref} is already closed (${p.state}).`,
  'case.not_closed': (p) => `Case ${p.ref} is not closed (${p.state}); there is nothing to reopen.`,
  'case.unknown_priority': (p) => `Unknown priority "${p.priority}". Valid priorities: ${list(p.priorities)}.`,
  'case.type_not_for_phase': (p) =>
    `Case type "${p.type}" is only for projects in ${word(PHASE_WORDS.en, p.phases).join(' or ')}, and this customer's project is in ${word(PHASE_WORDS.en, p.phase)[0]}. Valid types: ${list(p.types)}.`,
  'case.wrong_channel_for_phase': wrongChannelEn,
  'case.top_priority': (p) =>
    `Case ${p.ref} already has the policy's highest priority (${p.priority}): it cannot be escalated further.`,
  'case.unknown_type': (p) => `Unknown case type "${p.type}". Valid types: ${list(p.types)}.`,
  'case.unknown_state': (p) => `Unknown state "${p.state}". This policy's states: ${list(p.states)}.`,
  'case.no_state_of_kind': (p) => `The policy has no state of kind "${p.kind}".`,
  'case.assignee_required': (p) =>
    `Case ${p.ref} cannot leave "${p.state}" without an assignee: assign it first with /case assign ${p.ref} me|@agent.`,
  'case.confirmation_required': (p) =>
    `Case ${p.ref} cannot move from "${p.from}" to "${p.to}" without ${kinds('en', p.missing)}${
      list(p.rejected) ? ` (the customer rejected: ${kinds('en', p.rejected)})` : ''
    }. To record it on the customer's behalf: /case confirm ${p.ref} ${alternatives(p.missing)} <reason…>; to override: /case override ${p.ref} ${p.to} <reason…>.`,
  'case.confirmation_not_asked': (p) =>
    `"${p.state}" does not ask for ${kinds('en', p.kind)}${list(p.asked) ? `; it asks for ${kinds('en', p.asked)}` : ''}.`,
  'case.override_not_needed': (p) =>
    `Nothing to override from "${p.from}" to "${p.to}": no customer confirmation is missing; use /case move.`,
  'case.invalid_rating': (p) => `The rating (field "${p.field}") must be a whole number from 1 to 5.`,
  'case.estimate_required': (p) =>
    `Case ${p.ref} has no hours estimate to approve: record one with /case estimate ${p.ref} <hours> [note].`,
  'case.empty_text': (p) => `The field "${p.field}" cannot be empty.`,
  'case.reopen_window_passed': (p) =>
    `The window to reopen case ${p.ref} (${p.days} days after closing) has passed: open a new case.`,
  'case.reopen_not_allowed': (p) =>
    `The policy does not allow reopening cases${p.ref ? ` (${p.ref})` : ''}: open a new case.`,
  'case.reply_on_closed': (p) => `Case ${p.ref ?? ''} is closed and takes no replies: open a new case.`,
  'case.customer_not_found': (p) => `There is no customer "${p.customer}".`,
  'case.agent_not_found': (p) => `There is no agent "${p.agent}".`,
  'case.contact_not_found': (p) =>
    `There is no contact "${p.contact}"${p.customer ? ` at customer ${p.customer}` : ''}.`,
  'case.forbidden': () => 'You are not allowed to do this in this organization.',
  'case.no_reply_address': (p) =>
    `Case ${p.ref} has no contact with an email address to reply to: open it in the contact's name (/case new <priority> <contact> …) or add their email.`,
  'case.sender_placeholder': (p) =>
    `Cannot write to the customer of ${p.ref}: email is the only way and its sender (${p.address}) is a placeholder in the policy; set the real address at "${p.path}".`,
  'case.billable_confirmation_required': (p) =>
    `The ${p.days}-day warranty of case ${p.ref} ended on ${p.until}: a new request about it is billable consulting work (taken from the consulting hours or invoiced) and does not count against the plan's monthly quota. Confirm the customer accepts: ${p.confirm === 'new' ? `portero case open … --about ${p.ref} --billable` : `/case reopen ${p.ref} billable [reason]`}.`,
  'case.about_within_warranty': (p) =>
    `Case ${p.ref} is still within its ${p.days}-day warranty (until ${p.until}): a request about it is its reopening, at no cost, not a new case: /case reopen ${p.ref} [reason].`,
  'policy.quota_exceeded': (p) =>
    `Customer ${p.customer} has already opened ${p.used} of the ${p.limit} cases of plan "${p.plan}" this month.`,
  'policy.reporter_limit': (p) =>
    `Customer ${p.customer ?? ''} already has ${p.current} reporting users; the policy allows ${p.limit}.`,
  'policy.not_a_reporter': (p) => `${p.contact} is not an authorised reporter for ${p.customer}.`,
  'policy.unknown': (p) => `There is no policy "${p.policy}".`,
  'tenant.not_found': (p) => `There is no organization "${p.tenant}".`,
  'tenant.duplicate': (p) =>
    p.tenant
      ? `An organization "${p.tenant}" already exists.`
      : `An organization with case prefix ${p.prefix} already exists: choose another with --prefix (for example --prefix ${p.prefix}2).`,
  'tenant.invalid_prefix': (p) =>
    `Invalid case prefix "${p.prefix}": expected 1 to 10 letters or digits, starting with a letter.`,
  'customer.duplicate': (p) => `Customer "${p.customer}" already exists.`,
  'customer.invalid_plan': (p) =>
    `Unknown plan "${p.plan}" in the field "${p.field}". This policy's plans: ${list(p.plans)}.`,
  'customer.invalid_phase': (p) =>
    `Unknown project phase "${p.phase}" in the field "${p.field}". Valid phases: ${list(p.phases)}.`,
  'case.reporter_required': (p) =>
    `Customer ${p.customer} has several reporting users: name the one reporting this case in the field "${p.field}" (${list(p.reporters)}), or in chat open it in the contact's name (/case new <priority> <contact> …).`,
  'contact.duplicate': (p) => `Contact "${p.contact}" already exists.`,
  'agent.duplicate': (p) => `Agent "${p.agent}" already exists.`,
  'agent.invalid_timezone': (p) => `Invalid time zone "${p.timezone}": expected an IANA zone like "Europe/Madrid".`,
  'input.invalid': inputWords('en'),
  'case.unknown_list_term': (p) =>
    `"${p.term}" is not a priority, a state, a customer (handle or "Name") or an @agent. Priorities: ${list(p.priorities)}. States: ${list(p.states)}.`,
  'case.no_such_page': (p) =>
    `Page ${p.page} of ${p.pages} does not exist; the history of ${p.ref} has ${p.pages} ${p.pages === 1 ? 'page' : 'pages'}.`,
  'directory.inactive': (p) =>
    `${KIND_OF_ROW.en[String(p.kind)] ?? p.kind} "${p.handle}" was removed${p.since ? ` on ${p.since}` : ''}: it cannot be used for new work.`,
  'directory.not_found': (p) => `There is no ${KIND_OF_ROW.en[String(p.kind)]?.toLowerCase() ?? p.kind} "${p.handle}".`,
  'directory.not_inactive': (p) =>
    `${KIND_OF_ROW.en[String(p.kind)] ?? p.kind} "${p.handle}" was not removed: there is nothing to restore.`,
  'directory.operator_only': (p) =>
    `${OPERATOR_WORK.en[String(p.what)]}: the operator's only, from the command line (portero ${p.kind} …). In chat you change customers' contacts and your own profile (agent update me).`,
  'directory.nothing_to_change': (p) =>
    `Nothing to change in "${p.handle}": give at least one option (${list(p.options)}).`,
};

/** The params that name the case's state, per code: read by the policy's label (Análisis), not its id (analisis). */
const STATE_PARAMS: Partial<Record<CaseErrorCode, string[]>> = {
  'case.already_closed': ['state'],
  'case.not_closed': ['state'],
  'case.confirmation_not_asked': ['state'],
};

/** The refusal in words; with the tenant's policy, states are named by their labels in `locale`. */
export function describeCaseError(error: CaseError, locale: Locale, policy?: Policy): string {
  const params = { ...error.params };
  if (policy)
    for (const key of STATE_PARAMS[error.code] ?? []) {
      const state = stateOf(policy, String(params[key] ?? ''));
      if (state) params[key] = textIn(state.label, locale, policy.locale);
    }
  // A code recorded by another part (the email door's `mail.closed_case` in a case's history) is shown as it is.
  return (locale === 'en' ? en : es)[error.code]?.(params) ?? error.code;
}
