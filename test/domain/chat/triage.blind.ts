import type { LabelledKind, LabelledMessage, LabelledSeverity } from './triage.corpus.ts';

// A third set, written after the rules were improved from the held-out set's misses and never used to change them:
// the blind measurement. Its accuracy is reported as measured; misses here are listed in the test output.

const es = (text: string, kind: LabelledKind, severity?: LabelledSeverity): LabelledMessage =>
  severity ? { text, kind, severity, lang: 'es' } : { text, kind, lang: 'es' };
const en = (text: string, kind: LabelledKind, severity?: LabelledSeverity): LabelledMessage =>
  severity ? { text, kind, severity, lang: 'en' } : { text, kind, lang: 'en' };

const S = 'support-request';
const Q = 'status-request';
const X = 'chit-chat';

export const blind: LabelledMessage[] = [
  es('Buenas tardes, no logro descargar el extracto de movimientos', S, 'minimal'),
  es('Tenemos un problemón: el ERP no arranca en ninguno de los equipos', S, 'critical'),
  es('¿Es posible programar el envío automático del informe cada lunes?', S, 'minimal'),
  es('La web a ratos responde y a ratos no, nos pasa desde el mediodía', S, 'moderate'),
  es('Se me olvidó la clave del portal, ¿cómo la recupero?', S, 'minimal'),
  es('el lector de códigos de barras no reconoce las etiquetas nuevas', S, 'minimal'),
  es('Por favor revisen, la tienda está fuera de línea y es temporada alta', S, 'critical'),
  es('Un par de usuarios no pueden adjuntar archivos en el formulario', S, 'moderate'),
  es('¿Qué tengo que hacer para cambiar el plan de facturación?', S, 'minimal'),
  es('Hola buenas, quería reportar que la sincronización de inventario va con retraso', S, 'moderate'),
  es('No carga el módulo de nómina, nos corre prisa porque hoy se paga', S, 'critical'),
  es('Estimados, solicito la creación de dos cuentas de correo', S, 'minimal'),
  es('los usuarios de la sucursal norte ven los precios antiguos', S, 'moderate'),
  es('me podés dar una mano con la exportación a Excel?', S, 'minimal'),
  { ...es('Mi usuario es ana.gomez y mi contraseña Primavera#22, no entra', S, 'minimal'), secrets: ['password'] },
  en('The VPN client crashes on launch for me', S, 'minimal'),
  en('Hi, none of our stores can process card payments right now', S, 'critical'),
  en('Could you explain how the monthly quota works?', S, 'minimal'),
  en('Reports are taking ages to generate this week', S, 'moderate'),
  en("A couple of our users aren't getting the MFA push", S, 'moderate'),
  en('We want to add a second admin to our account', S, 'minimal'),
  en('Emergency!! the booking system is offline', S, 'critical'),
  en('the export button is greyed out', S, 'minimal'),
  en('Hello, is the API rate limit per key or per account?', S, 'minimal'),
  { ...en('Our CI token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R stopped working', S, 'minimal'), secrets: ['token'] },
  en('Intermittent 504s on the checkout API since the deploy', S, 'moderate'),
  es('¿Ya tienen respuesta sobre mi ticket de ayer?', Q),
  es('Buenas, ¿alguien está viendo mi caso 3321?', Q),
  es('¿me podrían decir en qué va la solicitud del nuevo usuario?', Q),
  en('Hi! Any movement on ITBX-88?', Q),
  en('How is my ticket coming along?', Q),
  en("I opened a case two days ago and haven't heard back", Q),
  es('Mil gracias, son unos cracks', X),
  es('Okey, quedo a la espera', X),
  es('perfecto!! 👏👏', X),
  es('Buenos días equipo', X),
  es('Listo, ya lo pude hacer, gracias', X),
  es('jeje vale', X),
  es('saludos cordiales', X),
  en('Cheers mate', X),
  en('Perfect, that fixed it', X),
  en('Thanks again for the quick response', X),
  en('Hey 👋', X),
  en('Alright, talk later', X),
  en('Great stuff, thank you', X),
  en('yep all sorted', X),
];
