/** The decoded messages as `lab run --wire --json` prints them: exactly the WireMessage keys, nothing internal. */
import type { DecodedMessage, WireMessage } from './types.js';

export function wireJson(messages: readonly DecodedMessage[]): WireMessage[] {
  return messages.map(({ t, from, record, encrypted, type, fields, bytes }) => ({ t, from, record, encrypted, type, fields, bytes }));
}
