import { z } from 'zod';
import { idSchema, sourceSchema } from '../content/schema.js';

/**
 * The error-signature table's format (lessons/errors/*.yaml): one file per stack, each signature an error text
 * someone pastes from a log, what it means, which side refused, what to check, and the lab and lesson that show
 * it. Used to validate the files at build time and by `lessons check`; the app reads the compiled table.
 */

/** The stacks a signature can belong to; each file declares one. */
export const STACKS = ['node', 'openssl', 'curl', 'go', 'java', 'python', 'grpc', 'envoy'] as const;
export type Stack = (typeof STACKS)[number];

/**
 * Who refused, as the text proves it: the client (it refused the server's certificate), the server (it refused the
 * client's), `local` (a process refused its own configuration: nothing was sent), a proxy (Envoy on the way), the
 * network (nobody got to decide), or `either` when the text alone cannot say.
 */
export const REJECTED_BY = ['client', 'server', 'local', 'proxy', 'network', 'either'] as const;
export type RejectedBy = (typeof REJECTED_BY)[number];

const required = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
const text = (what: string) => z.string({ error: required(`${what} must be text`) }).trim().min(1, `${what} must not be empty`);

/** A JavaScript regular expression (no flags: write [Aa] for either case); checked to compile. */
const regexSchema = text('regex').superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

export const signatureSchema = z
  .strictObject({
    id: idSchema,
    /** One line: what went wrong, in plain words. */
    title: text('title'),
    /** Phrases found in the error text. Case, dashes, underscores and runs of spaces do not matter. */
    patterns: z.array(text('pattern')).default([]),
    /** For what a phrase cannot say (an Envoy response flag after the status code...): matched as written. */
    regexes: z.array(regexSchema).default([]),
    /**
     * Phrases that usually surround this signature's own (a wrapper's text): they add to the score once a pattern or
     * regex matched, but never match on their own, so a generic wrapper line does not name every specific cause.
     */
    context: z.array(text('context phrase')).default([]),
    meaning: text('meaning'),
    rejectedBy: z.enum(REJECTED_BY, { error: required(`rejectedBy must be one of ${REJECTED_BY.join(', ')}`) }),
    /** How the text shows which side refused. */
    side: text('side'),
    causes: z.array(text('cause')).min(1, 'causes needs at least one likely cause'),
    checks: z.array(text('check')).min(1, 'checks needs at least one thing to run or look at'),
    /** The lab that reproduces it (a TLS lab scenario or a policy scenario id). */
    lab: idSchema.optional(),
    /** The lesson that explains it. */
    lesson: idSchema,
    sources: z.array(sourceSchema).min(1, 'sources must name at least one place the message text was checked'),
    /** Real lines in the stack's own format; each must be recognised as this signature (the table's own test). */
    examples: z.array(text('example')).min(1, 'examples needs at least one real error line'),
  })
  .superRefine((signature, ctx) => {
    if (signature.patterns.length + signature.regexes.length === 0)
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'a signature needs at least one pattern or regex' });
  });

export const stackFileSchema = z.strictObject({
  stack: z.enum(STACKS, { error: required(`stack must be one of ${STACKS.join(', ')}`) }),
  /** The stack's name for people ("Go crypto/tls and crypto/x509"). */
  name: text('name'),
  /** Phrases that show a text comes from this stack (a stack frame, a prefix); they favour its signatures. */
  hints: z.array(text('hint')).default([]),
  signatures: z.array(signatureSchema).min(1, 'a stack file needs at least one signature'),
});

export type SignatureEntry = z.infer<typeof signatureSchema>;
export type StackFile = z.infer<typeof stackFileSchema>;
