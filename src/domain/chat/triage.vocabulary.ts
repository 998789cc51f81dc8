import { phraseList } from './triage.text.ts';

// The words triage listens for, in Spanish and English, written without accents (text is normalized first).
// Each list is one idea; phrases match as whole words. Extend a list rather than adding a special case.

// --- Social talk: a message made only of these gets no reply.
export const GREETINGS =
  phraseList(`hola, holi, buenas, buenos dias, buen dia, buenas tardes, buenas noches, que tal, q tal, saludos, un saludo,
  hi, hello, hey, hiya, good morning, good afternoon, good evening, there, team, equipo, a todos, everyone, all,
  chicos, gente, folks, guys`);

export const THANKS =
  phraseList(`gracias, muchas gracias, mil gracias, muchisimas gracias, gracias por todo, muy amable, muy amables, se
  agradece, un abrazo, abrazos, thanks, thank you, thanks a lot, thanks a ton, thank you so much, thx, ty, tks, many
  thanks, much appreciated, appreciated, appreciate it, so much, very much`);

export const ACKNOWLEDGEMENTS =
  phraseList(`ok, okay, okey, oki, k, vale, perfecto, genial, listo, entendido, de acuerdo, recibido, dale, bien, muy bien,
  excelente, super, claro, por supuesto, si, sip, ya funciona, todo bien, todo ok, quedo atento, quedo atenta,
  quedamos atentos, lo reviso, lo revisamos, les comento, te comento, le comento, y, cool, great, perfect, nice,
  noted, got it, sounds good, understood, yes, yep, yup, sure, no worries, no problem, all good, works now, it
  works, fine, will do, i see, and, now, jaja, jajaja, jejeje, haha, hahaha, lol`);

export const FAREWELLS =
  phraseList(`chao, chau, adios, hasta luego, hasta manana, hasta pronto, nos vemos, buen fin de semana, buen finde, que
  tengan buen dia, que tenga buen dia, feliz dia, feliz navidad, feliz ano, felices fiestas, a todo el equipo, bye,
  bye bye, goodbye, see you, see you tomorrow, see ya, talk soon, take care, cheers, have a nice day, have a nice
  weekend, have a good one, have a great day, have a good day, have a great weekend, happy holidays, merry
  christmas, regards, best`);

// --- Something is wrong: any of these makes a message a support request.
export const PROBLEM_WORDS =
  phraseList(`error, errores, falla, fallas, fallo, fallando, bug, bugs, problema, problemas, incidencia, incidente, caido,
  caida, cayo, cae, bloqueado, bloqueada, bloqueo, colgado, colgada, caducado, caducada, mal, roto, rota, borro,
  borrado, perdimos, perdido, sigue igual, ya no, otra vez, error, errors, issue, issues, problem, problems, bug,
  broken, fails, failed, failing, failure, crash, crashed, crashes, down, outage, unavailable, dead, locked,
  blocked, denied, rejected, missing, lost, loss, wrong, stuck, blank, freeze, frozen, stopped, forgot, forgotten,
  expired, still`);

/** Words that negate the verb after them ("no carga", "nadie puede", "sin funcionar"). */
export const SPANISH_NEGATIONS = phraseList(`no, nadie, ningun, ninguno, ninguna, nunca, tampoco, ni, sin`);
/** Unstressed pronouns that may stand between a negation and its verb ("no me deja", "no nos funciona"). */
export const SPANISH_CLITICS = phraseList(`me, te, se, nos, os, le, les, lo, la, los, las`);
/** Beginnings of the verbs a failing service is described with. */
export const FAILING_VERB_STEMS =
  phraseList(`funcion, carg, abr, abre, dej, pued, pod, consig, lleg, respond, envi, imprim, entr, sal, muestr, mostr, ven,
  veo, vemos, anda, sirv, arranc, conect, guard, aparec, reconoc, permit, sincroniz, descarg, inici, acced, ingres,
  cuadr, recib, fact, trabaj, compr, pag`);

export const ENGLISH_NEGATIONS =
  phraseList(`can't, cant, cannot, unable, isn't, isnt, doesn't, doesnt, don't, dont, won't, wont, didn't, didnt, aren't,
  arent, wasn't, couldn't, couldnt, not, never, nobody, no one`);
/** After an English negation these words are reassurance, not a problem ("no worries", "not urgent"). */
export const HARMLESS_AFTER_NEGATION = phraseList(
  `worry, worries, problem, rush, hurry, urgent, urgente, prisa, es, hay`,
);

// --- Asking for something.
export const HELP_WORDS =
  phraseList(`ayuda, ayudar, ayudame, ayudeme, ayudenme, ayudarme, necesito, necesitamos, necesitaria, quiero, queremos,
  quisiera, queria, me gustaria, nos gustaria, me pueden, me podrian, nos pueden, pueden, podrian, puede, se puede,
  solicitar, solicito, solicitud, pedir, requerimiento, requerimos, dar de alta, dar de baja, cambiar, cambien,
  restablecer, instalar, instalarme, recuperar, agregar, anadir, consulta, consultar, duda, pregunta, llamen,
  llamar, revisar, revisen, porfa, por favor, porfavor, help, need, needs, want, would like, could you, can you, can
  someone, can i, please, pls, plz, reset, add, change, install, set up, setup, question, request, call me, enable,
  disable, remove, refund, upgrade`);

/** Naming a question rather than a case: "una pregunta", "tengo una duda", "una inquietud". */
export const QUESTION_NOUNS = phraseList(`pregunta, duda, dudas, inquietud, inquietudes, question, questions`);

export const QUESTION_WORDS =
  phraseList(`como, donde, cuanto, cuantos, cuantas, cuando, cual, cuales, por que, quien, how, what, where, which, why,
  when, who, is there, are there, is it possible, would it be possible`);

// --- Asking about a case that exists.
export const CASE_NOUNS = phraseList(
  `caso, casos, ticket, tickets, tiquete, tiquetes, incidencia, solicitud, peticion, case, cases, request, ticket`,
);

/** Asking for something new, not about a case that exists: "¿cómo abro un caso?", "how do I open a ticket?". */
export const NEW_CASE_WORDS = phraseList(
  `abrir, abro, crear, creo, nuevo, nueva, registrar, open a, open an, create, new, raise a, submit, log a`,
);

/** Enough on their own: "alguna novedad", "any update", "estado del …". */
export const STATUS_PHRASES =
  phraseList(`alguna novedad, novedades, alguna actualizacion, una actualizacion, como va, como van, en que estado, el
  estado de, el estado del, seguimiento, avances, hay avance, any update, any updates, any news, any progress,
  status of, checking in, check in on, follow up on, following up`);

/** Status only when a case is named: "¿ya revisaron el caso…?", "when will my case…". */
export const STATUS_WITH_CASE =
  phraseList(`estado, cuando, ya revisaron, revisaron, sigo esperando, respuesta, responder, respondan, progreso, noticias,
  que paso, para cuando, update, progress, news, eta, happened, pick up, picked up, when, where we are, looked at,
  still waiting, waiting on, waiting for, reply, resolved, resuelto, solucionado`);
