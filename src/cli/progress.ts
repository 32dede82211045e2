// What `verify` shows while it works. On a terminal: one status line, redrawn, with the phase,
// claims done of total, elapsed time and an ETA. Without one (CI logs, pipes): one plain line per
// phase, so a log is never silent for a minute. With --json: nothing.

export type Phase = 'formal' | 'trained' | 'property' | 'certificate' | 'report';

export const PHASES: Record<Phase, string> = {
  formal: 'formal proofs',
  trained: 'trained networks',
  property: 'property search',
  certificate: 'certificates',
  report: 'report',
};
const ORDER: Phase[] = ['formal', 'trained', 'property', 'certificate', 'report'];

/** A ledger unit as progress needs it: its name (unitName), claim and method. */
export interface PlannedUnit {
  name: string;
  claimId: string;
  method?: string;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export interface ProgressOptions {
  json: boolean;
  stream?: ProgressStream;
  env?: Record<string, string | undefined>;
  /** Clock, for tests. */
  now?: () => number;
  /** Redraw the TTY line every second even without news (off in tests). */
  ticker?: boolean;
}

export type ProgressMode = 'tty' | 'plain' | 'off';

export function progressMode(json: boolean, stream: ProgressStream, env: Record<string, string | undefined>): ProgressMode {
  if (json) return 'off';
  return stream.isTTY && !env.CI && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

/** m:ss (or h:mm:ss). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export class Progress {
  readonly mode: ProgressMode;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly started: number;
  private phaseNow: Phase | null = null;
  private phaseStarted = 0;
  private claims = new Set<string>();
  private unitsOf = new Map<string, PlannedUnit>();
  private order: PlannedUnit[] = [];
  private left = new Map<string, number>();
  private done = 0;
  private total = 0;
  private ledgerStarted = 0;
  private last = '';
  private lastDraw = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.mode = progressMode(opts.json, this.stream, opts.env ?? process.env);
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    if (this.mode === 'tty' && opts.ticker !== false) {
      this.timer = setInterval(() => this.draw(true), 1000);
      this.timer.unref?.();
    }
  }

  /** The claims this run covers (their count is the "claims done" total). */
  claimsTotal(ids: string[]): void {
    for (const id of ids) this.claims.add(id);
  }

  /** The ledger's units: property and certificate checks, counted per claim. */
  plan(units: PlannedUnit[]): void {
    for (const u of units) {
      this.unitsOf.set(u.name, u);
      this.left.set(u.claimId, (this.left.get(u.claimId) ?? 0) + 1);
      this.claims.add(u.claimId);
    }
    this.order = [...units];
    this.total = units.length;
  }

  phase(p: Phase): void {
    if (this.mode === 'off') return;
    const prev = this.phaseNow;
    const t = this.now();
    const took = prev ? ` (${PHASES[prev]}: ${clock(t - this.phaseStarted)})` : '';
    this.phaseNow = p;
    this.phaseStarted = t;
    if (p === 'property' || p === 'certificate') this.ledgerStarted ||= t;
    if (this.mode === 'plain') {
      if (this.announced.has(p)) return;
      this.announced.add(p);
      const units = p === 'property' || p === 'certificate' ? this.countLine(p) : '';
      this.stream.write(`jepa-verify [${ORDER.indexOf(p) + 1}/${ORDER.length}] ${PHASES[p]}${units}${took} at ${clock(t - this.started)}\n`);
      // certificates run on the same workers as the property search: announced together
      if (p === 'property' && this.countLine('certificate') !== '') {
        this.announced.add('certificate');
        this.stream.write(`jepa-verify [${ORDER.indexOf('certificate') + 1}/${ORDER.length}] ${PHASES.certificate}${this.countLine('certificate')} at ${clock(t - this.started)}\n`);
      }
    } else this.draw(true);
  }

  /** Runs `work` as phase `p`. */
  async during<T>(p: Phase, work: () => Promise<T> | T): Promise<T> {
    this.phase(p);
    return work();
  }

  /** The ledger's progress callback: (done, total, unit name or label). */
  readonly ledger = (done: number, total: number, what: string): void => {
    if (this.mode === 'off') return;
    const unit = this.unitsOf.get(what);
    const finish = (u: PlannedUnit) => this.left.set(u.claimId, (this.left.get(u.claimId) ?? 1) - 1);
    // worker threads report each finished unit by name; the one-thread ledger reports "starting
    // unit k" by label, so the k units before it in plan order are the finished ones
    if (unit && done > this.done) finish(unit);
    else if (!unit) for (let k = this.done; k < Math.min(done, this.order.length); k++) finish(this.order[k]);
    this.done = Math.max(this.done, done);
    if (total > this.total) this.total = total;
    this.current = unit ? `${unit.claimId} (${what.split('|')[1] ?? ''})` : what === 'done' ? '' : what;
    if (this.mode === 'tty') this.draw(done >= total);
  };

  private current = '';
  private announced = new Set<Phase>();

  private countLine(p: Phase): string {
    const n = [...this.unitsOf.values()].filter((u) => (p === 'certificate' ? u.method === 'certificate' : u.method !== 'certificate')).length;
    const alongside = p === 'property' && [...this.unitsOf.values()].some((u) => u.method === 'certificate');
    return n > 0 ? ` (${n} check${n === 1 ? '' : 's'}${alongside ? ', certificates alongside' : ''})` : '';
  }

  /** Claims whose every ledger unit is done; before the ledger, none. */
  claimsDone(): number {
    let n = 0;
    for (const id of this.claims) if (this.left.has(id) && this.left.get(id)! <= 0) n++;
    return n;
  }

  /** Seconds left in the ledger by its rate so far; null before the first unit ends. */
  eta(): number | null {
    if (this.done === 0 || this.total === 0 || !this.ledgerStarted) return null;
    const spent = this.now() - this.ledgerStarted;
    return (spent / this.done) * (this.total - this.done);
  }

  statusLine(): string {
    const t = this.now();
    const p = this.phaseNow;
    const bits = [p ? PHASES[p] + (p === 'property' ? ' + certificates' : '') : 'starting'];
    if (this.claims.size > 0) bits.push(`claims ${this.claimsDone()}/${this.claims.size}`);
    if (this.total > 0 && (p === 'property' || p === 'certificate')) bits.push(`checks ${this.done}/${this.total}`);
    bits.push(`${clock(t - this.started)} elapsed`);
    const eta = p === 'property' || p === 'certificate' ? this.eta() : null;
    bits.push(eta === null ? 'ETA …' : `ETA ${clock(eta)}`);
    if (this.current && p !== 'report') bits.push(this.current);
    return bits.join(' · ');
  }

  private draw(force: boolean): void {
    if (this.mode !== 'tty') return;
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    const width = Math.max(20, (this.stream.columns || 100) - 1);
    let line = this.statusLine();
    if (line.length > width) line = line.slice(0, width - 1) + '…';
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`\r\x1b[K${line}`);
  }

  /** Clears the status line (TTY) before the summary is printed. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.mode === 'tty') this.stream.write('\r\x1b[K');
    else if (this.mode === 'plain' && this.phaseNow) this.stream.write(`jepa-verify done in ${clock(this.now() - this.started)}\n`);
    this.phaseNow = null;
  }
}

export const createProgress = (opts: ProgressOptions) => new Progress(opts);

/** verify's display: the paper's ledger units planned (after --only and --shard), on stderr. */
export async function verifyProgress(json: boolean, claims: Array<{ id: string }>, only: string[] | undefined, unitFilter?: (unit: string) => boolean): Promise<Progress> {
  const p = new Progress({ json });
  if (p.mode === 'off' || claims.length === 0) return p;
  const { ledgerUnits } = await import('../ledger/run.ts');
  type C = Parameters<typeof ledgerUnits>[0];
  const units = ledgerUnits(claims as C, { only, unitFilter });
  p.claimsTotal((only && only.length > 0 ? claims.filter((c) => only.includes(c.id)) : claims).map((c) => c.id));
  p.plan(units.map((u) => ({ name: u.name, claimId: u.claimId, method: u.check.method })));
  return p;
}
