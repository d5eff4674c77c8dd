import type { ForecastDataset } from '../../modules/forecast/index.ts';
export function readLong(_path: string, _h: number, _test?: string): ForecastDataset {
  throw new Error('todo');
}
