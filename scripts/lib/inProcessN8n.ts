/**
 * Runs the trigger node's webhook method the way n8n does, in this process: a real HTTP
 * server on loopback, n8n-workflow's Workflow and n8n-core's WebhookContext around the node,
 * and n8n's handling of the answer (the node's own response, or n8n's default one). Only the
 * parts of n8n that are not about one webhook call (database, queue, editor) are left out.
 *
 * What n8n does before a node sees the request is reproduced too, because users meet it:
 * n8n reads the raw body and parses JSON bodies itself, decoded with the Content-Type's charset
 * as n8n reads it, answering 422 when that fails.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';

import { resolveWebhookDescriptionField } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { WhatsAppBusinessAccountApi } from '../../credentials/WhatsAppBusinessAccountApi.credentials';
import { WhatsAppBusinessAccountWebhookApi } from '../../credentials/WhatsAppBusinessAccountWebhookApi.credentials';
import { WhatsAppN8nApi } from '../../credentials/WhatsAppN8nApi.credentials';
import {
	DEFAULT_TRIGGER_VERSION,
	WhatsAppBusinessAccountTrigger,
} from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node.js';
import { useTemporaryUserFolder } from './n8nUserFolder';
import { requireFrom } from './requireFrom';
import { readBody } from './readBody';

export const TRIGGER_TYPE = 'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccountTrigger';

export interface TriggerCredentials {
	whatsAppBusinessAccountWebhookApi: {
		appId: string;
		appSecret: string;
		verifyToken: string;
		baseUrl?: string;
	};
	whatsAppBusinessAccountApi?: {
		accessToken: string;
		appSecret?: string;
		apiVersion?: string;
		baseUrl?: string;
	};
}

/** One started execution: what the trigger handed to the workflow, per output. */
export interface Execution {
	outputs: INodeExecutionData[][];
}

export interface InProcessTriggerOptions {
	credentials: TriggerCredentials;
	parameters?: INodeParameters;
	port?: number;
	/** The node's typeVersion; the version n8n gives a newly added node by default. */
	typeVersion?: number;
	/**
	 * Use `parameters` as they are, every other parameter at the node's default, as for a node
	 * just added in the editor. Otherwise the host receives every change (includeStatuses on
	 * unless `parameters` says otherwise), as the fixture replay needs.
	 */
	asAddedInEditor?: boolean;
}

type N8nCore = typeof import('n8n-core');
type N8nWorkflow = typeof import('n8n-workflow');

export function loadN8n(): { core: N8nCore; workflow: N8nWorkflow } {
	// n8n-core's contexts read instance settings (an encryption key file) from the user folder
	useTemporaryUserFolder('waba-n8n-');
	return {
		core: requireFrom<N8nCore>('n8n-core'),
		workflow: requireFrom<N8nWorkflow>('n8n-workflow'),
	};
}

/** n8n's own reading of Content-Type, from the @n8n/backend-network that n8n-core depends on. */
function loadParseIncomingMessage(): (message: http.IncomingMessage) => void {
	const besideCore = path.dirname(require.resolve('n8n-core'));
	const network = requireFrom<typeof import('@n8n/backend-network')>(
		'@n8n/backend-network',
		besideCore,
	);
	return network.parseIncomingMessage;
}

/** Query string → object, repeated keys as arrays (what express gives a node). */
function parseQuery(search: string): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(search)) {
		const existing = query[key];
		if (existing === undefined) query[key] = value;
		else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

/** The express response methods nodes use, on a plain ServerResponse. */
export function expressLikeResponse(res: http.ServerResponse) {
	const r = res as http.ServerResponse & Record<string, unknown>;
	r.status = (code: number) => {
		res.statusCode = code;
		return r;
	};
	r.type = (type: string) => {
		res.setHeader(
			'content-type',
			type.includes('/') ? type : type === 'json' ? 'application/json' : 'text/plain',
		);
		return r;
	};
	r.json = (body: unknown) => {
		if (!res.hasHeader('content-type'))
			res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return r;
	};
	r.send = (body: unknown) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body))
			return (r.json as (b: unknown) => unknown)(body);
		if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
		res.end(body as string | Buffer);
		return r;
	};
	return r;
}

