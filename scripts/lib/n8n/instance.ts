/**
 * One throw-away n8n process (its own user folder, loopback ports, SQLite unless the
 * environment says otherwise) started with n8n's own command ('start', 'webhook' or
 * 'worker'), waited for until ready (/healthz/readiness), logging to a file, and always
 * stopped with its whole process group (task runners included); a client of itself
 * (client.ts) for the owner, API key, credential, workflow and execution calls.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { sleep } from '../sleep';
import { N8nClient } from './client';
import { DEFAULT_N8N_VERSION } from './install';
import { freePorts, killGroup, runTracked, track, untrack, type TrackedRun } from './processes';

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

/**
 * One throw-away n8n process. start() waits until ready; stop() always ends the whole
 * process group (n8n and its task runners); kill() ends it abruptly; start() again after
 * either reuses the same HTTP port.
 */
export class N8n extends N8nClient {
	readonly nodeHome: string;
	readonly n8nDir: string;
	readonly userFolder: string;
	readonly logFile: string;
	readonly env: Record<string, string>;
	readonly command: N8nCommand;
	readonly args: string[];
	child?: ChildProcess;
	exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
	bootMs?: number;
	startedAt?: number;
	private processEnv: NodeJS.ProcessEnv = {};
	private exited?: Promise<unknown>;

	constructor(o: N8nOptions) {
		super(o.n8nVersion ?? DEFAULT_N8N_VERSION);
		this.nodeHome = o.nodeHome;
		this.n8nDir = o.n8nDir;
		this.userFolder = o.userFolder;
		this.logFile = o.logFile;
		this.env = o.env ?? {};
		this.command = o.command ?? 'start';
		this.args = o.args ?? [];
	}

	private get bin(): string {
		return path.join(this.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	}

	private get node(): string {
		return path.join(this.nodeHome, 'bin', 'node');
	}

	async start({ timeoutMs = 180_000 }: { timeoutMs?: number } = {}): Promise<this> {
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
		track(child);
		this.exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				untrack(child);
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
}
