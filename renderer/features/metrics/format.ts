/** Number formatting with units for axes, cells and hover values. */

export function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (unit) {
    case 'ms':
      return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;
    case 'req/s':
      return v >= 1000 ? `${(v / 1000).toFixed(1)}k req/s` : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)} req/s`;
    case '%':
      return `${v.toFixed(0)}%`;
    case 'MiB':
      return v >= 1024 ? `${(v / 1024).toFixed(1)} GiB` : `${v.toFixed(0)} MiB`;
    case 'W':
      return `${v.toFixed(0)} W`;
    case '°C':
      return `${v.toFixed(0)} °C`;
    case 'requests':
      return v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v >= 10 ? v.toFixed(0) : v.toFixed(1);
    default:
      return `${Number(v.toPrecision(3))} ${unit}`;
  }
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${(v * 100).toFixed(v > 0.999 && v < 1 ? 2 : 1)}%`;
}

export function clock(t: number): string {
  const d = new Date(t * 1000);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
