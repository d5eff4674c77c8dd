import type { Rng } from '../../kernel/index.ts';
import { BRAND_HEADS, BRAND_MIDS, BRAND_SUFFIXES, BRAND_TAILS } from './words/lexicon.ts';

/** Invents distinct brand names from syllables; the seed decides which ones exist. */
export function createBrandNamer(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (let attempt = 0; ; attempt++) {
      const stem = rng.pick(BRAND_HEADS) + rng.pick(BRAND_MIDS) + rng.pick(BRAND_TAILS);
      // After many collisions a numeral keeps names unique even for the largest catalogs.
      const name = stem + rng.pick(BRAND_SUFFIXES) + (attempt > 20 ? ` ${attempt}` : '');
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}
