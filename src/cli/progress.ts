// What `verify` shows while it works. On a terminal: one status line, redrawn, with the phases under
// way, claims done of total, elapsed time and an ETA. Without one (CI logs, pipes): one plain line as
// each phase finishes (formal proofs, trained networks and the ledger run side by side, so the lines
// are numbered in the order they print, not by phase), so a log is never silent for a minute. A
// --claims run's checks are the user's claims, counted and named as such. With --json: nothing.

export type Phase = 'formal' | 'trained' | 'property' | 'certificate' | 'user' | 'report';

export const PHASES: Record<Phase, string> = {
  formal: 'formal proofs',
  trained: 'trained networks',
  property: 'property search',
  certificate: 'certificates',
  user: 'your claims (--claims)',
  report: 'report',
};
const ORDER: Phase[] = ['formal', 'trained', 'property', 'certificate', 'user', 'report'];

/** The claim a ledger label names: 'ID (reading)' or 'ID repair N (reading)' (ledger/run.ts ledgerUnits). */
export function labelClaim(what: string): string | null {
  const m = /^(.+?)(?: repair \d+)? \([^()]*\)$/.exec(what);
  return m ? m[1] : null;
}

/** A ledger unit as progress needs it: its name (unitName), claim and method. */
export interface PlannedUnit {
  name: string;
  claimId: string;
  method?: string;
  /** Expected share of the ledger's time (any unit; only ratios matter), for the ETA. */
  cost?: number;
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
  /** Phases under way (start time) and done: formal proofs, trained networks and the ledger overlap. */
  private running = new Map<Phase, number>();
  private finished = new Set<Phase>();
  private holders = new Map<Phase, Set<string>>();
  private jobs = 0;
  private headerShown = false;
  private claims = new Set<string>();
  private unitsOf = new Map<string, PlannedUnit>();
  private order: PlannedUnit[] = [];
  private left = new Map<string, number>();
  private leftByPhase = new Map<Phase, number>();
  private done = 0;
  private total = 0;
  /** Planned units finished, by name: the count shown, whatever count the ledger reports. */
  private finishedUnits = new Set<string>();
  /** A --claims run's checks: the ledger reports them by label, with their own done and total. */
  private user = { ids: new Set<string>(), done: 0, total: 0 };
  private lines = 0;
  /** When the last phase ended: the user's checks, first heard of when one finishes, began about then. */
  private lastFinish: number | null = null;
  private weightDone = 0;
  private weightTotal = 0;
  private ledgerStarted = 0;
  private current = '';
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

  /** The ledger's units: property and certificate checks, counted per claim and per phase. */
  plan(units: PlannedUnit[]): void {
    for (const u of units) {
      this.unitsOf.set(u.name, u);
      this.left.set(u.claimId, (this.left.get(u.claimId) ?? 0) + 1);
      const ph = phaseOf(u);
      this.leftByPhase.set(ph, (this.leftByPhase.get(ph) ?? 0) + 1);
      this.claims.add(u.claimId);
    }
    this.order = [...units];
    this.total = units.length;
    this.weightTotal = units.reduce((a, u) => a + weight(u), 0);
  }

  /**
   * Phase `p` is under way (alongside whatever else is), held by `key`: a phase can have several
   * holders (the ledger's units, a side job) and is done when the last lets go.
   */
  start(p: Phase, key = 'main'): void {
    if (this.mode === 'off' || this.finished.has(p)) return;
    const t = this.now();
    if (this.mode === 'plain' && !this.headerShown) {
      this.headerShown = true;
      const what = this.claims.size === 0 ? 'your claims (--claims)' : `${this.claims.size} claim${this.claims.size === 1 ? '' : 's'}`;
      this.stream.write(`jepa-verify: checking ${what}; one line as each phase finishes\n`);
    }
    if (!this.running.has(p)) this.running.set(p, t);
    this.holders.set(p, new Set([...(this.holders.get(p) ?? []), key]));
    if (p === 'property' || p === 'certificate') this.ledgerStarted ||= t;
    this.draw(true);
  }

  /** `key` lets go of `p`; when nothing holds it any more, the phase is over (without a TTY, its one line). */
  finish(p: Phase, key?: string): void {
    const t0 = this.running.get(p);
    if (this.mode === 'off' || t0 === undefined) return;
    const held = this.holders.get(p) ?? new Set<string>();
    if (key === undefined) held.clear();
    else held.delete(key);
    if (held.size > 0) return;
    const t = this.now();
    this.running.delete(p);
    this.finished.add(p);
    this.lastFinish = t;
    // numbered as printed: phases run side by side and finish in any order
    if (this.mode === 'plain') this.stream.write(`jepa-verify [${++this.lines}] ${PHASES[p]}${this.countLine(p)} done at ${clock(t - this.started)} (took ${clock(t - t0)})\n`);
    else this.draw(true);
  }

  /** Starts `p` now and finishes it when `work` settles (for work already running, not awaited here). */
  alongside(p: Phase, work: Promise<unknown> | undefined): void {
    if (!work) return;
    const key = `job${++this.jobs}`;
    this.start(p, key);
    work.then(() => this.finish(p, key), () => this.finish(p, key));
  }

  /** Sequential phase: what runs is over, `p` starts. */
  phase(p: Phase): void {
    for (const q of [...this.running.keys()]) this.finish(q);
    this.start(p);
  }

