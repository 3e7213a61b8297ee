/**
 * Text normalisation for scoring free-text answers: forgiving of case, punctuation and word endings, but strict
 * about word boundaries ("ca" is a word of its own, never the middle of "because").
 */

// Words that carry no meaning for a concept; dropped from answers and phrases alike so "the client sends a
// certificate" and "client certificate" line up.
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'its', 'it', 'their', 'this', 'that', 'these', 'those', 'is', 'are', 'was', 'were', 'be',
  'been', 'of', 'to', 'for', 'and', 'or', 'by', 'with', 'as', 'at', 'in', 'on', 'so', 'then', 'also', 'which',
]);

// Longest first: only one suffix is removed per word.
const SUFFIXES = ['ities', 'ments', 'ment', 'ings', 'ing', 'ions', 'ion', 'ature', 'ity', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's'];
const MIN_STEM = 3;

/**
 * Splits camelCase and PascalCase words ("CertificateVerify", "HTTPServer"), but keeps "mTLS" whole, and keeps
 * field names that start with "not" whole ("notAfter", "notNamespaces"): split, they would read as a negation.
 */
export function splitCamel(text: string): string {
  return text
    .replace(/\bnot([A-Z])(?=[a-z])/g, (_, first: string) => `not${first.toLowerCase()}`)
    .replace(/\b([A-Z]{2,})s\b/g, (_, acronym: string) => `${acronym.toLowerCase()}s`) // "CAs", "URLs" are plurals, not "C As"
    .replace(/([a-z0-9])([A-Z][a-z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
}

/** Lower-case words with punctuation (including hyphens, dots, slashes, underscores) turned into spaces. */
export function words(text: string): string[] {
  return splitCamel(text.normalize('NFKD'))
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '') // accents
    .replace(/['’]/g, '') // "client's" → "clients"
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * A small suffix stripper, applied the same way to answers and to phrases, so it only needs to be consistent,
 * not linguistically right: verify / verifies / verified / verifying / verification → "verif";
 * expire / expired / expires / expiry / expiration → "expir"; authenticate / authentication → "authentic".
 */
export function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  word = american(word);
  if (word.length === MIN_STEM && /[^su]s$/.test(word)) return word.slice(0, -1); // "CAs" → "ca"
  if (word.length <= MIN_STEM) return word;
  let w = word;
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM) {
      if (suffix === 's' && /(ss|us|is)$/.test(w)) break;
      if (suffix === 'ly' && w.endsWith('ply')) continue; // apply, reply, supply are verbs, not adverbs
      w = w.slice(0, -suffix.length);
      // dropped → dropp → drop (but keep "pass", "roll")
      if (suffix !== 's' && /([b-df-hj-km-np-tv-z])\1$/.test(w) && !/(ss|ll|zz|ff)$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (/[eyi]$/.test(w) && w.length - 1 >= MIN_STEM) w = w.slice(0, -1);
  if (w.endsWith('at') && w.length - 2 >= MIN_STEM) w = w.slice(0, -2);
  if (w.endsWith('ific')) w = w.slice(0, -2);
  return w;
}

// British spellings map to American ones before stemming, on answers and terms alike, so only consistency
// matters: authorise/authorisation, behaviour, licence, defence, centre, analyse, cancelled/labelled.
const BRITISH: Array<[RegExp, string]> = [
  [/^(.{3,})is(e|ed|es|ing|ation|ations|er|ers)$/, '$1iz$2'],
  [/^(.{3,})ys(e|ed|es|ing)$/, '$1yz$2'],
  [/^(.{3,})our(s|ed|ing|able)?$/, '$1or$2'],
  [/^(licen|defen|offen|preten)ce(s|d)?$/, '$1se$2'],
  [/^(cent|met|fib|lit|theat)re(s|d)?$/, '$1er$2'],
  [/^(.{3,}e)ll(ed|ing|er|ers)$/, '$1l$2'],
  [/^(catalog|dialog|analog)ue(s)?$/, '$1$2'],
  [/^programme(s)?$/, 'program$1'],
];

/** The American spelling of a British word (or the word unchanged). */
export function american(word: string): string {
  if (word.length < 5) return word;
  for (const [pattern, replacement] of BRITISH) if (pattern.test(word)) return word.replace(pattern, replacement);
  return word;
}

export interface Tokens {
  /** Words as typed (lower case), for matching run-together spellings like "mtls" against "mTLS". */
  raw: string[];
  /** Stems of the same words. */
  stems: string[];
}

/** Words minus stop words, with their stems. A text made only of stop words keeps them. */
export function tokens(text: string): Tokens {
  const all = words(text);
  const content = all.filter((w) => !STOP_WORDS.has(w));
  const raw = content.length > 0 ? content : all;
  return { raw, stems: raw.map(stem) };
}
