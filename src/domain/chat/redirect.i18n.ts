import type { Locale } from '../policy/localized-text.ts';
import type { ProjectPhase, Severity } from '../policy/policy.schema.ts';

// Every word of the chat redirect, in each locale Portero speaks. The policy supplies names, channels and its own
// redirect note; these strings only join them kindly and briefly.

export interface RedirectStrings {
  title: string;
  /** Lead of a support request when the policy has no redirect note of its own. */
  refusal: (provider: string) => string;
  /** Lead when the policy's own note follows it. */
  refusalBeforeNote: (provider: string) => string;
  statusOnly: (provider: string, channels: string) => string;
  /** Lead of an attempted agent command; the policy's note follows it when there is one. */
  commandRefusal: (provider: string) => string;
  openCaseThrough: string;
  checkStatusThrough: string;
  forWhatYouDescribe: string;
  usualPriority: string;
  replyToCaseEmail: string;
  emailForPriority: (priority: string) => string;
  phase: Record<ProjectPhase, string>;
  severity: Record<Severity, string>;
  priorityGuide: string;
  hours: (hours: string) => string;
  /** Hours a preset assumed and the operator confirmed: worded as the usual hours, not as a promise. */
  usualHours: (hours: string) => string;
  /** The policy's contact for questions, offered besides the case channels when the message asks one. */
  questionsTo: (email: string | undefined, phones: string[]) => string;
  checklist: string;
  secretWarningTitle: string;
  secretWarning: string;
  or: string;
}

const joined = (items: string[], or: string) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}` : (items[0] ?? '');

export const REDIRECT_STRINGS: Record<Locale, RedirectStrings> = {
  es: {
    title: 'El chat no es un canal de soporte',
    refusal: (provider) =>
      `Gracias por escribirnos. Según la política de soporte de ${provider}, el chat no es un canal de soporte.`,
    refusalBeforeNote: (provider) => `Gracias por escribirnos, pero el chat no es un canal de soporte de ${provider}.`,
    statusOnly: (provider, channels) =>
      `Gracias por su consulta. Según la política de soporte de ${provider}, el estado de los casos solo se informa por estos medios: ${channels}; no por chat.`,
    commandRefusal: (provider) =>
      `Los comandos de Portero son solo para el equipo de soporte, y el chat no es un canal de soporte de ${provider}.`,
    openCaseThrough: 'Abra su caso por:',
    checkStatusThrough: 'Consulte el estado de su caso por:',
    forWhatYouDescribe: 'recomendada para lo que describe',
    usualPriority: 'la prioridad habitual',
    replyToCaseEmail: 'responda al último correo recibido del caso',
    emailForPriority: (priority) => `Correo · prioridad ${priority}`,
    phase: { production: 'proyectos en producción', implementation: 'proyectos en implantación' },
    severity: { critical: 'crítica', high: 'alta', moderate: 'moderada', minimal: 'mínima' },
    priorityGuide: 'Prioridades:',
    hours: (hours) => `Horario de atención: ${hours}.`,
    usualHours: (hours) => `Horario habitual: ${hours}.`,
    questionsTo: (email, phones) =>
      `Para dudas (no para abrir casos) también puede ${[email && `escribir a ${email}`, phones.length > 0 && `llamar al ${joined(phones, 'o')}`].filter(Boolean).join(' o ')}.`,
    checklist: 'Incluya en el caso:',
    secretWarningTitle: 'No envíe datos sensibles',
    secretWarning: 'No envíe contraseñas, claves ni datos de tarjetas por ningún canal; no hemos guardado su mensaje.',
    or: 'o',
  },
  en: {
    title: 'Chat is not a support channel',
    refusal: (provider) => `Thanks for writing. Under ${provider}'s support policy, chat is not a support channel.`,
    refusalBeforeNote: (provider) => `Thanks for writing, but chat is not a support channel at ${provider}.`,
    statusOnly: (provider, channels) =>
      `Thanks for asking. Under ${provider}'s support policy, case status is given only through ${channels}, not in chat.`,
    commandRefusal: (provider) =>
      `Portero's commands are for the support team only, and chat is not a support channel at ${provider}.`,
    openCaseThrough: 'Open your case through:',
    checkStatusThrough: 'Check the status of your case through:',
    forWhatYouDescribe: 'recommended for what you describe',
    usualPriority: 'the usual priority',
    replyToCaseEmail: 'reply to the latest email you received about the case',
    emailForPriority: (priority) => `Email · priority ${priority}`,
    phase: { production: 'projects in production', implementation: 'projects in implementation' },
    severity: { critical: 'critical', high: 'high', moderate: 'moderate', minimal: 'minimal' },
    priorityGuide: 'Priorities:',
    hours: (hours) => `Support hours: ${hours}.`,
    usualHours: (hours) => `Usual hours: ${hours}.`,
    questionsTo: (email, phones) =>
      `For questions (not to open a case) you can also ${[email && `write to ${email}`, phones.length > 0 && `call ${joined(phones, 'or')}`].filter(Boolean).join(' or ')}.`,
    checklist: 'Include in your case:',
    secretWarningTitle: 'Do not send sensitive data',
    secretWarning: 'Never send passwords, keys or card details through any channel; we have not stored your message.',
    or: 'or',
  },
};
