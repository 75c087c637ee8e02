/** `just now`, `5 minutes ago`, `3 hours ago`, `yesterday`, `4 days ago`, then the date (`2026-10-02`). */
export function relativeTime(seconds: number, now: number = Date.now()): string {
  const diff = Math.floor(now / 1000) - seconds;
  if (diff < 0) return 'in the future';
  if (diff < 45) return 'just now';
  const n = (value: number, unit: string) => `${value} ${unit}${value === 1 ? '' : 's'} ago`;
  if (diff < 3600) return n(Math.max(1, Math.round(diff / 60)), 'minute');
  if (diff < 86_400) return n(Math.round(diff / 3600), 'hour');
  const days = Math.floor(diff / 86_400);
  if (days === 1) return 'yesterday';
  if (days < 30) return n(days, 'day');
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
