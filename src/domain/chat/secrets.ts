// Secrets customers paste into chat or cases: passwords, API tokens, card numbers, IBANs, private keys. Policies forbid
// them; Portero never stores them, so every text is redacted before it is kept, and the customer is warned.
// Each detector is a small rule; false positives matter as much (an order id is not a card, "I forgot my
// password" is not a password), so values must look like secrets, not only follow a label.

export const SECRET_KINDS = ['password', 'token', 'card', 'iban', 'private-key'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** Where a secret is in the text; the value itself is never copied out. */
export interface SecretFinding {
  kind: SecretKind;
  start: number;
  end: number;
}

export interface Redaction {
  kind: SecretKind;
  count: number;
}

export const redactionMarker = (kind: SecretKind) => `[REDACTED:${kind}]`;

type Detector = (text: string) => SecretFinding[];

/** Every match of `pattern`; `group` narrows the finding to that capture group (the value after a label). */
function matches(text: string, pattern: RegExp, kind: SecretKind, group = 0, accept = (_: string) => true) {
  return [...text.matchAll(pattern)].flatMap((match): SecretFinding[] => {
    const value = match[group];
    if (!value || !accept(value)) return [];
    const start = match.index + (group === 0 ? 0 : match[0].lastIndexOf(value));
    return [{ kind, start, end: start + value.length }];
  });
}

const privateKeys: Detector = (text) =>
  matches(
    text,
    /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    'private-key',
  );

// Formats issued by well-known providers: recognisable without any label.
const KNOWN_TOKENS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bxapp-\d-[A-Za-z0-9-]{10,}/g, // Slack app-level
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI-style
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];
const knownTokens: Detector = (text) => KNOWN_TOKENS.flatMap((pattern) => matches(text, pattern, 'token'));

const authorizationHeaders: Detector = (text) =>
  matches(text, /\b(?:Bearer|Basic|token)\s+([A-Za-z0-9._~+/-]{16,}=*)/gi, 'token', 1, looksRandom);

/** Credentials inside a URL: scheme://user:password@host. */
const urlCredentials: Detector = (text) =>
  matches(text, /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi, 'password', 1);

const cardSecurityCodes: Detector = (text) =>
  matches(text, /\b(?:cvv2?|cvc2?|c[oó]digo de seguridad|security code)\s*(?:[:=]|es|is)?\s*(\d{3,4})\b/giu, 'card', 1);

// A label, maybe a short phrase ("del correo", "for the admin account"), then ":"/"=" or a verb ("es", "is"), then
// the value. After a verb the sentence is often prose ("mi contraseña es incorrecta"), so the value must look like
// a credential there; after ":" or "=" a strong label ("contraseña") takes any value that is not an ordinary word.
interface LabelRule {
  kind: SecretKind;
  label: string;
  afterSeparator: (value: string) => boolean;
  afterVerb: (value: string) => boolean;
  /** With nothing between label and value ("mi contraseña Primavera#22"): only values no word looks like. */
  afterSpace: (value: string) => boolean;
}

const mixesLettersAndDigits = (value: string) => looksLikeCredential(value) && /\d/.test(value) && /\p{L}/u.test(value);

const LABEL_RULES: LabelRule[] = [
  {
    kind: 'password',
    label: String.raw`contrase(?:ñ|n)a|password|passwd|pwd|passcode|(?<!palabras?\s|punto\s)clave`,
    afterSeparator: (value) => !isOrdinaryWord(value) && !/^[*•x]+$/i.test(value),
    afterVerb: looksLikeCredential,
    afterSpace: mixesLettersAndDigits,
  },
  {
    kind: 'password',
    label: 'pass|pin',
    afterSeparator: (value) => looksLikeCredential(value) || /^\d{4,8}$/.test(value),
    afterVerb: (value) => looksLikeCredential(value) || /^\d{4,8}$/.test(value),
    afterSpace: () => false,
  },
  {
    kind: 'token',
    label: [
      'api[ _-]?key|apikey|access[ _-]?(?:key|token)|client[ _-]?secret|secret(?:[ _-]?key)?|token',
      'account[ _-]?key|shared[ _-]?access[ _-]?key|llave|key',
    ].join('|'),
    afterSeparator: looksRandom,
    afterVerb: looksRandom,
    afterSpace: (value) => value.length >= 16 && looksRandom(value),
  },
];

