/**
 * The calls the tools make to a running n8n: the editor's REST API with the owner's session
 * (owner set-up, login, API key) and the public API with that key (credentials, workflows,
 * executions), for n8n 1.x and 2.x. `N8n` (instance.ts) is one of these with its process.
 */
import { sleep } from '../sleep';

export const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd!',
};
const BROWSER_ID = 'waba-e2e-runner';

/** A JSON answer of n8n's APIs: read by the callers that know its shape. */
export type Answer = any;

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

/** A client of one n8n at 127.0.0.1:`port`, holding its session cookie and API key. */
export class N8nClient {
	/** n8n's HTTP port (an N8n: set before start() to choose it; kept across restarts). */
	port?: number;
	cookie: string | null = null;
	apiKey: string | null = null;

	constructor(readonly n8nVersion: string) {}

	/** n8n's major version: 1 and 2 differ in a few endpoints. */
	get major(): number {
		return Number(this.n8nVersion.split('.')[0]);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
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
