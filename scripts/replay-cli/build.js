// Builds the standalone `waba-replay` package (npm pack / publish run it as prepack): the
// repository's build, then its compiled replay harness and the trigger it drives in-process,
// the bundled fixtures and the licence, copied beside this package.json. No dependencies:
// --url and --record need only Node; in-process replay loads n8n-core if it is installed.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');

/** Compiled JavaScript and JSON only: no source maps, declarations or icons. */
const shipped = (file) => /\.(js|json)$/.test(file) && !file.endsWith('.map');

function copyTree(from, to, filter = () => true) {
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		const target = path.join(to, entry.name);
		if (entry.isDirectory()) copyTree(source, target, filter);
		else if (filter(entry.name)) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(source, target);
		}
	}
}

// postpack: remove the copies again, so that the repository's lint never sees compiled code
const copies = ['dist', 'fixtures', 'LICENSE.md'];
if (process.argv.includes('--clean')) {
	for (const name of copies) fs.rmSync(path.join(HERE, name), { recursive: true, force: true });
	process.exit(0);
}

if (process.env.WABA_REPLAY_SKIP_ROOT_BUILD !== '1') {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
}
for (const name of copies) fs.rmSync(path.join(HERE, name), { recursive: true, force: true });

const dist = path.join(ROOT, 'dist');
fs.mkdirSync(path.join(HERE, 'dist/scripts'), { recursive: true });
fs.copyFileSync(path.join(dist, 'scripts/replay.js'), path.join(HERE, 'dist/scripts/replay.js'));
fs.chmodSync(path.join(HERE, 'dist/scripts/replay.js'), 0o755);
copyTree(path.join(dist, 'scripts/lib'), path.join(HERE, 'dist/scripts/lib'), shipped);
// schemas: the report names the schema location behind each finding
for (const dir of ['nodes', 'credentials', 'schemas']) copyTree(path.join(dist, dir), path.join(HERE, 'dist', dir), shipped);
copyTree(path.join(ROOT, 'fixtures'), path.join(HERE, 'fixtures'));
fs.copyFileSync(path.join(ROOT, 'LICENSE.md'), path.join(HERE, 'LICENSE.md'));
