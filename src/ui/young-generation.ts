import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Lets V8's young generation grow to `maxMb` and no further. Left alone it doubles up to 32 MB under the TUI's
 * allocation rate (a frame is a grid of cell objects), 16 MB more than it needs: over 500 keys, a 16 MB cap cut
 * peak RSS from ~116 to ~105 MB at the same keystroke latency (8 MB: ~100 MB, ~1 ms slower per key). Its size can
 * be capped only on the command line, which an npm bin cannot pass; but V8 reads the growth factor at each growth,
 * so setting it to 1 once the size is reached stops the growth there.
 */
export function capYoungGeneration(maxMb = 16): void {
  const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  const observer = new PerformanceObserver(() => {
    if (newSpace() < maxMb * 2 ** 20) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
