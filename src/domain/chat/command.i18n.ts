import type { Locale } from '../policy/localized-text.ts';
import type { CommandArgument, CommandError } from './command.types.ts';
import {
  COMMAND_ALIASES,
  COMMAND_NAMES,
  COMMAND_SYNTAX,
  type CommandName,
  resolveSubcommand,
} from './command-catalog.ts';

// Every word `/case` says about itself, in Spanish and English. Subcommand names stay English in both (they are what
// Slack's `/case` documents); the Spanish aliases are listed at the foot of the help. The prefix is the adapter's:
// `/case` on Slack, `case` on Teams and the console.

interface CommandStrings {
  title: string;
  descriptions: Record<CommandName, string>;
  /** The arguments after the subcommand, as the usage line shows them. */
  usageArgs: Record<CommandName, string>;
  /** How a message names one argument. */
  placeholders: Record<CommandArgument, string>;
  refHint: string;
  aliasesIntro: string;
  usage: (line: string) => string;
  empty: (prefix: string) => string;
  unknown: (typed: string, suggestion: string | undefined, prefix: string) => string;
  missing: (placeholder: string) => string;
  invalid: (value: string, argument: CommandArgument, placeholder: string) => string;
  tooMany: (value: string) => string;
}

const es: CommandStrings = {
  title: 'Portero: comandos de casos',
  descriptions: {
    help: 'muestra los subcomandos, o explica uno',
    new: 'abre un caso para un cliente',
    show: 'muestra un caso entero: descripción, cliente, plan, SLA, marcas y su historia, lo último primero; page 2 (pagina 2) muestra lo anterior',
    list: 'lista casos: abiertos, cerrados, todos, míos, sin asignar, esperando al cliente, vencidos o por vencer; de una prioridad, un estado, un cliente o un @agente si los das; buscar <texto> busca en títulos y descripciones; un número es la página',
    assign: 'asigna un caso a ti (por defecto) o a otro agente',
    move: 'mueve un caso a otro estado de su ciclo de vida',
    note: 'añade una nota interna, que el cliente no ve',
    reply: 'responde al cliente',
    wait: 'deja el caso esperando al cliente (el SLA se pausa), con un mensaje opcional',
    priority: 'cambia la prioridad de un caso',
    escalate: 'sube la prioridad de un caso un nivel (baja → media → alta)',
    close: 'cierra un caso con su resolución',
    reopen:
      'reabre un caso cerrado, si la política lo permite (tras una garantía: «facturable», si el cliente lo acepta)',
    cancel: 'cancela un caso',
    sla: 'muestra los plazos SLA de un caso y cuánto queda',
    ack: 'me encargo: acusa recibo de las alertas de incumplimiento de un caso y detiene su escalado',
    estimate: 'registra la estimación de horas de un caso (la que aprueba el cliente)',
    hours: 'registra horas dedicadas a un caso; se suman y se comparan con la estimación',
    confirm:
      'registra a nombre del cliente, con el motivo, su aprobación de la estimación, su validación de QA o de PRD, su confirmación de cierre o su aceptación (reject: su rechazo)',
    'ask-close':
      'pide al cliente que confirme el cierre donde el estado solo lo pide si el agente lo decide (OYS Análisis: de no ser viable, se solicita cierre), con un mensaje opcional',
    override: 'mueve un caso aunque falte la confirmación del cliente que pide la política, indicando el motivo',
    contact: 'añade, cambia o quita un contacto de un cliente (add necesita --customer)',
    agent: 'cambia tu propio perfil: nombre y correo (update me)',
    customer: 'solo el operador, desde la línea de comandos: portero customer …',
    channel: 'solo el operador, desde la línea de comandos: portero channel …',
    tenant: 'solo el operador, desde la línea de comandos: portero tenant …',
  },
  usageArgs: {
    help: '[subcomando]',
    new: '<prioridad> <cliente> <título…>',
    show: '<ref> [pagina <n>]',
    list: '[open|closed|all|mine|unassigned|waiting|breaching|due-soon] [prioridad|estado|cliente|@agente…] [página] | search <texto>',
    assign: '<ref> [me|@agente]',
    move: '<ref> <estado>',
    note: '<ref> <texto…>',
    reply: '<ref> <texto…>',
    wait: '<ref> [texto…]',
    priority: '<ref> <prioridad>',
    escalate: '<ref> [motivo…]',
    close: '<ref> <resolución…>',
    reopen: '<ref> [facturable] [motivo…]',
    cancel: '<ref> [motivo…]',
    sla: '<ref>',
    ack: '<ref>',
    estimate: '<ref> <horas> [nota…]',
    hours: '<ref> <horas> [nota…]',
    confirm: '<ref> <aprobacion|qa|prd|cierre|aceptacion> [rechazo] <motivo…>',
    'ask-close': '<ref> [texto…]',
    override: '<ref> <estado> <motivo…>',
    contact:
      '<add|update|remove> <identificador> [--cliente <cliente>] [--nombre <nombre>] [--correo <correo>] [--reporta|--no-reporta]',
    agent: 'update me [--nombre <nombre>] [--correo <correo>]',
    customer: '(portero customer …)',
    channel: '(portero channel …)',
    tenant: '(portero tenant …)',
  },
  placeholders: {
    subcommand: '<subcomando>',
    priority: '<prioridad>',
    customer: '<cliente>',
    title: '<título…>',
    ref: '<ref>',
    filter: '<filtro>',
    assignee: '<agente>',
    state: '<estado>',
    text: '<texto…>',
    reason: '<motivo…>',
    resolution: '<resolución…>',
    hours: '<horas>',
    confirmation: '<aprobacion|qa|prd|cierre|aceptacion>',
    page: '<página>',
    action: '<add|update|remove>',
    handle: '<identificador>',
    option: '<opción>',
    name: '<nombre>',
    email: '<correo>',
  },
  refHint: 'Una <ref> es el número del caso (ITBX-42) o solo su número (42).',
  aliasesIntro: 'También en español:',
  usage: (line) => `Uso: ${line}`,
  empty: (prefix) => `Escribe un subcomando después de «${prefix}». «${prefix} help» los muestra todos.`,
  unknown: (typed, suggestion, prefix) =>
    suggestion
      ? `Subcomando desconocido «${typed}». ¿Quisiste decir «${suggestion}»?`
      : `Subcomando desconocido «${typed}». «${prefix} help» muestra los subcomandos.`,
  missing: (placeholder) => `Falta ${placeholder}.`,
  invalid: (value, argument, placeholder) =>
    argument === 'ref'
      ? `«${value}» no es una referencia de caso: escribe el número del caso (ITBX-42) o solo su número (42).`
      : argument === 'assignee'
        ? `«${value}» no es un agente: escribe me, @agente o menciona a la persona.`
        : `«${value}» no vale como ${placeholder}.`,
  tooMany: (value) => `Sobra «${value}».`,
};

