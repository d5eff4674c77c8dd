import { PanierError } from '../kernel/index.ts';

const HELP = `Usage: panier eval recs|forecast|profiles [options]
  recs       offline evaluation of every recommendation strategy (panier eval recs --help)
  forecast   M5-style evaluation of the forecasting models (panier eval forecast --help)
  profiles   propensity, churn and CLV scores on a time split (panier eval profiles --help)
`;

/** Each evaluation loads its module only when asked, so other commands start fast. */
const EVALUATIONS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  recs: async () => (await import('./eval-recs.ts')).runEvalRecs,
  forecast: async () => (await import('./forecast-eval.ts')).runForecastEval,
  profiles: async () => (await import('./eval-profiles.ts')).runEvalProfiles,
};

export async function runEval(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    process.stdout.write(HELP);
    return what ? 0 : 2;
  }
  const load = EVALUATIONS[what];
  if (!load) throw new PanierError('invalid_argument', `unknown evaluation "${what}"\n${HELP}`);
  return (await load())(rest);
}
