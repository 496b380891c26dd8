// Runs the WhatsApp Business Account node through n8n's real execution machinery: an
// n8n-workflow Workflow (a source node feeding our node) executed by n8n-core's
// WorkflowExecute, with the in-process host's additionalData (scripts/lib/inProcessN8n.ts),
// whose credentials helper hands out the test credential and authenticates requests through
// the credential type's own `authenticate`.
// Only Meta's Graph API is mocked (with nock, in the tests).
import './quiet';

import {
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { WhatsAppBusinessAccount } from '../../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { additionalDataFor, credentialsHelperFor } from '../../../scripts/lib/inProcessN8n';

export const GRAPH_BASE_URL = 'https://graph.facebook.com';
export const API_VERSION = 'v23.0';
export const ACCESS_TOKEN = 'EAAtestSystemUserToken000';
export const APP_SECRET = 'test-app-secret-0123';

const NODE_TYPE = 'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccount';
const SOURCE_TYPE = 'test.itemSource';
const SOURCE_NAME = 'Items';
export const NODE_NAME = 'WhatsApp Business Account';

/** A test-only source node: emits the items in its `items` parameter. */
class ItemSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (tests only)',
		defaults: { name: SOURCE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
		] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string;
		const items = JSON.parse(raw) as IDataObject[];
		// `$binary: { field: { base64, mimeType, fileName } }` becomes real binary data
		return [
			await Promise.all(
				items.map(async ({ $binary, ...json }) => {
					if (!$binary) return { json };
					const binary: Record<string, IBinaryData> = {};
					for (const [field, file] of Object.entries($binary as Record<string, IDataObject>)) {
						const data = Buffer.from(String(file.base64), 'base64');
						binary[field] = await this.helpers.prepareBinaryData(
							data,
							file.fileName as string | undefined,
							file.mimeType as string | undefined,
						);
					}
					return { json, binary };
				}),
			),
		];
	}
}

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[NODE_TYPE]: new WhatsAppBusinessAccount(),
		[SOURCE_TYPE]: new ItemSource(),
	};

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface TestCredential {
	accessToken?: string;
	appSecret?: string;
	apiVersion?: string;
	baseUrl?: string;
	/** The webhook credential (app id, secret, verify token), for the Webhook Setup resource. */
	webhook?: ICredentialDataDecryptedObject;
}

const WEBHOOK_CREDENTIAL_TYPE = 'whatsAppBusinessAccountWebhookApi';

const defaultCredential: Required<Omit<TestCredential, 'webhook'>> = {
	accessToken: ACCESS_TOKEN,
	appSecret: APP_SECRET,
	apiVersion: API_VERSION,
	baseUrl: GRAPH_BASE_URL,
};

export interface RunOptions {
	/** The node's parameters (resource, operation, ...). */
	parameters: INodeParameters;
	/** Input items; one empty item by default. */
	items?: IDataObject[];
	credential?: TestCredential;
	continueOnFail?: boolean;
	/** The node's version in the workflow; 1 (the released one) unless said. */
	typeVersion?: number;
}

export interface RunResult {
	/** Output items of our node (empty when it failed). */
	items: INodeExecutionData[];
	/** The node's error, when the execution failed. */
	error?: Error & { context?: IDataObject; description?: string | null; httpCode?: string | null };
	run?: IRun;
}

function buildAdditionalData(
	credential: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode,
	workflowId: string,
) {
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: workflowId,
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	// the API credential, and the webhook credential when the test gives one (Webhook Setup)
	const { webhook, ...api } = credential;
	const credentials: Record<string, ICredentialDataDecryptedObject> = {
		whatsAppBusinessAccountApi: api,
	};
	if (webhook) credentials[WEBHOOK_CREDENTIAL_TYPE] = webhook as ICredentialDataDecryptedObject;
	return additionalDataFor('http://localhost:5678', credentialsHelperFor(credentials), {
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	});
}

function buildWorkflow(options: RunOptions) {
	const mode: WorkflowExecuteMode = 'manual';
	const credential = {
		...defaultCredential,
		...(options.credential ?? {}),
	} as ICredentialDataDecryptedObject;
	const source: INode = {
		id: 'source',
		name: SOURCE_NAME,
		type: SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const node: INode = {
		id: 'waba',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: {
			whatsAppBusinessAccountApi: { id: 'cred-1', name: 'Test WABA credential' },
			...(options.credential?.webhook
				? { [WEBHOOK_CREDENTIAL_TYPE]: { id: 'cred-2', name: 'Test webhook credential' } }
				: {}),
		},
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes: [source, node],
		connections: {
			[SOURCE_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes: new TestNodeTypes(),
	});

	const additionalData = buildAdditionalData(credential, mode, workflow.id);
	return { mode, source, node, workflow, additionalData };
}

/** Runs our node once on the given items and returns its output or its error. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const { mode, source, workflow, additionalData } = buildWorkflow(options);
	const executeData: IExecuteData = {
		node: source,
		data: { main: [[{ json: {} }]] },
		source: null,
	};
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	let run: IRun;
	try {
		run = await execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose parameters fail their own validation.
		return { items: [], error: error as RunResult['error'] };
	}

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'];
	const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	return { items, error, run };
}

/** n8n-core's context for resource locator searches and option loading, on our node. */
export function createLoadOptionsContext(options: Omit<RunOptions, 'items'>): LoadOptionsContext {
	const { workflow, node, additionalData } = buildWorkflow(options);
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.wabaId');
}

/** n8n-core's webhook lifecycle context (what the trigger's registration runs in), on our node. */
export function createHookContext(options: Omit<RunOptions, 'items'>): HookContext {
	const { workflow, node, additionalData, mode } = buildWorkflow(options);
	return new HookContext(workflow, node, additionalData, mode, 'activate');
}
