import { stem } from './text.js';

/**
 * A rough sense of whether a word is a verb, enough to tell a sentence from a list of terms. Pure, and
 * deliberately small: it only has to separate "the server rejects it" from "server certificate trust store".
 */

/** Auxiliaries and modals: a sure sign of a clause. */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'has', 'have', 'had', 'does', 'do', 'did', 'will', 'would',
  'can', 'could', 'may', 'might', 'must', 'should', 'shall', 'cannot', 'doesnt', 'dont', 'didnt', 'isnt', 'arent',
  'wasnt', 'werent', 'cant', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'hasnt', 'havent', 'hadnt', 'gets', 'got',
  'goes', 'went', 'gone', 'needs', 'means', 'lets', 'makes', 'made', 'keeps', 'kept', 'sent', 'torn', 'chosen', 'known',
  'shown', 'given', 'taken', 'built', 'held', 'told', 'done', 'gotten', 'seen', 'written', 'broken', 'hidden',
  'found', 'begun', 'won', 'left', 'thrown', 'says', 'said', 'comes', 'came', 'becomes', 'became', 'lives', 'sits',
]);

/** Verbs whose base and -s forms are rarely nouns ("verifies", "sends"). */
const VERBS = [
  'send', 'verify', 'validate', 'reject', 'refuse', 'abort', 'accept', 'present', 'prove', 'encrypt', 'decrypt',
  'derive', 'compute', 'compare', 'apply', 'win', 'override', 'inherit', 'ignore', 'renew', 'rotate', 'expire',
  'fail', 'deny', 'allow', 'permit', 'require', 'carry', 'contain', 'include', 'hold', 'give', 'take', 'become',
  'begin', 'finish', 'complete', 'reach', 'arrive', 'reply', 'respond', 'see', 'know', 'learn', 'say', 'tell',
  'decide', 'choose', 'pick', 'select', 'evaluate', 'enforce', 'inject', 'add', 'remove', 'delete', 'distribute',
  'generate', 'create', 'establish', 'connect', 'dial', 'speak', 'write', 'find', 'ask', 'demand', 'authenticate',
  'authorize', 'protect', 'bind', 'detect', 'prevent', 'let', 'keep', 'leave', 'happen', 'occur', 'cause', 'depend',
  'rely', 'belong', 'come', 'go', 'get', 'tear', 'agree', 'confirm', 'ensure', 'guarantee', 'reduce', 'stay',
  'remain', 'exist', 'appear', 'handle', 'compute', 'match', 'sign', 'trust', 'check', 'use', 'need', 'issue',
  'close', 'reset', 'drop', 'break', 'fix', 'replace', 'mint', 'grant', 'store', 'read', 'receive', 'obtain',
  'provide', 'offer', 'transmit', 'deliver', 'supply', 'attach', 'forward', 'emit', 'make', 'mean', 'put', 'run',
  'work', 'wait', 'lead', 'act', 'behave', 'live', 'sit', 'lie', 'fall', 'pass', 'show', 'look', 'call', 'talk',
  'stop', 'start', 'block', 'terminate', 'disconnect', 'succeed', 'proceed', 'continue', 'admit', 'bypass',
  'skip', 'avoid', 'miss', 'lack', 'identify', 'resolve', 'inspect', 'examine', 'print', 'dump', 'reproduce',
  'debug', 'log', 'report', 'return', 'answer', 'request', 'limit', 'bound', 'cost', 'pay', 'save', 'stop', 'move',
  'switch', 'change', 'set', 'turn', 'upgrade', 'downgrade', 'migrate', 'roll', 'configure', 'define', 'specify',
  'apply', 'select', 'exchange', 'agree', 'negotiate', 'encrypt', 'hide', 'reveal', 'expose', 'steal', 'leak',
  'impersonate', 'spoof', 'tamper', 'modify', 'alter', 'build', 'walk', 'chain', 'link', 'point', 'end', 'stand',
  'cover', 'mark', 'count', 'beat', 'outrank', 'supersede', 'prevail', 'settle', 'inherit', 'default', 'fall',
  'sees', 'vouch', 'treat', 'lose', 'drop', 'kill', 'shut', 'hang', 'bounce', 'travel', 'flow', 'follow', 'precede',
  'name', 'think', 'want', 'try', 'keep', 'include', 'expect', 'understand', 'explain', 'describe', 'choose', 'wrap',
  'open', 'ship', 'push', 'pull', 'sign', 'fetch', 'query', 'load', 'mount', 'watch', 'grow', 'scale', 'plan', 'pick',
];

