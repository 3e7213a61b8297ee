#!/usr/bin/env node
// The compiled bundle starts ~3x faster than the TypeScript sources would; `npm install` builds it (prepare).
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('mtls-tutor is not built yet. Run `npm install` (or `npm run build`) in the project folder first.');
    process.exitCode = 1;
  } else {
    throw error;
  }
}