const ADJECTIVE = String.raw`(?:\s+(?:nueva|actual|temporal|provisional|new|current|temporary))?`;
const PHRASE = String.raw`(?:\s+(?:de|del|para|al|en|for|of|to|on|in)(?:\s+[\p{L}\d._@-]+){1,3}?)?`;
const SEPARATOR = String.raw`\s*(?:(?:es|is)\s*)?[:=]\s*`;
const VERB = String.raw`\s+(?:es|era|sería|is|was|would be)\s+`;
// Quoted values may hold spaces ("correct horse"); bare ones end at a space, comma or semicolon.
const VALUE = String.raw`(?:"([^"\n]{3,64})"|'([^'\n]{3,64})'|«([^»\n]{3,64})»|([^\s"'«,;]+))`;

function labelled(rule: LabelRule): Detector {
  const head = String.raw`\b(?:${rule.label})${ADJECTIVE}${PHRASE}`;
  // A quoted value after ":" or "is" is a value by the writer's own marking; after a bare space it must still pass.
  const forms: [RegExp, (value: string) => boolean, boolean][] = [
    [new RegExp(head + SEPARATOR + VALUE, 'giu'), rule.afterSeparator, true],
    [new RegExp(head + VERB + VALUE, 'giu'), rule.afterVerb, true],
    [new RegExp(head + String.raw`\s+` + VALUE, 'giu'), rule.afterSpace, false],
  ];
  return (text) =>
    forms.flatMap(([pattern, accept, trustQuotes]) =>
      [...text.matchAll(pattern)].flatMap((match): SecretFinding[] => {
        const quoted = match[1] ?? match[2] ?? match[3];
        const value = quoted ?? (match[4] ?? '').replace(/[.,;:)\]]+$/, '');
        if (!value || ((quoted === undefined || !trustQuotes) && !accept(value))) return [];
        const start = match.index + match[0].lastIndexOf(value);
        return [{ kind: rule.kind, start, end: start + value.length }];
      }),
    );
}

// Digits people group by hand: spaces (one or several), dots or dashes, in any mix, never across a line.
const DIGIT_SEPARATOR = String.raw`[ \t\u00a0.\-\u2010-\u2014]+`;
const DIGIT_RUN = new RegExp(String.raw`(?<![\d+\w])\d+(?:${DIGIT_SEPARATOR}\d+)*(?![\d\w])`, 'g');

/**
 * Runs of digit groups; any 13–19-digit stretch of whole groups passing Luhn is a card. Grouped, every group but the
 * last has 3 digits or more: cards are printed 4-4-4-4 or 4-6-5, phone numbers are not (`350 318 99 22`).
 */
const cards: Detector = (text) => {
  const found: SecretFinding[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ digits: g[0], start: run.index + g.index }));
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        if (j > i && groups[j - 1]!.digits.length < 3) break;
        digits += groups[j]!.digits;
        if (digits.length > 19) break;
        if (digits.length >= 13 && isCardNumber(digits)) {
          const last = groups[j]!;
          found.push({ kind: 'card', start: groups[i]!.start, end: last.start + last.digits.length });
          i = j;
          break;
        }
      }
    }
  }
  return found;
};

