/**
 * The decoder loads when the learner first opens a wire view (w), not with the tutor: the TUI's start-up carries
 * no key schedule or AEAD code. Decodes are kept per capture, so moving around the view decodes nothing twice.
 */
import type { WireCapture, WireDecode } from '../../wire/types.js';
import type { Meaning } from './wire-lines.js';

export interface WireTools {
  decode(capture: WireCapture): WireDecode;
  meaning: Meaning;
}

let loading: Promise<WireTools> | undefined;

export function loadWireTools(): Promise<WireTools> {
  loading ??= (async () => {
    const [{ decodeCapture }, { meaningOf }] = await Promise.all([import('../../wire/decode.js'), import('../../lab/tls-facts.js')]);
    const decoded = new WeakMap<WireCapture, WireDecode>();
    return {
      decode: (capture) => {
        let result = decoded.get(capture);
        if (!result) decoded.set(capture, (result = decodeCapture(capture)));
        return result;
      },
      meaning: meaningOf,
    };
  })();
  // A failed load (a missing chunk) is tried again next time rather than remembered.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
