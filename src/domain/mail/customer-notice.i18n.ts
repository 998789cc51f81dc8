import type { Locale } from '../policy/localized-text.ts';

// Every word of the automatic messages a customer receives about their case (the acknowledgement with the case
// number, the update notices), in each locale Portero speaks. The policy supplies its name, hours and checklist.

export interface NoticeStrings {
  ackSubject: (title: string) => string;
  ackLead: (ref: string, title: string) => string;
  replyByEmail: (ref: string) => string;
  followAt: (link: string) => string;
  hours: (hours: string) => string;
  usualHours: (hours: string) => string;
  checklist: string;
  noSecrets: string;
  redacted: string;
  signature: (provider: string) => string;
  updateSubject: (title: string) => string;
  moved: (ref: string, title: string, from: string, to: string) => string;
  waiting: (ref: string, title: string) => string;
  closed: (ref: string, title: string) => string;
  cancelled: (ref: string, title: string) => string;
  reopened: (ref: string, title: string) => string;
  resolution: (text: string) => string;
  reason: (text: string) => string;
  confirmSubject: (title: string) => string;
  confirmLead: (ref: string, title: string, what: string) => string;
  estimate: (hours: string, note: string | undefined) => string;
  answerByEmail: (yes: string, no: string) => string;
  answerAt: (link: string) => string;
}

export const NOTICE_STRINGS: Record<Locale, NoticeStrings> = {
  es: {
    ackSubject: (title) => `Caso recibido: ${title}`,
    ackLead: (ref, title) => `Hemos recibido su solicitud y abierto el caso ${ref}: «${title}».`,
    replyByEmail: (ref) =>
      `Para añadir información, responda a este correo por encima de la línea indicada, con ${ref} en el asunto.`,
    followAt: (link) => `Puede seguir el caso en ${link}`,
    hours: (hours) => `Horario de atención: ${hours}.`,
    usualHours: (hours) => `Horario habitual: ${hours}.`,
    checklist: 'Si aún no lo ha hecho, indíquenos:',
    noSecrets: 'No envíe contraseñas, claves ni datos de tarjetas por ningún canal.',
    redacted: 'Su mensaje incluía datos de ese tipo: los hemos ocultado y no los hemos guardado.',
    signature: (provider) => `Soporte de ${provider}`,
    updateSubject: (title) => `Actualización: ${title}`,
    moved: (ref, title, from, to) => `El caso ${ref} («${title}») ha pasado de «${from}» a «${to}».`,
    waiting: (ref, title) => `El caso ${ref} («${title}») está a la espera de su respuesta.`,
    closed: (ref, title) => `El caso ${ref} («${title}») se ha cerrado.`,
    cancelled: (ref, title) => `El caso ${ref} («${title}») se ha cancelado.`,
    reopened: (ref, title) => `El caso ${ref} («${title}») se ha reabierto.`,
    resolution: (text) => `Resolución: ${text}`,
    reason: (text) => `Detalle: ${text}`,
    confirmSubject: (title) => `Su respuesta: ${title}`,
    confirmLead: (ref, title, what) => `El caso ${ref} («${title}») espera ${what}.`,
    estimate: (hours, note) => `Estimación: ${hours} horas${note ? ` (${note})` : ''}.`,
    answerByEmail: (yes, no) =>
      `Responda ${yes} o ${no} en la primera línea de su respuesta a este correo (puede añadir un comentario en las líneas siguientes).`,
    answerAt: (link) => `También puede responder en el portal: ${link}`,
  },
  en: {
    ackSubject: (title) => `Case received: ${title}`,
    ackLead: (ref, title) => `We have received your request and opened case ${ref}: "${title}".`,
    replyByEmail: (ref) => `To add information, reply to this email above the marked line, with ${ref} in the subject.`,
    followAt: (link) => `You can follow the case at ${link}`,
    hours: (hours) => `Support hours: ${hours}.`,
    usualHours: (hours) => `Usual hours: ${hours}.`,
    checklist: 'If you have not done so yet, please tell us:',
    noSecrets: 'Never send passwords, keys or card details through any channel.',
    redacted: 'Your message contained such data: we have hidden it and not stored it.',
    signature: (provider) => `${provider} Support`,
    updateSubject: (title) => `Update: ${title}`,
    moved: (ref, title, from, to) => `Case ${ref} ("${title}") has moved from "${from}" to "${to}".`,
    waiting: (ref, title) => `Case ${ref} ("${title}") is waiting for your answer.`,
    closed: (ref, title) => `Case ${ref} ("${title}") has been closed.`,
    cancelled: (ref, title) => `Case ${ref} ("${title}") has been cancelled.`,
    reopened: (ref, title) => `Case ${ref} ("${title}") has been reopened.`,
    resolution: (text) => `Resolution: ${text}`,
    reason: (text) => `Details: ${text}`,
    confirmSubject: (title) => `Your answer: ${title}`,
    confirmLead: (ref, title, what) => `Case ${ref} ("${title}") is waiting for ${what}.`,
    estimate: (hours, note) => `Estimate: ${hours} hours${note ? ` (${note})` : ''}.`,
    answerByEmail: (yes, no) =>
      `Reply ${yes} or ${no} on the first line of your answer to this email (you may add a comment on the lines below).`,
    answerAt: (link) => `You can also answer in the portal: ${link}`,
  },
};
