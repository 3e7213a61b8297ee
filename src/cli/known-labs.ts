/**
 * Every lab id a lesson may name: the TLS lab scenarios and the Istio policy scenarios. Returns undefined while
 * neither catalogue exists, so `lessons check` does not flag ids of labs that have not been built yet.
 */
export async function knownLabIds(): Promise<ReadonlySet<string> | undefined> {
  return undefined;
}
