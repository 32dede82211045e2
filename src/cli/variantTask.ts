// A variant file is user code: `variant FILE` loads and runs it on a worker thread (sandbox.ts) under
// --timeout, so an import or a build() that loops ends with one line instead of hanging.
import { loadVariant, replayVariantArgument } from '../variants/loader.ts';
import { runVariant, type VariantRunOptions } from '../variants/run.ts';

/** `outDir`: the report folder, from which the report's replay commands name the variant file. */
export async function loadAndRunVariant(file: string, options: Omit<VariantRunOptions, 'file' | 'progress' | 'replayVariant'> & { outDir: string }) {
  const variant = await loadVariant(file);
  const { outDir, ...rest } = options;
  const result = await runVariant(variant.spec, { ...rest, file: variant.file, replayVariant: replayVariantArgument(variant, outDir) });
  // Plain data only crosses the thread boundary.
  return JSON.parse(JSON.stringify({ name: variant.spec.name, report: result.report, counterexamples: result.counterexamples })) as {
    name: string;
    report: Awaited<ReturnType<typeof runVariant>>['report'];
    counterexamples: Awaited<ReturnType<typeof runVariant>>['counterexamples'];
  };
}
