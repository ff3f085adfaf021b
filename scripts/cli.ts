import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when the module at `url` is the script node was started with (not imported by a test). */
export const isEntryPoint = (url: string): boolean => process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(url);

/** `--name value` options of a command line; a bare word is refused. */
export function parseOptions(args: readonly string[], known: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!args[i].startsWith('--') || !known.includes(name)) throw new Error(`unknown option ${args[i]} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    options[name] = value;
  }
  return options;
}
