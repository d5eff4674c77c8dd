import { describe, expect, it } from 'vitest';
import { IdentityGraph } from './identity.ts';

let n = 0;
const graph = () => new IdentityGraph(() => `p${n++}`);

describe('IdentityGraph.link across several owners', () => {
  it('does not merge an owner the target was already absorbed into (regression: crash on the demo log)', () => {
    const g = graph();
    const a = g.link(['user:old', 'anon:a'], 1, () => 'x').profileId; // older, identified
    const b = g.link(['anon:b'], 2, () => 'x').profileId; // newer, anonymous
    // An unowned user key picks b (no user yet) as target; merging a makes the older a survive.
    const r = g.link(['user:new', 'anon:a', 'anon:b'], 3, () => 'login');
    expect(a).not.toBe(b);
    expect(r.profileId).toBe(a);
    expect(r.merges.map((m) => [m.survivor, m.absorbed])).toEqual([[a, b]]);
    expect(g.link(['anon:b'], 4, () => 'x').profileId).toBe(a);
  });
});
