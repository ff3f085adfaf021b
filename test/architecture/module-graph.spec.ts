import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The architecture check: modules (src/<folder>, and workflows/ as one) import each
// other without cycles, and workflows/ stays pure. Type-only imports count too: they
// tie two modules together just the same.

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED_FOLDERS = ['src', 'workflows'];
const TEST_FILE = /\.(?:spec|e2e-spec|test)\.ts$/;
/** Packages a file in workflows/ may import; besides these, only files of workflows/ itself. */
const WORKFLOWS_MAY_IMPORT = new Set(['xstate']);

type ModuleGraph = ReadonlyMap<string, ReadonlySet<string>>;

/** One import statement: the importing file (a posix path from the project root) and what it names. */
interface ImportRef {
  file: string;
  specifier: string;
}

/** One import that crosses from one module into another. */
interface ModuleEdge extends ImportRef {
  from: string;
  to: string;
}

/** Every non-test .ts file under the scanned folders, as a posix path from the project root. */
function sourceFiles(): string[] {
  return SCANNED_FOLDERS.flatMap((folder) =>
    readdirSync(join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .map((name) => posix.join(folder, name.split(sep).join('/')))
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts') && !TEST_FILE.test(path)),
  ).sort();
}

/** Static imports, `export … from`, `import x = require()` and `import()`; comments are not imports. */
function importsOf(file: string): ImportRef[] {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => ({ file, specifier: fileName }));
}

const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/** The project path a relative specifier points at, seen from the importing file. */
const resolveFrom = (file: string, specifier: string): string => posix.normalize(posix.join(posix.dirname(file), specifier));

/**
 * The module a project path belongs to: `src/<folder>`, `workflows`, or the top folder
 * for anything else. Files directly in src/ (main.ts, app.module.ts, bootstrap.ts, …)
 * are the app root that wires every module together: exempt, so undefined.
 */
function moduleOf(path: string): string | undefined {
  const [top, folder, ...rest] = path.split('/');
  if (top === 'src') return rest.length > 0 ? `src/${folder}` : undefined;
  return top;
}

/** Imports that leave one module for another; imports within a module and the app root's are not edges. */
function moduleEdges(imports: readonly ImportRef[]): ModuleEdge[] {
  return imports.flatMap((ref) => {
    if (!isRelative(ref.specifier)) return [];
    const from = moduleOf(ref.file);
    const to = moduleOf(resolveFrom(ref.file, ref.specifier));
    return from !== undefined && to !== undefined && from !== to ? [{ ...ref, from, to }] : [];
  });
}

function graphOf(edges: ReadonlyArray<Pick<ModuleEdge, 'from' | 'to'>>): ModuleGraph {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) graph.set(from, (graph.get(from) ?? new Set()).add(to));
  return graph;
}

/**
 * Every group of modules that reach one another (strongly connected components of more
 * than one node, found with Tarjan's algorithm), each sorted by name, in a stable order.
 */
function findCycles(graph: ModuleGraph): string[][] {
  const discovered = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  // Returns the lowest discovery index reachable from `node` through nodes still on the stack.
  const visit = (node: string): number => {
    const index = discovered.size;
    discovered.set(node, index);
    stack.push(node);
    onStack.add(node);
    let low = index;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const seen = discovered.get(next);
      if (seen === undefined) low = Math.min(low, visit(next));
      else if (onStack.has(next)) low = Math.min(low, seen);
    }
    if (low === index) {
      const component = stack.splice(stack.indexOf(node));
      for (const member of component) onStack.delete(member);
      if (component.length > 1) cycles.push(component.sort());
    }
    return low;
  };

  for (const node of [...graph.keys()].sort()) {
    if (!discovered.has(node)) visit(node);
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A cycle by name, then each import inside it with one file that makes it, so it can be cut. */
function describeCycle(cycle: readonly string[], edges: readonly ModuleEdge[]): string {
  const members = new Set(cycle);
  const filesByEdge = new Map<string, string[]>();
  for (const edge of edges) {
    if (!members.has(edge.from) || !members.has(edge.to)) continue;
    const key = `${edge.from} -> ${edge.to}`;
    filesByEdge.set(key, [...(filesByEdge.get(key) ?? []), edge.file]);
  }
  const lines = [...filesByEdge].sort(([a], [b]) => a.localeCompare(b));
  return [
    `cycle of ${cycle.length} modules: ${cycle.join(', ')}`,
    ...lines.map(([key, files]) => {
      const unique = [...new Set(files)].sort();
      return `  ${key}: ${unique[0]}${unique.length > 1 ? ` (+${unique.length - 1} more)` : ''}`;
    }),
  ].join('\n');
}

describe('findCycles', () => {
  it('finds a planted three-module cycle and leaves the acyclic branches out', () => {
    const graph = graphOf([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'a' },
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('finds two separate cycles, each by its members', () => {
    const graph = graphOf([
      { from: 'x', to: 'y' },
      { from: 'y', to: 'x' },
      { from: 'y', to: 'p' },
      { from: 'p', to: 'q' },
      { from: 'q', to: 'p' },
    ]);
    expect(findCycles(graph)).toEqual([
      ['p', 'q'],
      ['x', 'y'],
    ]);
  });

  it('finds nothing in a diamond, where two paths meet without coming back', () => {
    const graph = graphOf([
      { from: 'top', to: 'left' },
      { from: 'top', to: 'right' },
      { from: 'left', to: 'bottom' },
      { from: 'right', to: 'bottom' },
    ]);
    expect(findCycles(graph)).toEqual([]);
  });
});

describe('moduleOf', () => {
  it('folds a file into src/<folder>, workflows, or the exempt app root', () => {
    expect(moduleOf('src/common/errors.ts')).toBe('src/common');
    expect(moduleOf('src/database/migrations/index.ts')).toBe('src/database');
    expect(moduleOf('workflows/assignment.machine.ts')).toBe('workflows');
    expect(moduleOf('src/app.module.ts')).toBeUndefined();
  });
});

describe('the module graph of src/ and workflows/', () => {
  const files = sourceFiles();
  const imports = files.flatMap(importsOf);
  const edges = moduleEdges(imports);

  it('is read from the real files (an empty scan would pass everything)', () => {
    expect(files).toEqual(expect.arrayContaining(['src/app.module.ts', 'workflows/assignment.machine.ts']));
    expect(edges).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'src/assignments', to: 'workflows' })]));
  });

  it('has no cycle between modules', () => {
    const report = findCycles(graphOf(edges)).map((cycle) => describeCycle(cycle, edges));
    expect(report.join('\n')).toBe('');
  });

  it('lets workflows/ import only xstate and its own files', () => {
    const strays = imports
      .filter(({ file }) => moduleOf(file) === 'workflows')
      .filter(({ file, specifier }) => (isRelative(specifier) ? moduleOf(resolveFrom(file, specifier)) !== 'workflows' : !WORKFLOWS_MAY_IMPORT.has(specifier)))
      .map(({ file, specifier }) => `${file} imports '${specifier}'`);
    expect(strays).toEqual([]);
  });
});
