/**
 * The one way the tools get and run a real n8n (e2e, bench, reliability, scale):
 *  - installN8n: a pinned n8n and the Node 24 it needs, in a cache outside the clone shared
 *    (under a lock) by every clone and run on the machine (install-n8n.sh);
 *  - installPackage: this package built, packed and npm-installed into a user folder's
 *    .n8n/nodes, as a self-hosted user installs a community package;
 *  - N8n: one throw-away n8n process (its own user folder, loopback ports, SQLite unless the
 *    environment says otherwise) started with n8n's own command ('start', 'webhook' or
 *    'worker'), waited for until ready (/healthz/readiness), logging to a file, and always
 *    stopped with its whole process group (task runners included); plus the owner, API key,
 *    credential, workflow and execution calls the tools make against it.
 * Every process started here ends with this process, however it ends.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT } from './repoRoot';

const ROOT = REPO_ROOT;

export const PACKAGE = 'n8n-nodes-whatsapp-business-account';
export const TRIGGER_TYPE = `${PACKAGE}.whatsAppBusinessAccountTrigger`;
export const ACTION_TYPE = `${PACKAGE}.whatsAppBusinessAccount`;

/** The n8n version runs use unless told otherwise (N8N_VERSION): the current 2.x the package is built on. */
export const DEFAULT_N8N_VERSION = '2.41.1';

export const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd!',
};
const BROWSER_ID = 'waba-e2e-runner';

export const sleep = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));

// ---- install ----------------------------------------------------------------------------

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
		cwd: ROOT,
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
	const out = sh('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-n8n.sh')], {
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
export function buildPackageOnce(): void {
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
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built module, by path
	return require(path.join(ROOT, 'dist', sourcePath.replace(/\.[jt]s$/, '') + '.js')) as T;
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
			cwd: path.join(ROOT, 'scripts', 'replay-cli'),
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

// ---- processes ----------------------------------------------------------------------------

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** `n` distinct free loopback ports. */
export async function freePorts(n: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < n) ports.add(await freePort());
	return [...ports];
}

// Processes started here; killed synchronously if this process dies in any way.
const live = new Set<ChildProcess>();

/** Signals a child's whole process group (it was started detached), or the child alone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-(child.pid as number), signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

let hooked = false;
function hookExit(): void {
	if (hooked) return;
	hooked = true;
	const killAll = () => {
		for (const c of live) killGroup(c, 'SIGKILL');
	};
	process.on('exit', killAll);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(sig, () => {
			console.error(`\n[n8n supervisor] ${sig}: stopping n8n and helpers`);
			killAll();
			process.exit(130);
		});
	}
}

export interface TrackedRun {
	/** The exit code, or null when it was ended (timeout) or could not start. */
	status: number | null;
	error?: Error;
	stdout: string;
	stderr: string;
}

/**
 * Runs a helper command in its own process group, tracked like n8n so a signal to this
 * process ends it too. Never rejects on an exit code; `timeoutMs` ends it (status null).
 */
