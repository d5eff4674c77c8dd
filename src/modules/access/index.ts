export { type ApiKeyRecord, KEY_KINDS, type KeyKind, keyAllows, kindOfKey } from './keys.ts';
export type { KeyStore } from './ports.ts';
export { KeyService } from './service.ts';
