import type { LabelledKind, LabelledMessage, LabelledSeverity } from './triage.corpus.ts';

// A second set, written after the first version of the rules and never used to change them: it measures how the
// classifier does on phrasing it was not built around. Its accuracy is reported beside the corpus's.

const es = (text: string, kind: LabelledKind, severity?: LabelledSeverity): LabelledMessage =>
  severity ? { text, kind, severity, lang: 'es' } : { text, kind, lang: 'es' };
const en = (text: string, kind: LabelledKind, severity?: LabelledSeverity): LabelledMessage =>
  severity ? { text, kind, severity, lang: 'en' } : { text, kind, lang: 'en' };

const S = 'support-request';
const Q = 'status-request';
const X = 'chit-chat';

export const holdout: LabelledMessage[] = [
  es('Buen día, el aplicativo no guarda los cambios que hago en la ficha del cliente', S, 'minimal'),
  es('llevamos toda la mañana sin internet en la sede de Medellín', S, 'critical'),
  es('Hola!! el portal de clientes da pantallazo blanco a todo el personal', S, 'critical'),
  es('me urge que me habiliten el acceso a la carpeta de contabilidad', S, 'critical'),
  es('El buscador tarda bastante en devolver resultados para unos cuantos usuarios', S, 'moderate'),
  es('Necesitaría un presupuesto para desarrollar un informe nuevo', S, 'minimal'),
  es('Disculpen la molestia, ¿el servicio de backup incluye los correos?', S, 'minimal'),
  es('tengo un inconveniente con el certificado digital, al firmar me sale un mensaje raro', S, 'minimal'),
  es('no hay forma de que sincronice el calendario con el móvil', S, 'minimal'),
  es('la pagina web muestra un error 503 a todos los visitantes', S, 'critical'),
  es('Desde hoy las facturas salen con el IVA mal calculado', S, 'minimal'),
  es('nos interesa ampliar el número de usuarios del plan', S, 'minimal'),
  es('el escritorio remoto se desconecta cada 10 minutos a algunos compañeros', S, 'moderate'),
  es('Hola, se perdió la configuración de la impresora compartida', S, 'minimal'),
  es('la app va fatal, muy lenta para todo el equipo comercial', S, 'moderate'),
  es('Oigan, el sistema de turnos dejó de funcionar y no podemos atender pacientes', S, 'critical'),
  { ...es('la contraseña es: perro1234 por si necesitan entrar a revisar', S, 'minimal'), secrets: ['password'] },
  { ...es('Os paso mi tarjeta para el cobro: 4012 8888 8888 1881', S, 'minimal'), secrets: ['card'] },
  en('Hey folks, our Jira integration stopped syncing comments', S, 'minimal'),
  en('The mail server is rejecting all outbound messages, nobody can send email', S, 'critical'),
  en('Could we get a quote for extra storage?', S, 'minimal'),
  en('The dashboard loads partially, charts are empty for some accounts', S, 'moderate'),
  en('I need the admin rights on my laptop to install a driver', S, 'minimal'),
  en('Site is throwing 500s for every visitor right now!', S, 'critical'),
  en('Is SSO with Google supported?', S, 'minimal'),
  en('uploads randomly fail, maybe 1 in 10', S, 'moderate'),
  en('hi, the search bar on the intranet gives no results', S, 'minimal'),
  en('My Outlook keeps asking for my password', S, 'minimal'),
  en('our entire team lost access to SharePoint after the migration', S, 'critical'),
  en('The new invoice template has a typo in the footer', S, 'minimal'),
  en('login page is super laggy for a bunch of users in the Madrid office', S, 'moderate'),
  { ...en('password=Tr0ub4dor&3 for the test account, please fix the role', S, 'minimal'), secrets: ['password'] },
  es('¿Qué pasó con mi solicitud de la semana pasada?', Q),
  es('hola, me confirman si ya quedó resuelto el ticket 7781?', Q),
  es('¿Tienen noticias sobre el caso de la VPN?', Q),
  es('Buenas, ¿para cuándo estaría lista la solicitud ITBX-340?', Q),
  en('Any ETA on case 5120?', Q),
  en('Just following up on my earlier request about the printer', Q),
  en('Did someone pick up ticket #8812?', Q),
  en('what happened to the ticket I raised on Friday?', Q),
  es('Muchas gracias por la ayuda, un abrazo', X),
  es('Vale, lo pruebo y os digo', X),
  es('buenísimo, gracias', X),
  es('Hola a todos 👋', X),
  es('okis', X),
  es('Gracias, que tengan un excelente día', X),
  es('perfecto, ya quedó', X),
  es('Entendido, quedamos pendientes', X),
  es('buenas buenas', X),
  es('ah ok', X),
  en('Thanks a ton!', X),
  en('Got it, will try that', X),
  en('Morning all', X),
  en('appreciate it', X),
  en('Okay cool', X),
  en('That worked, thanks!', X),
  en('have a great day', X),
  en('awesome 🙌', X),
  en('Hello!', X),
  en('ok ty', X),
];
