'use strict';
// Lifecycle of one throw-away n8n process: its own user folder, ports on loopback, SQLite by
// default (env overrides it: Postgres and Redis for queue mode). `command` is n8n's own
// command: 'start' (a main), 'webhook' (a webhook processor) or 'worker'.
// start() waits for health; stop() always ends the whole process group (n8n + task runners);
// kill() ends it abruptly; start() again after either reuses the same HTTP port.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd!',
};
const BROWSER_ID = 'waba-e2e-runner';

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function freePorts(n) {
	const ports = new Set();
	while (ports.size < n) ports.add(await freePort());
	return [...ports];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Processes started here; killed synchronously if this process dies in any way.
const live = new Set();
function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}
let hooked = false;
function hookExit() {
	if (hooked) return;
	hooked = true;
	const killAll = () => {
		for (const c of live) killGroup(c, 'SIGKILL');
	};
	process.on('exit', killAll);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			console.error(`\n[e2e] ${sig}: stopping n8n and helpers`);
			killAll();
			process.exit(130);
		});
	}
}

/**
 * Runs a helper command in its own process group, tracked like n8n so a signal to this
 * process ends it too. Resolves with { status, stdout, stderr } (never rejects on exit code);
 * options.timeoutMs ends it (status null) when it runs longer.
 */