export function runTracked(
	cmd: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<TrackedRun> {
	hookExit();
	return new Promise((resolve) => {
		const { timeoutMs, ...spawnOptions } = options;
		const child = spawn(cmd, args, {
			...spawnOptions,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		live.add(child);
		const timer = timeoutMs ? setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs) : null;
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (c: Buffer) => out.push(c));
		child.stderr?.on('data', (c: Buffer) => err.push(c));
		const done = (status: number | null, error?: Error) => {
			if (timer) clearTimeout(timer);
			live.delete(child);
			resolve({
				status,
				error,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		};
		child.on('error', (error) => done(null, error));
		child.on('close', (code) => done(code));
	});
}

/**
 * Starts a long-running helper (a database server, say) in its own process group, tracked
 * like n8n so that it ends with this process whatever happens.
 */
export function spawnTracked(
	cmd: string,
	args: string[],
	options: SpawnOptions = {},
): ChildProcess {
	hookExit();
	const child = spawn(cmd, args, { stdio: 'ignore', ...options, detached: true });
	live.add(child);
	child.on('exit', () => live.delete(child));
	return child;
}

// ---- n8n's answers ------------------------------------------------------------------------

export interface NodeRun {
	data?: {
		main?: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, Record<string, unknown>>;
		}> | null>;
	};
	error?: { message?: string };
}

/** An execution as n8n's public API returns it with includeData. */
export interface Execution {
	id: string;
	status: string;
	finished?: boolean;
	stoppedAt?: string | null;
	startedAt?: string;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

export interface Credential {
	id: string;
	name: string;
}

export interface WorkflowDefinition {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections?: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

/** A workflow holding the trigger alone, every execution kept (what e2e, reliability and scale import). */
export function triggerWorkflow(options: {
	name: string;
	credential: Credential;
	parameters: Record<string, unknown>;
	nodeName: string;
	typeVersion: number;
	webhookId?: string;
}): WorkflowDefinition {
	const { credential } = options;
	return {
		name: options.name,
		nodes: [
			{
				id: randomUUID(),
				name: options.nodeName,
				type: TRIGGER_TYPE,
				typeVersion: options.typeVersion,
				position: [0, 0],
				webhookId: options.webhookId ?? randomUUID(),
				parameters: options.parameters,
				credentials: {
					whatsAppBusinessAccountWebhookApi: { id: credential.id, name: credential.name },
				},
			},
		],
		connections: {},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}

/** Output items (json) of one node in an execution: main output `outputIndex` of its last run. */
export function nodeOutput(
	execution: Execution | undefined,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> | undefined {
	const runData = execution?.data?.resultData?.runData?.[nodeName];
	if (!runData || !runData.length) return undefined;
	const main = runData[runData.length - 1]?.data?.main?.[outputIndex] || [];
	return main.map((i) => i.json);
}

// ---- one n8n process ----------------------------------------------------------------------

export type N8nCommand = 'start' | 'webhook' | 'worker';

export interface N8nOptions {
	nodeHome: string;
	n8nDir: string;
	/** N8N_USER_FOLDER (the .n8n folder goes inside). */
	userFolder: string;
	logFile: string;
	/** Extra environment, over the defaults. */
	env?: Record<string, string>;
	/** The installed n8n's version (default: the 2.x default). */
	n8nVersion?: string;
	/** n8n's command (default 'start'). */
	command?: N8nCommand;
	/** Extra arguments to the command (e.g. --concurrency=10). */
	args?: string[];
}

/** A JSON answer of n8n's APIs: read by the callers that know its shape. */
export type Answer = any;

/**
 * One throw-away n8n process. start() waits until ready; stop() always ends the whole
 * process group (n8n and its task runners); kill() ends it abruptly; start() again after
 * either reuses the same HTTP port.
 */
export class N8n {
	readonly nodeHome: string;
	readonly n8nDir: string;
	readonly userFolder: string;
	readonly logFile: string;
	readonly env: Record<string, string>;
	readonly n8nVersion: string;
	readonly command: N8nCommand;
	readonly args: string[];
	/** Set before start() to choose the HTTP port (kept across restarts). */
	port?: number;
	cookie: string | null = null;
	apiKey: string | null = null;
	child?: ChildProcess;
	exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
	bootMs?: number;
	startedAt?: number;
	private processEnv: NodeJS.ProcessEnv = {};
	private exited?: Promise<unknown>;

	constructor(o: N8nOptions) {
		this.nodeHome = o.nodeHome;
		this.n8nDir = o.n8nDir;
		this.userFolder = o.userFolder;
		this.logFile = o.logFile;
		this.env = o.env ?? {};
		this.n8nVersion = o.n8nVersion ?? DEFAULT_N8N_VERSION;
		this.command = o.command ?? 'start';
		this.args = o.args ?? [];
	}

	/** n8n's major version: 1 and 2 differ in a few endpoints. */
	get major(): number {
		return Number(this.n8nVersion.split('.')[0]);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	private get bin(): string {
		return path.join(this.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	}

	private get node(): string {
		return path.join(this.nodeHome, 'bin', 'node');
	}

	async start({ timeoutMs = 180_000 }: { timeoutMs?: number } = {}): Promise<this> {
		hookExit();
		const [freshPort, brokerPort] = await freePorts(2);
		// a restarted process keeps its port: clients keep their URLs
		const port = this.port ?? freshPort;
		this.port = port;
		this.exitInfo = undefined;
		const command = this.command;
		fs.mkdirSync(this.userFolder, { recursive: true });
		const env: NodeJS.ProcessEnv = {
			PATH: `${path.join(this.nodeHome, 'bin')}:${process.env.PATH}`,
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_MODE: 'internal',
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: 'waba-e2e-encryption-key-not-secret',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_CONCURRENCY_PRODUCTION_LIMIT: '-1',
			NODE_ENV: 'production',
			// a worker serves /healthz/readiness only when asked to
			...(command === 'worker'
				? {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(port),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}
				: {}),
			...this.env,
		};
		this.processEnv = env;
		const log = fs.openSync(this.logFile, 'a');
		this.startedAt = Date.now();
		const child = spawn(this.node, [this.bin, command, ...this.args], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', log, log],
			detached: true, // own process group: stop() ends the task runners too
		});
		this.child = child;
		fs.closeSync(log);
		live.add(child);
		this.exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				live.delete(child);
				this.exitInfo = { code, signal };
				resolve(this.exitInfo);
			}),
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exitInfo)
				throw new Error(
					`n8n exited during start (${JSON.stringify(this.exitInfo)}); see ${this.logFile}`,
				);
			if (await this.ready()) {
				this.bootMs = Date.now() - this.startedAt;
				return this;
			}
			await sleep(500);
		}
		throw new Error(`n8n not healthy after ${timeoutMs} ms; see ${this.logFile}`);
	}

	/** Ready: /healthz/readiness answers, and on a main the editor's REST API too. */
	private async ready(): Promise<boolean> {
		try {
			const h = await fetch(`${this.baseUrl}/healthz/readiness`);
			if (!h.ok) return false;
			return this.command !== 'start' || (await fetch(`${this.baseUrl}/rest/settings`)).ok;
		} catch {
			return false; // not listening yet
		}
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || this.exitInfo) return;
		killGroup(child, 'SIGTERM');
		const t = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
		await this.exited;
		clearTimeout(t);
		// make sure nothing of the group (task runner) survives
		killGroup(child, 'SIGKILL');
	}

	/** Ends the whole process group at once with `signal` (SIGKILL: a crash), and waits for it. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.child;
		if (!child || this.exitInfo) return;
		killGroup(child, signal);
		await this.exited;
		killGroup(child, 'SIGKILL');
	}

	/**
	 * Runs a saved workflow once with `n8n execute --id` (a manual run, from n8n's own CLI)
	 * beside the running n8n: same user folder and database, its own task-runner port.
	 */
	async execute(
		workflowId: string,
		{ timeoutMs = 180_000 }: { timeoutMs?: number } = {},
	): Promise<TrackedRun> {
		const [brokerPort] = await freePorts(1);
		const env = {
			...this.processEnv,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_LEVEL: 'warn',
		};
		return await runTracked(this.node, [this.bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			env,
			cwd: this.userFolder,
			timeoutMs,
		});
	}

	// ---- REST (session) ----
	async rest(
		method: string,
		urlPath: string,
		body?: unknown,
		o?: { expect?: number[]; raw?: false },
	): Promise<Answer>;
	async rest(
		method: string,
		urlPath: string,
		body: unknown,
		o: { expect?: number[]; raw: true },
	): Promise<{ status: number; text: string }>;
	async rest(
		method: string,
		urlPath: string,
		body?: unknown,
		{ expect = [200], raw = false }: { expect?: number[]; raw?: boolean } = {},
	): Promise<Answer> {
		const headers: Record<string, string> = {
			'browser-id': BROWSER_ID,
			accept: 'application/json',
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await fetch(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const c of res.headers.getSetCookie?.() ?? []) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		if (!expect.includes(res.status))
			throw new Error(`REST ${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		if (raw) return { status: res.status, text };
		const json = text ? (JSON.parse(text) as Answer) : undefined;
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	async setupOwner(): Promise<void> {
		await this.rest('POST', '/owner/setup', OWNER);
		await this.login();
	}

	async login(): Promise<void> {
		this.cookie = null;
		await this.rest('POST', '/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (!this.cookie) throw new Error('login did not set the n8n-auth cookie');
	}

	async createApiKey(): Promise<void> {
		const scopes = (await this.rest('GET', '/api-keys/scopes')) as string[];
		const key = (await this.rest('POST', '/api-keys', {
			label: 'e2e',
			scopes,
			expiresAt: null,
		})) as { rawApiKey?: string };
		this.apiKey = key.rawApiKey ?? null;
		if (!this.apiKey) throw new Error('no rawApiKey in the API key response');
	}

	// ---- public API ----
	async api(
		method: string,
		urlPath: string,
		body?: unknown,
		{ expect = [200] }: { expect?: number[] } = {},
	): Promise<Answer> {
		const headers: Record<string, string> = {
			'X-N8N-API-KEY': this.apiKey ?? '',
			accept: 'application/json',
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(`${this.baseUrl}/api/v1${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!expect.includes(res.status))
			throw new Error(`API ${method} ${urlPath} -> ${res.status}: ${text.slice(0, 800)}`);
		return text ? (JSON.parse(text) as Answer) : undefined;
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<Credential> {
		// n8n 1.x adds "Allowed HTTP Request Domains" to credentials that authenticate requests,
		// and its public API then requires allowedDomains unless the choice is 'all'
		if (this.major < 2 && !('allowedHttpRequestDomains' in data)) {
			const schema = (await this.api('GET', `/credentials/schema/${type}`)) as
				{ properties?: Record<string, unknown> } | undefined;
			if (schema?.properties?.allowedHttpRequestDomains)
				data = { ...data, allowedHttpRequestDomains: 'all' };
		}
		return (await this.api('POST', '/credentials', { name, type, data })) as Credential;
	}

	/** Imports a workflow (public API) and publishes (activates) it unless told not to. */
	async importWorkflow(
		wf: WorkflowDefinition,
		{ activate = true }: { activate?: boolean } = {},
	): Promise<{ id: string }> {
		const body = {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections || {},
			settings: wf.settings || { executionOrder: 'v1' },
		};
		const created = (await this.api('POST', '/workflows', body)) as { id: string };
		if (activate) await this.publish(created.id);
		return created;
	}

	/**
	 * Publishes a workflow: n8n 2.x publishes (and answers before the trigger has registered),
	 * 1.x activates it (and answers once it has, with the node's refusal as an error).
	 */
	async publish(
		workflowId: string,
		{ expect = [200] }: { expect?: number[] } = {},
	): Promise<Answer> {
		return await this.api(
			'POST',
			`/workflows/${workflowId}/${this.major < 2 ? 'activate' : 'publish'}`,
			{},
			{ expect },
		);
	}

	/** All executions of a workflow with their data (follows the cursor). */
	async executions(workflowId: string): Promise<Execution[]> {
		const out: Execution[] = [];
		let cursor: string | undefined;
		do {
			const q = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const page = (await this.api('GET', `/executions?${q}`)) as {
				data: Execution[];
				nextCursor?: string;
			};
			out.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return out;
	}

	/** Waits until the workflow has `count` finished executions and none running. */
	async waitForExecutions(
		workflowId: string,
		count: number,
		{ timeoutMs = 60_000, settleMs = 1500 }: { timeoutMs?: number; settleMs?: number } = {},
	): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		let last: Execution[] = [];
		while (Date.now() < deadline) {
			last = await this.executions(workflowId);
			const done = last.filter((e) => e.finished || e.stoppedAt);
			if (done.length >= count && done.length === last.length) {
				// wait a little longer: an unexpected extra execution must show up too
				await sleep(settleMs);
				const again = await this.executions(workflowId);
				if (again.length === last.length) return again;
				last = again;
			}
			await sleep(500);
		}
		return last;
	}
}
