// `npm ci` builds the console; a production install without dev dependencies skips it (the server still starts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const vite = 'node_modules/vite/bin/vite.js';
if (existsSync(vite))
  execFileSync(
    process.execPath,
    [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
else
  console.warn(
    'panier: vite is not installed, so the console is not built; run `npm run build` after installing it',
  );