const en: CommandStrings = {
  title: 'Portero: case commands',
  descriptions: {
    help: 'list the subcommands, or explain one',
    new: 'open a case for a customer',
    show: 'show a whole case: description, customer, plan, SLA, flags and its history, latest first; page 2 shows what came before',
    list: 'list cases: open, closed, all, mine, unassigned, waiting on the customer, past due or due soon; of a priority, a state, a customer or an @agent if given; search <text> looks in titles and descriptions; a number is the page',
    assign: 'assign a case to yourself (the default) or to another agent',
    move: 'move a case to another state of its lifecycle',
    note: 'add an internal note the customer does not see',
    reply: 'reply to the customer',
    wait: 'wait for the customer (the SLA pauses), with an optional message',
    priority: "change a case's priority",
    escalate: "raise a case's priority one level (low → medium → high)",
    close: 'close a case with its resolution',
    reopen: 'reopen a closed case, if the policy allows it (after a warranty: `billable`, once the customer accepts)',
    cancel: 'cancel a case',
    sla: "show a case's SLA deadlines and the time left",
    ack: "I'm on it: acknowledge a case's SLA breach alerts and stop their escalation",
    estimate: "record a case's hours estimate (the one the customer approves)",
    hours: 'record hours spent on a case; they add up and are compared with the estimate',
    confirm:
      "record on the customer's behalf, with the reason, their approval of the estimate, validation of QA or PRD, confirmation of the closure or acceptance (reject: their rejection)",
    'ask-close':
      'ask the customer to confirm the closure where the state asks it only when the agent decides (OYS Analysis: if not viable, the closure is asked for), with an optional message',
    override: "move a case although the customer's confirmation the policy asks for is missing, giving the reason",
    contact: 'add, change or remove a contact of a customer (add needs --customer)',
    agent: 'change your own profile: name and email (update me)',
    customer: "the operator's only, from the command line: portero customer …",
    channel: "the operator's only, from the command line: portero channel …",
    tenant: "the operator's only, from the command line: portero tenant …",
  },
  usageArgs: COMMAND_SYNTAX,
  placeholders: {
    subcommand: '<subcommand>',
    priority: '<priority>',
    customer: '<customer>',
    title: '<title…>',
    ref: '<ref>',
    filter: '<filter>',
    assignee: '<agent>',
    state: '<state>',
    text: '<text…>',
    reason: '<reason…>',
    resolution: '<resolution…>',
    hours: '<hours>',
    confirmation: '<approval|qa|prd|closure|acceptance>',
    page: '<page>',
    action: '<add|update|remove>',
    handle: '<handle>',
    option: '<option>',
    name: '<name>',
    email: '<email>',
  },
  refHint: 'A <ref> is the case number (ITBX-42) or just its number (42).',
  aliasesIntro: 'Spanish names work too:',
  usage: (line) => `Usage: ${line}`,
  empty: (prefix) => `Type a subcommand after "${prefix}". "${prefix} help" lists them all.`,
  unknown: (typed, suggestion, prefix) =>
    suggestion
      ? `Unknown subcommand "${typed}". Did you mean "${suggestion}"?`
      : `Unknown subcommand "${typed}". "${prefix} help" lists the subcommands.`,
  missing: (placeholder) => `Missing ${placeholder}.`,
  invalid: (value, argument, placeholder) =>
    argument === 'ref'
      ? `"${value}" is not a case reference: type the case number (ITBX-42) or just its number (42).`
      : argument === 'assignee'
        ? `"${value}" is not an agent: type me, @agent or mention them.`
        : `"${value}" is not a valid ${placeholder}.`,
  tooMany: (value) => `Unexpected "${value}".`,
};

