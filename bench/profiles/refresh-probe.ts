import { createRng, type LoggedEvent } from '../../src/kernel/index.ts';
import { ProfileEngine } from '../../src/modules/profiles/index.ts';
import { fitScoreModel, scoreSlot } from '../../src/modules/profiles/scores/model.ts';
import { computeStats } from '../../src/modules/profiles/view.ts';
import { END, makeEvent, RULES } from './workload.ts';

const P = Number(process.env.P ?? 200_000),
  E = Number(process.env.E ?? 2_000_000);
const eng = new ProfileEngine();
const rng = createRng(1);
for (let i = 0; i < E; i += 1000) {
  const b: LoggedEvent[] = [];
  for (let j = i; j < i + 1000; j++) b.push({ ...makeEvent(rng, j, P, E), seq: j + 1 });
  eng.ingest(b, END);
}
for (const [id, rule] of Object.entries(RULES))
  eng.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
const t = (label: string, f: () => void) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  console.log(label, ((c.user + c.system) / 1000).toFixed(0), 'ms CPU');
};
t('stats', () => {
  eng.stats = computeStats(eng.table, END);
});
t('compact', () => eng.table.activity.compact(END - 365 * 86400000, eng.table.slots));
t('fit', () => {
  eng.model = fitScoreModel(eng.table, END);
});
t('score', () => {
  for (let s = 0; s < eng.table.slots; s++)
    if (eng.table.ids[s] !== undefined) scoreSlot(eng.table, s, END, eng.model);
});
t('segments', () => eng.segments.recompute(eng.context(END), 'x'));
