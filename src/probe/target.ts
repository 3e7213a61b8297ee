/** HOST:PORT as the probe takes it ([IPv6]:PORT too). Pure. */
export function parseTarget(raw: string): { host: string; port: number } | { error: string } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(raw.trim()) ?? /^([^:\s]+):(\d+)$/.exec(raw.trim());
  if (!match) return { error: `give the server as HOST:PORT (e.g. 127.0.0.1:8443 or [::1]:8443), got '${raw}'` };
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `the port must be between 1 and 65535, got ${match[2]}` };
  return { host: match[1]!, port };
}

/** 127.0.0.0/8, ::1 and localhost: this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
