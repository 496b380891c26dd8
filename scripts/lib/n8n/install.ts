/**
 * Getting a real n8n and this package into it, as a self-hosted user would:
 *  - installN8n: a pinned n8n and the Node 24 it needs, in a cache outside the clone shared
 *    (under a lock) by every clone and run on the machine (install-n8n.sh);
 *  - installPackage: this package built, packed and npm-installed into a user folder's
 *    .n8n/nodes, as a self-hosted user installs a community package;
 *  - installReplayCli: the standalone replay command line, packed and installed alone;
 *  - buildPackageOnce / requireShipped: the package build, and its modules as they ship.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { fromRoot, REPO_ROOT } from '../repoRoot';
import { requireFrom } from '../requireFrom';

export const PACKAGE = 'n8n-nodes-whatsapp-business-account';

/** The n8n version runs use unless told otherwise (N8N_VERSION): the current 2.x the package is built on. */
export const DEFAULT_N8N_VERSION = '2.41.1';

export interface N8nInstall {
	/** Node 24's home (bin/node). */
	nodeHome: string;
	/** The folder holding node_modules/n8n. */
	n8nDir: string;
	n8nVersion: string;
}

export interface InstalledPackage {
	tarball: string;
	/** The paths npm packed, relative to the package. */
	files: string[];
	/** <userFolder>/.n8n/nodes/node_modules/<package> */
	installedAt: string;
}

function sh(
	cmd: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string {
	return execFileSync(cmd, args, {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		...options,
	});
}

const withNode = (nodeHome: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
	...process.env,
	PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH}`,
	...extra,
});

/**
 * Installs n8n (default: N8N_VERSION, else 2.41.1) and Node 24 into the cache when missing;
 * returns where they are and the version installed, read from n8n's own package.json.
 */
export function installN8n({
	version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION,
}: { version?: string } = {}): N8nInstall {
	const out = sh('bash', [fromRoot('scripts', 'e2e', 'install-n8n.sh')], {
		env: { ...process.env, N8N_VERSION: version },
	});
	const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
	const nodeHome = value('NODE24_HOME');
	const n8nDir = value('N8N_DIR');
	if (!nodeHome || !n8nDir) throw new Error(`install-n8n.sh did not say where n8n is:\n${out}`);
	const installed = (
		JSON.parse(
			fs.readFileSync(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string }
	).version;
	if (installed !== version)
		throw new Error(`asked for n8n ${version}, the cache at ${n8nDir} holds ${installed}`);
	return { nodeHome, n8nDir, n8nVersion: installed };
}

/** Set once built, so that child processes (the bench's instruction counts) do not build again. */
const BUILT_ENV = 'WABA_PACKAGE_BUILT';
/** The package build (npm run build), once per process tree: what npm pack takes. */
function buildPackageOnce(): void {
	if (process.env[BUILT_ENV] === '1') return;
	sh('npm', ['run', 'build', '--silent']);
	process.env[BUILT_ENV] = '1';
}

/**
 * A module of the package as it ships: tsc's output under dist/ (built once per process), which is
 * what n8n loads. Benchmarks measure this, not tsx's transform of the sources, whose name-keeping
 * wrappers (esbuild's keepNames: a defineProperty per closure created) cost 16 % more instructions
 * on small deliveries (callgrind, 2026-12-07). `sourcePath` is the source file's path from the root.
 */
export function requireShipped<T>(sourcePath: string): T {
	buildPackageOnce();
	return requireFrom<T>(fromRoot('dist', sourcePath.replace(/\.[jt]s$/, '') + '.js'));
}

/**
 * Packs this package (built once per process first, unless `build: false`) and
 * `npm install`s the tarball into <userFolder>/.n8n/nodes, n8n's folder for community
 * packages. n8n-workflow is a peer dependency that n8n provides, so peers are left out, as n8n does.
 */
export function installPackage(
	userFolder: string,
	{ nodeHome, outDir, build = true }: { nodeHome: string; outDir: string; build?: boolean },
): InstalledPackage {
	if (build) buildPackageOnce();
	fs.mkdirSync(outDir, { recursive: true });
	const [packed] = JSON.parse(
		sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir]),
	) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = path.join(outDir, packed.filename);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
	);
	sh('npm', ['install', '--omit=peer', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
		cwd: nodesDir,
		env: withNode(nodeHome),
	});
	return {
		tarball,
		files: packed.files.map((f) => f.path),
		installedAt: path.join(nodesDir, 'node_modules', PACKAGE),
	};
}

/**
 * Packs the standalone replay command line (scripts/replay-cli, its prepack builds it) and
 * installs the tarball into an empty folder, as `npx waba-replay` would fetch it: no clone,
 * no dev dependencies, no n8n-core. Returns the installed `waba-replay` bin.
 */
export function installReplayCli(
	into: string,
	{ nodeHome, outDir }: { nodeHome: string; outDir: string },
): { tarball: string; bin: string } {
	buildPackageOnce();
	const env = withNode(nodeHome, { WABA_REPLAY_SKIP_ROOT_BUILD: '1' });
	fs.mkdirSync(outDir, { recursive: true });
	const [packed] = JSON.parse(
		sh('npm', ['pack', '--json', '--pack-destination', outDir], {
			cwd: fromRoot('scripts', 'replay-cli'),
			env,
		}),
	) as Array<{ filename: string }>;
	const tarball = path.join(outDir, packed.filename);
	fs.rmSync(into, { recursive: true, force: true });
	fs.mkdirSync(into, { recursive: true });
	// a package.json of its own, or npm would install into the enclosing repository's
	fs.writeFileSync(
		path.join(into, 'package.json'),
		JSON.stringify({ name: 'replay-user', private: true }, null, 2),
	);
	sh('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: into, env });
	return { tarball, bin: path.join(into, 'node_modules', '.bin', 'waba-replay') };
}
