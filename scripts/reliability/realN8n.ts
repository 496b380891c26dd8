/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's REST answers and delivery JSON are untyped here */
/**
 * Thin glue over the end-to-end library (scripts/e2e/lib/n8n.js, read-only here): installs
 * this package into a throw-away n8n's user folder, starts it on loopback, creates the
 * webhook credential and one active workflow with the trigger, and reads executions back.
 * Always stopped by the caller (stop() ends the whole process group).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PACKAGE_NAME = 'n8n-nodes-whatsapp-business-account';
export const TRIGGER_TYPE = `${PACKAGE_NAME}.whatsAppBusinessAccountTrigger`;

/** The repository root (this file runs from dist/scripts/reliability/). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

interface E2eN8n {
	baseUrl: string;
	bootMs?: number;
	logFile: string;
	start(o?: { timeoutMs?: number }): Promise<unknown>;
	stop(): Promise<void>;
	setupOwner(): Promise<void>;
	createApiKey(): Promise<void>;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }>;
	importWorkflow(wf: Record<string, unknown>, o?: { activate?: boolean }): Promise<{ id: string }>;
	api(method: string, urlPath: string, body?: unknown, o?: { expect?: number[] }): Promise<any>;
	executions(workflowId: string): Promise<any[]>;
	exitInfo?: unknown;
}

interface E2eLib {
	N8n: new (o: { nodeHome: string; n8nDir: string; userFolder: string; logFile: string; env?: Record<string, string> }) => E2eN8n;
	nodeOutput(execution: unknown, nodeName: string, outputIndex?: number): Array<Record<string, unknown>> | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const e2e = require(path.join(ROOT, 'scripts', 'e2e', 'lib', 'n8n.js')) as E2eLib;
export const nodeOutput = e2e.nodeOutput;

export const TRIGGER_NODE_NAME = 'WhatsApp Business Account Trigger';

/** Runs the e2e installer (idempotent: reuses the cache) and returns where n8n and Node 24 are. */
export function installN8n(): { nodeHome: string; n8nDir: string } {
	const out = execFileSync('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
	const nodeHome = value('NODE24_HOME');
	const n8nDir = value('N8N_DIR');
	if (!nodeHome || !n8nDir) throw new Error(`install-n8n.sh did not say where n8n is:\n${out}`);
	return { nodeHome, n8nDir };
}

/** Copies the built package (package.json + dist) where n8n loads community packages from. */
function installPackage(userFolder: string) {
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(target, 'package.json'));
	for (const dir of ['nodes', 'credentials', 'schemas']) {
		const from = path.join(ROOT, 'dist', dir);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(target, 'dist', dir), { recursive: true });
	}
	fs.writeFileSync(
		path.join(userFolder, '.n8n', 'nodes', 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: '*' } }),
	);
}

export interface WebhookSecrets {
	appId: string;
	appSecret: string;
	verifyToken: string;
}

export interface RealTrigger {
	workflowId: string;
	url: string;
}

export class RealN8n {
	private constructor(
		readonly n8n: E2eN8n,
		readonly userFolder: string,
	) {}

	get logFile(): string {
		return this.n8n.logFile;
	}

	static async start(env: Record<string, string> = {}): Promise<RealN8n> {
		const { nodeHome, n8nDir } = installN8n();
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-reliability-n8n-'));
		installPackage(userFolder);
		const n8n = new e2e.N8n({
			nodeHome,
			n8nDir,
			userFolder,
			logFile: path.join(userFolder, 'n8n.log'),
			env: {
				EXECUTIONS_DATA_PRUNE: 'false',
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
				EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_RUNNERS_ENABLED: 'true',
				...env,
			},
		});
		const host = new RealN8n(n8n, userFolder);
		try {
			await n8n.start({ timeoutMs: 240_000 });
			await n8n.setupOwner();
			await n8n.createApiKey();
		} catch (error) {
			await host.stop();
			throw error;
		}
		return host;
	}

	/** Creates the credential and one active workflow: the trigger alone, default options. */
	async trigger(name: string, secrets: WebhookSecrets, parameters: Record<string, unknown> = {}): Promise<RealTrigger> {
		const credential = await this.n8n.createCredential(`${name} webhook`, 'whatsAppBusinessAccountWebhookApi', {
			appId: secrets.appId,
			appSecret: secrets.appSecret,
			verifyToken: secrets.verifyToken,
			baseUrl: 'https://graph.facebook.com',
		});
		const webhookId = cryptoRandomUuid();
		const workflow = await this.n8n.importWorkflow({
			name,
			nodes: [
				{
					id: cryptoRandomUuid(),
					name: TRIGGER_NODE_NAME,
					type: TRIGGER_TYPE,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters,
					credentials: { whatsAppBusinessAccountWebhookApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		});
		const url = `${this.n8n.baseUrl}/webhook/${webhookId}/webhook`;
		// n8n publishes through an outbox: the webhook is registered a moment after the call.
		const deadline = Date.now() + 60_000;
		for (;;) {
			const answer = await fetch(`${url}?hub.mode=subscribe&hub.challenge=ready&hub.verify_token=${encodeURIComponent(secrets.verifyToken)}`);
			await answer.text();
			if (answer.status !== 404) break;
			if (Date.now() > deadline) throw new Error(`the webhook of workflow ${workflow.id} was not registered within 60 s`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return { workflowId: workflow.id, url };
	}

	/** Executions of a workflow, with their data (every page). */
	async executions(workflowId: string): Promise<any[]> {
		return await this.n8n.executions(workflowId);
	}

	/** How many executions a workflow has (no data: cheap). */
	async executionCount(workflowId: string): Promise<number> {
		let count = 0;
		let cursor: string | undefined;
		do {
			const q = new URLSearchParams({ workflowId, limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const page = await this.n8n.api('GET', `/executions?${q}`);
			count += page.data.length;
			cursor = page.nextCursor;
		} while (cursor);
		return count;
	}

	async healthy(): Promise<boolean> {
		try {
			return (await fetch(`${this.n8n.baseUrl}/healthz`)).ok;
		} catch {
			return false;
		}
	}

	log(): string {
		try {
			return fs.readFileSync(this.n8n.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	async stop(): Promise<void> {
		await this.n8n.stop();
	}

	removeFolder() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

function cryptoRandomUuid(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require('crypto') as typeof import('crypto')).randomUUID();
}
