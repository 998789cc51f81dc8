import { normalizeText, wordsOf } from './triage.text.ts';

// Which language a customer wrote in, from the small words every sentence has. Good enough to pick the reply's
// language and to flag cases written in a language the policy does not take; short texts stay 'unknown' unless a
// word says it clearly ("gracias", "thanks").

export type DetectedLanguage = 'es' | 'en' | 'unknown';

// Words of one language only: shared spellings ("no", "me", "a", "he", "son") say nothing and are left out.
const SPANISH = new Set(
  `el la los las lo un una unos unas y o pero porque que quien cual cuando donde como cuanto cuantos del al
  de en con sin por para desde hasta sobre entre es son esta estan estoy esto este ese eso fue ser hay tengo tiene
  tenemos puedo puede podemos pueden hacer hago mi mis tu su sus nuestro nuestra nos les le se ya muy mas tambien
  todo todos nada nadie algo alguien algun alguna hola gracias buenos buenas dias tardes noches favor porfavor ayuda
  necesito quiero quisiera queria cosa caso casos correo usuario usuarios funciona carga estamos va vale perfecto
  listo genial chao adios saludo saludos entendido acuerdo`.split(/\s+/),
);
const ENGLISH = new Set(
  `the an and or but because what who which when where how why is are was were be been am it its this that
  these those there here of in on at to for from with without by about into my your our their his her we you they i
  can can't cannot could would should will won't do does did don't doesn't didn't have has had not any some all
  nothing nobody anyone someone everyone please help need want hi hello hey thanks thank good morning afternoon
  evening yes okay got sounds great cool bye cheers regards works working issue still again just us im dont doesnt
  cant isnt wont`.split(/\s+/),
);

/** The language with clearly more of its own small words; 'unknown' on a tie or when there is too little text. */
export function detectLanguage(text: string): DetectedLanguage {
  const words = wordsOf(normalizeText(text));
  let es = 0;
  let en = 0;
  for (const word of words) {
    if (SPANISH.has(word)) es++;
    if (ENGLISH.has(word)) en++;
  }
  // Spanish spelling is a signal the stopword lists lose by stripping accents.
  if (/[ñ¿¡]|[áéíóú]/i.test(text)) es += 1;
  const best = Math.max(es, en);
  if (best === 0 || es === en) return 'unknown';
  // One word against none is enough; with more text the winner needs a clear lead.
  const lead = best - Math.min(es, en);
  if (best >= 2 && lead < Math.ceil(best / 3)) return 'unknown';
  return es > en ? 'es' : 'en';
}
