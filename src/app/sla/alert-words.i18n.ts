import type { Locale } from '../../domain/policy/localized-text.ts';

// What alerts and automation notices say, per locale. Targets arrive as their card labels ("Primera respuesta").

const es = {
  warning: (ref: string, target: string, due: string, percent: number) =>
    `⏳ ${ref}: ${target} vence ${due} (${percent} % del plazo consumido)`,
  breach: (ref: string, target: string, due: string) => `🚨 ${ref}: ${target} incumplida (vencía ${due})`,
  escalation: (ref: string, target: string, since: string, level: number) =>
    `🚨 ${ref}: nadie ha atendido el incumplimiento de ${target.toLowerCase()} desde ${since} (escalado, nivel ${level})`,
  assignNudge: (ref: string) => `👤 ${ref} sigue sin asignar: necesita un ingeniero que contacte al cliente`,
  assignContact: (ref: string, due: string | undefined) =>
    `📞 ${ref} es tuyo: contacta al cliente${due ? ` (primera respuesta antes de ${due})` : ''}`,
  contactReminder: (ref: string, attempt: number, of: number) =>
    `📞 ${ref}: el cliente no ha respondido. Haz el intento de contacto ${attempt} de ${of}; si tampoco responde, el caso se cerrará automáticamente.`,
  closureReminder: (ref: string, n: number) =>
    `✅ ${ref}: pendiente de que el cliente confirme el cierre (recordatorio ${n}). Pídele la confirmación: el caso no se cierra solo.`,
  ack: 'Me encargo',
  acknowledged: (ref: string, name: string) => `🙋 ${name} se encarga de ${ref}`,
  nothingToAcknowledge: (ref: string) => `${ref} no tiene incumplimientos pendientes de atender.`,
  autoClosedResolution: (attempts: number, when: string) =>
    `Cerrado automáticamente: sin respuesta del cliente tras ${attempts} intentos de contacto en días hábiles (${when}).`,
  acceptedResolution: (state: string) => `Aceptado: el cliente no respondió en el plazo de ${state}.`,
  deprioritized: (ref: string, from: string, to: string) =>
    `↓ ${ref}: sin la información solicitada, prioridad ${from} → ${to}`,
  notice: {
    autoClosed: (ref: string, title: string, attempts: number, when: string) => ({
      subject: `[${ref}] Caso cerrado por falta de respuesta`,
      body: `Hola:\n\nHemos cerrado el caso ${ref} («${title}») porque no recibimos respuesta tras ${attempts} intentos de contacto en días hábiles: ${when}.\nSi el asunto sigue pendiente, puede solicitar que se reabra.\n`,
    }),
    accepted: (ref: string, title: string) => ({
      subject: `[${ref}] Solución aceptada`,
      body: `Hola:\n\nNo recibimos respuesta durante el periodo de pruebas del caso ${ref} («${title}»), así que damos la solución por aceptada y cerramos el caso.\n`,
    }),
    deprioritized: (ref: string, title: string, from: string, to: string) => ({
      subject: `[${ref}] Prioridad reducida`,
      body: `Hola:\n\nNo hemos recibido la información que le pedimos sobre el caso ${ref} («${title}»), así que consideramos que el asunto puede esperar: pasa de prioridad ${from} a ${to}.\nEn cuanto nos la envíe, podremos priorizarlo de nuevo.\n`,
    }),
    closureReminder: (ref: string, title: string) => ({
      subject: `[${ref}] ¿Podemos cerrar su caso?`,
      body: `Hola:\n\nLa solución del caso ${ref} («${title}») está disponible. Por favor, confírmenos si podemos cerrarlo o indíquenos qué falta.\n`,
    }),
  },
};

const en: typeof es = {
  warning: (ref, target, due, percent) => `⏳ ${ref}: ${target} due ${due} (${percent}% of the target used)`,
  breach: (ref, target, due) => `🚨 ${ref}: ${target} breached (due ${due})`,
  escalation: (ref, target, since, level) =>
    `🚨 ${ref}: ${target} breach unacknowledged since ${since} (escalation level ${level})`,
  assignNudge: (ref) => `👤 ${ref} is still unassigned: it needs an engineer to contact the customer`,
  assignContact: (ref, due) => `📞 ${ref} is yours: contact the customer${due ? ` (first response due ${due})` : ''}`,
  contactReminder: (ref, attempt, of) =>
    `📞 ${ref}: the customer has not answered. Make contact attempt ${attempt} of ${of}; without an answer the case closes automatically.`,
  closureReminder: (ref, n) =>
    `✅ ${ref}: waiting for the customer to confirm the closure (reminder ${n}). Ask them: the case never closes by itself.`,
  ack: "I'm on it",
  acknowledged: (ref, name) => `🙋 ${name} is on ${ref}`,
  nothingToAcknowledge: (ref) => `${ref} has no breach waiting for someone to take it.`,
  autoClosedResolution: (attempts, when) =>
    `Closed automatically: no answer from the customer after ${attempts} contact attempts on business days (${when}).`,
  acceptedResolution: (state) => `Accepted: the customer did not answer within the ${state} window.`,
  deprioritized: (ref, from, to) => `↓ ${ref}: requested information not provided, priority ${from} → ${to}`,
  notice: {
    autoClosed: (ref, title, attempts, when) => ({
      subject: `[${ref}] Case closed for lack of an answer`,
      body: `Hello,\n\nWe closed case ${ref} ("${title}") because we received no answer after ${attempts} contact attempts on business days: ${when}.\nIf the matter is still open, you may ask for it to be reopened.\n`,
    }),
    accepted: (ref, title) => ({
      subject: `[${ref}] Solution accepted`,
      body: `Hello,\n\nWe received no answer during the testing period of case ${ref} ("${title}"), so the solution is taken as accepted and the case is closed.\n`,
    }),
    deprioritized: (ref, title, from, to) => ({
      subject: `[${ref}] Priority lowered`,
      body: `Hello,\n\nWe have not received the information we asked for about case ${ref} ("${title}"), so we take it that the matter can wait: its priority goes from ${from} to ${to}.\nAs soon as you send it, we can raise it again.\n`,
    }),
    closureReminder: (ref, title) => ({
      subject: `[${ref}] May we close your case?`,
      body: `Hello,\n\nThe solution of case ${ref} ("${title}") is available. Please confirm that we may close it, or tell us what is missing.\n`,
    }),
  },
};

export const alertWords = (locale: Locale) => (locale === 'en' ? en : es);
