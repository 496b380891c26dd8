/**
 * `npm run scan`: the lint passes of n8n's verification scanner (@n8n/scan-community-package)
 * on this repository's sources and on the tarball `npm pack` makes, as n8n runs them on a
 * published version. The scanner's other steps (npm provenance, fetching the attested commit
 * and the tarball from the registry) need a published version; they run on n8n's side after
 * a release (see the README's Release section).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { REPO_ROOT } from '../lib/repoRoot';
import { requireFrom } from '../lib/requireFrom';

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	analyzePackage(dir: string, patterns: string[]): Promise<Analysis>;
	SOURCE_FILE_PATTERNS: string[];
}

/** The scanner's own patterns for the shipped artifact: compiled JavaScript and package.json. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** Packs the package as `npm publish` would (already built: no lifecycle scripts) and unpacks it. */
function packAndExtract(into: string): string {
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', into],
		{
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	const dir = path.join(into, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(into, filename), '-C', dir, '--strip-components=1']);
	return dir;
}

async function main(): Promise<number> {
	// The scanner is an ES module without top-level await: Node's require() loads it.
	const scanner = requireFrom<Scanner>('@n8n/scan-community-package/scanner/scanner.mjs');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-scan-'));
	try {
		const legs: Array<[string, string, string[]]> = [
			['source', REPO_ROOT, scanner.SOURCE_FILE_PATTERNS],
			['packed tarball', packAndExtract(work), TARBALL_PATTERNS],
		];
		let failed = 0;
		for (const [name, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.passed) {
				process.stdout.write(`scan: ${name}: passed (${patterns.join(', ')})\n`);
			} else {
				failed++;
				process.stdout.write(`scan: ${name}: FAILED: ${result.message}\n${result.details ?? ''}\n`);
			}
		}
		return failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().then(
	(code) => (process.exitCode = code),
	(error: Error) => {
		process.stderr.write(`scan: ${error.stack ?? error.message}\n`);
		process.exitCode = 1;
	},
);
