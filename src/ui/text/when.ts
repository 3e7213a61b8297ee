const DAY_MS = 86_400_000;

/** When something happened, as a learner says it: "earlier today", "yesterday", "3 days ago". Pure. */
export function whenText(iso: string, now: Date): string {
  const then = new Date(iso);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(then)) / DAY_MS);
  if (days <= 0) return 'earlier today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}
