// §7: J attains its infimum over all configurations (a global minimiser exists).
import { attainedCheck, attainedRepairCheck, defineClaim } from '../src/api.ts';

export default defineClaim({
  id: 'G.attained',
  statement: 'J attains its infimum over all configurations: a global minimiser exists',
  latex: '\\exists (\\theta, \\phi, \\psi):\\ \\mathcal{J}(\\theta, \\phi, \\psi) = \\inf \\mathcal{J}',
  paper: '§7 (CLAIMS.md)',
  uses: [],
  hypotheses: ['linear softmax head', 'affine world model (contains W_psi(z, a) = z)', 'd >= |S| - 1 for the infimum'],
  checks: [attainedCheck('on-policy'), attainedCheck('fixed-data')],
  repairs: [{
    statement: 'J attains its infimum -V*(mu) iff every action is optimal at every state reachable from mu (then the fully collapsed configuration z = 0, W = 0, b = 0, W_psi(z, a) = z is a global minimiser); otherwise J > inf J everywhere',
    checks: [attainedRepairCheck('on-policy'), attainedRepairCheck('fixed-data')],
  }],
});
