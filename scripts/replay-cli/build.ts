/**
 * Builds the standalone `waba-replay` package (npm pack / publish run it as prepack): the
 * replay harness and the in-process host it drives, compiled with this folder's tsconfig.json
 * (the package build compiles only what the node package ships); the package build's nodes,
 * credentials and schemas (the trigger the harness runs in-process, and the schemas its report
 * names); the bundled fixtures and the licence; all copied beside this package.json. No
 * dependencies: --url and --record need only Node; in-process replay loads n8n-core if it is
 * installed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { walkFiles } from '../lib/walk';
import { fromRoot, REPO_ROOT } from '../lib/repoRoot';

const HERE = __dirname;

/** Compiled JavaScript and JSON only: no source maps, declarations or icons. */
const shipped = (file: string) => /\.(js|json)$/.test(file) && !file.endsWith('.map');

/** Copies the files under `from` that `filter` takes to the same places under `to`. */
function copyTree(from: string, to: string, filter: (name: string) => boolean = () => true): void {
	for (const source of walkFiles(from, filter)) {
		const target = path.join(to, path.relative(from, source));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(source, target);
	}
}

// postpack: remove the copies again, so that the repository's lint never sees compiled code
const copies = ['dist', 'fixtures', 'LICENSE.md'];
if (process.argv.includes('--clean')) {
	for (const name of copies) fs.rmSync(path.join(HERE, name), { recursive: true, force: true });
	process.exit(0);
}

if (process.env.WABA_REPLAY_SKIP_ROOT_BUILD !== '1') {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
}
for (const name of copies) fs.rmSync(path.join(HERE, name), { recursive: true, force: true });

const compiled = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-replay-cli-'));
try {
	execFileSync(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			path.join(HERE, 'tsconfig.json'),
			'--outDir',
			compiled,
		],
		{ cwd: REPO_ROOT, stdio: ['ignore', 2, 2] },
	);
	copyTree(path.join(compiled, 'scripts'), path.join(HERE, 'dist/scripts'), shipped);
} finally {
	fs.rmSync(compiled, { recursive: true, force: true });
}
fs.chmodSync(path.join(HERE, 'dist/scripts/replay.js'), 0o755);
const dist = fromRoot('dist');
for (const dir of ['nodes', 'credentials', 'schemas'])
	copyTree(path.join(dist, dir), path.join(HERE, 'dist', dir), shipped);
copyTree(fromRoot('fixtures'), path.join(HERE, 'fixtures'));
fs.copyFileSync(fromRoot('LICENSE.md'), path.join(HERE, 'LICENSE.md'));