const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	whatsAppBusinessAccountApi: new WhatsAppBusinessAccountApi(),
	whatsAppBusinessAccountWebhookApi: new WhatsAppBusinessAccountWebhookApi(),
	whatsAppN8nApi: new WhatsAppN8nApi(),
};

/**
 * n8n's credentials helper, reduced to what nodes reach: decrypted values (here, the ones
 * given) and authentication through the credential type's own `authenticate`, as n8n
 * applies it to httpRequestWithAuthentication.
 */
export function credentialsHelperFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	onRead?: (type: string) => void,
) {
	return {
		getDecrypted: async (_data: unknown, _node: unknown, type: string) => {
			onRead?.(type);
			const found = credentials[type];
			if (!found) throw new Error(`no credential of type ${type}`);
			return { ...found };
		},
		authenticate: async (
			values: ICredentialDataDecryptedObject,
			type: string,
			options: IHttpRequestOptions,
		) => {
			const authenticate = CREDENTIAL_TYPES[type]?.authenticate;
			if (typeof authenticate === 'function') return await authenticate(values, options);
			return options;
		},
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		preAuthentication: async () => undefined,
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: (type: string) => CREDENTIAL_TYPES[type]?.properties ?? [],
	};
}

/**
 * What n8n hands a node besides its workflow (IWorkflowExecuteAdditionalData), reduced to what
 * nodes reach in this process: the credentials helper and the instance's URLs under `baseUrl`;
 * sub-workflows, AI events and runner tasks are not there. `extra` adds or replaces fields
 * (the HTTP request of a webhook call, execution hooks).
 */
