import type { RejectedBy, SignatureEntry, Stack } from './schema.js';

/** One signature of the compiled table: its file's entry plus the stack it belongs to. */
export interface Signature extends SignatureEntry {
  stack: Stack;
}

export interface StackInfo {
  stack: Stack;
  name: string;
  hints: string[];
}

/** The table as compiled into dist/errors.json at build time. */
export interface ErrorTable {
  stacks: StackInfo[];
  signatures: Signature[];
}

export interface SignatureMatch {
  signature: Signature;
  stackName: string;
  /** Higher is more specific: the length of every pattern found, plus a little when the stack's hints are there. */
  score: number;
  /** The patterns and regex matches found in the text, as written in the table / the text. */
  matched: string[];
}

export interface CloseMatch {
  signature: Signature;
  stackName: string;
  /** Share of the signature's words found in the text, 0..1. */
  similarity: number;
}

export interface WhyResult {
  recognised: boolean;
  /** Every signature found, most specific first. */
  matches: SignatureMatch[];
  /** When nothing matched: the signatures whose words are closest to the text. */
  closest: CloseMatch[];
}

export type { RejectedBy, Stack };
