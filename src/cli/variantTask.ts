// A variant file is user code: `variant FILE` loads and runs it on a worker thread (sandbox.ts) under
// --timeout, so an import or a build() that loops ends with one line instead of hanging.
import { loadVariant } from '../variants/loader.ts';
import { runVariant, type VariantRunOptions } from '../variants/run.ts';

export async function loadAndRunVariant(file: string, options: Omit<VariantRunOptions, 'file' | 'progress'>) {
  const variant = await loadVariant(file);
  const result = await runVariant(variant.spec, { ...options, file: variant.file });
  // Plain data only crosses the thread boundary.
  return JSON.parse(JSON.stringify({ name: variant.spec.name, report: result.report, counterexamples: result.counterexamples })) as {
    name: string;
    report: Awaited<ReturnType<typeof runVariant>>['report'];
    counterexamples: Awaited<ReturnType<typeof runVariant>>['counterexamples'];
  };
}
