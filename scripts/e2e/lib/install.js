'use strict';
// Getting a real n8n with this package in it, shared by the end-to-end run, the benchmark
// and the reliability run: the cached n8n install (install-n8n.sh), and the package packed
// and npm-installed into a user folder's .n8n/nodes as a self-hosted user installs it.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PACKAGE = 'n8n-nodes-whatsapp-business-account';

function sh(cmd, args, options = {}) {
	return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

/** The n8n version runs use unless told otherwise: the current 2.x the package is built on. */
const DEFAULT_N8N_VERSION = '2.41.1';

/**
 * Installs n8n (N8N_VERSION, default 2.41.1) and Node 24 into the cache when missing;
 * returns where they are and the version installed, read from n8n's own package.json.
 */
function installN8n({ version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION } = {}) {
	const out = sh('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-n8n.sh')], { env: { ...process.env, N8N_VERSION: version } });
	const value = (name) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
	const nodeHome = value('NODE24_HOME');
	const n8nDir = value('N8N_DIR');
	if (!nodeHome || !n8nDir) throw new Error(`install-n8n.sh did not say where n8n is:\n${out}`);
	const installed = JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	if (installed !== version) throw new Error(`asked for n8n ${version}, the cache at ${n8nDir} holds ${installed}`);
	return { nodeHome, n8nDir, n8nVersion: installed };
}

/**
 * Builds (unless told not to), packs, and `npm install`s the tarball into
 * <userFolder>/.n8n/nodes, n8n's folder for community packages. n8n-workflow is a peer
 * dependency that n8n provides, so peers are left out, as n8n does.
 */
function installPackage(userFolder, { nodeHome, outDir, build = true } = {}) {
	if (build) sh('npm', ['run', 'build', '--silent']);
	fs.mkdirSync(outDir, { recursive: true });
	const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir]));
	const tarball = path.join(outDir, packed[0].filename);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	const env = { ...process.env, PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH}` };
	sh('npm', ['install', '--omit=peer', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: nodesDir, env });
	return { tarball, files: packed[0].files.map((f) => f.path), installedAt: path.join(nodesDir, 'node_modules', PACKAGE) };
}

/**
 * Packs the standalone replay command line (scripts/replay-cli, built from this build's
 * output) and installs the tarball into an empty folder, as `npx waba-replay` would fetch
 * it: no clone, no dev dependencies, no n8n-core. Returns the installed `waba-replay` bin.
 */
function installReplayCli(into, { nodeHome, outDir }) {
	const cliDir = path.join(ROOT, 'scripts', 'replay-cli');
	const env = { ...process.env, PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH}`, WABA_REPLAY_SKIP_ROOT_BUILD: '1' };
	fs.mkdirSync(outDir, { recursive: true });
	const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: cliDir, env }));
	const tarball = path.join(outDir, packed[0].filename);
	fs.rmSync(into, { recursive: true, force: true });
	fs.mkdirSync(into, { recursive: true });
	// a package.json of its own, or npm would install into the enclosing repository's
	fs.writeFileSync(path.join(into, 'package.json'), JSON.stringify({ name: 'replay-user', private: true }, null, 2));
	sh('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: into, env });
	return { tarball, bin: path.join(into, 'node_modules', '.bin', 'waba-replay') };
}

module.exports = { installN8n, installPackage, installReplayCli, DEFAULT_N8N_VERSION, PACKAGE, ROOT };
