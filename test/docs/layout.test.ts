/**
 * The layout CONTRIBUTING promises, checked on the files as they are: no import cycle among the
 * TypeScript files under nodes/ or under scripts/; no product file over 500 lines; and every file
 * under nodes/shared/ really shared: reached from two nodes or more, or from a credential. Each failure
 * lists its offenders (a cycle as its chain of files), so the message says what to move.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

import { fromRoot, REPO_ROOT } from '../../scripts/lib/repoRoot';
import { relativePosix, walkFiles } from '../../scripts/lib/walk';

const MAX_PRODUCT_LINES = 500;
const GENERATED = 'nodes/shared/generated/';
const SHARED = 'nodes/shared/';
const PUBLIC_EXPORTS = 'nodes/shared/index.ts';

const rel = (file: string) => relativePosix(REPO_ROOT, file);
const tsFilesUnder = (dir: string) =>
	walkFiles(dir, (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));

/** A relative import's file (absolute path), or undefined for a package or a non-TypeScript file. */
function resolveImport(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	// the tools import the node files as `X.node.js`: the TypeScript source is meant
	const base = path.join(path.dirname(from), specifier).replace(/\.js$/, '');
	for (const candidate of [base + '.ts', base, path.join(base, 'index.ts')])
		if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
	return undefined;
}

const importCache = new Map<string, string[]>();
/** The files `file` imports (type-only imports and re-exports included: both tie modules together). */
function importsOf(file: string): string[] {
	let found = importCache.get(file);
	if (!found) {
		const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
		found = [
			...new Set(
				importedFiles
					.map((imported) => resolveImport(file, imported.fileName))
					.filter((f): f is string => f !== undefined),
			),
		];
		importCache.set(file, found);
	}
	return found;
}

/**
 * One cycle per strongly connected group of `files` (Tarjan), each written as the chain
 * `a.ts -> b.ts -> a.ts` of paths from `root`; imports leaving `files` are not followed.
 */
function importCycles(files: string[], root = REPO_ROOT): string[] {
	const inScope = new Set(files);
	const edges = (file: string) => importsOf(file).filter((f) => inScope.has(f));
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const groups: string[][] = [];
	const visit = (file: string) => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const next of edges(file)) {
			if (!index.has(next)) {
				visit(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
		}
		if (low.get(file) === index.get(file)) {
			const group: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				group.push(member);
			} while (member !== file);
			if (group.length > 1 || edges(file).includes(file)) groups.push(group);
		}
	};
	for (const file of files) if (!index.has(file)) visit(file);
	const show = (file: string) => relativePosix(root, file);
	return groups.map((group) => {
		// the shortest way back to the group's first file (breadth first inside the group)
		const members = new Set(group);
		const start = [...group].sort()[0];
		const cameFrom = new Map<string, string>();
		const queue = [start];
		while (queue.length) {
			const file = queue.shift()!;
			for (const next of edges(file).filter((f) => members.has(f))) {
				if (next === start) {
					const chain = [file];
					while (chain[0] !== start) chain.unshift(cameFrom.get(chain[0])!);
					const others = group
						.filter((f) => !chain.includes(f))
						.map(show)
						.sort();
					return (
						[...chain, start].map(show).join(' -> ') +
						(others.length ? ` (same knot: ${others.join(', ')})` : '')
					);
				}
				if (!cameFrom.has(next)) {
					cameFrom.set(next, file);
					queue.push(next);
				}
			}
		}
		return group.map(show).join(' -> ');
	});
}

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length - 1;

/** Shared files `roots` reach: imported by a root, or by a shared file reached (the public exports are not a way through). */
function sharedReachedFrom(roots: string[]): Set<string> {
	const reached = new Set<string>();
	const queue = roots.flatMap(importsOf);
	while (queue.length) {
		const file = queue.shift()!;
		if (!rel(file).startsWith(SHARED) || rel(file) === PUBLIC_EXPORTS || reached.has(file))
			continue;
		reached.add(file);
		queue.push(...importsOf(file));
	}
	return new Set([...reached].map(rel));
}

const nodeFiles = tsFilesUnder(fromRoot('nodes'));
const nodeFilesUnder = (prefix: string) => nodeFiles.filter((f) => rel(f).startsWith(prefix));

describe('layout', () => {
	test.each(['nodes', 'scripts'])('no import cycle among the TypeScript files under %s/', (dir) => {
		const cycles = importCycles(tsFilesUnder(fromRoot(dir)));
		if (cycles.length) console.log(`import cycles under ${dir}/:\n  ${cycles.join('\n  ')}`);
		expect(cycles).toEqual([]);
	});

	test(`no product file under nodes/ (generated code aside) has more than ${MAX_PRODUCT_LINES} lines`, () => {
		const big = nodeFiles
			.filter((file) => !rel(file).startsWith(GENERATED))
			.map((file) => `${rel(file)}: ${lineCount(file)} lines`)
			.filter((line) => Number(/: (\d+) lines$/.exec(line)![1]) > MAX_PRODUCT_LINES);
		if (big.length) console.log(`files over ${MAX_PRODUCT_LINES} lines:\n  ${big.join('\n  ')}`);
		expect(big).toEqual([]);
	});

	test('every file under nodes/shared/ is used by two nodes or more, or by a credential', () => {
		// every node's folder: the action node, the webhook trigger, the Flow endpoint trigger, ...
		const nodeFolders = [
			...new Set(nodeFiles.map((f) => rel(f).split('/').slice(0, 2).join('/') + '/')),
		].filter((folder) => folder !== SHARED);
		const reachedBy = nodeFolders.map((folder) => ({
			folder,
			reached: sharedReachedFrom(nodeFilesUnder(folder)),
		}));
		const credentials = sharedReachedFrom(tsFilesUnder(fromRoot('credentials')));
		const notShared = nodeFilesUnder(SHARED)
			.map(rel)
			.filter((f) => !f.startsWith(GENERATED) && f !== PUBLIC_EXPORTS)
			.map((f) => ({ f, users: reachedBy.filter((n) => n.reached.has(f)).map((n) => n.folder) }))
			.filter(({ f, users }) => !credentials.has(f) && users.length < 2)
			.map(({ f, users }) =>
				users.length ? `${f}: ${users[0]} only` : `${f}: neither a node nor a credential`,
			);
		if (notShared.length)
			console.log(`files under ${SHARED} that are not shared:\n  ${notShared.join('\n  ')}`);
		expect(notShared).toEqual([]);
	});
});

describe('importCycles', () => {
	let dir: string;
	const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('names each cycle as its chain of files; a one-way chain is no cycle', () => {
		write('a.ts', "import { b } from './b';\nexport const a = b;\n");
		write('b.ts', "import type { C } from './c';\nexport const b = 1 as unknown as C;\n");
		write('c.ts', "export { a } from './a.js';\nexport type C = number;\n");
		write(
			'd.ts',
			"import { a } from './a';\nimport * as fs from 'fs';\nexport const d = [a, fs];\n",
		);
		write('e.ts', "import './f';\n");
		write('f.ts', "export const f = import('./e');\n");
		const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts'].map((f) => path.join(dir, f));
		expect(importCycles(files, dir).sort()).toEqual([
			'a.ts -> b.ts -> c.ts -> a.ts',
			'e.ts -> f.ts -> e.ts',
		]);
		expect(importCycles(files.slice(0, 2).concat(files[3]), dir)).toEqual([]);
	});
});
