import { visit, type Document } from 'yaml';

/**
 * What the YAML library's failures mean, in words, for both loaders (lessons and Istio policies). Pure.
 */

/** How far aliases may expand a document: more than any lesson or policy needs, far less than an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** The library's message, first line only; its stack overflow on absurd nesting said in words. */
export function yamlProblem(message: string): string {
  return /Maximum call stack size exceeded/.test(message) ? 'nested too deeply' : message.split('\n')[0]!.trim();
}

/**
 * toJS throws only for aliases: one that names no anchor set before it, or an "alias bomb" (aliases of aliases
 * that would expand into millions of nodes). Says which alias failed (its offset; the first alias when the
 * library does not say) and what is wrong; `bombAdvice` ends the alias-bomb message.
 */
export function aliasProblem(doc: Document.Parsed, error: unknown, bombAdvice: string): { offset?: number; problem: string } {
  const text = error instanceof Error ? error.message : String(error);
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(text)?.[1];
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (unresolved !== undefined && node.source !== unresolved) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  const problem =
    unresolved !== undefined
      ? `alias *${unresolved} refers to no anchor &${unresolved} set before it`
      : /Excessive alias count/.test(text)
        ? `aliases would expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?); ${bombAdvice}`
        : yamlProblem(text);
  return { ...(offset !== undefined ? { offset } : {}), problem };
}
