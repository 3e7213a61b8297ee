// Replaced at build time by esbuild's `define`; the fallback serves tests that run the sources directly.
declare const __MTLS_TUTOR_VERSION__: string | undefined;
export const VERSION: string = typeof __MTLS_TUTOR_VERSION__ === 'string' ? __MTLS_TUTOR_VERSION__ : '0.0.0-dev';
