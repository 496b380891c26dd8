/**
 * The one recursive directory walk of the tooling and the tests. Entries are taken in
 * code-unit order of their names (not the locale's), so every machine lists the same files
 * in the same order; hidden entries and node_modules are skipped.
 */
import * as fs from 'fs';
import * as path from 'path';

const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Absolute paths of the files under `dir` (recursively) whose name `accept` takes, in name order. */
export function walkFiles(dir: string, accept: (name: string) => boolean = () => true): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort(byName)) {
		if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...walkFiles(full, accept));
		else if (entry.isFile() && accept(entry.name)) found.push(full);
	}
	return found;
}

/** `file` relative to `dir`, with forward slashes on every platform. */
export function relativePosix(dir: string, file: string): string {
	return path.relative(dir, file).split(path.sep).join('/');
}
