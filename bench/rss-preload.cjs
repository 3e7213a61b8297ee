// Preloaded with `node --require` into a measured process: on exit, writes its peak RSS (bytes) to the file
// named by MTLS_BENCH_RSS_FILE. Measures the real process without changing it.
const { writeFileSync } = require('node:fs');
const file = process.env.MTLS_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
