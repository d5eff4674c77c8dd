import type { SearchRecord } from './segment.ts';

type Operation = { _operation: string; value?: unknown };

const isOperation = (v: unknown): v is Operation =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Operation)._operation === 'string';

/** Algolia partial update: plain fields replace, `{_operation, value}` fields apply built-in operations. */
export function applyPartial(old: SearchRecord, update: SearchRecord): SearchRecord {
  const out: SearchRecord = { ...old };
  for (const [k, v] of Object.entries(update)) {
    if (!isOperation(v)) {
      out[k] = v;
      continue;
    }
    const cur = out[k];
    const list = Array.isArray(cur) ? [...cur] : cur === undefined ? [] : [cur];
    switch (v._operation) {
      case 'Increment':
      case 'IncrementFrom':
        out[k] = (typeof cur === 'number' ? cur : 0) + Number(v.value ?? 1);
        break;
      case 'Decrement':
        out[k] = (typeof cur === 'number' ? cur : 0) - Number(v.value ?? 1);
        break;
      case 'Add':
        out[k] = [...list, v.value];
        break;
      case 'AddUnique':
        out[k] = list.includes(v.value) ? list : [...list, v.value];
        break;
      case 'Remove':
        out[k] = list.filter((x) => x !== v.value);
        break;
      default:
        out[k] = v.value;
    }
  }
  out.objectID = old.objectID;
  return out;
}