  /**
   * Runs `work` (the ledger) as phase `p`; the ledger's planned units hold the property search and the
   * certificates (which share its workers) until the last of each is done.
   */
  async during<T>(p: Phase, work: () => Promise<T> | T): Promise<T> {
    const key = `run${++this.jobs}`;
    this.start(p, key);
    if (p === 'property') for (const ph of ['property', 'certificate'] as const) if ((this.leftByPhase.get(ph) ?? 0) > 0) this.start(ph, 'units');
    try {
      return await work();
    } finally {
      this.finish(p, key);
      if (p === 'property') for (const ph of ['property', 'certificate'] as const) this.finish(ph, 'units');
    }
  }

  /** The ledger's progress callback: (done, total, unit name or label). */
  readonly ledger = (done: number, total: number, what: string): void => {
    if (this.mode === 'off') return;
    const unit = this.unitsOf.get(what);
    if (!unit && what !== 'done') {
      const id = labelClaim(what);
      if (id !== null && !this.claims.has(id)) return this.userProgress(done, total, id, what);
    }
    const finishUnit = (u: PlannedUnit) => {
      // the parallel ledger's count includes side jobs it ran (U.md D14: 'checks 3/2'): count units by name
      if (this.finishedUnits.has(u.name)) return;
      this.finishedUnits.add(u.name);
      this.weightDone += weight(u);
      this.left.set(u.claimId, (this.left.get(u.claimId) ?? 1) - 1);
      const ph = phaseOf(u);
      const n = (this.leftByPhase.get(ph) ?? 1) - 1;
      this.leftByPhase.set(ph, n);
      if (n === 0) this.finish(ph, 'units');
    };
    // worker threads report each finished unit by name; the one-thread ledger reports "starting
    // unit k" by label, so the k units before it in plan order are the finished ones
    if (unit) finishUnit(unit);
    else for (let k = 0; k < Math.min(done, this.order.length); k++) finishUnit(this.order[k]);
    this.done = this.finishedUnits.size;
    if (this.order.length === 0 && total > this.total) this.total = total;
    this.current = unit ? `${unit.claimId} (${what.split('|')[1] ?? ''})` : what === 'done' ? '' : what;
    if (this.mode === 'tty') this.draw(done >= total);
  };

  /** A check of the user's claims (verify --claims) finished: `done` of `total`. */
  private userProgress(done: number, total: number, id: string, what: string): void {
    this.user.ids.add(id);
    this.user.total = Math.max(this.user.total, total);
    this.user.done = Math.min(this.user.total, Math.max(this.user.done, done));
    this.current = what;
    if (!this.running.has('user') && !this.finished.has('user')) {
      if (this.mode !== 'off') this.running.set('user', this.lastFinish ?? this.started);
      this.start('user', 'units');
    }
    if (this.user.done >= this.user.total) this.finish('user', 'units');
    else this.draw(false);
  }

  private countLine(p: Phase): string {
    if (p === 'user') {
      const n = this.user.ids.size;
      return ` (${this.user.total} check${this.user.total === 1 ? '' : 's'} of ${n} claim${n === 1 ? '' : 's'})`;
    }
    if (p !== 'property' && p !== 'certificate') return '';
    const n = this.order.filter((u) => phaseOf(u) === p).length;
    return n > 0 ? ` (${n} check${n === 1 ? '' : 's'})` : '';
  }

  /** Claims whose every ledger unit is done; before the ledger, none. */
  claimsDone(): number {
    let n = 0;
    for (const id of this.claims) if (this.left.has(id) && this.left.get(id)! <= 0) n++;
    return n;
  }

  /**
   * Milliseconds left in the ledger at its rate so far, units weighted by their expected cost (units
   * differ a hundredfold, so a plain count would swing); null before the first unit ends.
   */
  eta(): number | null {
    if (this.done === 0 || this.total === 0 || !this.ledgerStarted || this.weightDone <= 0) return null;
    const spent = this.now() - this.ledgerStarted;
    return Math.max(0, (spent / this.weightDone) * (this.weightTotal - this.weightDone));
  }

  statusLine(): string {
    const t = this.now();
    const names = ORDER.filter((p) => this.running.has(p)).map((p) => PHASES[p]);
    const inLedger = this.running.has('property') || this.running.has('certificate');
    const bits = [names.length > 0 ? names.join(' + ') : this.finished.size > 0 ? 'finishing' : 'starting'];
    if (this.claims.size > 0) bits.push(`claims ${this.claimsDone()}/${this.claims.size}`);
    if (this.total > 0 && this.ledgerStarted) bits.push(`checks ${Math.min(this.done, this.total)}/${this.total}`);
    if (this.user.total > 0) bits.push(`your checks ${this.user.done}/${this.user.total}`);
    bits.push(`${clock(t - this.started)} elapsed`);
    const eta = inLedger ? this.eta() : null;
    bits.push(eta === null ? 'ETA …' : `ETA ${clock(eta)}`);
    if (this.current && (inLedger || this.running.has('user'))) bits.push(this.current);
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

  /** Ends every phase; clears the status line (TTY) before the summary is printed. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.mode === 'off') return;
    for (const q of [...this.running.keys()]) this.finish(q);
    if (this.mode === 'tty') this.stream.write('\r\x1b[K');
    else if (this.headerShown) this.stream.write(`jepa-verify done in ${clock(this.now() - this.started)}\n`);
  }
}

const phaseOf = (u: PlannedUnit): Phase => (u.method === 'certificate' ? 'certificate' : 'property');
const weight = (u: PlannedUnit): number => (typeof u.cost === 'number' && u.cost > 0 ? u.cost : 1);

export const createProgress = (opts: ProgressOptions) => new Progress(opts);
