// The HTTP floor of the lookup benchmark in a process of its own (small heap): argv body. Prints its
// port, serves until stdin closes (the parent exits or closes it).
import { startFloor } from './lookup-floor.ts';

const floor = await startFloor(process.argv[2] ?? '{}');
process.stdout.write(`${floor.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  floor.close();
  process.exit(0);
});
