/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- tooling: runs outside n8n, not published */
/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's REST answers and delivery JSON are untyped here */
/**
 * Thin glue over the end-to-end library (scripts/e2e/lib/n8n.js and install.js, read-only
 * here): packs this package and npm-installs it into a throw-away n8n's user folder, as
 * users install it, starts that n8n on loopback, creates the
 * webhook credential and one active workflow with the trigger, and reads executions back.
 * Always stopped by the caller (stop() ends the whole process group).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { parseFlatted } from '../lib/flatted';
import { groupCpuSeconds } from '../lib/processCpu';

export { parseFlatted };

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
	rest(method: string, urlPath: string, body?: unknown, o?: { expect?: number[] }): Promise<any>;
	apiKey: string | null;
	executions(workflowId: string): Promise<any[]>;
	exitInfo?: unknown;
	child?: { pid?: number };
}

interface E2eLib {
	N8n: new (o: { nodeHome: string; n8nDir: string; userFolder: string; logFile: string; env?: Record<string, string> }) => E2eN8n;
	nodeOutput(execution: unknown, nodeName: string, outputIndex?: number): Array<Record<string, unknown>> | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const e2e = require(path.join(ROOT, 'scripts', 'e2e', 'lib', 'n8n.js')) as E2eLib;
export const nodeOutput = e2e.nodeOutput;

export const TRIGGER_NODE_NAME = 'WhatsApp Business Account Trigger';

interface E2eInstall {
	installN8n(): { nodeHome: string; n8nDir: string };
	installPackage(userFolder: string, o: { nodeHome: string; outDir: string; build?: boolean }): { tarball: string; files: string[]; installedAt: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const install = require(path.join(ROOT, 'scripts', 'e2e', 'lib', 'install.js')) as E2eInstall;

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
		const { nodeHome, n8nDir } = install.installN8n();
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-reliability-n8n-'));
		// packed and npm-installed into .n8n/nodes as users install it (npm run reliability has just built it)
		install.installPackage(userFolder, { nodeHome, outDir: path.join(userFolder, 'pack'), build: false });
		const n8n = new e2e.N8n({
			nodeHome,
			n8nDir,
			userFolder,
			logFile: path.join(userFolder, 'n8n.log'),
			env: {
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

	/**
	 * Executions of a workflow, with their data (every page). n8n's public API answers 500 for
	 * a whole page when one execution's data cannot be serialised again (a value nested
	 * 10,000 deep: it was stored, and n8n's own REST API still serves it); such a page is
	 * read one execution at a time instead.
	 */
	async executions(workflowId: string): Promise<any[]> {
		try {
			return await this.n8n.executions(workflowId);
		} catch (error) {
			if (!/ -> 500:/.test(String((error as Error).message))) throw error;
		}
		const out: any[] = [];
		for (const summary of await this.summaries(workflowId)) out.push(await this.execution(String(summary.id)));
		return out;
	}

	/** One execution with its data: from the public API, else from n8n's REST API (flatted). */
	async execution(id: string): Promise<any> {
		const answer = await fetch(`${this.n8n.baseUrl}/api/v1/executions/${encodeURIComponent(id)}?includeData=true`, {
			headers: { 'X-N8N-API-KEY': String(this.n8n.apiKey), accept: 'application/json' },
		});
		const text = await answer.text();
		if (answer.ok) return JSON.parse(text);
		const stored = await this.n8n.rest('GET', `/executions/${encodeURIComponent(id)}`);
		return { ...stored, data: typeof stored.data === 'string' ? parseFlatted(stored.data) : stored.data, readFrom: 'rest' };
	}

	/** Every execution of a workflow without its data (id, status, finished, times): cheap. */
	async summaries(workflowId: string): Promise<Array<{ id: string; status: string; finished: boolean }>> {
		const out: Array<{ id: string; status: string; finished: boolean }> = [];
		let cursor: string | undefined;
		do {
			const q = new URLSearchParams({ workflowId, limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const page = await this.n8n.api('GET', `/executions?${q}`);
			out.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return out;
	}

	/** How many executions a workflow has. */
	async executionCount(workflowId: string): Promise<number> {
		return (await this.summaries(workflowId)).length;
	}

	async healthy(): Promise<boolean> {
		try {
			return (await fetch(`${this.n8n.baseUrl}/healthz`)).ok;
		} catch {
			return false;
		}
	}

	/** CPU seconds used so far by n8n's process group (n8n and its task runner), from /proc. */
	cpuSeconds(): number {
		return groupCpuSeconds(this.n8n.child?.pid);
	}

	/** n8n's peak resident memory (main process), MiB. */
	peakRssMiB(): number {
		try {
			const status = fs.readFileSync(`/proc/${this.n8n.child?.pid}/status`, 'utf8');
			return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
		} catch {
			return NaN;
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
