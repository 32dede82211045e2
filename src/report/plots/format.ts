// One number formatter for every output, so the same input always yields the same bytes and
// readers never see float noise like 0.30000000000000004.

function trimMantissa(s: string): string {
  // "1.2300e-5" -> "1.23e-5", "2.000" -> "2"
  const [m, e] = s.split('e');
  let mm = m;
  if (mm.includes('.')) mm = mm.replace(/0+$/, '').replace(/\.$/, '');
  return e === undefined ? mm : `${mm}e${e.replace(/^\+/, '')}`;
}

/** "10,000": a count with digits grouped by three, whatever the host's locale. */
export const grouped = (n: number): string => (Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n));

export function fmtNum(x: number | null | undefined, sig = 6): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e15) return String(x);
  if (a >= 1e-3 && a < 1e6) return trimMantissa(x.toPrecision(sig));
  return trimMantissa(x.toExponential(sig - 1));
}

/** The same number as LaTeX, with scientific notation as a \times 10^{k}. */
export function latexNum(x: number | null | undefined, sig = 6): string {
  const s = fmtNum(x, sig);
  if (s === '—') return '\\text{—}';
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]}\\times 10^{${m[2]}}` : s;
}

export function fmtSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '';
  if (s < 1) return `${fmtNum(s * 1000, 3)} ms`;
  return `${fmtNum(s, 3)} s`;
}