/** Card numbers start with 2–6 (Mastercard, Amex/Diners/JCB, Visa, Mastercard, Discover/Maestro) and pass Luhn. */
export function isCardNumber(digits: string): boolean {
  if (!/^[2-6]\d{12,18}$/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** IBAN lengths by country (the SWIFT registry): the length is part of what makes a string an IBAN. */
const IBAN_LENGTHS = new Map(
  [
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18',
    'DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23',
    'IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27',
    'MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19',
    'SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30',
  ]
    .join(' ')
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

// Compact (`ES9121000418450200051332`) or printed in groups of four with spaces, dots or dashes between them.
const IBAN_CANDIDATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[A-Z0-9]{9,30}(?![\p{L}\p{N}])|(?:${DIGIT_SEPARATOR}[A-Z0-9]{4}){2,7}(?:${DIGIT_SEPARATOR}[A-Z0-9]{1,4}(?![\p{L}\p{N}]))?)`,
  'giu',
);

/**
 * An IBAN: a known country, exactly its length, at least eight digits in the account part and the mod-97 check.
 * A printed one may be followed by other digit groups: it ends where its country's length says, at a group's end.
 */
const ibans: Detector = (text) =>
  [...text.matchAll(IBAN_CANDIDATE)].flatMap((match): SecretFinding[] => {
    const length = IBAN_LENGTHS.get(match[0].slice(0, 2).toUpperCase());
    if (!length) return [];
    const characters = [...match[0].matchAll(/[A-Za-z0-9]/g)];
    const last = characters[length - 1];
    if (!last || /[A-Za-z0-9]/.test(match[0][last.index + 1] ?? '')) return [];
    if (!isIban(characters.slice(0, length).join(''))) return [];
    return [{ kind: 'iban', start: match.index, end: match.index + last.index + 1 }];
  });

export function isIban(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (IBAN_LENGTHS.get(iban.slice(0, 2)) !== iban.length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  if ((iban.slice(4).match(/\d/g) ?? []).length < 8) return false;
  let remainder = 0;
  for (const char of iban.slice(4) + iban.slice(0, 4)) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : Number(char);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

const DETECTORS: Detector[] = [
  privateKeys,
  knownTokens,
  authorizationHeaders,
  urlCredentials,
  ...LABEL_RULES.map(labelled),
  cardSecurityCodes,
  // Before cards: an IBAN's digits may hold a Luhn-valid stretch, and the IBAN is the larger finding.
  ibans,
  cards,
];

/** Every secret in `text`, in order, without overlaps (the first detector to claim a span keeps it). */
export function findSecrets(text: string): SecretFinding[] {
  const kept: SecretFinding[] = [];
  for (const finding of DETECTORS.flatMap((detect) => detect(text))) {
    if (finding.end <= finding.start) continue;
    if (kept.some((k) => finding.start < k.end && k.start < finding.end)) continue;
    kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The text with each secret replaced by `[REDACTED:<kind>]`, and how many of each kind were removed. */
export function redactSecrets(text: string): { text: string; redactions: Redaction[] } {
  const findings = findSecrets(text);
  let redacted = '';
  let cursor = 0;
  for (const finding of findings) {
    redacted += text.slice(cursor, finding.start) + redactionMarker(finding.kind);
    cursor = finding.end;
  }
  redacted += text.slice(cursor);
  const redactions = SECRET_KINDS.map((kind) => ({
    kind,
    count: findings.filter((f) => f.kind === kind).length,
  })).filter((r) => r.count > 0);
  return { text: redacted, redactions };
}

/** The kinds of secret in `text`, each once. */
export function secretKindsIn(text: string): SecretKind[] {
  const kinds = new Set(findSecrets(text).map((f) => f.kind));
  return SECRET_KINDS.filter((kind) => kinds.has(kind));
}

/** Digits, symbols or inner capitals: "Verano2024!", "Bogota.2023", not "incorrecta" or "wrong". */
function looksLikeCredential(value: string): boolean {
  if (value.length < 4 || /^\*+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(value)).length;
  return classes >= 2 && !/^[A-Z][a-z]+$/.test(value) && !/^\d{1,3}$/.test(value);
}

/** A long value mixing letters and digits, as generated keys do ("3f9a8b7c6d5e4f3a2b1c"). */
function looksRandom(value: string): boolean {
  if (value.length < 12) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
  return (
    classes >= 2 || (value.length >= 24 && /^[A-Za-z]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value))
  );
}

// Words that follow "contraseña:"/"password:" in prose and error messages rather than a real password.
const ORDINARY = new Set(
  `no not si yes la el lo los las mi my the a an un una de del of for para por que is es y and o or
  incorrecta incorrecto invalida invalido invalid wrong expired caducada caducado vencida bloqueada blocked locked
  olvidada forgotten required requerida obligatoria reset restablecer cambiar change nueva new actual current
  vacia empty none ninguna usuario user please porfavor favor help ayuda gracias thanks`.split(/\s+/),
);

function isOrdinaryWord(value: string): boolean {
  const word = value.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return ORDINARY.has(word) || value.length < 3;
}
