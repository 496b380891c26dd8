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

/** Installs n8n and Node 24 into the cache when missing; returns where they are. */
function installN8n() {
	const out = sh('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-n8n.sh')]);
	const value = (name) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
	const nodeHome = value('NODE24_HOME');
	const n8nDir = value('N8N_DIR');
	if (!nodeHome || !n8nDir) throw new Error(`install-n8n.sh did not say where n8n is:\n${out}`);
	return { nodeHome, n8nDir };
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

module.exports = { installN8n, installPackage, PACKAGE, ROOT };