export function additionalDataFor(
	baseUrl: string,
	credentialsHelper: ReturnType<typeof credentialsHelperFor>,
	extra: Record<string, unknown> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		formBaseUrl: `${baseUrl}/form`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		variables: {},
		executeWorkflow: async () => ({ data: [], executionId: '' }),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * n8n-core's WebhookContext for one call of `node`'s webhook `description`, as n8n builds it for
 * a production URL (/webhook/<webhookId>/<path>, mode "webhook").
 */
export function webhookContextFor(
	workflow: import('n8n-workflow').Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	description: IWebhookDescription,
	webhookId: string,
) {
	const { core } = loadN8n();
	const webhookData: IWebhookData = {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: `${webhookId}/${description.path}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId,
	};
	return new core.WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
}

/** 16 MB, n8n's default N8N_PAYLOAD_SIZE_MAX. */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

export class InProcessTrigger {
	readonly executions: Execution[] = [];
	/** How many times a node read each credential type from n8n (getDecrypted). */
	readonly credentialReads = new Map<string, number>();
	private server?: http.Server;
	private readonly nodeType: INodeType = new WhatsAppBusinessAccountTrigger();
	private readonly webhookId = 'b6e3c1f2-5a4d-4e7b-9c1a-0f2e3d4c5b6a';
	private readonly workflowId = `in-process-${randomUUID()}`;

	private constructor(private readonly options: InProcessTriggerOptions) {}

	static async start(options: InProcessTriggerOptions): Promise<InProcessTrigger> {
		const host = new InProcessTrigger(options);
		await host.listen(options.port ?? 0);
		return host;
	}

	/** The production webhook URL, as n8n builds it: /webhook/<webhookId>/<path>. */
	get url(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}/webhook/${this.webhookId}/webhook`;
	}

	/** The test webhook URL ("Listen for test event"): /webhook-test/<webhookId>/<path>; served too. */
	get testUrl(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}/webhook-test/${this.webhookId}/webhook`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			if (!this.server) return resolve();
			this.server.closeAllConnections?.();
			this.server.close(() => resolve());
		});
	}

	private listen(port: number): Promise<void> {
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) {
					res.statusCode = 500;
					res.setHeader('content-type', 'application/json');
				}
				res.end(JSON.stringify({ code: 0, message: error.message }));
			});
		});
		return new Promise((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
	}

	private node(): INode {
		return {
			id: 'a1f0c2d3-1111-4222-8333-944455566677',
			name: 'WhatsApp Business Account Trigger',
			type: TRIGGER_TYPE,
			typeVersion: this.options.typeVersion ?? DEFAULT_TRIGGER_VERSION,
			position: [0, 0],
			webhookId: this.webhookId,
			parameters: this.options.asAddedInEditor
				? (this.options.parameters ?? {})
				: { includeStatuses: true, ...(this.options.parameters ?? {}) },
			credentials: {
				whatsAppBusinessAccountWebhookApi: { id: 'webhook-credential', name: 'Webhook' },
				...(this.options.credentials.whatsAppBusinessAccountApi
					? { whatsAppBusinessAccountApi: { id: 'api-credential', name: 'Graph API' } }
					: {}),
			},
		};
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const paths = [`/webhook/${this.webhookId}/webhook`, `/webhook-test/${this.webhookId}/webhook`];
		if (!paths.includes(url.pathname)) {
			res
				.writeHead(404, { 'content-type': 'application/json' })
				.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
			return;
		}
		const description = (this.nodeType.description.webhooks ?? []).find(
			(w) => w.httpMethod === req.method,
		);
		if (!description) {
			res.writeHead(404, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					code: 404,
					message: `This webhook is not registered for ${req.method} requests.`,
				}),
			);
			return;
		}

		let rawBody: Buffer;
		try {
			rawBody = await readBody(req, PAYLOAD_SIZE_MAX);
		} catch (error) {
			res.writeHead((error as { status?: number }).status ?? 400, { connection: 'close' }).end();
			return;
		}
		const request = req as http.IncomingMessage & Record<string, unknown>;
		request.rawBody = rawBody;
		request.readRawBody = async () => {};
		request.query = parseQuery(url.search);
		request.params = {};
		// n8n's own reading of Content-Type (the last charset wins, "application/json " with a
		// space is not JSON) and its decoding of the body with that charset
		loadParseIncomingMessage()(request);
		const contentType = (request.contentType as string | undefined) ?? '';
		request.body = {};
		try {
			const text = () =>
				rawBody.toString(request.encoding as BufferEncoding).replace(/^\uFEFF/, '');
			if (rawBody.length && contentType === 'application/json') request.body = JSON.parse(text());
			else if (rawBody.length && contentType === 'text/plain') request.body = text();
		} catch (error) {
			res.writeHead(422, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					code: 422,
					message: 'Failed to parse request body',
					hint: (error as Error).message,
				}),
			);
			return;
		}
		// n8n 2.x reads the raw bytes itself for a version-1 start node, and from version 1.1 only
		// for the content types it parses (JSON, form, text, XML); the node reads the others
		const parsedByN8n =
			/^(application\/json|text\/plain|application\/x-www-form-urlencoded)/.test(
				contentType ?? '',
			) || /[/+]xml$/.test(contentType ?? '');
		if ((this.options.typeVersion ?? DEFAULT_TRIGGER_VERSION) > 1 && !parsedByN8n) {
			delete (request as Record<string, unknown>).rawBody;
			request.readRawBody = async () => {
				request.rawBody = rawBody;
			};
		}

		const response = expressLikeResponse(res);
		const result = await this.runWebhook(description, request, response);
		// n8n creates the execution, then (response mode "onReceived") answers 200 with the
		// node's webhookResponse, or its default message
		if (result.workflowData) this.executions.push({ outputs: result.workflowData });
		if (!result.noWebhookResponse && !res.writableEnded) {
			// what n8n 2.x answers: the description's responseData (a literal "firstEntryJson"
			// when left out), else the node's webhookResponse, else its default message
			const declared = this.responseData(description);
			const responseData = declared === undefined ? 'firstEntryJson' : declared;
			const body =
				responseData === 'noData'
					? ''
					: responseData
						? responseData
						: (result.webhookResponse ?? { message: 'Workflow was started' });
			res.writeHead(200, {
				'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			});
			res.end(typeof body === 'string' ? body : JSON.stringify(body));
		}
	}

	/** The description's responseData as n8n 2.41 resolves it: natively, else with the expression engine. */
	private responseData(description: IWebhookDescription): unknown {
		const workflow = this.workflow();
		const node = workflow.getNode(this.node().name);
		if (!node || description.responseData === undefined) return description.responseData;
		const native = resolveWebhookDescriptionField(node, description, 'responseData');
		return native.resolved
			? native.value
			: workflow.expression.getSimpleParameterValue(node, description.responseData, 'webhook', {});
	}

	private workflowInstance?: import('n8n-workflow').Workflow;

	/** One workflow per host, so that static data written at activation is there at deactivation. */
	private workflow() {
		if (this.workflowInstance) return this.workflowInstance;
		const { workflow: wf } = loadN8n();
		const nodeType = this.nodeType;
		const nodeTypes: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		this.workflowInstance = new wf.Workflow({
			// its own id per host, as every workflow has in n8n (the trigger remembers reads per workflow)
			id: this.workflowId,
			name: 'In-process trigger',
			nodes: [this.node()],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
			settings: {},
		});
		return this.workflowInstance;
	}

	/** The workflow's static data for this node (what registration remembers). */
	get staticData(): Record<string, unknown> {
		return this.workflow().getStaticData('node', this.node()) as Record<string, unknown>;
	}

	private additionalData(
		req?: http.IncomingMessage,
		res?: http.ServerResponse,
	): IWorkflowExecuteAdditionalData {
		const credentials = this.options.credentials as unknown as Record<
			string,
			ICredentialDataDecryptedObject
		>;
		const base = this.server
			? `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
			: 'http://127.0.0.1';
		const helper = credentialsHelperFor(credentials, (type) =>
			this.credentialReads.set(type, (this.credentialReads.get(type) ?? 0) + 1),
		);
		return additionalDataFor(base, helper, { httpRequest: req, httpResponse: res });
	}

	private testWorkflowInstance?: import('n8n-workflow').Workflow;

	/** The static data of the current test listening (n8n keeps it apart from the workflow's). */
	get testStaticData(): Record<string, unknown> {
		return this.testWorkflow().getStaticData('node', this.node()) as Record<string, unknown>;
	}

	/** n8n 2.x builds a fresh workflow, with empty static data, for each test listening. */
	private testWorkflow() {
		if (!this.testWorkflowInstance) {
			const production = this.workflow();
			const { workflow: wf } = loadN8n();
			this.testWorkflowInstance = new wf.Workflow({
				id: production.id,
				name: production.name,
				nodes: [this.node()],
				connections: {},
				active: false,
				nodeTypes: production.nodeTypes,
				staticData: {},
				settings: {},
			});
		}
		return this.testWorkflowInstance;
	}

	/**
	 * Runs one of the trigger's webhookMethods (checkExists, create, delete) through
	 * n8n-core's HookContext with the modes n8n 2.41 uses: activation ("trigger"/"activate"),
	 * deactivation ("internal"/"update"), and with `test` the "Listen for test event" ones
	 * (create "manual"/"manual" on the test URL; delete "internal"/"update" when listening
	 * ends, after which n8n forgets the test run's static data).
	 */
	async runHook(
		method: 'checkExists' | 'create' | 'delete',
		options: { test?: boolean } = {},
	): Promise<boolean> {
		const { core } = loadN8n();
		const workflow = options.test ? this.testWorkflow() : this.workflow();
		const node = workflow.getNode(this.node().name)!;
		const [mode, activation] =
			method === 'delete'
				? (['internal', 'update'] as const)
				: options.test
					? (['manual', 'manual'] as const)
					: (['trigger', 'activate'] as const);
		const webhookData = options.test
			? ({ isTest: true, webhookDescription: { name: 'default' } } as unknown as IWebhookData)
			: undefined;
		const context = new core.HookContext(
			workflow,
			node,
			this.additionalData(),
			mode,
			activation,
			webhookData,
		);
		if (options.test && method === 'delete') this.testWorkflowInstance = undefined;
		const methods = this.nodeType.webhookMethods?.default;
		if (!methods) throw new Error('the trigger has no webhookMethods');
		return await methods[method].call(context);
	}

	private async runWebhook(
		description: IWebhookDescription,
		req: http.IncomingMessage,
		res: http.ServerResponse,
	): Promise<{
		noWebhookResponse?: boolean;
		webhookResponse?: unknown;
		workflowData?: INodeExecutionData[][];
	}> {
		const workflow = this.workflow();
		const node = workflow.getNode(this.node().name)!;
		const additionalData = this.additionalData(req, res);
		const context = webhookContextFor(workflow, node, additionalData, description, this.webhookId);
		if (!this.nodeType.webhook) throw new Error('the trigger has no webhook method');
		return (await this.nodeType.webhook.call(context)) as {
			noWebhookResponse?: boolean;
			webhookResponse?: unknown;
			workflowData?: INodeExecutionData[][];
		};
	}
}
