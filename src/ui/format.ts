/** Number and duration formatting for the renderers: locale-independent, so logs diff cleanly. */

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h ${m}m ${sec}s` : `${m}m ${sec}s`;
}

export function formatRate(count: number, ms: number): string {
  if (ms <= 0) return '0';
  return formatCount((count * 1000) / ms);
}

export function formatMegabytesPerSecond(bytes: number, ms: number): string {
  if (ms <= 0) return '0.0';
  return ((bytes / 1_048_576) * (1000 / ms)).toFixed(1);
}
