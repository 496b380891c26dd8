/**
 * The WhatsApp Flow Endpoint Trigger run the way n8n runs a "last node" webhook, in this
 * process: a real HTTP server on loopback, n8n-core's WebhookContext around the node, then the
 * rest of the workflow (a function of the trigger's items standing in for its nodes) and n8n's
 * answer: the last node's first item as JSON (200), or n8n's own `{"message":"Error in workflow"}`
 * (500) when the workflow fails. The node's own answers (refusals, health checks) go out as
 * the node writes them.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeTypes,
} from 'n8n-workflow';

import {
	FLOW_ENDPOINT_VERSION,
	WhatsAppFlowEndpointTrigger,
} from '../../nodes/WhatsAppFlowEndpointTrigger/WhatsAppFlowEndpointTrigger.node.js';
import type { FlowEndpointCredential } from '../../nodes/WhatsAppFlowEndpointTrigger/request';
import {
	additionalDataFor,
	credentialsHelperFor,
	expressLikeResponse,
	loadN8n,
	webhookContextFor,
} from './inProcessN8n';
import { readBody } from './readBody';

export const FLOW_ENDPOINT_TYPE = 'n8n-nodes-whatsapp-business-account.whatsAppFlowEndpointTrigger';

/** The workflow after the trigger: its last node's first item, a failure (throw), or never an answer ('hang'). */
export type FlowWorkflow = (items: INodeExecutionData[]) => Promise<IDataObject | 'hang'>;

export interface InProcessFlowEndpointOptions {
	credential: FlowEndpointCredential;
	workflow: FlowWorkflow;
	parameters?: INodeParameters;
}

/** What n8n logged through the node's logger. */
export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

export class InProcessFlowEndpoint {
	/** The items each execution started with (one per request handed to the workflow). */
	readonly executions: INodeExecutionData[][] = [];
	readonly logs: LogLine[] = [];
	private server?: http.Server;
	private readonly nodeType = new WhatsAppFlowEndpointTrigger();
	private readonly webhookId = 'c0ffee00-5a4d-4e7b-9c1a-0f2e3d4c5b6a';
	// its own per host, as every workflow has in n8n (the node reuses a credential read per workflow)
	private readonly workflowId = `in-process-flow-endpoint-${randomUUID()}`;
	/** How many times the node read its credential from n8n. */
	credentialReads = 0;

	private constructor(private readonly options: InProcessFlowEndpointOptions) {}

	/** The credential n8n hands the node; a test may change it while the host runs. */
	get credential(): FlowEndpointCredential {
		return this.options.credential;
	}

	static async start(options: InProcessFlowEndpointOptions): Promise<InProcessFlowEndpoint> {
		const host = new InProcessFlowEndpoint(options);
		host.server = http.createServer((req, res) => {
			host.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) res.statusCode = 500;
				res.end(JSON.stringify({ code: 0, message: error.message }));
			});
		});
		await new Promise<void>((resolve) => host.server!.listen(0, '127.0.0.1', () => resolve()));
		return host;
	}

	get url(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}/webhook/${this.webhookId}/flow`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server!.closeAllConnections?.();
			this.server!.close(() => resolve());
		});
	}

	private node(): INode {
		return {
			id: 'f10e0000-1111-4222-8333-944455566677',
			name: 'WhatsApp Flow Endpoint Trigger',
			type: FLOW_ENDPOINT_TYPE,
			typeVersion: FLOW_ENDPOINT_VERSION,
			position: [0, 0],
			webhookId: this.webhookId,
			parameters: this.options.parameters ?? {},
			credentials: { whatsAppFlowEndpointApi: { id: 'flow-credential', name: 'Flow endpoint' } },
		};
	}

	private logger() {
		const line = (level: string) => (message: string, meta?: unknown) =>
			this.logs.push({ level, message, meta });
		return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const rawBody = await readBody(req, 16 * 1024 * 1024);
		const request = req as http.IncomingMessage & Record<string, unknown>;
		request.rawBody = rawBody;
		request.query = {};
		request.params = {};
		try {
			request.body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
		} catch {
			// n8n answers 422 before the node for a JSON body it cannot parse
			res.writeHead(422, { 'content-type': 'application/json' }).end('{"code":422}');
			return;
		}
		const response = expressLikeResponse(res);
		// what n8n's webhook handler does with a static answer: status, then express's json()
		const answer = (status: number, body: unknown) => {
			res.statusCode = status;
			(response.json as (body: unknown) => void)(body);
		};

		const { workflow: wf } = loadN8n();
		const nodeType = this.nodeType;
		const nodeTypes: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		const workflow = new wf.Workflow({
			id: this.workflowId,
			name: 'In-process Flow endpoint',
			nodes: [this.node()],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
			settings: {},
		});
		const node = workflow.getNode(this.node().name)!;
		const { port } = this.server!.address() as AddressInfo;
		const additionalData = additionalDataFor(
			`http://127.0.0.1:${port}`,
			credentialsHelperFor(
				{ whatsAppFlowEndpointApi: this.options.credential as unknown as IDataObject } as never,
				() => this.credentialReads++,
			),
			{ httpRequest: req, httpResponse: response },
		);
		const description = nodeType.description.webhooks![0];
		const context = webhookContextFor(workflow, node, additionalData, description, this.webhookId);
		// n8n's logger is a getter of the context; the node's log lines are kept here instead
		Object.defineProperty(context, 'logger', { value: this.logger() });
		const result = await nodeType.webhook.call(context);
		if (result.noWebhookResponse || !result.workflowData) return;

		const items = result.workflowData[0];
		this.executions.push(items);
		// n8n's "last node" answer once the workflow has run
		try {
			const last = await this.options.workflow(items);
			if (last === 'hang') return;
			answer(200, last);
		} catch {
			answer(500, { message: 'Error in workflow' });
		}
	}
}
