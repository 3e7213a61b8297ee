import { describe, expect, it } from 'vitest';
import { analyseSentence, splitSentences } from '../../src/learning/sentences.js';

/** The words of a sentence a negation covers. */
const negated = (text: string) =>
  analyseSentence(text)
    .words.filter((w) => w.negatedBy.length > 0)
    .map((w) => w.raw);

describe('splitSentences', () => {
  it('ends sentences at . ! ? ; but not inside names, numbers or after e.g.', () => {
    expect(splitSentences('The SAN is spiffe://cluster.local/ns/a/sa/b. TLS 1.3 is faster; e.g. one round trip! Really?')).toEqual([
      'The SAN is spiffe://cluster.local/ns/a/sa/b.',
      'TLS 1.3 is faster;',
      'e.g. one round trip!',
      'Really?',
    ]);
  });

  it('joins lines wrapped by the writer, and splits at blank lines and list items', () => {
    expect(splitSentences('The client sends\nits certificate\n\nThen it waits\n- first item\n2. second item')).toEqual([
      'The client sends its certificate',
      'Then it waits',
      'first item',
      'second item',
    ]);
  });

  it('drops pieces without letters or digits', () => {
    expect(splitSentences('... ?! -')).toEqual([]);
  });
});

describe('analyseSentence: negation scope', () => {
  it('covers the words after a negation up to the end of its clause', () => {
    expect(negated('The server does not send a certificate, but the client does')).toEqual(['send', 'a', 'certificate']);
    expect(negated("The client doesn't trust it")).toEqual(['trust', 'it']);
    expect(negated('No request reaches the app')).toEqual(['request', 'reaches', 'the', 'app']);
    expect(negated('It uses the SAN instead of the CN')).toEqual(['of', 'the', 'cn']);
  });

  it('ends the scope at a new clause: a comma, "but", "because", or "and" with a new subject and verb', () => {
    expect(negated('The oldest is not ignored and the newer one wins')).toEqual(['ignored']);
    expect(negated('It never fails because the CA signs it')).toEqual(['fails']);
    // "and" followed by a verb keeps the subject, and the negation: "is not signed and accepted" negates both.
    expect(negated('The leaf is not signed and accepted')).toEqual(['signed', 'and', 'accepted']);
  });

  it('ignores a negation inside a condition, and words that only look like one', () => {
    expect(negated('If it is not signed, the handshake fails')).toEqual([]);
    expect(negated('Unless the chain verifies the client is rejected')).toEqual([]);
    expect(negated('The client not only sends it')).toEqual([]);
    expect(negated('It checks notAfter and notNamespaces')).toEqual([]);
  });
});

describe('analyseSentence: clauses and names', () => {
  it('joins a conditional clause to the clause after it, for claims stated across them', () => {
    const s = analyseSentence('If there is no ALLOW policy, every request is denied, and the log says so');
    const unit = (raw: string) => s.words.find((w) => w.raw === raw)!.unit;
    expect(unit('allow')).toBe(unit('denied'));
    expect(unit('log')).not.toBe(unit('denied'));
  });

  it('marks names (capitals inside a sentence, all capitals, hyphenated parts) so they are not read as verbs', () => {
    const names = analyseSentence('Then the client sends Finished and a short-lived cert to STRICT peers')
      .words.filter((w) => w.name)
      .map((w) => w.raw);
    expect(names).toEqual(['finished', 'lived', 'strict']);
    expect(analyseSentence('THE CLIENT SENDS ITS CERT').words.some((w) => w.name)).toBe(false);
  });
});
