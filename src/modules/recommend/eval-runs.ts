import type { EvalReport } from './evaluation.ts';

/** One persisted run of the offline evaluation (`panier eval recs`): the report and what it ran on. */
export interface EvalRun {
  id: string;
  /** Epoch ms when the run finished. */
  ranAt: number;
  /** Dataset format: online-retail, diginetica, segment, or log (the configured storage's events). */
  format: string;
  /** The file read, or the event log and the last sequence number it read. */
  input: string;
  report: EvalReport;
}

export type EvalRunSummary = Omit<EvalRun, 'report'>;

/** Where evaluation runs are kept; the console reads the newest over HTTP. */
export interface EvalRunStore {
  /** Saves a run and deletes all but the newest `keep`; returns the ids deleted. */
  save(run: EvalRun, keep: number): Promise<string[]>;
  /** A run by id, or the newest when no id is given; null when none. */
  get(id?: string): Promise<EvalRun | null>;
  /** The newest runs first, without their reports. */
  recent(limit: number): Promise<EvalRunSummary[]>;
}
