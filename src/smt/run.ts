// `npx tsx src/smt/run.ts [claim ids...]`: runs the formal layer and prints verdicts and timings.
import { runFormalChecks, shutdownSmt } from './index.ts';

const start = performance.now();
const ids = process.argv.slice(2);
const results = await runFormalChecks(ids.length > 0 ? { only: ids } : {});
for (const [id, rs] of results) {
  for (const r of rs) {
    console.log(`${id.padEnd(16)} ${r.method.padEnd(9)} ${r.verdict.padEnd(12)} ${String(r.cases).padStart(3)} cases ${(r.seconds ?? 0).toFixed(2).padStart(6)} s`);
    if (r.verdict !== 'proved') console.log(`    ${r.detail}`);
  }
}
console.log(`total ${((performance.now() - start) / 1000).toFixed(2)} s`);
await shutdownSmt();