export const COMMAND_STRINGS: Record<Locale, CommandStrings> = { es, en };

/** `/case show <ref>` */
export function commandUsage(name: CommandName, locale: Locale, prefix = '/case'): string {
  return [prefix, name, COMMAND_STRINGS[locale].usageArgs[name]].filter((part) => part !== '').join(' ');
}

export function commandDescription(name: CommandName, locale: Locale): string {
  return COMMAND_STRINGS[locale].descriptions[name];
}

/** The Spanish names of the subcommands, for the foot of the help (`nuevo (new)`). */
function aliasLine(locale: Locale): string {
  const aliases = COMMAND_NAMES.flatMap((name) => COMMAND_ALIASES[name].map((alias) => `${alias} (${name})`));
  return `${COMMAND_STRINGS[locale].aliasesIntro} ${aliases.join(', ')}.`;
}

/** Every subcommand, one line each with what it does, then how to write a reference. */
export function commandHelp(locale: Locale, prefix = '/case'): string {
  const strings = COMMAND_STRINGS[locale];
  const lines = COMMAND_NAMES.map((name) => `${commandUsage(name, locale, prefix)}: ${strings.descriptions[name]}`);
  return [strings.title, '', ...lines, '', strings.refHint, aliasLine(locale)].join('\n');
}

/** One subcommand: its usage and what it does (`/case help show`). */
export function commandTopicHelp(name: CommandName, locale: Locale, prefix = '/case'): string {
  const strings = COMMAND_STRINGS[locale];
  const aliases = COMMAND_ALIASES[name].length > 0 ? ` (${COMMAND_ALIASES[name].join(', ')})` : '';
  return `${commandUsage(name, locale, prefix)}${aliases}\n${strings.descriptions[name]}`;
}

/** The refusal in words: what is wrong and, when a subcommand is known, how to write it. */
export function describeCommandError(error: CommandError, locale: Locale, prefix = '/case'): string {
  const strings = COMMAND_STRINGS[locale];
  const name = error.subcommand === undefined ? undefined : resolveSubcommand(error.subcommand);
  const usage = name ? strings.usage(commandUsage(name, locale, prefix)) : undefined;
  const placeholder = error.argument ? strings.placeholders[error.argument] : '';
  const withUsage = (sentence: string) => (usage ? `${sentence} ${usage}` : sentence);
  switch (error.code) {
    case 'command.empty':
      return strings.empty(prefix);
    case 'command.unknown':
      return strings.unknown(error.subcommand ?? '', error.suggestion, prefix);
    case 'command.missing_argument':
      return withUsage(strings.missing(placeholder));
    case 'command.invalid_argument':
      return withUsage(strings.invalid(error.value ?? '', error.argument ?? 'ref', placeholder));
    case 'command.too_many_arguments':
      return withUsage(strings.tooMany(error.value ?? ''));
  }
}