/** Of those, the ones that are also common nouns here ("requests", "checks", "signs"): weaker evidence. */
const NOUN_LIKE = new Set(
  ['request', 'check', 'sign', 'trust', 'use', 'need', 'issue', 'close', 'reset', 'drop', 'break', 'fix', 'store', 'match',
    'report', 'return', 'answer', 'limit', 'bound', 'cost', 'change', 'set', 'turn', 'exchange', 'chain', 'link', 'point',
    'end', 'mark', 'count', 'default', 'fall', 'log', 'roll', 'work', 'run', 'call', 'talk', 'look', 'block', 'lack',
    'show', 'pass', 'lie', 'act', 'lead', 'start', 'stop', 'print', 'dump', 'leak', 'switch', 'move', 'save', 'cover',
    'flow', 'present', 'permit', 'complete', 'hold', 'stand', 'travel', 'wait', 'mint', 'grant', 'read', 'offer', 'supply',
    'kill', 'hang', 'bounce', 'treat', 'add', 'beat', 'expire', 'name', 'push', 'pull', 'query', 'load', 'watch', 'plan',
    'open', 'try', 'want', 'ship', 'scale', 'pick'].map(stem),
);
/** Every inflected form of the verbs above, so that nouns made from them ("rotation", "signature") stay nouns. */
const FORMS = new Map<string, string>();
for (const verb of VERBS) {
  const base = stem(verb);
  const e = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  const doubled = /[^aeiou][aeiou][bdgklmnprt]$/.test(verb) ? verb + verb.at(-1) : verb;
  const forms = [verb, /(s|sh|ch|x|z|o)$/.test(verb) ? `${verb}es` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`];
  forms.push(/[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ied` : verb.endsWith('e') ? `${verb}d` : `${verb}ed`, `${doubled}ed`);
  forms.push(verb.endsWith('ie') ? `${verb.slice(0, -2)}ying` : `${e}ing`, `${doubled}ing`);
  for (const form of forms) FORMS.set(form, base);
}

/** Words ending in -ed or -ing that are not verb forms. */
const NOT_VERB_FORMS = new Set(['need', 'speed', 'seed', 'feed', 'hundred', 'red', 'bed', 'shed', 'embed', 'thing', 'string',
  'ring', 'king', 'something', 'nothing', 'anything', 'everything', 'during', 'morning', 'spring', 'ceiling', 'evening',
  'building', 'setting', 'settings', 'wedding', 'pudding', 'sibling', 'ping', 'bring', 'sting', 'swing', 'wing', 'bling',
  'thing', 'things', 'strings', 'rings', 'kings', 'pending']);

export type VerbEvidence = 'strong' | 'weak' | 'none';

/**
 * How surely `word` (lower case) is a verb in this sentence. `name` is true for a word written like a name (a
 * capital inside a sentence, or all capitals): "Finished", "CertificateVerify", "DENY" are messages and fields.
 */
export function verbEvidence(word: string, name = false): VerbEvidence {
  if (AUXILIARIES.has(word)) return 'strong';
  if (name || word.length < 3 || /\d/.test(word) || NOT_VERB_FORMS.has(word)) return 'none';
  const base = FORMS.get(word);
  if (base === undefined) return /(ed|ing)$/.test(word) && word.length >= 6 ? 'weak' : 'none'; // a verb the list lacks, or an adjective
  if (/(ed|ing)$/.test(word)) return 'strong';
  return NOUN_LIKE.has(base) ? 'weak' : 'strong';
}
