// Entry of the SQLite writer thread: workers do not inherit the main thread's TypeScript loader, so this
// plain module registers tsx (a runtime dependency) before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./event-writer-worker.ts');
