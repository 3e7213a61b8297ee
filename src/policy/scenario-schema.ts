import { z } from 'zod';

/**
 * The prepared policy scenarios' file format (lessons/policy/<id>.yaml): one scenario per file, PeerAuthentication
 * or AuthorizationPolicy. This is the single definition: the types and the validation come from it.
 */

/** Ids key the learner's lab progress and lessons name them: stable slugs. */
const idSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'id must be text') })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be lower-case words joined by dashes, like "policy-namespace-strict"');

const required = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
const text = (what: string) => z.string({ error: required(`${what} must be text`) }).trim().min(1, `${what} must not be empty`);

const labels = z.record(z.string(), z.string({ error: 'a label value must be text (quote numbers: "1.10")' }));

export const scenarioWorkloadSchema = z.strictObject({
  namespace: text('namespace'),
  labels,
  /** The workload (container) port the question is about. */
  port: z.number({ error: required('port must be a number') }).int('port must be a whole number').min(1).max(65535),
});

const common = {
  id: idSchema,
  title: text('title'),
  workload: scenarioWorkloadSchema,
  question: text('question').refine((q) => q.endsWith('?'), 'question must end with a question mark'),
  /** Why, in a few sentences, after the learner has answered. */
  explanation: text('explanation').refine((e) => e.length > 80, 'explanation must say why in a few sentences (more than 80 characters)'),
  /** Rules of the reference it exercises (R1..R13, ALPN, ALLOW, principals...). */
  rules: z.array(text('rule')).min(1, 'rules must name at least one rule the scenario shows'),
  /** The manifests the learner reads (multi-document YAML); every document must be admitted. */
  manifests: text('manifests'),
};

export const peerScenarioSchema = z.strictObject({
  ...common,
  kind: z.literal('peer-authentication'),
  /** How the Service declares the port (default auto). */
  portProtocol: z.enum(['auto', 'http', 'tcp']).optional(),
  /** Service host the client sidecar calls, when it matters (DestinationRule scenarios). */
  host: text('host').optional(),
  client: z.strictObject({ namespace: text('client namespace').optional(), serviceAccount: text('client serviceAccount').optional() }).optional(),
  expected: z.strictObject({
    mode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE']),
    plaintextAccepted: z.boolean(),
    mtlsAccepted: z.boolean(),
    /** What an app behind a client sidecar gets when it calls the service. */
    sidecarStatus: z.union([z.literal(200), z.literal(503)], { error: 'sidecarStatus must be 200 or 503' }),
    /** What the sidecar does with TLS from a client outside the mesh (asked only when the scenario is about it). */
    nonMeshTls: z.enum(['accepted', 'rejected', 'passed-through']).optional(),
  }),
});

export const authzScenarioSchema = z.strictObject({
  ...common,
  kind: z.literal('authorization'),
  /** The one request the learner predicts. */
  request: z.strictObject({
    from: text('from').refine((f) => f === 'plaintext' || /^spiffe:\/\/[^/\s]+\/\S+$/.test(f), 'from must be plaintext or a SPIFFE ID (spiffe://td/ns/x/sa/y)'),
    method: text('method'),
    path: text('path').refine((p) => p.startsWith('/'), 'path must start with /'),
  }),
  expected: z.strictObject({ result: z.enum(['allowed', 'denied', 'refused']) }),
});

export const scenarioFileSchema = z.discriminatedUnion('kind', [peerScenarioSchema, authzScenarioSchema], {
  error: (issue) => (issue.input === undefined ? 'is required' : 'kind must be peer-authentication or authorization'),
});

export type PeerScenarioData = z.infer<typeof peerScenarioSchema>;
export type AuthzScenarioData = z.infer<typeof authzScenarioSchema>;
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

/** Every prepared scenario, in file-name order (NN-<id>.yaml) within each kind. */
export interface ScenarioData {
  peer: PeerScenarioData[];
  authz: AuthzScenarioData[];
}
