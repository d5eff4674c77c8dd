import type { Rng } from '../../kernel/index.ts';

/** One realistic slip in the longest word: swapped, dropped or doubled letter. */
export function withTypo(rng: Rng, query: string): string {
  const words = query.split(' ');
  let w = 0;
  for (let k = 1; k < words.length; k++) if (words[k]!.length > words[w]!.length) w = k;
  const word = words[w]!;
  if (word.length < 4) return query;
  const at = 1 + rng.int(word.length - 2);
  const kind = rng.int(3);
  let typo: string;
  if (kind === 0) typo = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  else if (kind === 1) typo = word.slice(0, at) + word.slice(at + 1);
  else typo = word.slice(0, at) + word[at] + word.slice(at);
  words[w] = typo;
  return words.join(' ');
}