function runTracked(cmd, args, options = {}) {
	hookExit();
	return new Promise((resolve) => {
		const { timeoutMs, ...spawnOptions } = options;
		const child = spawn(cmd, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		live.add(child);
		// a helper that hangs is ended (its whole group) and reported as status null
		const timer = timeoutMs ? setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs) : null;
		const out = [];
		const err = [];
		child.stdout.on('data', (c) => out.push(c));
		child.stderr.on('data', (c) => err.push(c));
		const done = (status, error) => {
			if (timer) clearTimeout(timer);
			live.delete(child);
			resolve({ status, error, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		};
		child.on('error', (error) => done(null, error));
		child.on('close', (code) => done(code));
	});
}

/**
 * Starts a long-running helper (a database server, say) in its own process group, tracked
 * like n8n so that it ends with this process whatever happens. Returns the child process.
 */
function spawnTracked(cmd, args, options = {}) {
	hookExit();
	const child = spawn(cmd, args, { stdio: 'ignore', ...options, detached: true });
	live.add(child);
	child.on('exit', () => live.delete(child));
	return child;
}

class N8n {
	/**
	 * @param {object} o
	 * @param {string} o.nodeHome  Node 24 home (bin/node)
	 * @param {string} o.n8nDir    folder holding node_modules/n8n
	 * @param {string} o.userFolder N8N_USER_FOLDER (the .n8n folder goes inside)
	 * @param {string} o.logFile
	 * @param {object} [o.env]     extra environment
	 * @param {string} [o.n8nVersion] the installed n8n's version (default: the 2.x default)
	 * @param {'start'|'webhook'|'worker'} [o.command] n8n's command (default 'start')
	 * @param {string[]} [o.args]  extra arguments to the command (e.g. --concurrency=10)
	 */
	constructor(o) {
		Object.assign(this, o);
		this.cookie = null;
		this.apiKey = null;
	}

	/** n8n's major version: 1 and 2 differ in a few endpoints. */
	get major() {
		return Number((this.n8nVersion || '2').split('.')[0]);
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	async start({ timeoutMs = 180_000 } = {}) {
		hookExit();
		const [freshPort, brokerPort] = await freePorts(2);
		// a restarted process keeps its port: clients keep their URLs
		const port = this.port ?? freshPort;
		this.port = port;
		this.exitInfo = undefined;
		const command = this.command || 'start';
		fs.mkdirSync(this.userFolder, { recursive: true });
		const env = {
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
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {}),
			...(this.env || {}),
		};
		this.processEnv = env;
		const log = fs.openSync(this.logFile, 'a');
		const bin = path.join(this.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.startedAt = Date.now();
		this.child = spawn(path.join(this.nodeHome, 'bin', 'node'), [bin, command, ...(this.args || [])], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', log, log],
			detached: true, // own process group: stop() ends the task runners too
		});
		fs.closeSync(log);
		live.add(this.child);
		const child = this.child;
		this.exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				live.delete(child);
				this.exitInfo = { code, signal };
				resolve(this.exitInfo);
			}),
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exitInfo) {
				throw new Error(`n8n exited during start (${JSON.stringify(this.exitInfo)}); see ${this.logFile}`);
			}
			try {
				const h = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (h.ok) {
					// only a main serves the editor's REST API
					const r = command === 'start' ? await fetch(`${this.baseUrl}/rest/settings`) : h;
					if (r.ok) {
						this.bootMs = Date.now() - this.startedAt;
						return this;
					}
				}
			} catch {
				/* not listening yet */
			}
			await sleep(500);
		}
		throw new Error(`n8n not healthy after ${timeoutMs} ms; see ${this.logFile}`);
	}

	async stop() {
		if (!this.child || this.exitInfo) return;
		killGroup(this.child, 'SIGTERM');
		const t = setTimeout(() => killGroup(this.child, 'SIGKILL'), 20_000);
		await this.exited;
		clearTimeout(t);
		// Make sure nothing of the group (task runner) survives.
		killGroup(this.child, 'SIGKILL');
	}

	/** Ends the whole process group at once with `signal` (SIGKILL: a crash), and waits for it. */
	async kill(signal = 'SIGKILL') {
		if (!this.child || this.exitInfo) return;
		killGroup(this.child, signal);
		await this.exited;
		killGroup(this.child, 'SIGKILL');
	}

	/**
	 * Runs a saved workflow once with `n8n execute --id` (a manual run, from n8n's own CLI)
	 * beside the running n8n: same user folder and database, its own task-runner port.
	 * Resolves with { status, stdout, stderr }.
	 */
	async execute(workflowId, { timeoutMs = 180_000 } = {}) {
		const [brokerPort] = await freePorts(1);
		const env = { ...this.processEnv, N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'warn' };
		const bin = path.join(this.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		return await runTracked(path.join(this.nodeHome, 'bin', 'node'), [bin, 'execute', `--id=${workflowId}`, '--rawOutput'], { env, cwd: this.userFolder, timeoutMs });
	}

	// ---- REST (session) ----
	async rest(method, urlPath, body, { expect = [200], raw = false } = {}) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await fetch(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() || [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		if (!expect.includes(res.status)) {
			throw new Error(`REST ${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		}
		if (raw) return { status: res.status, text };
		const json = text ? JSON.parse(text) : undefined;
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	async setupOwner() {
		await this.rest('POST', '/owner/setup', OWNER);
		await this.login();
	}

	async login() {
		this.cookie = null;
		await this.rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		if (!this.cookie) throw new Error('login did not set the n8n-auth cookie');
	}

	async createApiKey() {
		const scopes = await this.rest('GET', '/api-keys/scopes');
		const key = await this.rest('POST', '/api-keys', { label: 'e2e', scopes, expiresAt: null });
		this.apiKey = key.rawApiKey;
		if (!this.apiKey) throw new Error('no rawApiKey in the API key response');
	}

	// ---- public API ----
	async api(method, urlPath, body, { expect = [200] } = {}) {
		const headers = { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(`${this.baseUrl}/api/v1${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!expect.includes(res.status)) {
			throw new Error(`API ${method} ${urlPath} -> ${res.status}: ${text.slice(0, 800)}`);
		}
		return text ? JSON.parse(text) : undefined;
	}

	async createCredential(name, type, data) {
		// n8n 1.x adds "Allowed HTTP Request Domains" to credentials that authenticate requests,
		// and its public API then requires allowedDomains unless the choice is 'all'
		if (this.major < 2 && !('allowedHttpRequestDomains' in data)) {
			const schema = await this.api('GET', `/credentials/schema/${type}`);
			if (schema?.properties?.allowedHttpRequestDomains) data = { ...data, allowedHttpRequestDomains: 'all' };
		}
		return await this.api('POST', '/credentials', { name, type, data });
	}

	/** Imports a workflow (public API) and publishes (activates) it when asked. */
	async importWorkflow(wf, { activate = true } = {}) {
		const body = {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections || {},
			settings: wf.settings || { executionOrder: 'v1' },
		};
		const created = await this.api('POST', '/workflows', body);
		if (activate) await this.publish(created.id);
		return created;
	}

	/**
	 * Publishes a workflow: n8n 2.x publishes (and answers before the trigger has registered),
	 * 1.x activates it (and answers once it has, with the node's refusal as an error).
	 * Returns n8n's answer.
	 */
	async publish(workflowId, { expect = [200] } = {}) {
		return await this.api('POST', `/workflows/${workflowId}/${this.major < 2 ? 'activate' : 'publish'}`, {}, { expect });
	}

	/** All executions of a workflow with their data (follows the cursor). */
	async executions(workflowId) {
		const out = [];
		let cursor;
		do {
			const q = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${q}`);
			out.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return out;
	}

	/** Waits until the workflow has `count` finished executions and none running. */
	async waitForExecutions(workflowId, count, { timeoutMs = 60_000, settleMs = 1500 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last = [];
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

/** Output items of one node in an execution (main output 0 of its last run). */
function nodeOutput(execution, nodeName, outputIndex = 0) {
	const runData = execution?.data?.resultData?.runData?.[nodeName];
	if (!runData || !runData.length) return undefined;
	const last = runData[runData.length - 1];
	const main = last?.data?.main?.[outputIndex] || [];
	return main.map((i) => i.json);
}

module.exports = { N8n, OWNER, BROWSER_ID, freePort, freePorts, killGroup, nodeOutput, runTracked, spawnTracked, sleep };
